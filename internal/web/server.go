// Package web is Ciphergram's HTTP side: routes, middleware, sessions and
// one file per screen or action. Handlers are methods on Server, which
// holds every dependency explicitly.
package web

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/static"
	"github.com/ciphergram/ciphergram/templates"
)

// Config is what a Server is built from.
type Config struct {
	DB     *store.DB
	Unit   *lessons.Unit
	Static *static.Files
	Logger *slog.Logger
	// SecureCookies marks cookies Secure: set it when served over TLS or
	// behind a proxy that terminates TLS.
	SecureCookies bool
	// SignupOpen lets anyone create a teacher account at /signup.
	SignupOpen bool
	// BaseURL is how students reach the server ("http://10.0.0.5:8080"),
	// for the join link shown to a class; empty: taken from each request.
	BaseURL string
	// TrustProxy takes the client's address from the last entry of
	// X-Forwarded-For, as the one reverse proxy in front sets it; off,
	// the header is ignored (see clientAddr).
	TrustProxy bool
	// GuestDays: guests with no activity for this many days are deleted
	// by ExpireGuests; 0 keeps them forever.
	GuestDays int
	// PrivacyContact is the operator's contact line on /privacy.
	PrivacyContact string
	Now            func() time.Time
	// Hasher hashes and checks passwords; nil: auth.NewHasher().
	Hasher PasswordHasher
	// SessionKey, the contents of the session key file every server is
	// given, is what the cookies' keys derive from (session_keys.go);
	// nil: keys made on first run and kept in the database.
	SessionKey []byte
	// SharedLimits counts the guessing limits in the database, where
	// every server on it sees them, instead of in this process's memory
	// (limits.go).
	SharedLimits bool
}

// PasswordHasher hashes and checks passwords, as auth.Hasher does.
type PasswordHasher interface {
	Hash(ctx context.Context, password string) (string, error)
	Verify(ctx context.Context, hash, password string) error
}

// Server serves the app.
type Server struct {
	db       *store.DB
	unit     *lessons.Unit
	static   *static.Files
	log      *slog.Logger
	now      func() time.Time
	cookies  *sessions.CookieStore
	devices  *securecookie.SecureCookie // device cookies, see device.go
	hasher   PasswordHasher
	limits   limits
	glossary *docGlossary
	readings map[string]templ.Component // lesson slug → its reading, rendered once
	// lessonCache keeps teachers' published lessons parsed (lesson_resolve.go).
	lessonCache *lessonCache
	signupOpen  bool
	secure      bool // served over HTTPS: Config.SecureCookies
	baseURL     string
	trustProxy  bool

	guestDays      int    // see Config.GuestDays
	privacyContact string // see Config.PrivacyContact
	sharedLimits   bool   // see Config.SharedLimits
}

// maxFormBytes bounds any request body: the largest honest form is a
// written answer of MaxTextLen bytes.
const maxFormBytes = 64 << 10

// New builds a Server. Its session keys come from Config.SessionKey, or
// are created on first run and kept in the database, so restarts do not
// sign everyone out.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Hasher == nil {
		cfg.Hasher = auth.NewHasher()
	}
	keys, err := newSessionKeys(ctx, cfg)
	if err != nil {
		return nil, err
	}
	cs := sessions.NewCookieStore(keys.hash, keys.block)
	cs.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int((180 * 24 * time.Hour).Seconds()), // a self-study learner's progress lives in this cookie
		HttpOnly: true,
		Secure:   cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode,
	}
	cs.MaxAge(cs.Options.MaxAge)
	readings, err := renderReadings(ctx, cfg.Unit)
	if err != nil {
		return nil, err
	}
	for _, c := range cs.Codecs {
		c.(*securecookie.SecureCookie).SetSerializer(sessionSerializer{})
	}
	return &Server{
		db: cfg.DB, unit: cfg.Unit, static: cfg.Static, log: cfg.Logger, now: cfg.Now,
		cookies:     cs,
		devices:     newDeviceCodec(keys.hash, keys.block),
		hasher:      cfg.Hasher,
		limits:      newLimits(cfg.DB, cfg.SharedLimits, keys.limits, cfg.Now),
		glossary:    newDocGlossary(cfg.Unit),
		readings:    readings,
		lessonCache: newLessonCache(),
		signupOpen:  cfg.SignupOpen,
		secure:      cfg.SecureCookies,
		baseURL:     cfg.BaseURL,
		trustProxy:  cfg.TrustProxy,

		guestDays:      cfg.GuestDays,
		privacyContact: cfg.PrivacyContact,
		sharedLimits:   cfg.SharedLimits,
	}, nil
}

// renderReadings renders each lesson's reading and glossary once: they
// are the same for every learner, and were a sixth of a lesson page's
// rendering. (They were also kept compressed, to be spliced into each
// page's gzip stream: measured under load it paid nothing, so it went.)
func renderReadings(ctx context.Context, u *lessons.Unit) (map[string]templ.Component, error) {
	out := map[string]templ.Component{}
	for _, l := range u.Lessons {
		var b strings.Builder
		if err := templates.LessonReading(sectionViews(l), glossaryViews(l)).Render(ctx, &b); err != nil {
			return nil, fmt.Errorf("lesson %s: %w", l.Slug, err)
		}
		out[l.Slug] = templ.Raw(b.String())
	}
	return out, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// HTTPServer wraps the handler in the net/http server settings Ciphergram
// is run with: a slow client cannot hold a connection open without
// sending its headers, and no request lasts forever. The load generator
// uses it too, so it measures what a school runs.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}
