package web

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"fmt"
)

// MinSessionKey is the shortest Config.SessionKey accepted, in bytes.
const MinSessionKey = 32

// sessionKeys are the keys that sign (hash) and encrypt (block) the
// session and device cookies, and the secret that keys the limits' hashes.
// Every server on one database must have the same, or a learner whose next
// request reaches another server is signed out.
type sessionKeys struct {
	hash, block, limits []byte
}

// newSessionKeys derives the keys from secret, the session key file every
// server is given (serve -session-key-file), each under its own label so
// that none reveals another. Without one they are made on first run and
// kept in the database's settings, where every server on the same
// database reads the same ones, and restarts do not sign everyone out.
func newSessionKeys(ctx context.Context, cfg Config) (sessionKeys, error) {
	var k sessionKeys
	var err error
	if cfg.SessionKey != nil {
		if len(cfg.SessionKey) < MinSessionKey {
			return k, fmt.Errorf("session key: %d bytes, want at least %d random ones", len(cfg.SessionKey), MinSessionKey)
		}
		if k.hash, err = hkdf.Key(sha256.New, cfg.SessionKey, nil, "ciphergram session hash key", 64); err != nil {
			return k, err
		}
		if k.block, err = hkdf.Key(sha256.New, cfg.SessionKey, nil, "ciphergram session block key", 32); err != nil {
			return k, err
		}
	} else {
		if k.hash, err = cfg.DB.SettingOrInit(ctx, "session_hash_key", randomBytes(64)); err != nil {
			return k, fmt.Errorf("session keys: %w", err)
		}
		if k.block, err = cfg.DB.SettingOrInit(ctx, "session_block_key", randomBytes(32)); err != nil {
			return k, fmt.Errorf("session keys: %w", err)
		}
	}
	k.limits, err = hkdf.Key(sha256.New, k.hash, nil, "ciphergram limit keys", 32)
	return k, err
}
