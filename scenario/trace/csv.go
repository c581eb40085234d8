package trace

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/cespare/xxhash/v2"
)

// columns says where each csv column is; -1 for absent.
type columns struct {
	key, op, valueSize, ttl, timestamp, keySize int
	n                                           int // number of columns
}

// parseHeader reads a csv header: comma-separated column names, of which
// key and op are required and value_size, ttl, timestamp and key_size are
// used when present; others are ignored.
func parseHeader(line []byte) (columns, error) {
	c := columns{key: -1, op: -1, valueSize: -1, ttl: -1, timestamp: -1, keySize: -1}
	names := strings.Split(string(line), ",")
	c.n = len(names)
	for i, n := range names {
		var p *int
		switch strings.ToLower(strings.Trim(strings.TrimSpace(n), `"`)) {
		case "key":
			p = &c.key
		case "op", "operation":
			p = &c.op
		case "value_size":
			p = &c.valueSize
		case "ttl":
			p = &c.ttl
		case "timestamp":
			p = &c.timestamp
		case "key_size":
			p = &c.keySize
		default:
			continue
		}
		if *p >= 0 {
			return c, fmt.Errorf("%w: csv header names column %q twice", ErrFormat, n)
		}
		*p = i
	}
	if c.key < 0 || c.op < 0 {
		return c, fmt.Errorf("%w: csv header %q: want columns key and op, and optionally value_size, ttl, timestamp, key_size", ErrFormat, truncate(line, 80))
	}
	return c, nil
}

// readHeader reads the first line of a csv trace as its header.
func (r *Reader) readHeader() error {
	line, ok := r.readLine()
	if !ok {
		if r.err != nil {
			return r.err
		}
		return fmt.Errorf("%w: csv trace without a header line", ErrFormat)
	}
	var err error
	r.cols, err = parseHeader(line)
	return err
}

// parseCSV parses one csv row into req; it returns why the row is
// skipped, "" when it is not. Rows with quotes go through encoding/csv;
// others are split on commas, which is several times faster.
func (r *Reader) parseCSV(line []byte, req *Request) string {
	var fields [8][]byte
	var f [][]byte
	if bytes.IndexByte(line, '"') < 0 {
		f = fields[:0]
		for len(f) < r.cols.n {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				f = append(f, line)
				line = nil
				break
			}
			f, line = append(f, line[:i]), line[i+1:]
		}
		if line != nil || len(f) != r.cols.n {
			return fmt.Sprintf("want %d comma-separated fields as the header says", r.cols.n)
		}
	} else {
		rec, err := csv.NewReader(bytes.NewReader(line)).Read()
		if err != nil {
			return "csv: " + err.Error()
		}
		if len(rec) != r.cols.n {
			return fmt.Sprintf("want %d fields as the header says, got %d", r.cols.n, len(rec))
		}
		r.quoted = r.quoted[:0]
		for _, s := range rec {
			r.quoted = append(r.quoted, s...)
		}
		f = fields[:0]
		off := 0
		if r.cols.n > len(fields) {
			f = make([][]byte, 0, r.cols.n)
		}
		for _, s := range rec {
			f = append(f, r.quoted[off:off+len(s)])
			off += len(s)
		}
	}
	c := &r.cols
	key := f[c.key]
	if len(key) == 0 {
		return "empty key"
	}
	op, ok := ParseOp(bytes.TrimSpace(f[c.op]))
	if !ok {
		return "op " + quote(f[c.op]) + " is not one of get, gets, set, add, replace, cas, append, prepend, delete, incr, decr"
	}
	*req = Request{Key: key, ID: xxhash.Sum64(key), KeySize: len(key), Op: op}
	if c.valueSize >= 0 && len(f[c.valueSize]) > 0 {
		if req.ValueSize, ok = parseSize(f[c.valueSize]); !ok {
			return "value_size " + quote(f[c.valueSize]) + " is not a number"
		}
		req.HasValueSize = true
	}
	if c.ttl >= 0 && len(f[c.ttl]) > 0 {
		ttl, ok := parseUint(f[c.ttl])
		if !ok || ttl > 1<<40 {
			return "ttl " + quote(f[c.ttl]) + " is not a number of seconds"
		}
		req.TTL, req.HasTTL = int64(ttl), true
	}
	if c.timestamp >= 0 && len(f[c.timestamp]) > 0 {
		if req.Time, ok = parseSeconds(f[c.timestamp]); !ok {
			return "timestamp " + quote(f[c.timestamp]) + " is not a number of seconds"
		}
		req.HasTime = true
	}
	if c.keySize >= 0 && len(f[c.keySize]) > 0 {
		if req.KeySize, ok = parseSize(f[c.keySize]); !ok {
			return "key_size " + quote(f[c.keySize]) + " is not a number"
		}
	}
	return ""
}
