package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ciphergram/ciphergram/internal/pack"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

// runCheck validates lessons — the built-in ones, a folder of lesson
// files, or a lesson pack (a file) — with one summary line per lesson and
// exit 0, or every problem as file:line: message and exit 1.
func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print every source sentence and every lesson's sources and questions (IDs, types, citations; never answers) as JSON")
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: ciphergram check [-json] [DIR | PACK]"); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	var unit *lessons.Unit
	var err error
	switch fs.NArg() {
	case 0:
		unit, err = lessons.Builtin()
	case 1:
		if info, statErr := os.Stat(fs.Arg(0)); statErr == nil && info.Mode().IsRegular() {
			unit, err = checkPack(fs.Arg(0))
		} else {
			unit, err = lessons.LoadDir(fs.Arg(0))
		}
	default:
		fs.Usage()
		return errSilent
	}
	if probs, ok := errors.AsType[lessons.Problems](err); ok {
		for _, p := range probs {
			fmt.Fprintln(stderr, p)
		}
		fmt.Fprintf(stderr, "%d problems\n", len(probs))
		return errSilent
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(checkJSON(unit))
	}
	for _, l := range unit.Lessons {
		counts := map[lessons.Type]int{}
		for _, q := range l.Questions {
			counts[q.Type]++
		}
		var types []string
		for _, t := range lessons.Types {
			if counts[t] > 0 {
				types = append(types, fmt.Sprintf("%s %d", t, counts[t]))
			}
		}
		fmt.Fprintf(stdout, "ok  %-32s %-24s %2d questions (%s)\n", l.File, l.Slug, len(l.Questions), strings.Join(types, ", "))
	}
	return nil
}

// readPack reads and checks the lesson pack at path, against the built-in
// sources. Problems come as lessons.Problems, at lines of the pack.
func readPack(path string) (*pack.Pack, *lessons.Unit, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	p, err := pack.Read(filepath.Base(path), f)
	if err != nil {
		return nil, nil, err
	}
	unit, probs := pack.Check(filepath.Base(path), p, seeds.All())
	if len(probs) > 0 {
		return nil, nil, probs
	}
	return p, unit, nil
}

func checkPack(path string) (*lessons.Unit, error) {
	_, unit, err := readPack(path)
	return unit, err
}

// The -json shape. It lists what a question is about, never its answer.
type (
	jsonOut struct {
		Sources []jsonSource `json:"sources"`
		Lessons []jsonLesson `json:"lessons"`
	}
	jsonSource struct {
		Slug      string         `json:"slug"`
		Title     string         `json:"title"`
		Sentences []jsonSentence `json:"sentences"`
	}
	jsonSentence struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	}
	jsonLesson struct {
		Slug      string         `json:"slug"`
		Title     string         `json:"title"`
		Summary   string         `json:"summary"`
		Sources   []string       `json:"sources"` // slugs, first the one bare sentence IDs belong to
		Skills    []string       `json:"skills"`
		Cites     []string       `json:"cites"`
		Questions []jsonQuestion `json:"questions"`
	}
	jsonQuestion struct {
		ID    string   `json:"id"`
		Type  string   `json:"type"`
		Cites []string `json:"cites"`
	}
)

func checkJSON(unit *lessons.Unit) jsonOut {
	out := jsonOut{Sources: []jsonSource{}, Lessons: []jsonLesson{}}
	for _, d := range unit.Sources {
		src := jsonSource{Slug: d.Slug, Title: d.Title, Sentences: []jsonSentence{}}
		for _, s := range d.Sentences() {
			src.Sentences = append(src.Sentences, jsonSentence{s.ID, s.Text})
		}
		out.Sources = append(out.Sources, src)
	}
	for _, l := range unit.Lessons {
		jl := jsonLesson{Slug: l.Slug, Title: l.Title, Summary: l.Summary, Sources: []string{},
			Skills: nonNil(l.Skills), Cites: nonNil(l.Cites()), Questions: []jsonQuestion{}}
		for _, d := range l.Sources {
			jl.Sources = append(jl.Sources, d.Slug)
		}
		for _, q := range l.Questions {
			jl.Questions = append(jl.Questions, jsonQuestion{q.ID, string(q.Type), nonNil(q.Cites)})
		}
		out.Lessons = append(out.Lessons, jl)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
