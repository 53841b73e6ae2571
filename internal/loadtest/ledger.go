package loadtest

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/ciphergram/ciphergram/internal/store"
)

// openLedger opens the servers' database for the ledger, before the run,
// and checks it is theirs: it holds the class being joined. A file that
// does not exist is refused rather than created empty.
func openLedger(ctx context.Context, dsn, code string) (*store.DB, error) {
	if !store.IsPostgresURL(dsn) {
		if _, err := os.Stat(dsn); err != nil {
			return nil, fmt.Errorf("the servers' database: %w", err)
		}
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("the servers' database: %w", err)
	}
	if _, err := db.ClassByJoinCode(ctx, code); err != nil {
		db.Close()
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("the database %s has no open class with join code %s: is it the one the servers use?", store.DisplayDSN(dsn), code)
		}
		return nil, err
	}
	return db, nil
}

// dbLedger compares, per student and question, the answers the server
// acknowledged and the ones sent with the responses stored in the database.
// An acknowledged answer missing from it is lost; more stored than sent is
// a duplicate. Stored but unacknowledged (a request that failed after the
// commit) is neither.
func dbLedger(ctx context.Context, db *store.DB, students []*student, slug string) (stored, lost, dup int64, err error) {
	for _, s := range students {
		if !s.joined {
			continue
		}
		u, err := db.UserByUsername(ctx, s.username)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("student %s: %w", s.username, err)
		}
		as, err := db.Attempts(ctx, u.ID)
		if err != nil {
			return 0, 0, 0, err
		}
		inDB := map[string]int64{}
		for _, a := range as {
			if a.LessonSlug != slug {
				continue
			}
			rs, err := db.Responses(ctx, a.ID)
			if err != nil {
				return 0, 0, 0, err
			}
			for _, r := range rs {
				inDB[r.QuestionID]++
			}
		}
		for q, n := range inDB {
			stored += n
			if _, ok := s.answers[q]; !ok {
				dup += n // stored, never sent
			}
		}
		for q, c := range s.answers {
			lost += max(0, c.acked-inDB[q])
			dup += max(0, inDB[q]-c.sent)
		}
	}
	return stored, lost, dup, nil
}
