package lessons

import (
	"maps"
	"net/url"
	"os"
	"strconv"
	"testing"
)

var (
	qSingle = &Question{ID: "s", Type: Single, Points: 1, Choices: []Choice{
		{ID: "a", Correct: true}, {ID: "b"}, {ID: "c"}}}
	qMultiple = &Question{ID: "m", Type: Multiple, Points: 2, Choices: []Choice{
		{ID: "a", Correct: true}, {ID: "b", Correct: true}, {ID: "c"}, {ID: "d"}}}
	qTrueFalse = &Question{ID: "tf", Type: TrueFalse, Points: 1, Answer: false}
	qShort     = &Question{ID: "sh", Type: Short, Points: 1, Accept: []string{"Filippov", "Comrade Filippov"}}
	qOrdering  = &Question{ID: "o", Type: Ordering, Points: 1, Items: []Item{{ID: "w"}, {ID: "x"}, {ID: "y"}, {ID: "z"}}}
	qMatching  = &Question{ID: "mt", Type: Matching, Points: 1, Pairs: []Pair{{ID: "p", Right: "P"}, {ID: "q", Right: "Q"}, {ID: "r", Right: "R"}, {ID: "s", Right: "S"}}}
	qEvidence  = &Question{ID: "e", Type: Evidence, Points: 1, Key: []string{"p9.s1", "p10.s1"}, Also: []string{"p11.s1"},
		Among: []string{"p8.s1", "p9.s1", "p10.s1", "p11.s1", "p12.s1"}}
	qNoEvidence = &Question{ID: "ne", Type: Evidence, Points: 1, Among: []string{"p20.s1", "p20.s2"}}
	qWritten    = &Question{ID: "w", Type: Written, Points: 4, Rubric: []Criterion{{"claim", 2}, {"evidence", 2}}}
)

