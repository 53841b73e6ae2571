package store

import (
	"fmt"
	"sync"
	"testing"

	"github.com/ciphergram/ciphergram/internal/storetest"
)

// TestTwoServersAnswerTogether: two servers on one database (two DBs, each
// with its own pools and group commit) store a class's answers at once:
// none is refused, and each is stored once.
func TestTwoServersAnswerTogether(t *testing.T) {
	dsn := storetest.DSN(t, "shared")
	a := openTestDB(t, dsn)
	b := openTestDB(t, dsn)
	ctx := t.Context()
	const students, questions = 48, 20
	users := make([]*User, students)
	for i := range users {
		users[i] = newGuest(t, a)
	}
	var wg sync.WaitGroup
	errs := make(chan error, students*questions)
	for i, u := range users {
		db := a
		if i%2 == 1 {
			db = b
		}
		wg.Go(func() {
			for q := range questions {
				s := submission(u.ID, fmt.Sprintf("q%d", q))
				s.QuestionCount, s.MaxPoints = questions+1, questions+1 // never finished
				if q%3 == 0 {                                           // a wrong answer schedules a review too
					s.Correct, s.Score, s.Points = false, 0, 0
				}
				if _, err := db.Submit(ctx, s); err != nil {
					errs <- fmt.Errorf("student %d, q%d: %w", u.ID, q, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int
	must(t, a.reader.QueryRowContext(ctx, `SELECT count(*) FROM responses`).Scan(&n))
	if n != students*questions {
		t.Errorf("%d answers stored, want %d", n, students*questions)
	}
}
