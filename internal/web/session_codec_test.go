package web

import (
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

func TestSessionSerializerRoundTrip(t *testing.T) {
	for _, values := range []map[any]any{
		{},
		{"uid": int64(42), "epoch": int64(3)},
		{"uid": int64(42), "epoch": int64(3), "seen": int64(1796162878)},
		{"uid": int64(7), "epoch": int64(1), flashKey: []any{"Saved.", "Class “Year 10” renamed."}},
		{seedKey: int64(-8070450532247928832)}, // a visitor before their first answer
	} {
		b, err := sessionSerializer{}.Serialize(values)
		if err != nil {
			t.Fatalf("Serialize(%v): %v", values, err)
		}
		got := map[any]any{}
		if err := (sessionSerializer{}).Deserialize(b, &got); err != nil {
			t.Fatalf("Deserialize(%s): %v", b, err)
		}
		if !reflect.DeepEqual(got, values) {
			t.Errorf("round trip of %v gave %v (via %s)", values, got, b)
		}
	}
}

// A value this package never stores is refused, not dropped: a session
// that silently lost it would be a bug found much later.
func TestSessionSerializerRefusesUnknownValues(t *testing.T) {
	for _, values := range []map[any]any{
		{"uid": "42"},
		{"role": "teacher"},
		{flashKey: []any{17}},
	} {
		if b, err := (sessionSerializer{}).Serialize(values); err == nil {
			t.Errorf("Serialize(%v) = %s, want an error", values, b)
		}
	}
}

// A cookie written in the old gob format, before this serializer, still
// signs its holder in: a guest's progress lives only in that cookie.
func TestSessionReadsGobCookies(t *testing.T) {
	hashKey, blockKey := randomBytes(64), randomBytes(32)
	old := securecookie.New(hashKey, blockKey) // gob, as gorilla writes by default
	want := map[any]any{"uid": int64(12), "epoch": int64(2)}
	value, err := old.Encode(sessionName, want)
	if err != nil {
		t.Fatal(err)
	}

	store := sessions.NewCookieStore(hashKey, blockKey)
	for _, c := range store.Codecs {
		c.(*securecookie.SecureCookie).SetSerializer(sessionSerializer{})
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Cookie", sessionName+"="+value)
	sess, err := store.Get(r, sessionName)
	if err != nil {
		t.Fatalf("reading a gob cookie: %v", err)
	}
	if !reflect.DeepEqual(sess.Values, want) {
		t.Errorf("gob cookie read as %v, want %v", sess.Values, want)
	}
}