func TestGrade(t *testing.T) {
	tests := []struct {
		name    string
		q       *Question
		a       Answer
		score   float64
		correct bool
	}{
		{"single right", qSingle, Answer{Choices: []string{"a"}}, 1, true},
		{"single wrong", qSingle, Answer{Choices: []string{"b"}}, 0, false},
		{"single two picks", qSingle, Answer{Choices: []string{"a", "b"}}, 0, false},
		{"single unknown choice", qSingle, Answer{Choices: []string{"zz"}}, 0, false},
		{"single empty", qSingle, Answer{}, 0, false},

		{"multiple all right", qMultiple, Answer{Choices: []string{"a", "b"}}, 1, true},
		{"multiple half", qMultiple, Answer{Choices: []string{"a"}}, 0.5, false},
		{"multiple right and wrong cancel", qMultiple, Answer{Choices: []string{"a", "c"}}, 0, false},
		{"multiple both right one wrong", qMultiple, Answer{Choices: []string{"a", "b", "c"}}, 0.5, false},
		{"multiple everything", qMultiple, Answer{Choices: []string{"a", "b", "c", "d"}}, 0, false},
		{"multiple only wrong floors at 0", qMultiple, Answer{Choices: []string{"c", "d"}}, 0, false},
		{"multiple repeated pick", qMultiple, Answer{Choices: []string{"a", "a"}}, 0, false},

		{"truefalse right", qTrueFalse, Answer{Choices: []string{"false"}}, 1, true},
		{"truefalse wrong", qTrueFalse, Answer{Choices: []string{"true"}}, 0, false},
		{"truefalse garbage", qTrueFalse, Answer{Choices: []string{"maybe"}}, 0, false},

		{"short exact", qShort, Answer{Text: "Filippov"}, 1, true},
		{"short case and punctuation", qShort, Answer{Text: "  filippov. "}, 1, true},
		{"short second accepted", qShort, Answer{Text: "comrade   FILIPPOV"}, 1, true},
		{"short NFKC", qShort, Answer{Text: "Ｆｉｌｉｐｐｏｖ"}, 1, true},
		{"short wrong", qShort, Answer{Text: "Stalin"}, 0, false},
		{"short blank", qShort, Answer{Text: "   "}, 0, false},
		{"short NUL", qShort, Answer{Text: "Filip\x00pov"}, 0, false},

		{"ordering right", qOrdering, Answer{Order: []string{"w", "x", "y", "z"}}, 1, true},
		{"ordering one swap", qOrdering, Answer{Order: []string{"x", "w", "y", "z"}}, 0.833, false},
		{"ordering reversed", qOrdering, Answer{Order: []string{"z", "y", "x", "w"}}, 0, false},
		{"ordering missing item", qOrdering, Answer{Order: []string{"w", "x", "y"}}, 0, false},
		{"ordering repeated item", qOrdering, Answer{Order: []string{"w", "w", "y", "z"}}, 0, false},

		{"matching right", qMatching, Answer{Matches: map[string]string{"p": "p", "q": "q", "r": "r", "s": "s"}}, 1, true},
		{"matching two swapped", qMatching, Answer{Matches: map[string]string{"p": "q", "q": "p", "r": "r", "s": "s"}}, 0.5, false},
		{"matching right side twice", qMatching, Answer{Matches: map[string]string{"p": "p", "q": "p", "r": "r", "s": "s"}}, 0, false},
		{"matching incomplete", qMatching, Answer{Matches: map[string]string{"p": "p"}}, 0, false},

		{"evidence exact", qEvidence, Answer{Choices: []string{"p9.s1", "p10.s1"}}, 1, true},
		{"evidence with also", qEvidence, Answer{Choices: []string{"p9.s1", "p10.s1", "p11.s1"}}, 1, true},
		{"evidence half", qEvidence, Answer{Choices: []string{"p9.s1"}}, 0.5, false},
		{"evidence one wrong", qEvidence, Answer{Choices: []string{"p9.s1", "p10.s1", "p8.s1"}}, 0.5, false},
		{"evidence only wrong floors at 0", qEvidence, Answer{Choices: []string{"p8.s1", "p12.s1"}}, 0, false},
		{"evidence none when there is", qEvidence, Answer{Choices: []string{NoEvidence}}, 0, false},
		{"evidence not offered", qEvidence, Answer{Choices: []string{"p1.s1"}}, 0, false},
		{"evidence none and sentence", qEvidence, Answer{Choices: []string{NoEvidence, "p9.s1"}}, 0, false},
		{"no evidence: none", qNoEvidence, Answer{Choices: []string{NoEvidence}}, 1, true},
		{"no evidence: picked a sentence", qNoEvidence, Answer{Choices: []string{"p20.s2"}}, 0, false},

		{"written pending", qWritten, Answer{Text: "Mao held back because..."}, 0, false},
		{"written empty", qWritten, Answer{}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Grade(tt.q, tt.a)
			if r.Score != tt.score || r.Correct != tt.correct {
				t.Errorf("Grade = %+v, want score %v correct %v", r, tt.score, tt.correct)
			}
			if r.Reason == "" {
				t.Error("no reason given")
			}
			if r.Score < 0 || r.Score > 1 {
				t.Errorf("score %v out of range", r.Score)
			}
		})
	}
	if r := Grade(qWritten, Answer{Text: "an answer"}); !r.Pending {
		t.Errorf("written answer not pending: %+v", r)
	}
	if got := Grade(qMultiple, Answer{Choices: []string{"a"}}).Points(qMultiple); got != 1 {
		t.Errorf("half of a 2-point question = %v points, want 1", got)
	}
}

