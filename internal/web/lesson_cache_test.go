package web

import (
	"testing"

	"github.com/ciphergram/ciphergram/lessons"
)

// TestLessonCacheBounded: the cache of teachers' parsed lessons keeps at
// most maxCachedLessons, finds what it keeps by version and by lesson, and
// a version parsed twice at once is kept once.
func TestLessonCacheBounded(t *testing.T) {
	c := newLessonCache()
	var last *resolved
	for i := range maxCachedLessons + 50 {
		last = &resolved{lesson: &lessons.Lesson{Slug: "x"}}
		c.put(versionKey{int64(i), 1}, last)
	}
	if len(c.byVersion) != maxCachedLessons || len(c.byLesson) != maxCachedLessons {
		t.Errorf("the cache holds %d versions and %d lessons, want %d", len(c.byVersion), len(c.byLesson), maxCachedLessons)
	}
	k := versionKey{int64(maxCachedLessons + 49), 1}
	if c.get(k) != last || c.of(last.lesson) != last {
		t.Error("the newest entry is not found")
	}
	if got := c.put(k, &resolved{lesson: &lessons.Lesson{}}); got != last {
		t.Error("a second parse of a kept version replaced it")
	}
}
