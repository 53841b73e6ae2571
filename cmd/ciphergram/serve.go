package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/web"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/static"
)

// runServe serves the app until ctx is cancelled (SIGINT or SIGTERM), then
// drains in-flight requests before returning.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", ":8080", "address to listen on")
	dbPath := dbFlag(fs, "the database, created (SQLite) and migrated on first run")
	dev := fs.Bool("dev", false, "read lessons and static files from disk (run from the repository root)")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure and send Strict-Transport-Security: set when served over HTTPS or behind a TLS proxy")
	signup := fs.Bool("signup", true, "let anyone create a teacher account at /signup (false: use ciphergram teacher add)")
	baseURL := fs.String("base-url", "", "the address students use, for join links (default: taken from each request)")
	trustProxy := fs.Bool("trust-proxy", false, "take each client's address from the last X-Forwarded-For entry, as set by the one reverse proxy in front (off: the header is ignored)")
	guestDays := fs.Int("guest-days", 180, "delete guest progress (no account) after this many days without activity; 0 keeps it forever")
	privacyContact := fs.String("privacy-contact", "", `who to ask about privacy, shown on /privacy (for example "Ms Rivera, rivera@school.example")`)
	keyFile := fs.String("session-key-file", os.Getenv(sessionKeyEnv), "a private file of at least 32 random bytes that the session keys derive from; give every server of one database the same (default $"+sessionKeyEnv+"; none: keys kept in the database)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file until the server stops (go tool pprof reads it)")
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	if *guestDays < 0 {
		return fmt.Errorf("-guest-days must be 0 (keep guests forever) or more, not %d", *guestDays)
	}
	var sessionKey []byte
	if *keyFile != "" {
		var err error
		if sessionKey, err = readSessionKey(*keyFile); err != nil {
			return err
		}
	}
	start := time.Now()
	logger := slog.New(slog.NewTextHandler(stderr, nil))

	unit, files, err := loadContent(*dev)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	srv, err := web.New(ctx, web.Config{DB: db, Unit: unit, Static: files, Logger: logger, SecureCookies: *secure,
		SignupOpen: *signup, BaseURL: strings.TrimSuffix(*baseURL, "/"), TrustProxy: *trustProxy,
		GuestDays: *guestDays, PrivacyContact: strings.TrimSpace(*privacyContact), SessionKey: sessionKey,
		SharedLimits: sharedLimits(db)})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	hs := srv.HTTPServer()
	fmt.Fprintf(stdout, "Ciphergram is serving on http://%s (database %s, ready in %s)\n", displayAddr(ln.Addr()), store.DisplayDSN(*dbPath), time.Since(start).Round(time.Millisecond))

	go srv.ExpireGuests(ctx)
	go srv.SweepLimits(ctx)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// sharedLimits says where the guessing limits are counted. On PostgreSQL,
// which any number of Ciphergram servers share, they are counted in the
// database, so they hold across those servers. An SQLite file is served
// by one process, which counts them in memory: counting them in the file
// would cost each new guest a durable commit of its own, outside the
// group commit of answers: BenchmarkNewGuest (internal/web) measured a
// guest's first answer at 1.4 ms one at a time and 0.48 ms each with 64
// at once with the count in memory, 3.9 ms and 2.4 ms in the file (a
// fifth of the guests a second; 2 cores, shared and loaded).
func sharedLimits(db *store.DB) bool { return db.Engine() == "postgres" }

// startCPUProfile profiles the process into path until stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

func loadContent(dev bool) (*lessons.Unit, *static.Files, error) {
	if dev {
		unit, err := lessons.LoadDir("lessons")
		if err != nil {
			return nil, nil, fmt.Errorf("lessons:\n%w", err)
		}
		files, err := static.FromDir("static")
		return unit, files, err
	}
	unit, err := lessons.Builtin()
	if err != nil {
		return nil, nil, fmt.Errorf("built-in lessons:\n%w", err)
	}
	files, err := static.Embedded()
	return unit, files, err
}

// displayAddr turns ":8080" style listen addresses into a clickable host.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}
