package web

import "net/http"

// Handler returns every route, with the middleware each needs. GET never
// changes state; unsafe methods are refused from other sites.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /static/", s.static)
	mux.HandleFunc("GET /favicon.ico", s.static.Favicon)

	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /sources/{slug}", s.reader)
	mux.HandleFunc("GET /lessons", s.lessonList)
	mux.HandleFunc("GET /lessons/{slug}", s.lessonShow)
	mux.HandleFunc("GET /lessons/{slug}/worksheet", s.worksheet)
	mux.HandleFunc("GET /lessons/{slug}/sources", s.lessonSources)
	mux.HandleFunc("POST /lessons/{slug}/questions/{question}", s.answerSubmit)
	mux.HandleFunc("POST /lessons/{slug}/questions/{question}/self-assess", s.selfAssess)
	mux.HandleFunc("POST /lessons/{slug}/questions/{question}/draft", s.draftSave)
	mux.HandleFunc("POST /lessons/{slug}/attempts", s.attemptStart)
	mux.HandleFunc("GET /progress", s.progress)
	mux.HandleFunc("GET /review/{slug}/{question}", s.reviewShow)
	mux.HandleFunc("POST /review/{slug}/{question}", s.reviewSubmit)
	mux.HandleFunc("GET /join", s.joinForm)
	mux.HandleFunc("POST /join", s.joinClass)
	mux.HandleFunc("GET /home", s.signedIn(s.studentHome))

	mux.HandleFunc("GET /login", s.loginForm)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("GET "+signedOutPath, s.home)
	mux.HandleFunc("GET "+forgetPath, forget)
	mux.HandleFunc("GET /account/save", s.saveForm)
	mux.HandleFunc("POST /account/save", s.save)
	mux.HandleFunc("GET /account/recover", s.recoverForm)
	mux.HandleFunc("POST /account/recover", s.recoverAccount)
	mux.HandleFunc("POST /account/recovery-code", s.signedIn(s.recoveryCodeNew))

	// Their data, their choice: anyone with progress, a guest too.
	mux.HandleFunc("GET /privacy", s.privacy)
	mux.HandleFunc("GET /account/data", s.signedIn(s.myData))
	mux.HandleFunc("GET /account/data.json", s.signedIn(s.myDataJSON))
	mux.HandleFunc("GET /account/answers.csv", s.signedIn(s.myAnswersCSV))
	mux.HandleFunc("POST /account/delete", s.signedIn(s.accountDelete))

	mux.HandleFunc("GET /signup", s.signupForm)
	mux.HandleFunc("POST /signup", s.signup)

	// Teachers only. Every class is loaded through its teacher, so another
	// teacher's class is "not found".
	mux.HandleFunc("GET /teach", s.teacher(s.teacherHome))
	mux.HandleFunc("GET /lessons/{slug}/worksheet/key", s.teacher(s.worksheetKey))
	mux.HandleFunc("GET /lessons/{slug}/teacher", s.teacher(s.teacherEdition))
	mux.HandleFunc("POST /teach/timezone", s.teacher(s.timezoneSave))
	mux.HandleFunc("POST /teach/classes", s.teacher(s.classCreate))
	mux.HandleFunc("GET /teach/classes/{class}", s.teacher(s.classShow))
	mux.HandleFunc("POST /teach/classes/{class}/rename", s.teacher(s.classRename))
	mux.HandleFunc("POST /teach/classes/{class}/archive", s.teacher(s.classArchive))
	mux.HandleFunc("GET /teach/classes/{class}/code", s.teacher(s.classNewCodeAsk))
	mux.HandleFunc("POST /teach/classes/{class}/code", s.teacher(s.classNewCode))
	mux.HandleFunc("POST /teach/classes/{class}/delete", s.teacher(s.classDelete))
	mux.HandleFunc("POST /teach/classes/{class}/assign", s.teacher(s.classAssign))
	mux.HandleFunc("POST /teach/classes/{class}/unassign/{slug}", s.teacher(s.classUnassign))
	mux.HandleFunc("GET /teach/classes/{class}/students/{student}/reset", s.teacher(s.studentResetAsk))
	mux.HandleFunc("POST /teach/classes/{class}/students/{student}/reset", s.teacher(s.studentReset))
	mux.HandleFunc("GET /teach/classes/{class}/students/{student}/remove", s.teacher(s.studentRemoveAsk))
	mux.HandleFunc("POST /teach/classes/{class}/students/{student}/remove", s.teacher(s.studentRemove))
	mux.HandleFunc("GET /teach/classes/{class}/students/{student}/delete", s.teacher(s.studentDeleteForm))
	mux.HandleFunc("POST /teach/classes/{class}/students/{student}/delete", s.teacher(s.studentDelete))
	mux.HandleFunc("GET /teach/classes/{class}/students/{student}/lessons/{slug}", s.teacher(s.studentAnswers))
	mux.HandleFunc("GET /teach/classes/{class}/gradebook", s.teacher(s.gradebook))
	mux.HandleFunc("GET /teach/classes/{class}/gradebook.csv", s.teacher(s.gradebookCSV))
	mux.HandleFunc("GET /teach/classes/{class}/lessons/{slug}/grading", s.teacher(s.grading))
	mux.HandleFunc("POST /teach/classes/{class}/lessons/{slug}/grading", s.teacher(s.gradeSave))
	mux.HandleFunc("GET /teach/classes/{class}/lessons/{slug}/insight", s.teacher(s.insight))

	// A teacher's own sources: theirs alone, loaded through their owner,
	// so another teacher's are "not found". Published versions never change.
	mux.HandleFunc("GET /teach/sources", s.teacher(s.sourcesList))
	mux.HandleFunc("GET /teach/sources/new", s.teacher(s.sourceNew))
	mux.HandleFunc("POST /teach/sources", s.teacher(s.sourceCreate))
	mux.HandleFunc("GET /teach/sources/{slug}/edit", s.teacher(s.sourceEditForm))
	mux.HandleFunc("POST /teach/sources/{slug}/edit", s.teacher(s.sourceEdit))
	mux.HandleFunc("GET /teach/sources/{slug}/draft", s.teacher(s.sourceDraft))
	mux.HandleFunc("POST /teach/sources/{slug}/draft/merge", s.teacher(s.sourceMerge))
	mux.HandleFunc("GET /teach/sources/{slug}/draft/split", s.teacher(s.sourceSplitForm))
	mux.HandleFunc("POST /teach/sources/{slug}/draft/split", s.teacher(s.sourceSplit))
	mux.HandleFunc("POST /teach/sources/{slug}/draft/publish", s.teacher(s.sourcePublish))
	mux.HandleFunc("GET /sources/{slug}/v/{version}", s.teacher(s.sourceRead))

	// A teacher's own lessons, loaded through their owner as sources are:
	// another teacher's are "not found". Students open a published one at
	// /lessons/{slug}, as any lesson (lesson_resolve.go).
	mux.HandleFunc("GET /teach/lessons", s.teacher(s.teacherLessonsList))
	mux.HandleFunc("GET /teach/lessons/new", s.teacher(s.lessonNew))
	mux.HandleFunc("POST /teach/lessons", s.teacher(s.lessonCreate))
	mux.HandleFunc("GET /teach/lessons/{slug}", s.teacher(s.lessonOverview))
	mux.HandleFunc("GET /teach/lessons/{slug}/text", s.teacher(s.lessonText))
	mux.HandleFunc("POST /teach/lessons/{slug}/text", s.teacher(s.lessonTextSave))
	mux.HandleFunc("GET /teach/lessons/{slug}/preview", s.teacher(s.lessonPreview))
	mux.HandleFunc("GET /teach/lessons/{slug}/preview/teacher", s.teacher(s.lessonEditionPreview))
	mux.HandleFunc("POST /teach/lessons/{slug}/publish", s.teacher(s.lessonPublish))

	// Lesson packs: a lesson and its sources as one file. Export is for
	// the lesson's owner, or any teacher for a lesson of the library;
	// import makes the pack's lessons and sources the teacher's own.
	mux.HandleFunc("GET /teach/lessons/{slug}/export", s.teacher(s.lessonExport))
	mux.HandleFunc("GET "+lessonImportPath, s.teacher(s.lessonImportForm))
	mux.HandleFunc("POST "+lessonImportPath, s.teacher(s.lessonImport))

	// The lesson builder: a teacher's own lesson as forms, its owner's only.
	mux.HandleFunc("GET /teach/lessons/{slug}/edit", s.teacher(s.lessonBuilder))
	mux.HandleFunc("POST /teach/lessons/{slug}/edit", s.teacher(s.lessonBuilderSave))

	mux.HandleFunc("/", s.notFound)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOrigin))
	return s.recoverPanics(s.logRequests(securityHeaders(s.secure, gzipResponses(limitBodies(cop.Handler(mux))))))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok"))
}
