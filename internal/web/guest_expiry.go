package web

import (
	"context"
	"time"
)

// ExpireGuests deletes, every hour until ctx ends, the guests with no
// activity for Config.GuestDays days (0: never), with all their progress,
// and logs how many. The store deletes them in small transactions, so
// answers coming in meanwhile wait for one short batch at most.
func (s *Server) ExpireGuests(ctx context.Context) {
	if s.guestDays <= 0 {
		return
	}
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		s.expireGuestsOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (s *Server) expireGuestsOnce(ctx context.Context) {
	limit := s.now().Add(-time.Duration(s.guestDays) * 24 * time.Hour)
	n, err := s.db.DeleteIdleGuests(ctx, limit)
	if err != nil && ctx.Err() == nil {
		s.log.Error("deleting idle guests", "deleted", n, "err", err)
		return
	}
	if n > 0 {
		s.log.Info("idle guests deleted", "deleted", n, "idle_days", s.guestDays)
	}
}
