package web_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

// TestBuilderInBrowser: a teacher builds a lesson with one question of
// each of the eight types in the forms, picks the evidence sentences
// (by clicking them with JavaScript, by ticking their boxes without),
// and saves it with no problems; the stored lesson is what was built.
func TestBuilderInBrowser(t *testing.T) {
	c := newClassroom(t)
	for _, javascript := range []bool{false, true} {
		name := map[bool]string{false: "no-js", true: "js"}[javascript]
		t.Run(name, func(t *testing.T) {
			slug := "built-" + name
			edit := builderLesson(t, c, slug)
			b := c.app.chrome(t, "teacher", javascript)
			b.open("/login")
			b.do("type the credentials",
				chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "teacher-a"),
				chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password))
			b.submit("sign in", `[data-testid="account-submit"]`)
			b.open(edit)
			set := func(id, value string) { b.do("fill "+id, chromedp.SetValue(chromedp.CSS("#"+id), value)) }
			set("f-title", "Built in the browser")
			set("f-summary", "Every kind of question on the telegram.")
			set("f-sources", "roshchin-1950-10-03")
			b.click("tick close reading", `#f-skills input[value="close reading"]`)
			b.do("type a heading", chromedp.SendKeys(chromedp.CSS(`#f-sections-0-heading`), "Mao's answer"))
			set("f-sections-0-body", "Mao writes to Filippov [[p5.s1]].")
			addEveryType(t, b, "p15.s2", func(i int) {
				set(fmt.Sprintf("f-q-%d-among", i), "p15 p16")
				pickEvidence(t, b, i, javascript)
			})
			b.submit("save", `[data-testid="builder-save"]`)
			if got := b.text(`[role="status"]`); !strings.Contains(got, "Saved") {
				t.Errorf("after saving the page says %q", got)
			}
			if n := b.eval(`String(document.querySelectorAll('[data-testid="builder-problems"], [data-testid="field-error"]').length)`); n != "0" {
				t.Errorf("%s problems shown after saving", n)
			}
			text := storedLessonOf(t, c, slug)
			l, probs := lessons.Parse(slug+".md", []byte(text), seeds.All())
			if len(probs) > 0 {
				t.Fatalf("the stored lesson has problems: %v\n%s", probs, text)
			}
			var types []lessons.Type
			for _, q := range l.Questions {
				types = append(types, q.Type)
			}
			if !slices.Equal(types, lessons.Types) || l.Title != "Built in the browser" || strings.Join(l.Skills, ",") != "close reading" {
				t.Errorf("stored %q with skills %v and questions %v", l.Title, l.Skills, types)
			}
			ev := l.Questions[slices.Index(lessons.Types, lessons.Evidence)]
			if strings.Join(ev.Key, ",") != "p15.s2,p15.s3" || strings.Join(ev.Also, ",") != "p16.s1" {
				t.Errorf("evidence %v, also %v; want p15.s2,p15.s3 and p16.s1", ev.Key, ev.Also)
			}
			// axe-core finds nothing wrong with the builder, nor with it
			// showing a problem beside a field.
			axe, err := os.ReadFile(axePath)
			must(t, err)
			for _, v := range b.runAxe("the builder", string(axe), javascript) {
				t.Errorf("axe, the builder: %+v", v)
			}
			b.eval(`document.querySelector("#f-q-0-prompt").value = ""; ""`)
			b.submit("save without a prompt", `[data-testid="builder-save"]`)
			if got := b.text(`#f-q-0-prompt-error`); !strings.Contains(got, "empty prompt") {
				t.Errorf("beside the emptied prompt: %q", got)
			}
			for _, v := range b.runAxe("the builder with a problem", string(axe), javascript) {
				t.Errorf("axe, the builder with a problem: %+v", v)
			}
			// At 360 px the builder fits the screen: nothing wider than it.
			b.do("a 360 px screen", chromedp.EmulateViewport(360, 740))
			if w := b.eval(`String(document.documentElement.scrollWidth)`); w != "360" {
				t.Errorf("at 360 px the builder is %s px wide", w)
			}
		})
	}
}

