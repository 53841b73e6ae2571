package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientAddr is the address a request came from, as the guessing and
// sign-up limits count it.
//
// Behind a reverse proxy (serve -trust-proxy) every connection comes from
// the proxy, so the address is the last entry of X-Forwarded-For: the one
// our proxy added, naming whoever connected to it. Earlier entries were
// written by the client and prove nothing. Without -trust-proxy the header
// is ignored, or anyone could pick a fresh address for every guess.
//
// An IPv6 client is counted by its /64: one home or school network is
// given a whole /64, and could otherwise take a new address per request.
func (s *Server) clientAddr(r *http.Request) string {
	if s.trustProxy {
		if a, ok := lastForwarded(r.Header.Values("X-Forwarded-For")); ok {
			return limitKey(a)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	return limitKey(a)
}

// lastForwarded is the last address in X-Forwarded-For, across all its
// lines, if it is one.
func lastForwarded(lines []string) (netip.Addr, bool) {
	if len(lines) == 0 {
		return netip.Addr{}, false
	}
	last := lines[len(lines)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	a, err := netip.ParseAddr(strings.TrimSpace(last))
	return a, err == nil
}

// limitKey is a's IPv4 address, or its IPv6 /64.
func limitKey(a netip.Addr) string {
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
