package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// For the tests of package store_test, which fill databases with
// internal/demo (itself an importer of store).

// CopyTables lists the tables CopyTo copies.
func CopyTables() []string {
	var names []string
	for _, t := range copyTables {
		names = append(names, t.name)
	}
	return names
}

// DumpTable returns the table's rows, each as "column=value" pairs in
// column-name order, sorted: equal on two engines when the data is.
func (db *DB) DumpTable(ctx context.Context, table string) ([]string, error) {
	var dump []string
	var cols []string
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		return eachRowOf(ctx, tx, table, func(c []string) error { cols = c; return nil }, func(vals []any) error {
			fields := make([]string, len(cols))
			for i, c := range cols {
				fields[i] = c + "=" + dumpValue(vals[i])
			}
			slices.Sort(fields)
			dump = append(dump, strings.Join(fields, " "))
			return nil
		})
	})
	slices.Sort(dump)
	return dump, err
}

// dumpValue writes a value the same way whichever driver read it.
func dumpValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return strconv.Quote(string(v))
	case string:
		return strconv.Quote(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	default:
		return fmt.Sprintf("%T(%v)", v, v)
	}
}