// addEveryType adds one question of each of the eight types to the
// builder and fills it in: the first choice's feedback cites cite, and
// pick(i) picks evidence question i's sentences (and its among).
func addEveryType(t *testing.T, b *chrome, cite string, pick func(i int)) {
	t.Helper()
	set := func(id, value string) { b.do("fill "+id, chromedp.SetValue(chromedp.CSS("#"+id), value)) }
	for i, typ := range lessons.Types {
		b.do("choose "+string(typ), chromedp.SetValue(chromedp.CSS(`[data-testid="add-type"]`), string(typ)))
		b.submit("add a "+string(typ)+" question", `[data-testid="add-question"]`)
		q := fmt.Sprintf("f-q-%d-", i)
		if got := b.eval(fmt.Sprintf(`document.querySelector("#f-q-%d").dataset.type`, i)); got != string(typ) {
			t.Fatalf("question %d is %q, want %s", i, got, typ)
		}
		set(q+"prompt", "Question of type "+string(typ)+"?")
		set(q+"explanation", "Because the telegram says so (p15.s2).")
		switch typ {
		case lessons.Single, lessons.Multiple:
			set(q+"choices-0-text", "Caution")
			set(q+"choices-0-feedback", "Yes ("+cite+").")
			b.click("mark it correct", "#"+q+"choices-0-correct")
			set(q+"choices-1-text", "Haste")
			set(q+"choices-1-feedback", "No (p15.s2).")
			if typ == lessons.Multiple {
				set(q+"choices-2-text", "Patience")
				set(q+"choices-2-feedback", "Yes (p13.s1).")
				b.click("mark it correct", "#"+q+"choices-2-correct")
			}
		case lessons.TrueFalse:
			set(q+"answer", "false")
		case lessons.Short:
			set(q+"accept", "Filippov\nStalin")
		case lessons.Ordering:
			set(q+"items-0-text", "The CC meets")
			set(q+"items-1-text", "Zhou flies to Stalin")
		case lessons.Matching:
			set(q+"pairs-0-left", "Filippov")
			set(q+"pairs-0-right", "Stalin")
			set(q+"pairs-1-left", "Roshchin")
			set(q+"pairs-1-right", "the ambassador")
		case lessons.Evidence:
			pick(i)
		case lessons.Written:
			set(q+"rubric-0-criterion", "Cites a sentence")
			set(q+"rubric-0-points", "2")
			set(q+"model_answer", "Mao waits (p15.s2).")
		}
	}
}

// pickEvidence picks p15.s2 and p15.s3 as evidence and p16.s1 as also
// in evidence question i: with JavaScript by clicking the sentences (the
// last by keyboard), without it by ticking their boxes.
func pickEvidence(t *testing.T, b *chrome, i int, javascript bool) {
	t.Helper()
	in := fmt.Sprintf("#f-q-%d ", i)
	if !javascript {
		for _, box := range []string{`q.%d.evidence"][value="p15.s2"]`, `q.%d.evidence"][value="p15.s3"]`, `q.%d.also"][value="p16.s1"]`} {
			b.click("tick a sentence", in+`input[name="`+fmt.Sprintf(box, i))
		}
		return
	}
	sentence := func(ref string) string { return in + fmt.Sprintf(`.pick-sentence[data-ref=%q]`, ref) }
	// A sentence is clicked as the element itself, not at the point where
	// it was a moment ago: the lists of picks above it grow as sentences
	// are picked, and on a busy machine a mouse click at the old point
	// landed on the next sentence.
	click := func(what, sel string) {
		b.do(what, chromedp.ScrollIntoView(chromedp.CSS(sel)))
		b.eval(fmt.Sprintf(`document.querySelector(%q).click(); ""`, sel))
	}
	click("click p15.s2", sentence("p15.s2"))
	click("click p15.s3", sentence("p15.s3"))
	click("click p15.s3 again", sentence("p15.s3"))
	b.do("press Space on p15.s3", chromedp.Focus(chromedp.CSS(sentence("p15.s3"))), chromedp.KeyEvent(" "))
	b.click("pick also", in+`input[value="also"]`)
	click("click p16.s1", sentence("p16.s1"))
	if got := b.text(fmt.Sprintf("#f-q-%d-evidence", i)); got != "p15.s2, p15.s3" {
		t.Errorf("the evidence field reads %q after clicking", got)
	}
	if got := b.text(fmt.Sprintf("#f-q-%d-also", i)); got != "p16.s1" {
		t.Errorf("the also field reads %q after clicking", got)
	}
}

// storedLessonOf is teacher A's lesson with the slug as stored now.
func storedLessonOf(t *testing.T, c *classroom, slug string) string {
	t.Helper()
	teacher, err := c.db.UserByUsername(context.Background(), "teacher-a")
	must(t, err)
	v, err := c.db.LatestLessonVersion(context.Background(), teacher.ID, slug)
	must(t, err)
	return v.Text
}
