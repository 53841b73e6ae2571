package web

import (
	"encoding/csv"
	"io"
	"net/http"
	"strings"

	"github.com/ciphergram/ciphergram/internal/store"
)

// gradebookCSV exports the gradebook as RFC 4180 CSV in UTF-8 with a byte
// order mark, so spreadsheets open it right. It carries display names only.
func (s *Server) gradebookCSV(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, ok := s.classFor(w, r, u)
	if !ok {
		return
	}
	ls, _, rows, err := s.classGrades(r, u, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sortRows(rows, ls, "name", false)
	header := []string{"Student"}
	for _, l := range ls {
		header = append(header, l.Title+": points (of "+formatPoints(l.MaxPoints())+")", l.Title+": status")
	}
	records := [][]string{header}
	for _, row := range rows {
		rec := []string{row.student.DisplayName}
		for _, cell := range row.cells {
			points, status := "", map[string]string{"done": "done", "in-progress": "in progress", "not-started": "not started"}[cell.status]
			if cell.hasScore {
				points = formatPoints(cell.points)
			}
			if cell.late {
				status += " (late)"
			}
			if cell.missing {
				status += " (missing: past due, not handed in)"
			}
			if cell.work.Pending > 0 {
				status += " (written answers to grade)"
			}
			rec = append(rec, points, status)
		}
		records = append(records, rec)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+csvFileName(c.Name)+`"`)
	w.Header().Set("Cache-Control", "no-store")
	writeCSV(w, records)
}

// writeCSV writes records as CSV with a BOM and CRLF line ends, every cell
// neutralised against formula injection.
func writeCSV(w io.Writer, records [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for _, rec := range records {
		safe := make([]string, len(rec))
		for i, cell := range rec {
			safe[i] = neutralise(cell)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// neutralise stops a spreadsheet from reading a cell as a formula: one
// that begins with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets show as text.
func neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// csvFileName makes a safe file name from a class name.
func csvFileName(class string) string {
	var b strings.Builder
	for _, r := range class {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-") + "-grades.csv"
}
