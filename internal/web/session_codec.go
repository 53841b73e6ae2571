package web

import (
	"encoding/json"
	"fmt"

	"github.com/gorilla/securecookie"
)

// sessionSerializer writes the session cookie's contents as a small JSON
// object. gorilla's default, gob, builds a new decoder for every cookie
// it reads, and that was 4 % of the server's CPU under load: every page
// reads the session.
//
// The session holds only what this package puts in it, so anything else
// is an error rather than silently dropped.
type sessionSerializer struct{}

// sessionData is the cookie's JSON.
type sessionData struct {
	UID     int64    `json:"uid,omitempty"`
	Epoch   int64    `json:"epoch,omitempty"`
	Seed    int64    `json:"seed,omitempty"`
	Seen    int64    `json:"seen,omitempty"` // last activity, Unix seconds (see idleLimit)
	Flashes []string `json:"flash,omitempty"`
	// Recovery is a new recovery code until the next page has shown it
	// once (see recovery.go); the cookie is encrypted.
	Recovery string `json:"recovery,omitempty"`
}

// flashKey is where gorilla/sessions keeps flashes in a session's Values.
const flashKey = "_flash"

func (sessionSerializer) Serialize(src any) ([]byte, error) {
	values, ok := src.(map[any]any)
	if !ok {
		return nil, fmt.Errorf("session: cannot store a %T", src)
	}
	var d sessionData
	for k, v := range values {
		var ok bool
		switch k {
		case "uid":
			d.UID, ok = v.(int64)
		case "epoch":
			d.Epoch, ok = v.(int64)
		case seedKey:
			d.Seed, ok = v.(int64)
		case "seen":
			d.Seen, ok = v.(int64)
		case recoveryKey:
			d.Recovery, ok = v.(string)
		case flashKey:
			var list []any
			if list, ok = v.([]any); ok {
				for _, f := range list {
					msg, isString := f.(string)
					if !isString {
						return nil, fmt.Errorf("session: a flash must be a string, not %T", f)
					}
					d.Flashes = append(d.Flashes, msg)
				}
			}
		}
		if !ok {
			return nil, fmt.Errorf("session: cannot store %v = %T", k, v)
		}
	}
	return json.Marshal(d)
}

func (sessionSerializer) Deserialize(src []byte, dst any) error {
	values, ok := dst.(*map[any]any)
	if !ok {
		return fmt.Errorf("session: cannot read into a %T", dst)
	}
	var d sessionData
	if err := json.Unmarshal(src, &d); err != nil {
		// Cookies written before the JSON format were gob: they still
		// carry guests' progress, and they last 180 days.
		return securecookie.GobEncoder{}.Deserialize(src, dst)
	}
	m := map[any]any{}
	if d.UID != 0 {
		m["uid"] = d.UID
	}
	if d.Epoch != 0 {
		m["epoch"] = d.Epoch
	}
	if d.Seed != 0 {
		m[seedKey] = d.Seed
	}
	if d.Seen != 0 {
		m["seen"] = d.Seen
	}
	if d.Recovery != "" {
		m[recoveryKey] = d.Recovery
	}
	if len(d.Flashes) > 0 {
		list := make([]any, len(d.Flashes))
		for i, f := range d.Flashes {
			list[i] = f
		}
		m[flashKey] = list
	}
	*values = m
	return nil
}