func TestDecodeForm(t *testing.T) {
	// Build the ordering form from the shuffled display, as the page does.
	orderForm := url.Values{SeedField: {FormatSeed(42)}}
	for i, it := range qOrdering.DisplayItems(42) {
		place := map[string]int{"w": 1, "x": 2, "y": 3, "z": 4}[it.ID]
		orderForm.Set("order."+strconv.Itoa(i+1), strconv.Itoa(place))
	}
	matchForm := url.Values{SeedField: {FormatSeed(42)}}
	for i, p := range qMatching.DisplayRights(42) {
		matchForm.Set("match."+p.ID, strconv.Itoa(i+1))
	}
	tests := []struct {
		name    string
		q       *Question
		form    url.Values
		wantErr bool
		correct bool
	}{
		{"single", qSingle, url.Values{"choice": {"a"}}, false, true},
		{"single missing", qSingle, url.Values{}, true, false},
		{"multiple", qMultiple, url.Values{"choice": {"a", "b"}}, false, true},
		{"short", qShort, url.Values{"text": {" Filippov "}}, false, true},
		{"ordering", qOrdering, orderForm, false, true},
		{"ordering without seed", qOrdering, withoutSeed(orderForm), true, false},
		{"ordering place twice", qOrdering, url.Values{SeedField: {"1"}, "order.1": {"1"}, "order.2": {"1"}, "order.3": {"3"}, "order.4": {"4"}}, true, false},
		{"ordering place out of range", qOrdering, url.Values{SeedField: {"1"}, "order.1": {"9"}, "order.2": {"2"}, "order.3": {"3"}, "order.4": {"4"}}, true, false},
		{"matching", qMatching, matchForm, false, true},
		{"matching without seed", qMatching, withoutSeed(matchForm), true, false},
		{"matching missing", qMatching, url.Values{SeedField: {"1"}, "match.p": {"1"}}, true, false},
		{"evidence none", qNoEvidence, url.Values{"choice": {NoEvidence}}, false, true},
		{"evidence unknown sentence", qEvidence, url.Values{"choice": {"p99.s9"}}, true, false},
		{"written", qWritten, url.Values{"text": {"My answer."}}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.q.DecodeForm(tt.form)
			if (err != nil) != tt.wantErr {
				t.Fatalf("DecodeForm err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil && Grade(tt.q, a).Correct != tt.correct {
				t.Errorf("Grade(%+v) correct = %v, want %v", a, !tt.correct, tt.correct)
			}
		})
	}
}

func withoutSeed(f url.Values) url.Values {
	f = maps.Clone(f)
	delete(f, SeedField)
	return f
}

func TestDisplayOrderHidesKey(t *testing.T) {
	for n := 2; n <= 8; n++ {
		q := &Question{ID: "q" + strconv.Itoa(n)}
		for i := range n {
			q.Items = append(q.Items, Item{ID: strconv.Itoa(i)})
		}
		for seed := range uint64(200) {
			shown := q.DisplayItems(seed)
			same := true
			for i := range shown {
				same = same && shown[i].ID == q.Items[i].ID
			}
			if same {
				t.Fatalf("%d items shown in the right order with seed %d", n, seed)
			}
		}
		shown := q.DisplayItems(5)
		again := q.DisplayItems(5)
		for i := range shown {
			if shown[i] != again[i] {
				t.Fatalf("display order changes between calls")
			}
		}
	}
}

func TestStoredAnswerRoundTrip(t *testing.T) {
	a := Answer{Choices: []string{"p9.s1"}, Matches: map[string]string{"p": "q"}, Text: "x"}
	b := DecodeAnswer(EncodeAnswer(a))
	if EncodeAnswer(b) != EncodeAnswer(a) {
		t.Errorf("round trip: %s != %s", EncodeAnswer(b), EncodeAnswer(a))
	}
	if r := Grade(qSingle, DecodeAnswer("{not json")); r.Score != 0 || r.Reason == "" {
		t.Errorf("garbage stored answer graded %+v", r)
	}
}

// allQuestions is every question of the built-in unit plus the test ones.
func allQuestions(t testing.TB) []*Question {
	qs := []*Question{qSingle, qMultiple, qTrueFalse, qShort, qOrdering, qMatching, qEvidence, qNoEvidence, qWritten}
	u, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range u.Lessons {
		qs = append(qs, l.Questions...)
	}
	return qs
}

