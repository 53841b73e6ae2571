// Package demo fills a fresh database with a demo teacher and a class of
// students with varied progress, so a teacher can try Ciphergram in a
// minute.
package demo

import (
	"context"
	cryptorand "crypto/rand"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
)

// Credentials are the accounts to try, printed once.
type Credentials struct {
	TeacherUsername, TeacherPassword string
	StudentUsername, StudentPassword string
	JoinCode                         string
}

var names = []string{"Amira K.", "Ben T.", "Chloé R.", "Dawit M.", "Ella S.", "Farid N.", "Grace O.", "Hana W.",
	"Isaac P.", "Jonas B.", "Kaya L.", "Leo F.", "Maya D.", "Nikhil V.", "Olga Z.", "Priya A.", "Quinn H.",
	"Rosa G.", "Sami E.", "Tomás C.", "Uma J.", "Victor Y.", "Wen X.", "Yusuf I.", "Zoe Q."}

var written = []string{
	"I think Mao was really worried, because he says the troops are extremely poorly equipped (p9.s1). But he also wants to talk to Stalin first (p15.s4), so maybe he wanted help.",
	"Roshchin says it is possible to suppose (p20.s2), so he is guessing. The telegram does not prove that Nehru changed anything.",
	"The Chinese version says they decided to send troops, but the Russian one says they will wait. I think the Russian one was sent because Stalin answered it as a refusal.",
	"Mao was scared of America.",
}

// Fill adds the demo to db. It is meant for a new, empty database.
func Fill(ctx context.Context, db *store.DB, unit *lessons.Unit) (*Credentials, error) {
	rng := rand.New(rand.NewPCG(1950, 10))
	hasher := auth.NewHasher()
	realNow := db.Now
	defer func() { db.Now = realNow }()
	now := realNow()

	creds := &Credentials{TeacherUsername: "demo-teacher", TeacherPassword: password(),
		StudentUsername: "student01", StudentPassword: password()}
	hash, err := hasher.Hash(ctx, creds.TeacherPassword)
	if err != nil {
		return nil, err
	}
	teacher, err := db.CreateTeacher(ctx, creds.TeacherUsername, "Ms Demo", hash, "Europe/London")
	if err != nil {
		return nil, fmt.Errorf("demo teacher: %w", err)
	}
	class, err := db.CreateClass(ctx, teacher.ID, "Year 10 History (demo)")
	if err != nil {
		return nil, err
	}
	creds.JoinCode = class.JoinCode
	// Due dates from a week ago to next week, so some work is late.
	dueOffsets := []time.Duration{-7, -3, 1, 3, 7, 10, 14, 17, 21}
	for i, l := range unit.Lessons {
		if i >= len(dueOffsets) {
			break
		}
		due := now.Add(dueOffsets[i] * 24 * time.Hour).Truncate(time.Hour)
		if err := db.Assign(ctx, teacher.ID, class.ID, []string{l.Slug}, due, true); err != nil {
			return nil, err
		}
	}
	studentHash, err := hasher.Hash(ctx, creds.StudentPassword)
	if err != nil {
		return nil, err
	}
	for i, name := range names {
		username := fmt.Sprintf("student%02d", i+1)
		h := studentHash // everyone in the demo shares the printed password
		s, err := db.CreateStudent(ctx, class.ID, 0, username, name, h)
		if err != nil {
			return nil, fmt.Errorf("demo student %s: %w", username, err)
		}
		skill := 0.45 + 0.5*rng.Float64()
		lessonsDone := rng.IntN(len(unit.Lessons) + 1)
		for li, l := range unit.Lessons {
			if li > lessonsDone {
				break
			}
			count := len(l.Questions)
			if li == lessonsDone {
				count = rng.IntN(count) // the one in progress
			}
			// Work happened some days ago, a little before or after the due date.
			days := float64(dueOffsets[min(li, len(dueOffsets)-1)]) - 2 + 3*rng.Float64()
			when := now.Add(time.Duration(days * float64(24*time.Hour)))
			if when.After(now) {
				when = now.Add(-time.Duration(rng.IntN(48)) * time.Hour)
			}
			for qi, q := range l.Questions[:count] {
				at := when.Add(time.Duration(qi) * 40 * time.Second)
				db.Now = func() time.Time { return at }
				a := answer(rng, q, rng.Float64() < skill)
				res := lessons.Grade(q, a)
				_, err := db.Submit(ctx, store.Submission{UserID: s.ID, LessonSlug: l.Slug, LessonHash: l.Hash,
					MaxPoints: l.MaxPoints(), QuestionCount: len(l.Questions), QuestionID: q.ID, Seed: rng.Int64(), // each student their own order
					Answer: lessons.EncodeAnswer(a), Score: res.Score, Points: res.Points(q), Correct: res.Correct, Pending: res.Pending})
				if err != nil {
					return nil, err
				}
			}
		}
	}
	return creds, nil
}

// answer makes a plausible answer: right, or a typical mistake.
func answer(rng *rand.Rand, q *lessons.Question, right bool) lessons.Answer {
	var a lessons.Answer
	switch q.Type {
	case lessons.Single:
		for _, c := range q.Choices {
			if c.Correct == right {
				a.Choices = []string{c.ID}
				if right || rng.IntN(2) == 0 {
					break
				}
			}
		}
	case lessons.Multiple:
		for _, c := range q.Choices {
			if c.Correct && (right || rng.IntN(2) == 0) || !c.Correct && !right && rng.IntN(2) == 0 {
				a.Choices = append(a.Choices, c.ID)
			}
		}
		if len(a.Choices) == 0 {
			a.Choices = []string{q.Choices[0].ID}
		}
	case lessons.TrueFalse:
		a.Choices = []string{fmt.Sprint(q.Answer == right)}
	case lessons.Short:
		a.Text = q.Accept[0]
		if !right {
			a.Text = "Stalin"
		}
	case lessons.Ordering:
		for _, it := range q.Items {
			a.Order = append(a.Order, it.ID)
		}
		if !right {
			i := rng.IntN(len(a.Order) - 1)
			a.Order[i], a.Order[i+1] = a.Order[i+1], a.Order[i]
		}
	case lessons.Matching:
		a.Matches = map[string]string{}
		for _, p := range q.Pairs {
			a.Matches[p.ID] = p.ID
		}
		if !right {
			x, y := q.Pairs[0].ID, q.Pairs[1].ID
			a.Matches[x], a.Matches[y] = y, x
		}
	case lessons.Evidence:
		a.Choices = slices.Clone(q.Key)
		if len(q.Key) == 0 {
			a.Choices = []string{lessons.NoEvidence}
		}
		if !right {
			// A typical misreading: a nearby sentence instead of one of the key.
			other := q.Among[rng.IntN(len(q.Among))]
			if len(q.Key) > 0 {
				a.Choices = a.Choices[1:]
			} else {
				a.Choices = nil
			}
			if !slices.Contains(a.Choices, other) {
				a.Choices = append(a.Choices, other)
			}
		}
	case lessons.Written:
		a.Text = written[rng.IntN(len(written))]
	}
	return a
}

// password makes a readable random password.
func password() string { return cryptorand.Text()[:12] }
