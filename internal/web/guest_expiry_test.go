package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/web"
)

// TestGuestExpiryWhileAClassAnswers: the running server deletes the
// guests idle past -guest-days, logs how many, and keeps everyone else,
// while guests answer through HTTP beside it: every acknowledged answer
// is stored.
func TestGuestExpiryWhileAClassAnswers(t *testing.T) {
	var log logLines
	a := newApp(t, func(c *web.Config) {
		c.GuestDays = 180
		c.Logger = slog.New(slog.NewJSONHandler(&log, nil))
	})
	l := a.unit.Lessons[0]
	q := l.Questions[0]
	const idle = 40
	var old []*browser
	for range idle {
		b := a.browser()
		if p := b.post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, "0")); p.status != http.StatusSeeOther {
			t.Fatalf("old guest's answer: status %d", p.status)
		}
		old = append(old, b)
	}
	a.advance(179 * 24 * time.Hour)
	kept := a.browser() // idle for one day when expiry runs
	kept.post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, "0"))
	a.advance(24*time.Hour + time.Minute)

	// A class of guests answering, each answer counted once acknowledged.
	stop := make(chan struct{})
	var acked atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				b := a.browser()
				for _, l := range a.unit.Lessons {
					for _, q := range l.Questions {
						select {
						case <-stop:
							return
						default:
						}
						req, _ := http.NewRequest("POST", a.srv.URL+"/lessons/"+l.Slug+"/questions/"+q.ID, strings.NewReader(rightForm(q, "0").Encode()))
						req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
						resp, err := b.client.Do(req)
						if err != nil {
							t.Error(err)
							return
						}
						resp.Body.Close()
						if resp.StatusCode != http.StatusSeeOther {
							t.Errorf("answer during expiry: status %d", resp.StatusCode)
							return
						}
						acked.Add(1)
					}
				}
			}
		})
	}
	for acked.Load() < 10 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.web.ExpireGuests(ctx)
	for deadline := time.Now().Add(time.Minute); !strings.Contains(log.String(), "idle guests deleted") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	for n := acked.Load(); acked.Load() < n+10; { // answers go on beside it
		time.Sleep(time.Millisecond)
	}
	cancel()
	close(stop)
	wg.Wait()

	if !strings.Contains(log.String(), `"deleted":40`) {
		t.Errorf("the log does not say 40 guests were deleted:\n%s", log.String())
	}
	for i, b := range old {
		if p := b.get("/lessons"); strings.Contains(p.body, "In progress") {
			t.Fatalf("old guest %d still has progress", i)
		}
	}
	if p := kept.get("/lessons"); !strings.Contains(p.body, "In progress") {
		t.Error("a guest idle for less than 180 days lost their progress")
	}
	var stored int64
	raw, err := store.OpenSQL(a.path)
	must(t, err)
	defer raw.Close()
	must(t, raw.QueryRow(`SELECT count(*) FROM responses`).Scan(&stored))
	if stored != acked.Load()+1 { // and the kept guest's one
		t.Errorf("%d answers acknowledged beside expiry (and 1 kept), %d stored", acked.Load(), stored)
	}
	t.Logf("%d answers acknowledged while 40 idle guests were deleted", acked.Load())
}
