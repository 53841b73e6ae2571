package loadtest

import (
	"context"
	"fmt"
	"strings"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/web"
)

// sourceBytes is the size of each seeded source: the most a teacher may
// paste or upload (issue 13: "200 KB a source").
const sourceBytes = 200 << 10

// seedSources gives the in-process server n teachers, each with one
// published source of sourceBytes, stored as the browser's form stores
// one: split by the app's splitter, created as a draft, then published.
// Issue 13 asks that fifty of them not slow the built-in lesson pages;
// -sources measures it. hash is every teacher's password hash (hashing
// fifty would only slow the set-up).
func seedSources(ctx context.Context, db *store.DB, n int, hash string) error {
	text := sourceText(sourceBytes)
	blocks := web.SplitSource(text)
	for i := range n {
		t, err := db.CreateTeacher(ctx, fmt.Sprintf("source-teacher-%d", i), fmt.Sprintf("Teacher %d", i), hash, "UTC")
		if err != nil {
			return err
		}
		slug := fmt.Sprintf("district-reports-%d", i)
		d := store.SourceDetails{Title: fmt.Sprintf("District reports, volume %d", i+1), Creator: "District committee",
			Date: "1921", Kind: "report", Provenance: "A school's own transcription"}
		if err := db.CreateSource(ctx, t.ID, slug, d, text, blocks); err != nil {
			return fmt.Errorf("source %d: %w", i, err)
		}
		if _, err := db.PublishSource(ctx, t.ID, slug, 0); err != nil {
			return fmt.Errorf("publish source %d: %w", i, err)
		}
	}
	return nil
}

// sourceText is plain prose of just under size bytes: numbered reports,
// each a heading line and a paragraph of varied sentences, so the
// splitter finds blocks and sentences as in a real document.
func sourceText(size int) string {
	places := []string{"Tver", "Ryazan", "Kaluga", "Tula", "Smolensk", "Vologda", "Kostroma"}
	goods := []string{"grain", "seed potatoes", "firewood", "salt", "kerosene", "boots"}
	var b strings.Builder
	for i := 1; ; i++ {
		p, g := places[i%len(places)], goods[i%len(goods)]
		report := fmt.Sprintf("Report No. %d from %s\n\n"+
			"The committee of %s met on the %dth and heard the secretary. "+
			"Deliveries of %s stand at %d per cent of the quota, and the rest is promised by the end of the month. "+
			"Three villages ask for seed before the thaw; the chairman answered that none can be spared until the railway is repaired. "+
			"The meeting closed at %d o'clock.\n\n", i, p, p, i%28+1, g, (i*37)%100, i%12+1)
		if b.Len()+len(report) > size {
			return b.String()
		}
		b.WriteString(report)
	}
}
