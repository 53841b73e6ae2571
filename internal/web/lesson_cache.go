package web

import (
	"sync"

	"github.com/a-h/templ"

	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// maxCachedLessons bounds the parsed teachers' lessons kept in memory.
const maxCachedLessons = 256

// resolved is a teacher's published lesson version, parsed, with what its
// pages draw from it once: its reading and its sources laid out.
type resolved struct {
	lesson  *lessons.Lesson
	reading templ.Component
	docs    map[string]templates.DocView // by source slug
}

type versionKey struct {
	id      int64
	version int
}

// lessonCache keeps parsed published versions. A published version never
// changes (a trigger sees to it), so an entry never goes stale.
type lessonCache struct {
	mu        sync.Mutex
	byVersion map[versionKey]*resolved
	byLesson  map[*lessons.Lesson]*resolved
}

func newLessonCache() *lessonCache {
	return &lessonCache{byVersion: map[versionKey]*resolved{}, byLesson: map[*lessons.Lesson]*resolved{}}
}

func (c *lessonCache) get(k versionKey) *resolved {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byVersion[k]
}

func (c *lessonCache) of(l *lessons.Lesson) *resolved {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byLesson[l]
}

func (c *lessonCache) put(k versionKey, r *resolved) *resolved {
	c.mu.Lock()
	defer c.mu.Unlock()
	if had := c.byVersion[k]; had != nil { // parsed twice at once: keep one
		return had
	}
	for len(c.byVersion) >= maxCachedLessons { // any one goes: a miss only parses again
		for k, old := range c.byVersion {
			delete(c.byVersion, k)
			delete(c.byLesson, old.lesson)
			break
		}
	}
	c.byVersion[k] = r
	c.byLesson[r.lesson] = r
	return r
}
