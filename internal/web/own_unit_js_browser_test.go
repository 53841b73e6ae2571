package web_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ciphergram/ciphergram/lessons"
)

// ownUnitWithScripts is TestOwnUnitE2E with JavaScript on: the whole of
// issue 13's "Done means". Screenshots of the key steps go to shots.
func ownUnitWithScripts(t *testing.T, c *classroom, shots string) {
	b := signInChrome(t, c, "teacher", "teacher-a", true)
	src := pasteSource(t, b, "Notes on the night meeting", shots)
	b.shot(shots, "1-source")
	slug := newLessonInBrowser(t, b, "Two accounts of one night")
	buildEveryType(t, b, src)
	b.shot(shots, "2-builder")

	// Previews: as a student sees it, and as the teacher's edition.
	b.open("/teach/lessons/" + slug)
	b.submit("preview", `[data-testid="preview-link"]`)
	if got := b.text(`[data-testid="preview-note"]`); !strings.Contains(got, "answering is off") {
		t.Errorf("the preview says %q", got)
	}
	if n := b.eval(`String(document.querySelectorAll('[data-testid="answer-form"] fieldset[disabled]').length)`); n != "8" {
		t.Errorf("%s questions shown with answering off, want 8", n)
	}
	b.shot(shots, "3-preview")
	if dead := b.deadLinks(); dead != "" {
		t.Errorf("dead links in the preview: %s", dead)
	}
	// A quote from the teacher's own source opens it, though the lesson
	// is a draft no student can open yet.
	quote := b.eval(`document.querySelector('.reading a[href*="` + src + `"]').getAttribute("href")`)
	b.open(quote)
	id := quote[strings.Index(quote, "#")+1:]
	if got := b.eval(`(document.getElementById(` + jsString(id) + `) || {textContent: document.title}).textContent`); !strings.Contains(got, "Roshchin thought Mao was hedging.") {
		t.Errorf("the preview's quote %s opens %q", quote, got)
	}
	b.open("/teach/lessons/" + slug)
	b.submit("teacher's edition preview", `[data-testid="edition-preview-link"]`)
	if got := b.text(`main`); !strings.Contains(got, "Mao waits (p15.s2).") || !strings.Contains(got, "Filippov") {
		t.Errorf("the teacher's edition lacks the model answer or the accepted answers:\n%.2000s", got)
	}
	b.shot(shots, "3b-edition")
	if dead := b.deadLinks(); dead != "" {
		t.Errorf("dead links in the teacher's edition preview: %s", dead)
	}

	// A class, a code; publish and assign.
	b.open("/teach")
	b.do("create a class",
		chromedp.SendKeys(chromedp.CSS(`[data-testid="create-class-form"] input[name="name"]`), "Year 11"),
		chromedp.Click(chromedp.CSS(`[data-testid="create-class"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="join-code"]`)))
	code := strings.TrimSpace(b.text(`[data-testid="join-code"]`))
	classPath := b.eval(`location.pathname`)
	publishAndAssign(t, b, slug, "Two accounts of one night", classPath)
	packFile := filepath.Join(shots, slug+".pack.txt") // kept with the screenshots
	l := exportedLesson(t, b, slug, packFile)

	// A student joins with the code and completes it.
	st := c.app.chrome(t, "student", true)
	st.open("/join")
	st.do("join the class",
		chromedp.SendKeys(chromedp.CSS(`input[name="code"]`), code),
		chromedp.SendKeys(chromedp.CSS(`input[name="display_name"]`), "Robin"),
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "robin11"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a student password"),
		chromedp.Click(chromedp.CSS(`[data-testid="join-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="assignment"]`)))
	if got := st.text(`[data-testid="assignment"]`); !strings.Contains(got, "Two accounts of one night") {
		t.Fatalf("the student's assignment reads %q", got)
	}
	st.submit("open the assignment", `a[href="/lessons/`+slug+`"]`)
	var evidence *lessons.Question
	for _, q := range l.Questions {
		st.answer(q, true, true)
		if q.Type == lessons.Evidence {
			evidence = q
		}
	}
	st.do("see the summary", chromedp.WaitVisible(chromedp.CSS(`[data-testid="summary"]`)))
	st.shot(shots, "4-student-done")
	if got, want := scoreOnly(st.text(`[data-testid="score"]`)), formatPointsTest(l.MaxPoints()-2)+" / "+formatMax(l); got != want {
		t.Errorf("the student's score is %q, want %s: all right, the written answer (2 points) waiting", got, want)
	}
	if dead := st.deadLinks(); dead != "" {
		t.Errorf("dead links for the student on the lesson: %s", dead)
	}
	// The sources side by side: each column's title leads somewhere the
	// student may go.
	st.open("/lessons/" + slug + "/sources")
	if got := st.eval(`Array.from(document.querySelectorAll('[data-testid="source-column"] h2')).map(h => h.textContent).join(" | ")`); !strings.HasSuffix(got, "3 October 1950 | Notes on the night meeting") {
		t.Errorf("the columns are titled %q", got)
	}
	if n := st.eval(`String(document.querySelectorAll('[data-testid="source-column"][data-source="` + src + `"] .term').length)`); n != "0" {
		t.Errorf("%s words of the teacher's source carry the telegram's glossary", n)
	}
	st.shot(shots, "4b-sources")
	// On a phone the sources come one after another, nothing wider than it.
	st.do("a 360 px screen", chromedp.EmulateViewport(360, 740))
	for _, page := range []string{"/lessons/" + slug + "/sources", "/lessons/" + slug} {
		st.open(page)
		if w := st.eval(`String(document.documentElement.scrollWidth)`); w != "360" {
			t.Errorf("at 360 px %s is %s px wide", page, w)
		}
	}
	st.shot(shots, "4c-phone")
	st.do("a wide screen again", chromedp.EmulateViewport(1024, 900))
	st.open("/lessons/" + slug + "/sources")
	if dead := st.deadLinks(); dead != "" {
		t.Errorf("dead links for the student on the lesson's sources: %s", dead)
	}

	// The teacher grades the written answer, then reads class insight.
	b.open(classPath + "/lessons/" + slug + "/grading")
	if got := b.text(`[data-testid="answer-text"]`); !strings.Contains(got, "The telegram shows caution (p8.s1)") {
		t.Errorf("the answer to grade reads %q", got)
	}
	b.do("grade the written answer",
		chromedp.Click(chromedp.CSS(`[data-testid="grade-form"] input[name="criterion"]`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="grade-form"] textarea[name="comment"]`), "Good: you cite the telegram."),
		chromedp.Click(chromedp.CSS(`[data-testid="save-grade"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grading-item"][data-graded="true"]`)))
	st.open("/home")
	if got := st.text(`[data-testid="teacher-feedback"]`); !strings.Contains(got, "2 of 2") || !strings.Contains(got, "you cite the telegram") {
		t.Errorf("the student sees the grade as %q", got)
	}
	// Every page of the unit, for the teacher and the student, links only
	// to pages they may open.
	for _, page := range []string{classPath, classPath + "/gradebook", "/lessons/" + slug + "/teacher", "/lessons/" + slug + "/worksheet", "/teach/lessons/" + slug} {
		b.open(page)
		if dead := b.deadLinks(); dead != "" {
			t.Errorf("dead links for the teacher on %s: %s", page, dead)
		}
	}
	for _, page := range []string{"/home", "/progress", "/lessons/" + slug} {
		st.open(page)
		if dead := st.deadLinks(); dead != "" {
			t.Errorf("dead links for the student on %s: %s", page, dead)
		}
	}
	b.open(classPath + "/lessons/" + slug + "/insight")
	heat := `[data-testid="insight-question"]:has([data-testid="heatmap"]) `
	if got := b.eval(`Array.from(document.querySelectorAll('` + heat + `[data-testid="heat-doc"]')).map(d => d.dataset.source).join(" ")`); got != "roshchin-1950-10-03 "+src {
		t.Errorf("the heatmaps are drawn on %q, want the telegram and %s", got, src)
	}
	for _, ref := range evidence.Key {
		doc, id := "roshchin-1950-10-03", ref
		if s, local, ok := strings.Cut(ref, ":"); ok {
			doc, id = s, local
		}
		sel := fmt.Sprintf(`[data-testid="heat-doc"][data-source=%q] [data-testid="heat-sentence"][data-id$=%q]`, doc, id)
		if n := b.eval(`(document.querySelector('` + heat + sel + `') || {dataset: {count: "none"}}).dataset.count`); n != "1" {
			t.Errorf("the heatmap of %s counts %s students at %s, want 1", doc, n, id)
		}
	}
	b.hover(heat + `[data-testid="heatmap"]`)
	b.shot(shots, "5-insight")
	if dead := b.deadLinks(); dead != "" {
		t.Errorf("dead links in class insight: %s", dead)
	}

	// The pack imports on a fresh server, as another teacher's.
	fresh := newApp(t)
	other := fresh.chrome(t, "fresh", true)
	other.open("/signup")
	other.do("sign up",
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "mr-okafor"),
		chromedp.SendKeys(chromedp.CSS(`input[name="display_name"]`), "Mr Okafor"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a teacher password"),
		chromedp.Click(chromedp.CSS(`[data-testid="signup-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="create-class-form"]`)))
	other.open("/teach/lessons/import")
	other.do("choose the pack", chromedp.SetUploadFiles(chromedp.CSS(`#pack-file`), []string{packFile}))
	other.submit("import it", `[data-testid="pack-import"]`)
	if got := other.text(`[role="status"]`); !strings.Contains(got, "Imported and published") || !strings.Contains(got, slug) || !strings.Contains(got, src) {
		t.Errorf("after the import the page says %q", got)
	}
	other.shot(shots, "6-imported")
	other.open("/teach/lessons/" + slug + "/preview")
	if n := other.eval(`String(document.querySelectorAll('[data-testid="answer-form"]').length)`); n != "8" {
		t.Errorf("the imported lesson shows %s questions, want 8", n)
	}
	if got := other.text(`#q-` + evidence.ID); !strings.Contains(got, "Many in the Politburo wanted to wait.") {
		t.Errorf("the imported evidence question lacks the own source's sentence:\n%s", got)
	}
}

// buildEveryType fills in the builder with one question of each of the
// eight types; the evidence question reads both the telegram and src, its
// sentences picked by clicking them. It saves with no problems.
func buildEveryType(t *testing.T, b *chrome, src string) {
	t.Helper()
	set := func(id, value string) { b.do("fill "+id, chromedp.SetValue(chromedp.CSS("#"+id), value)) }
	set("f-summary", "The telegram and a note of the same night.")
	set("f-sources", "roshchin-1950-10-03 "+src)
	set("f-sections-0-heading", "Two accounts")
	set("f-sections-0-body", "Mao answers [[p15.s2]]; the note says [["+src+":p3.s1]].")
	addEveryType(t, b, src+":p2.s2", func(i int) {
		q := fmt.Sprintf("f-q-%d-", i)
		set(q+"among", "p15 "+src+":p2")
		in := fmt.Sprintf("#f-q-%d ", i)
		sentence := func(ref string) string { return in + fmt.Sprintf(`.pick-sentence[data-ref=%q]`, ref) }
		b.click("click p15.s2", sentence("p15.s2"))
		b.click("click "+src+":p2.s2", sentence(src+":p2.s2"))
		b.click("pick also", in+`input[value="also"]`)
		b.click("click "+src+":p2.s1", sentence(src+":p2.s1"))
		if got := b.text("#" + q + "evidence"); got != "p15.s2, "+src+":p2.s2" {
			t.Errorf("the evidence field reads %q after clicking", got)
		}
		if got := b.text("#" + q + "also"); got != src+":p2.s1" {
			t.Errorf("the also field reads %q after clicking", got)
		}
	})
	b.submit("save", `[data-testid="builder-save"]`)
	if got := b.text(`[role="status"]`); !strings.Contains(got, "Saved") {
		t.Fatalf("after saving the builder says %q", got)
	}
	if n := b.eval(`String(document.querySelectorAll('[data-testid="builder-problems"], [data-testid="field-error"]').length)`); n != "0" {
		t.Errorf("%s problems shown after saving", n)
	}
}
