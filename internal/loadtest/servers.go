package loadtest

import (
	"context"
	"errors"
	"net/url"
	"syscall"
)

// Against several servers on one database, students are spread over them
// round-robin. A student keeps to its server until a request to it gets no
// answer (the connection refused or cut, as when the server is killed, or
// no reply in time): then the student sends that request again to the next
// server, and stays there. Its session cookie is valid on every server, as
// they share the database that holds the session keys.
//
// Sending a request again is safe for every request of the lesson phase:
// pages are only read, a new attempt is the open one when there is one,
// and an answer to a question already answered in its attempt is stored
// once (store.Submit). Answers name their attempt once they know it (the
// page's or the reply's answer form), so an answer that finished an
// attempt and is sent again is found, not stored in a new attempt. Not a
// join: one stored by a server killed before its reply is refused when sent
// again (the username is taken), and the student counts as not joined.

// ServerStats are one server's figures over the whole run, joins included.
type ServerStats struct {
	Requests int64 `json:"requests"` // sent to it, answered or not
	// Errors are its failed requests: a wrong status or page, or no answer.
	Errors int64 `json:"errors"`
	// Failovers are the errors of no answer after which the student sent
	// the request again to the next server: a kill shows here.
	Failovers int64 `json:"failovers"`
	// UnderWay are the failovers of requests under way when the server
	// stopped (cut mid-way, or no reply in time; also one sent on a kept
	// connection the kill had just closed): it may have done them, and the
	// next server finds an answer already stored. The others found it gone
	// (connection refused).
	UnderWay      int64 `json:"failovers_under_way"`
	Students      int64 `json:"students"`        // given this server at the start
	StudentsAtEnd int64 `json:"students_at_end"` // on it when they stopped
}

// serverCounts are one student's per-server figures, indexed like the
// servers, merged at the end so students never share a lock.
type serverCounts []ServerStats

func (c serverCounts) mergeInto(all map[string]*ServerStats, servers []string) {
	for i, s := range c {
		t := all[servers[i]]
		t.Requests += s.Requests
		t.Errors += s.Errors
		t.Failovers += s.Failovers
		t.UnderWay += s.UnderWay
		t.Students += s.Students
		t.StudentsAtEnd += s.StudentsAtEnd
	}
}

// server is the base URL of the student's server.
func (s *student) server() string { return s.servers[s.at] }

// failover moves the student to the next server after the current one
// gave no answer (err), and reports whether there is another to try for
// the request under way (tries: how many servers it went to). It carries
// the session cookie over, for servers under other host names.
func (s *student) failover(ctx context.Context, tries int, err error) bool {
	if tries >= len(s.servers) || ctx.Err() != nil {
		return false
	}
	s.counts[s.at].Failovers++
	if !errors.Is(err, syscall.ECONNREFUSED) {
		s.counts[s.at].UnderWay++
	}
	from, _ := url.Parse(s.server() + "/")
	s.at = (s.at + 1) % len(s.servers)
	to, _ := url.Parse(s.server() + "/")
	s.client.Jar.SetCookies(to, s.client.Jar.Cookies(from))
	return true
}
