package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Moving a school up from one SQLite file to PostgreSQL (`ciphergram
// migrate`) copies every row of every table, ids kept, into an empty
// database that the same binary has migrated to the same schema.

// copyTables is every table the migrations create, parents before
// children, so that each row's foreign keys find their parents already
// copied. A migration that adds a table adds it here too: CopyTo refuses a
// database with a table missing from this list rather than leave its rows
// behind, and TestCopyKnowsEveryTable walks the schema to say so first.
var copyTables = []copyTable{
	// A student's joined_class_id points at a class, whose teacher_id
	// points back at a user: it is filled in once the classes are in.
	{name: "users", later: []string{"joined_class_id"}},
	{name: "classes"},
	{name: "enrolments"},
	{name: "assignments"},
	{name: "attempts"},
	{name: "responses"},
	{name: "grades"},
	{name: "drafts"},
	{name: "reviews"},
	{name: "recovery_codes"},
	{name: "settings"},
	{name: "sources"},
	{name: "source_versions"}, // published ones refuse updates, not inserts
	{name: "teacher_lessons"},
	{name: "teacher_lesson_versions"},
	// Guessing counts (limits.go): the wait of a guesser caught before the
	// move carries on after it.
	{name: "limit_counts"},
}

type copyTable struct {
	name string
	// later are columns copied as NULL and set, by the row's id, once
	// every table is in: they close a cycle of foreign keys.
	later []string
}

// ErrNotEmpty: the target of a copy already holds rows.
var ErrNotEmpty = errors.New("the target database is not empty")

// TableCount is how many rows a table holds on each side of a copy.
type TableCount struct {
	Table    string
	From, To int64
}

// CopyTo copies every row of db into dst, which must be empty, in one
// transaction on dst: it is all copied or none of it is. The rows are read
// in one snapshot of db, so a server still running on it would not break
// the copy, but what it writes meanwhile is not copied: stop it first.
// The counts of both sides, table by table, are compared before dst
// commits, and returned.
func (db *DB) CopyTo(ctx context.Context, dst *DB) ([]TableCount, error) {
	if err := db.knowsEveryTable(ctx); err != nil {
		return nil, fmt.Errorf("store: copy: the source: %w", err)
	}
	if err := dst.knowsEveryTable(ctx); err != nil {
		return nil, fmt.Errorf("store: copy: the target: %w", err)
	}
	var counts []TableCount
	err := db.inReadTx(ctx, func(from *sql.Tx) error {
		return dst.inWriteTx(ctx, func(to *sql.Tx) error {
			if err := refuseRows(ctx, to); err != nil {
				return err
			}
			for _, t := range copyTables {
				if err := copyRows(ctx, from, to, t); err != nil {
					return fmt.Errorf("table %s: %w", t.name, err)
				}
			}
			for _, t := range copyTables {
				if err := copyLater(ctx, from, to, t); err != nil {
					return fmt.Errorf("table %s: %w", t.name, err)
				}
			}
			if err := dst.engineAfterCopy(ctx, to); err != nil {
				return err
			}
			var err error
			counts, err = compareCounts(ctx, from, to)
			return err
		})
	})
	if err != nil {
		return counts, fmt.Errorf("store: copy: %w", err)
	}
	return counts, nil
}

// knowsEveryTable fails on a table of the schema that copyTables lacks.
func (db *DB) knowsEveryTable(ctx context.Context) error {
	names, err := db.Tables(ctx)
	if err != nil {
		return err
	}
	for _, name := range names {
		if name == "schema_migrations" { // written by Open on each side
			continue
		}
		if !slices.ContainsFunc(copyTables, func(t copyTable) bool { return t.name == name }) {
			return fmt.Errorf("table %s is not in the copy's list (copyTables in internal/store/copy.go): refusing to leave its rows behind", name)
		}
	}
	return nil
}

// refuseRows fails with ErrNotEmpty, naming the tables, if any table has a
// row: a copy merged into a live database would mix two schools' ids.
func refuseRows(ctx context.Context, to *sql.Tx) error {
	var full []string
	for _, t := range copyTables {
		var n int
		err := to.QueryRowContext(ctx, `SELECT 1 FROM `+t.name+` LIMIT 1`).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return err
		}
		full = append(full, t.name)
	}
	if len(full) > 0 {
		return fmt.Errorf("%w: %s hold rows", ErrNotEmpty, strings.Join(full, ", "))
	}
	return nil
}

// copyBatch is how many rows one INSERT copies: to a server, each
// statement is a round trip, and one a row made a copy many times slower.
const copyBatch = 200

