package web

import (
	"strconv"
	"strings"
)

// acceptsGzip reads an Accept-Encoding header with its q-values (RFC 9110
// §12.5.3): "gzip;q=0" refuses gzip, and "*" stands for any coding not
// named. A bare search for "gzip" would send gzip to a client that said no.
func acceptsGzip(header string) bool {
	gzip, star := -1.0, -1.0 // -1: not named
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0 // a q-value we cannot read is no consent
				}
				q = f
			}
		}
		switch c := strings.ToLower(strings.TrimSpace(coding)); c {
		case "gzip", "x-gzip":
			gzip = max(gzip, q)
		case "*":
			star = max(star, q)
		}
	}
	if gzip >= 0 {
		return gzip > 0
	}
	return star > 0
}
