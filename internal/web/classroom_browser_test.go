package web_test

import (
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ciphergram/ciphergram/lessons"
)

// TestClassroomInBrowser: a teacher signs up, creates a class, assigns
// the lesson on Mao's first reason ("lesson 2" below) due tomorrow and the
// last lesson, which has a written answer ("lesson 7"); a student joins with the code in
// another browser and completes both; the teacher sees the scores and the
// heatmap, grades the written answer and downloads the CSV; the student
// then sees the grade and the comment.
func TestClassroomInBrowser(t *testing.T) {
	a := newApp(t)
	l2, ok2 := a.unit.Lesson("maos-first-reason")
	l7, ok7 := a.unit.Lesson("two-versions")
	if !ok2 || !ok7 {
		t.Fatal("the built-in unit has lost a lesson this test assigns")
	}

	teacher := a.chrome(t, "teacher", true)
	teacher.open("/signup")
	teacher.do("sign up",
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "ms-rivera"),
		chromedp.SendKeys(chromedp.CSS(`input[name="display_name"]`), "Ms Rivera"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a teacher password"),
		chromedp.SetValue(chromedp.CSS(`select[name="timezone"]`), "Europe/London"),
		chromedp.Click(chromedp.CSS(`[data-testid="signup-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="create-class-form"]`)),
	)
	teacher.do("create a class",
		chromedp.SendKeys(chromedp.CSS(`[data-testid="create-class-form"] input[name="name"]`), "Year 10 History"),
		chromedp.Click(chromedp.CSS(`[data-testid="create-class"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="join-code"]`)),
	)
	code := strings.TrimSpace(teacher.text(`[data-testid="join-code"]`))
	classPath := teacher.eval(`location.pathname`)
	tomorrow := time.Now().In(mustZone(t, "Europe/London")).AddDate(0, 0, 1).Format("2006-01-02")
	teacher.do("choose lesson 2, due tomorrow",
		chromedp.Click(chromedp.CSS(`[data-testid="assign-form"] input[name="lesson"][value="`+l2.Slug+`"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="due_date"]`), tomorrow),
		chromedp.SetValue(chromedp.CSS(`input[name="due_time"]`), "09:00"),
	)
	teacher.submit("assign lesson 2", `[data-testid="assign"]`)
	teacher.do("choose lesson 7", chromedp.Click(chromedp.CSS(`[data-testid="assign-form"] input[name="lesson"][value="`+l7.Slug+`"]`)))
	teacher.submit("assign lesson 7", `[data-testid="assign"]`)
	if n := teacher.eval(`String(document.querySelectorAll('[data-testid="assignment-row"]').length)`); n != "2" {
		t.Fatalf("%s assignment rows, want 2", n)
	}
	if rows := teacher.text(`main`); !strings.Contains(rows, "09:00") {
		t.Errorf("the due time is not shown:\n%s", rows)
	}

	student := a.chrome(t, "student", true)
	student.open("/join")
	student.do("join the class",
		chromedp.SendKeys(chromedp.CSS(`input[name="code"]`), strings.ToLower(code)), // codes are not case-sensitive
		chromedp.SendKeys(chromedp.CSS(`input[name="display_name"]`), "Sam"),
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "sam10"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a student password"),
		chromedp.Click(chromedp.CSS(`[data-testid="join-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="assignment"]`)),
	)
	if home := student.text(`main`); !strings.Contains(home, l2.Title) || !strings.Contains(home, l7.Title) {
		t.Fatalf("student home does not list both assignments:\n%s", home)
	}
	student.doLesson(l2, true)
	score2 := scoreOnly(student.text(`[data-testid="score"]`))
	student.doLesson(l7, true)

	teacher.open(classPath + "/gradebook")
	book := teacher.text(`[data-testid="gradebook"]`)
	if !strings.Contains(book, "Sam") || !strings.Contains(book, score2) {
		t.Errorf("gradebook does not show Sam's %s:\n%s", score2, book)
	}
	teacher.open(classPath + "/lessons/" + l2.Slug + "/insight")
	var evidence *lessons.Question
	for _, q := range l2.Questions {
		if q.Type == lessons.Evidence && len(q.Key) > 0 {
			evidence = q
			break
		}
	}
	count := teacher.eval(`document.querySelector('[data-testid="heat-sentence"][data-id="` + evidence.Key[0] + `"]').dataset.count`)
	if count != "1" {
		t.Errorf("heatmap count for %s = %q, want 1", evidence.Key[0], count)
	}

	teacher.open(classPath + "/lessons/" + l7.Slug + "/grading")
	teacher.do("grade the written answer",
		chromedp.SendKeys(chromedp.CSS(`[data-testid="grade-form"] input[name="adjust"]`), "7"),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="grade-form"] textarea[name="comment"]`), "Good use of p15.s2; say more about the other version."),
		chromedp.Click(chromedp.CSS(`[data-testid="save-grade"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grading-item"][data-graded="true"]`)),
	)

	teacher.open(classPath)
	csvURL := teacher.eval(`document.querySelector('[data-testid="csv-link"]').getAttribute("href")`)
	body := value(teacher, "download the CSV", chromedp.Evaluate[string](
		`fetch(`+jsString(csvURL)+`).then(r => r.text())`, chromedp.EvalAwaitPromise))
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, body)
	}
	var sam []string
	for _, rec := range records {
		if rec[0] == "Sam" {
			sam = rec
		}
	}
	written := 0.0
	for _, q := range l7.Questions {
		if q.Type == lessons.Written {
			written = q.Points
		}
	}
	want7 := formatPointsTest(l7.MaxPoints() - written + 7)
	if len(sam) < 5 || sam[1] != strings.Fields(score2)[0] || !strings.HasPrefix(sam[2], "done") || sam[3] != want7 {
		t.Errorf("Sam's CSV row = %q, want lesson 2 %s and lesson 7 %s\nheader: %q", sam, score2, want7, records[0])
	}

	student.open("/home")
	feedback := student.text(`[data-testid="teacher-feedback"]`)
	if !strings.Contains(feedback, "7 of") || !strings.Contains(feedback, "say more about the other version") {
		t.Errorf("student does not see the grade and comment: %q", feedback)
	}
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func formatPointsTest(p float64) string {
	return strconv.FormatFloat(math.Round(p*100)/100, 'f', -1, 64)
}

func mustZone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