// FuzzGradeForm: any submitted form, for any question, decodes to an
// error or a gradable answer, and grading never panics or leaves [0, 1].
func FuzzGradeForm(f *testing.F) {
	f.Add("choice=a")
	f.Add("choice=a&choice=b&choice=a")
	f.Add("order.1=2&order.2=1&order.3=3&order.4=4")
	f.Add("match.p=1&match.q=2&match.r=9&match.s=-1")
	f.Add("choice=none&choice=p9.s1")
	f.Add("text=%00%ff%fe")
	qs := allQuestions(f)
	f.Fuzz(func(t *testing.T, raw string) {
		form, _ := url.ParseQuery(raw)
		for _, q := range qs {
			a, err := q.DecodeForm(form)
			if err != nil {
				if err.Error() == "" {
					t.Fatal("error without a message")
				}
				continue
			}
			checkResult(t, q, Grade(q, a))
		}
	})
}

// FuzzGradeStored: any stored answer grades without panic, with a reason.
func FuzzGradeStored(f *testing.F) {
	f.Add(`{"choices":["a"]}`)
	f.Add(`{"order":["x","x"],"matches":{"p":"p"}}`)
	f.Add(`{"text":"\u0000"}`)
	f.Add(`[1,2,3]`)
	qs := allQuestions(f)
	f.Fuzz(func(t *testing.T, stored string) {
		a := DecodeAnswer(stored)
		for _, q := range qs {
			checkResult(t, q, Grade(q, a))
		}
	})
}

func checkResult(t *testing.T, q *Question, r Result) {
	t.Helper()
	if r.Score < 0 || r.Score > 1 {
		t.Fatalf("%s: score %v out of [0,1]", q.ID, r.Score)
	}
	if r.Reason == "" {
		t.Fatalf("%s: result without a reason", q.ID)
	}
	if r.Correct && r.Score != 1 {
		t.Fatalf("%s: correct with score %v", q.ID, r.Score)
	}
}

// FuzzLoad: any lesson file loads or reports problems; never panics.
func FuzzLoad(f *testing.F) {
	good, err := Files.ReadFile("01-meeting-the-document.md")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte("---\nslug: a\n---\n## R\n[[p1.s1]]\n## Questions\n```question\nid: q\ntype: evidence\namong: [p1]\nevidence: []\n```\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, probs := parseFile("fuzz.md", data)
		if l == nil && len(probs) == 0 {
			t.Fatal("no lesson and no problem")
		}
		for _, p := range probs {
			if p.Msg == "" || p.Line < 0 {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}

func TestDecodeFormNormalisesText(t *testing.T) {
	a, err := qShort.DecodeForm(url.Values{"text": {" Fila\u0301ppov "}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "Fil\u00e1ppov" {
		t.Errorf("text = %q, want NFC without surrounding space", a.Text)
	}
}

// TestGradeAcrossSources grades the test lesson's evidence question on the
// telegram and the fixture: picks are graded by ref, from either source,
// and come from the form as the values the page sends.
func TestGradeAcrossSources(t *testing.T) {
	u, err := LoadSources(os.DirFS("testdata/multi"), withFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	q, _ := u.Lessons[0].Question("both")
	tests := []struct {
		name    string
		picks   []string
		score   float64
		correct bool
	}{
		{"both sources", []string{"p5.s1", "test-fixture-notes:p3.s2"}, 1, true},
		{"both, and an accepted one", []string{"test-fixture-notes:p3.s3", "test-fixture-notes:p3.s2", "p5.s1"}, 1, true},
		{"the telegram only", []string{"p5.s1"}, 0.5, false},
		{"the fixture only, and a wrong one", []string{"test-fixture-notes:p3.s2", "test-fixture-notes:p2.s1"}, 0, false},
		{"a bare ID meant for the fixture is the telegram's, not offered", []string{"p3.s2"}, 0, false},
		{"an unknown source", []string{"p5.s1", "nowhere:p3.s2"}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := q.DecodeForm(url.Values{"choice": tt.picks})
			if err != nil {
				a = Answer{Choices: tt.picks} // graded wrong with a reason
			}
			r := Grade(q, a)
			if r.Score != tt.score || r.Correct != tt.correct {
				t.Errorf("Grade(%v) = %+v, want score %v correct %v", tt.picks, r, tt.score, tt.correct)
			}
		})
	}
}
