package web

import "net/http"

// Handler returns every route, with the middleware each needs. GET never
// changes state; unsafe methods are refused from other sites.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /static/", s.static)

	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /sources/{slug}", s.reader)
	mux.HandleFunc("GET /lessons", s.lessonList)
	mux.HandleFunc("GET /lessons/{slug}", s.lessonShow)
	mux.HandleFunc("GET /lessons/{slug}/worksheet", s.worksheet)
	mux.HandleFunc("POST /lessons/{slug}/questions/{question}", s.answerSubmit)
	mux.HandleFunc("POST /lessons/{slug}/questions/{question}/self-assess", s.selfAssess)
	mux.HandleFunc("POST /lessons/{slug}/attempts", s.attemptStart)
	mux.HandleFunc("GET /progress", s.progress)
	mux.HandleFunc("GET /review/{slug}/{question}", s.reviewShow)
	mux.HandleFunc("POST /review/{slug}/{question}", s.reviewSubmit)
	mux.HandleFunc("GET /join", s.join)

	mux.HandleFunc("GET /login", s.loginForm)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("GET /account/save", s.saveForm)
	mux.HandleFunc("POST /account/save", s.save)

	mux.HandleFunc("/", s.notFound)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOrigin))
	return s.recoverPanics(s.logRequests(securityHeaders(gzipResponses(limitBodies(cop.Handler(mux))))))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok"))
}
