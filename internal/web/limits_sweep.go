package web

import (
	"context"
	"time"
)

// SweepLimits deletes, every ten minutes until ctx ends, the guessing
// counts kept in the database that have nothing left to count. Counts in
// memory sweep themselves, so without Config.SharedLimits it returns at
// once. Every server may run it: a second sweep finds nothing.
func (s *Server) SweepLimits(ctx context.Context) {
	if !s.sharedLimits {
		return
	}
	tick := time.NewTicker(10 * time.Minute)
	defer tick.Stop()
	for {
		if _, err := s.db.SweepLimits(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("sweeping guessing limits", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
