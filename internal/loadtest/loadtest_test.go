package loadtest

import (
	"context"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/lessons"
)

// TestRunSmallClass runs a tiny class through a lesson in this process,
// answering in place (as with JavaScript) and without JavaScript: nothing
// fails, nothing acknowledged is missing, nothing is stored twice.
func TestRunSmallClass(t *testing.T) {
	unit, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q := int64(len(unit.Lessons[0].Questions))
	for _, nojs := range []bool{false, true} {
		t.Run(map[bool]string{false: "in place", true: "nojs"}[nojs], func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			rep, err := Run(ctx, Config{Students: 5, Rounds: 2, NoJS: nojs, TempDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Errors != 0 || rep.Lost != 0 || rep.Duplicates != 0 {
				t.Errorf("errors %d (%v), lost %d, duplicates %d", rep.Errors, rep.ErrorsByStatus, rep.Lost, rep.Duplicates)
			}
			wantAnswers := 5 * 2 * q
			if rep.Acknowledged != wantAnswers || rep.Stored != wantAnswers {
				t.Errorf("%d answers acknowledged, %d stored, want %d", rep.Acknowledged, rep.Stored, wantAnswers)
			}
			// Per round: the first page, then per question an answer and,
			// without JavaScript, the page it redirects to.
			answer, finish, perQuestion := kindAnswerInPlace, kindFinishInPlace, int64(1)
			if nojs {
				answer, finish, perQuestion = kindAnswer, kindFinish, 2
			}
			wantRequests := 5 * 2 * (1 + perQuestion*q)
			if got := rep.Kinds[kindPage].Requests + rep.Kinds[answer].Requests + rep.Kinds[finish].Requests; got != wantRequests {
				t.Errorf("%d page and answer requests counted, want %d", got, wantRequests)
			}
			if rep.Kinds[finish].Requests != 10 || rep.Kinds[kindRetry].Requests != 5 || rep.Kinds[kindJoin].Requests != 10 {
				t.Errorf("kinds: %+v", rep.Kinds)
			}
			if rep.RPS <= 0 || rep.P99ms <= 0 || rep.PageBytes == 0 || rep.AssetBytes == 0 || rep.BytesPerAnswer <= 0 || rep.CPUusPerRequest <= 0 {
				t.Errorf("figures missing: rps %v, p99 %v, page %d, assets %d, bytes per answer %d, cpu per request %v µs",
					rep.RPS, rep.P99ms, rep.PageBytes, rep.AssetBytes, rep.BytesPerAnswer, rep.CPUusPerRequest)
			}
		})
	}
}

// TestRunAnswersOnly: -mix answer, in place and without JavaScript,
// passes its ledgers (the summary pages' one counted every answer it
// listed as doubled in place).
func TestRunAnswersOnly(t *testing.T) {
	for _, nojs := range []bool{false, true} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		rep, err := Run(ctx, Config{Students: 3, Rounds: 2, Mix: MixAnswer, NoJS: nojs, TempDir: t.TempDir()})
		if err != nil {
			t.Fatalf("nojs %v: %v", nojs, err)
		}
		if rep.Errors != 0 || rep.Lost != 0 || rep.Duplicates != 0 || rep.Acknowledged == 0 {
			t.Errorf("nojs %v: errors %d, lost %d, duplicates %d, acknowledged %d", nojs, rep.Errors, rep.Lost, rep.Duplicates, rep.Acknowledged)
		}
	}
}

// TestAnswerForms: every question of every lesson gets a well-formed
// answer both ways, graded right when meant right and never fully right
// when meant wrong (except written answers, which a teacher grades).
func TestAnswerForms(t *testing.T) {
	unit, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range unit.Lessons {
		for _, q := range l.Questions {
			for _, right := range []bool{true, false} {
				a, err := q.DecodeForm(answerForm(q, "0", 77, right))
				if err != nil {
					t.Errorf("%s/%s right=%v: %v", l.Slug, q.ID, right, err)
					continue
				}
				res := lessons.Grade(q, a)
				if q.Type != lessons.Written && res.Correct != right {
					t.Errorf("%s/%s (%s) right=%v: graded correct=%v", l.Slug, q.ID, q.Type, right, res.Correct)
				}
			}
		}
	}
}

func TestParseThink(t *testing.T) {
	tests := []struct {
		in     string
		lo, hi time.Duration
		bad    bool
	}{
		{"0", 0, 0, false},
		{"5s-15s", 5 * time.Second, 15 * time.Second, false},
		{"10s", 10 * time.Second, 10 * time.Second, false},
		{"500ms-1s", 500 * time.Millisecond, time.Second, false},
		{"15s-5s", 0, 0, true},
		{"5-15", 0, 0, true},
	}
	for _, tt := range tests {
		lo, hi, err := ParseThink(tt.in)
		if (err != nil) != tt.bad || lo != tt.lo || hi != tt.hi {
			t.Errorf("ParseThink(%q) = %v, %v, %v", tt.in, lo, hi, err)
		}
	}
}
