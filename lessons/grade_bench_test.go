package lessons

import (
	"net/url"
	"slices"
	"strconv"
	"testing"
)

// benchQuestions is the built-in unit's first question of each type, with
// a right answer as the page's form sends it.
func benchQuestions(b *testing.B) map[Type]*Question {
	b.Helper()
	unit, err := Builtin()
	if err != nil {
		b.Fatal(err)
	}
	qs := map[Type]*Question{}
	for _, l := range unit.Lessons {
		for _, q := range l.Questions {
			if qs[q.Type] == nil {
				qs[q.Type] = q
			}
		}
	}
	return qs
}

func benchForm(q *Question) url.Values {
	f := url.Values{"attempt": {"0"}, SeedField: {FormatSeed(7)}}
	switch q.Type {
	case Single, Multiple:
		for _, c := range q.Choices {
			if c.Correct {
				f.Add("choice", c.ID)
			}
		}
	case TrueFalse:
		f.Set("choice", strconv.FormatBool(q.Answer))
	case Short:
		f.Set("text", "  "+q.Accept[0]+". ")
	case Written:
		f.Set("text", "Mao gave two reasons, p9.s1 and p10.s1.")
	case Ordering:
		for i, it := range q.DisplayItems(7) {
			place := slices.IndexFunc(q.Items, func(x Item) bool { return x.ID == it.ID }) + 1
			f.Set("order."+strconv.Itoa(i+1), strconv.Itoa(place))
		}
	case Matching:
		for i, p := range q.DisplayRights(7) {
			f.Set("match."+p.ID, strconv.Itoa(i+1))
		}
	case Evidence:
		f["choice"] = slices.Clone(q.Key)
		if len(q.Key) == 0 {
			f.Set("choice", NoEvidence)
		}
	}
	return f
}

// BenchmarkDecodeForm reads a submitted form into an answer, per type.
func BenchmarkDecodeForm(b *testing.B) {
	qs := benchQuestions(b)
	for _, typ := range Types {
		q := qs[typ]
		if q == nil {
			continue
		}
		form := benchForm(q)
		b.Run(string(typ), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := q.DecodeForm(form); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGrade grades a right answer, per type.
func BenchmarkGrade(b *testing.B) {
	qs := benchQuestions(b)
	for _, typ := range Types {
		q := qs[typ]
		if q == nil {
			continue
		}
		a, err := q.DecodeForm(benchForm(q))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(string(typ), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Grade(q, a)
			}
		})
	}
}
