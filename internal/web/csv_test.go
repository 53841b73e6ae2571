package web

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestCSVNeutralisesFormulas(t *testing.T) {
	hostile := []string{`=HYPERLINK("http://evil","x")`, "+1", "-2+3", `@SUM(A1:A9)`, "\tTabbed", "\rReturn", "Plain Name", "Zoë, \"quoted\""}
	var records [][]string
	for _, name := range hostile {
		records = append(records, []string{name, "7"})
	}
	var buf bytes.Buffer
	if err := writeCSV(&buf, records); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeff") {
		t.Fatal("no byte order mark")
	}
	if !strings.Contains(out, "\r\n") {
		t.Error("lines do not end in CRLF (RFC 4180)")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("output does not parse as CSV: %v", err)
	}
	for i, row := range rows {
		cell := row[0]
		if strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("row %d starts with a formula character: %q", i, cell)
		}
		// RFC 4180 mode (CRLF line ends) drops a lone carriage return.
		if got, want := strings.TrimPrefix(cell, "'"), strings.ReplaceAll(hostile[i], "\r", ""); got != want {
			t.Errorf("row %d = %q, want %q behind an apostrophe at most", i, cell, want)
		}
	}
	if rows[6][0] != "Plain Name" || rows[7][0] != `Zoë, "quoted"` {
		t.Errorf("ordinary names changed: %q, %q", rows[6][0], rows[7][0])
	}
}

func TestCSVFileName(t *testing.T) {
	if got := csvFileName(`Year 10 "History"/B`); got != "Year-10-History-B-grades.csv" {
		t.Errorf("csvFileName = %q", got)
	}
}
