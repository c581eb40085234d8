package scenario

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
)

// record is a cached value: a user record like the seed's, carrying the
// source version it was loaded at, padded to the configured size. It is
// encoded with encoding/json; it is decoded by a fixed-shape decoder that
// falls back to encoding/json (recordparse.go).
type record struct {
	ID      uint64 `json:"id"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Version uint64 `json:"version"`
	// Delta and Expiry are set by the xfetch strategy only: the time the
	// value took to recompute, in µs, and when it expires, in Unix µs.
	Delta   int64  `json:"delta_us,omitempty"`
	Expiry  int64  `json:"expiry_us,omitempty"`
	Payload string `json:"payload"`
}

// paddingCache holds a run of 'x' at least as long as the longest payload
// built so far, sliced for payloads so that building a record does not
// allocate one. It grows on demand: a process that never builds a 16 MiB
// value never holds one.
var paddingCache atomic.Pointer[string]

// padding returns n bytes of 'x'.
func padding(n int) string {
	if p := paddingCache.Load(); p != nil && len(*p) >= n {
		return (*p)[:n]
	}
	s := strings.Repeat("x", max(n, 4096))
	paddingCache.Store(&s) // a racing store may keep a shorter run: it regrows
	return s[:n]
}

// errCorrupt is a cached value that is not the record written for its key.
var errCorrupt = errors.New("scenario: cached value is not the record written for this key")

// encodeRecord serialises key k's record at version v, padded so the JSON is
// size bytes (or as small as the record allows).
func encodeRecord(k, v uint64, size int) ([]byte, error) {
	return encodeRecordMeta(k, v, size, 0, 0)
}

// encodeRecordMeta is encodeRecord with xfetch's delta (µs) and expiry
// (Unix µs); zero values are left out. Both must not be negative.
//
// Encoding stays with encoding/json: it runs on fills only, each of which
// waits for a source load (milliseconds) anyway, so its microsecond is not
// what limits a run; and the bytes are then exactly encoding/json's, which
// the fast decoder is tested against.
func encodeRecordMeta(k, v uint64, size int, delta, expiry int64) ([]byte, error) {
	name := "user-" + strconv.FormatUint(k, 10)
	r := record{ID: k, Name: name, Email: name + "@example.com", Version: v, Delta: delta, Expiry: expiry}
	// Fixed part: {"id":,"name":"","email":"","version":,"payload":""} is 52 bytes.
	fixed := 52 + digits(k) + len(r.Name) + len(r.Email) + digits(v)
	if delta > 0 {
		fixed += len(`,"delta_us":`) + digits(uint64(delta))
	}
	if expiry > 0 {
		fixed += len(`,"expiry_us":`) + digits(uint64(expiry))
	}
	if pad := size - fixed; pad > 0 {
		r.Payload = padding(pad)
	}
	return json.Marshal(r)
}

// decodeRecord parses a cached value and checks it belongs to key k; it
// returns the version the value carries.
func decodeRecord[T ~string | ~[]byte](b T, k uint64) (uint64, error) {
	r, err := decodeRecordMeta(b, k)
	return r.Version, err
}

// decodeRecordMeta parses a cached value and checks it belongs to key k; it
// returns the record's numeric fields (ID, Version, Delta, Expiry): the
// strings are validated but not returned, so that a hit allocates nothing.
//
// The fast path (parseRecord) accepts exactly the shape encodeRecordMeta
// writes; any other input, valid JSON in another layout or not JSON at all,
// goes to encoding/json, which decides.
func decodeRecordMeta[T ~string | ~[]byte](b T, k uint64) (record, error) {
	r, ok := parseRecord(b)
	if !ok {
		var full record
		if err := json.Unmarshal([]byte(b), &full); err != nil {
			return record{}, errCorrupt
		}
		r = record{ID: full.ID, Version: full.Version, Delta: full.Delta, Expiry: full.Expiry}
	}
	if r.ID != k {
		return record{}, errCorrupt
	}
	return r, nil
}

func digits(n uint64) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}
