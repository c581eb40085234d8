package scenario

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// referenceDecode is what decodeRecordMeta must agree with: encoding/json
// and the key check.
func referenceDecode(b []byte, k uint64) (record, error) {
	var r record
	if err := json.Unmarshal(b, &r); err != nil || r.ID != k {
		return record{}, errCorrupt
	}
	return record{ID: r.ID, Version: r.Version, Delta: r.Delta, Expiry: r.Expiry}, nil
}

func TestDecodeRecordAgreesWithEncodingJSON(t *testing.T) {
	canonical, _ := encodeRecord(42, 7, 150)
	xfetch, _ := encodeRecordMeta(42, 7, 200, 5123, 1764000000123456)
	big, _ := encodeRecordMeta(1<<39, math.MaxUint64, 300, math.MaxInt64, math.MaxInt64)
	for _, tc := range []struct {
		name string
		in   string
		fast bool // the fast path takes it
	}{
		{"canonical", string(canonical), true},
		{"xfetch", string(xfetch), true},
		{"largest numbers", string(big), true},
		{"no payload padding", `{"id":42,"name":"user-42","email":"user-42@example.com","version":0,"payload":""}`, true},
		{"whitespace", `{ "id": 42, "name": "user-42", "email": "e", "version": 3, "payload": "" }`, false},
		{"other key order", `{"version":3,"id":42,"name":"n","email":"e","payload":""}`, false},
		{"escape in a string", `{"id":42,"name":"a\"b","email":"e","version":3,"payload":"\u0078"}`, false},
		{"extra field", `{"id":42,"name":"n","email":"e","version":3,"payload":"","more":1}`, false},
		{"missing payload", `{"id":42,"name":"n","email":"e","version":3}`, false},
		{"trailing whitespace", string(canonical) + " \n", false},
		{"trailing data", string(canonical) + "x", false},
		{"truncated", string(canonical[:len(canonical)-3]), false},
		{"leading zero", `{"id":042,"name":"n","email":"e","version":3,"payload":""}`, false},
		{"fraction", `{"id":42.0,"name":"n","email":"e","version":3,"payload":""}`, false},
		{"exponent", `{"id":42,"name":"n","email":"e","version":3e0,"payload":""}`, false},
		{"negative version", `{"id":42,"name":"n","email":"e","version":-3,"payload":""}`, false},
		{"id overflows", `{"id":18446744073709551616,"name":"n","email":"e","version":3,"payload":""}`, false},
		{"zero delta", `{"id":42,"name":"n","email":"e","version":3,"delta_us":0,"payload":""}`, false},
		{"control character", "{\"id\":42,\"name\":\"n\x01\",\"email\":\"e\",\"version\":3,\"payload\":\"\"}", false},
		{"unterminated string", `{"id":42,"name":"n`, false},
		{"another key's record", `{"id":43,"name":"n","email":"e","version":3,"payload":""}`, true},
		{"a lease", leasePrefix + "abc:1:2", false},
		{"empty", "", false},
		{"null", "null", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, fast := parseRecord(tc.in)
			if fast != tc.fast {
				t.Errorf("fast path took it: %v, want %v", fast, tc.fast)
			}
			want, wantErr := referenceDecode([]byte(tc.in), 42)
			for kind, decode := range map[string]func() (record, error){
				"string": func() (record, error) { return decodeRecordMeta(tc.in, 42) },
				"bytes":  func() (record, error) { return decodeRecordMeta([]byte(tc.in), 42) },
			} {
				got, err := decode()
				if (err == nil) != (wantErr == nil) || got != want {
					t.Errorf("%s: decoded %+v, %v; encoding/json: %+v, %v", kind, got, err, want, wantErr)
				}
				if err != nil && !errors.Is(err, errCorrupt) {
					t.Errorf("%s: error %v is not errCorrupt", kind, err)
				}
			}
		})
	}
}

// TestDecodeRecordAllocatesNothing: a hit decodes in place.
func TestDecodeRecordAllocatesNothing(t *testing.T) {
	b, _ := encodeRecordMeta(12345, 6, 512, 800, 1764000000123456)
	s := string(b)
	if n := testing.AllocsPerRun(100, func() {
		if _, err := decodeRecordMeta(s, 12345); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per decode, want 0", n)
	}
}

// FuzzParseRecord: whatever the fast path accepts, encoding/json accepts
// with the same numbers.
func FuzzParseRecord(f *testing.F) {
	for _, meta := range [][2]int64{{0, 0}, {1, 1}, {5123, 1764000000123456}} {
		b, _ := encodeRecordMeta(42, 7, 120, meta[0], meta[1])
		f.Add(b)
	}
	f.Add([]byte(`{"id":0,"name":"","email":"","version":0,"payload":""}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, ok := parseRecord(b)
		if !ok {
			return
		}
		var full record
		if err := json.Unmarshal(b, &full); err != nil {
			t.Fatalf("fast path accepted %q, encoding/json refuses it: %v", b, err)
		}
		if full.ID != r.ID || full.Version != r.Version || full.Delta != r.Delta || full.Expiry != r.Expiry {
			t.Fatalf("fast path read %+v from %q, encoding/json %+v", r, b, full)
		}
	})
}
