package web

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"sync"

	"github.com/a-h/templ"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render renders a page into a buffer first, so a failing template yields
// an error page rather than half a page under a 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page templ.Component) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := page.Render(r.Context(), buf); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// showError renders an error page that says, in plain words, what happened.
func (s *Server) showError(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	page := s.page(r, nil, heading, "")
	s.render(w, r, status, templates.ErrorView(templates.ErrorPage{Page: page, Status: status, Heading: heading, Message: message}))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.showError(w, r, http.StatusNotFound, "Page not found", "There is no page at this address. The lessons and the telegram are linked from the top of every page.")
}

func (s *Server) crossOrigin(w http.ResponseWriter, r *http.Request) {
	s.showError(w, r, http.StatusForbidden, "Request refused", "This form was sent from another website, so it was not accepted. Open Ciphergram itself and try again.")
}

// fail turns an error from below into a page: not found is a 404, a busy
// database a 503 to retry, anything else a logged 500.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case r.Context().Err() != nil:
		// The client went away (closed the tab, gave up waiting) and the
		// store stopped on its account: nobody reads a reply, and the
		// server did not fail. A warning, so a server that keeps clients
		// waiting until they leave is still seen in its log.
		s.log.Warn("client gone before the reply", "method", r.Method, "path", r.URL.Path, "err", err)
		w.WriteHeader(statusClientGone)
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
	case errors.Is(err, store.ErrUnstorableText):
		s.showError(w, r, http.StatusBadRequest, "Characters that cannot be saved", "What was sent holds a character that cannot be saved (an invisible control character, or broken text), so nothing was saved. Go back, retype it and try again.")
	case store.IsBusy(err):
		w.Header().Set("Retry-After", "2")
		s.showError(w, r, http.StatusServiceUnavailable, "Busy", "Ciphergram is busy for a moment and nothing was saved. Please try again in a few seconds.")
	case store.CannotWrite(err):
		// A full disk or a failing write: nothing was committed, and the
		// same request may succeed once there is room. Logged, so the
		// administrator hears of it.
		s.log.Error("cannot write to the database", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", "30")
		s.showError(w, r, http.StatusServiceUnavailable, "Cannot save right now", "Ciphergram cannot save anything at the moment, and nothing was saved. Please try again in a minute; if it goes on, tell your teacher.")
	default:
		s.serverError(w, r, err)
	}
}

// statusClientGone is logged for a request whose client left before its
// reply (nginx's 499; no client sees it).
const statusClientGone = 499

// timedOut reports a read that hit the server's read deadline: the
// client sent its body too slowly, or its connection broke off.
func timedOut(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	ne, ok := errors.AsType[net.Error](err)
	return ok && ne.Timeout()
}

// slowBody answers a request whose body did not arrive before the read
// timeout: 408, logged as a warning, since the server is fine. net/http
// has cancelled the request's context by then (the connection is broken),
// and a page rendered with it would fail; the client may still be
// listening, so the page is rendered without that cancellation.
func (s *Server) slowBody(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Warn("request body cut off by the read timeout", "method", r.Method, "path", r.URL.Path, "err", err)
	w.Header().Set("Connection", "close")
	s.showError(w, r.WithContext(context.WithoutCancel(r.Context())), http.StatusRequestTimeout, "Too slow to arrive",
		"That form took too long to arrive, and nothing was saved. Check your connection and send it again.")
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("server error", "method", r.Method, "path", r.URL.Path, "err", err)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte("Something went wrong on our side and nothing was saved. Please try again."))
}

// badForm reports a form that could not be read (too large, cut off,
// malformed).
func (s *Server) badForm(w http.ResponseWriter, r *http.Request, err error) {
	if timedOut(err) {
		s.slowBody(w, r, err)
		return
	}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		s.showError(w, r, http.StatusRequestEntityTooLarge, "Too much to send", "That form was too large to accept, and nothing was saved. Shorten your answer and try again.")
		return
	}
	s.showError(w, r, http.StatusBadRequest, "Form not understood", "That form could not be read, and nothing was saved. Go back, reload the page and try again.")
}
