package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestCheckBuiltin(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"check"}, &out, &errOut); err != nil {
		t.Fatalf("check failed: %v\n%s", err, errOut.String())
	}
	if n := strings.Count(out.String(), "\nok ") + 1; !strings.HasPrefix(out.String(), "ok ") || n < 7 {
		t.Errorf("want one ok line per lesson, got:\n%s", out.String())
	}
}

func TestCheckReportsEveryProblem(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"check", "../../lessons/testdata/bad"}, &out, &errOut)
	if err == nil {
		t.Fatal("check of a bad lesson folder succeeded")
	}
	if got := strings.Count(errOut.String(), "01-every-mistake.md:"); got < 10 {
		t.Errorf("%d problems reported, want every one:\n%s", got, errOut.String())
	}
}

// TestCheckJSON pins the -json shape and that it carries no answers.
func TestCheckJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"check", "-json"}, &out, &errOut); err != nil {
		t.Fatalf("check -json: %v\n%s", err, errOut.String())
	}
	var got struct {
		Sources []struct {
			Slug, Title string
			Sentences   []struct{ ID, Text string }
		}
		Lessons []struct {
			Slug, Title, Summary   string
			Sources, Skills, Cites []string
			Questions              []struct {
				ID, Type string
				Cites    []string
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("output does not have the documented shape: %v", err)
	}
	// The telegram first, then the five excerpts around it (lesson 9).
	var slugs []string
	for _, s := range got.Sources {
		slugs = append(slugs, s.Slug)
	}
	wantSources := "roshchin-1950-10-03,stalin-1950-10-01,stalin-1950-10-05,stalin-kim-1950-10-08,stalin-zhou-1950-10-11,roshchin-1950-10-13"
	if strings.Join(slugs, ",") != wantSources || len(got.Sources[0].Sentences) < 30 {
		t.Errorf("sources = %v, want %s, the telegram with its 30-odd sentences first", slugs, wantSources)
	}
	if len(got.Lessons) < 7 || len(got.Lessons[0].Questions) == 0 || got.Lessons[0].Questions[0].Cites == nil {
		t.Errorf("lessons = %+v", got.Lessons)
	}
	for _, l := range got.Lessons {
		want := "roshchin-1950-10-03"
		if l.Slug == "the-documents-around-it" {
			want = wantSources // the one lesson that reads them all
		}
		if strings.Join(l.Sources, ",") != want {
			t.Errorf("lesson %s: sources = %v, want %s", l.Slug, l.Sources, want)
		}
	}
	for _, banned := range []string{`"correct":`, `"accept":`, `"evidence":`, `"answer":`, `"model_answer":`, `"feedback":`, `"key":`} {
		if bytes.Contains(out.Bytes(), []byte(banned)) {
			t.Errorf("-json output contains %s", banned)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"frobnicate"}, &out, &errOut); err == nil || !strings.Contains(errOut.String(), "unknown command") {
		t.Errorf("err = %v, stderr = %q", err, errOut.String())
	}
}
