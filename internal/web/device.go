package web

import (
	"crypto/rand"
	"net/http"
	"slices"
	"time"

	"github.com/gorilla/securecookie"
)

// A device cookie marks a browser that has signed in before, and to which
// accounts (OWASP's "device cookie" pattern): a wrong password from it
// counts against that browser alone, not against the account's lock, so a
// stranger guessing an account cannot lock its owner's own browser out.
// It is signed and encrypted with the server's session keys, so it cannot
// be made up or edited, and it outlives signing out: that is its point.
const (
	deviceCookie   = "cg_device"
	deviceMaxAge   = 365 * 24 * time.Hour
	deviceMaxUsers = 5 // a family computer; the oldest account is dropped first
)

// device is what a device cookie says.
type device struct {
	ID    string  `json:"id"` // random, names this browser in the limits
	Users []int64 `json:"u"`  // accounts signed in from here, oldest first
}

func newDeviceCodec(hashKey, blockKey []byte) *securecookie.SecureCookie {
	c := securecookie.New(hashKey, blockKey)
	c.SetSerializer(securecookie.JSONEncoder{})
	c.MaxAge(int(deviceMaxAge.Seconds()))
	return c
}

// device reads this browser's device cookie: the zero device if it has
// none, or one that does not check out.
func (s *Server) device(r *http.Request) device {
	var d device
	c, err := r.Cookie(deviceCookie)
	if err != nil || s.devices.Decode(deviceCookie, c.Value, &d) != nil {
		return device{}
	}
	return d
}

func (d device) knows(userID int64) bool {
	return d.ID != "" && slices.Contains(d.Users, userID)
}

// rememberDevice adds userID to this browser's device cookie, making one
// if it has none.
func (s *Server) rememberDevice(w http.ResponseWriter, d device, userID int64) error {
	if d.ID == "" {
		d.ID = rand.Text()
	}
	d.Users = append(slices.DeleteFunc(slices.Clone(d.Users), func(id int64) bool { return id == userID }), userID)
	if len(d.Users) > deviceMaxUsers {
		d.Users = d.Users[len(d.Users)-deviceMaxUsers:]
	}
	return s.writeDevice(w, d)
}

// writeDevice sets the device cookie.
func (s *Server) writeDevice(w http.ResponseWriter, d device) error {
	v, err := s.devices.Encode(deviceCookie, d)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: v, Path: "/", MaxAge: int(deviceMaxAge.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	return nil
}

// forgetDevice drops a deleted account from this browser's device cookie:
// nothing the server set should name an account that is gone.
func (s *Server) forgetDevice(w http.ResponseWriter, r *http.Request, userID int64) error {
	d := s.device(r)
	if !slices.Contains(d.Users, userID) {
		return nil
	}
	d.Users = slices.DeleteFunc(slices.Clone(d.Users), func(id int64) bool { return id == userID })
	return s.writeDevice(w, d)
}
