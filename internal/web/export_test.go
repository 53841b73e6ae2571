package web

// Timezones are the zones a teacher can choose, for the tests outside
// the package.
func Timezones() []string { return timezones }
