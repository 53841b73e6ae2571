package web

import (
	"cmp"
	_ "embed"
	"slices"
	"strings"
)

// zoneTab lists every time zone a teacher can choose: each IANA zone of
// a country, and UTC (see the file's header).
//
//go:embed timezones.txt
var zoneTab string

// timezones are the zones a teacher can pick for due dates: UTC, then
// the others by name, so grouped by region. A test checks each loads.
var timezones = func() []string {
	var zs []string
	for _, line := range strings.Split(zoneTab, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			zs = append(zs, line)
		}
	}
	utcFirst := func(z string) string {
		if z == "UTC" {
			return ""
		}
		return z
	}
	slices.SortFunc(zs, func(a, b string) int { return cmp.Compare(utcFirst(a), utcFirst(b)) })
	return zs
}()

// validZone reports whether a teacher may choose the zone.
func validZone(tz string) bool {
	return slices.Contains(timezones, tz)
}
