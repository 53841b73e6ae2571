package lessons

import (
	"testing"
)

// TestFormRoundTrip: for every question of the unit, the key and a wrong
// answer survive EncodeForm and DecodeForm, and grade as they should.
func TestFormRoundTrip(t *testing.T) {
	for _, q := range allQuestions(t) {
		for _, tc := range []struct {
			name string
			a    Answer
			full bool
		}{{"key", q.KeyAnswer(), true}, {"wrong", q.WrongAnswer(), false}} {
			if q.Type == Written {
				tc.a.Text, tc.full = "An answer.", false
			}
			got, err := q.DecodeForm(q.EncodeForm(tc.a, 99))
			if err != nil {
				t.Fatalf("%s %s: %v", q.ID, tc.name, err)
			}
			if EncodeAnswer(got) != EncodeAnswer(tc.a) {
				t.Errorf("%s %s: round trip %s != %s", q.ID, tc.name, EncodeAnswer(got), EncodeAnswer(tc.a))
			}
			if r := Grade(q, got); r.Correct != tc.full {
				t.Errorf("%s %s: graded %+v", q.ID, tc.name, r)
			}
		}
	}
}