// copyRows copies the table's rows, by column name, so the two engines'
// column orders need not agree; their sets of columns must.
func copyRows(ctx context.Context, from, to *sql.Tx, t copyTable) error {
	targetCols, err := columns(ctx, to, t.name)
	if err != nil {
		return err
	}
	var cols []string
	var batch []any // the values of up to copyBatch rows
	start := func(c []string) error {
		if cols = c; !sameColumns(cols, targetCols) {
			return fmt.Errorf("columns differ: source has %s, target %s", strings.Join(cols, ", "), strings.Join(slices.Sorted(maps.Keys(targetCols)), ", "))
		}
		batch = make([]any, 0, copyBatch*len(cols))
		return nil
	}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
		rows := strings.TrimSuffix(strings.Repeat(row+", ", len(batch)/len(cols)), ", ")
		_, err := to.ExecContext(ctx, `INSERT INTO `+t.name+` (`+strings.Join(cols, ", ")+`) VALUES `+rows, batch...)
		batch = batch[:0]
		return err
	}
	err = eachRowOf(ctx, from, t.name, start, func(vals []any) error {
		for i, c := range cols {
			v := vals[i]
			if slices.Contains(t.later, c) {
				v = nil
			}
			// A BLOB that SQLite holds as text is bytes to PostgreSQL's BYTEA.
			if s, ok := v.(string); ok && targetCols[c] == "BYTEA" {
				v = []byte(s)
			}
			batch = append(batch, v)
		}
		if len(batch) == cap(batch) {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// eachRowOf reads the whole table: start is given its columns, then each
// is given every row's values, as the driver reads them.
func eachRowOf(ctx context.Context, tx *sql.Tx, table string, start func(cols []string) error, each func(vals []any) error) error {
	rows, err := tx.QueryContext(ctx, `SELECT * FROM `+table)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	if err := start(cols); err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := each(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// columns maps the table's column names to their types as the driver
// names them.
func columns(ctx context.Context, tx *sql.Tx, table string) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT * FROM `+table+` WHERE 1 = 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	cols := make(map[string]string, len(types))
	for _, c := range types {
		cols[c.Name()] = strings.ToUpper(c.DatabaseTypeName())
	}
	return cols, rows.Err()
}

func sameColumns(names []string, cols map[string]string) bool {
	if len(names) != len(cols) {
		return false
	}
	for _, n := range names {
		if _, ok := cols[n]; !ok {
			return false
		}
	}
	return true
}

// copyLater sets the columns copied as NULL, row by row through the id.
func copyLater(ctx context.Context, from, to *sql.Tx, t copyTable) error {
	for _, c := range t.later {
		rows, err := from.QueryContext(ctx, `SELECT id, `+c+` FROM `+t.name+` WHERE `+c+` IS NOT NULL`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var v any
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return err
			}
			if _, err := to.ExecContext(ctx, `UPDATE `+t.name+` SET `+c+` = ? WHERE id = ?`, v, id); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// compareCounts counts every table on both sides and fails if they differ.
func compareCounts(ctx context.Context, from, to *sql.Tx) ([]TableCount, error) {
	var counts []TableCount
	var differ []string
	for _, t := range copyTables {
		c := TableCount{Table: t.name}
		if err := from.QueryRowContext(ctx, `SELECT count(*) FROM `+t.name).Scan(&c.From); err != nil {
			return nil, err
		}
		if err := to.QueryRowContext(ctx, `SELECT count(*) FROM `+t.name).Scan(&c.To); err != nil {
			return nil, err
		}
		if c.From != c.To {
			differ = append(differ, fmt.Sprintf("%s: %d rows, %d copied", t.name, c.From, c.To))
		}
		counts = append(counts, c)
	}
	if len(differ) > 0 {
		return counts, fmt.Errorf("the counts differ, nothing copied: %s", strings.Join(differ, "; "))
	}
	return counts, nil
}

// engineAfterCopy readies the copy for new rows (engine.afterCopy): on
// PostgreSQL each id sequence is set to its table's largest id (an empty
// table's is left as it is).
func (db *DB) engineAfterCopy(ctx context.Context, tx *sql.Tx) error {
	if db.engine.afterCopy == "" {
		return nil
	}
	for _, t := range copyTables {
		cols, err := columns(ctx, tx, t.name)
		if err != nil {
			return err
		}
		if _, ok := cols["id"]; !ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(db.engine.afterCopy, t.name), t.name); err != nil {
			return fmt.Errorf("table %s: next id: %w", t.name, err)
		}
	}
	return nil
}
