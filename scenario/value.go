package scenario

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// record is a cached value: a user record like the seed's, carrying the
// source version it was loaded at, padded to the configured size. It is
// serialised with encoding/json so the benchmark pays what an application
// pays to (de)serialise.
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

// padding is sliced for payloads, so building a record does not allocate it.
var padding = strings.Repeat("x", 16<<20)

// errCorrupt is a cached value that is not the record written for its key.
var errCorrupt = errors.New("scenario: cached value is not the record written for this key")

// encodeRecord serialises key k's record at version v, padded so the JSON is
// size bytes (or as small as the record allows).
func encodeRecord(k, v uint64, size int) ([]byte, error) {
	return encodeRecordMeta(k, v, size, 0, 0)
}

// encodeRecordMeta is encodeRecord with xfetch's delta (µs) and expiry
// (Unix µs); zero values are left out. Both must not be negative.
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
		r.Payload = padding[:pad]
	}
	return json.Marshal(r)
}

// decodeRecord parses a cached value and checks it belongs to key k; it
// returns the version the value carries.
func decodeRecord(b []byte, k uint64) (uint64, error) {
	r, err := decodeRecordMeta(b, k)
	return r.Version, err
}

// decodeRecordMeta parses a cached value and checks it belongs to key k; it
// returns the whole record.
func decodeRecordMeta(b []byte, k uint64) (record, error) {
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return record{}, errCorrupt
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
