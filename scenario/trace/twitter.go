package trace

import (
	"bytes"

	"github.com/cespare/xxhash/v2"
)

// parseTwitter parses one row of a Twitter trace into req:
// timestamp,key,key size,value size,client id,operation,TTL. The key may
// hold commas, so the five fields after it are found from the right. It
// returns why the row is skipped, "" when it is not.
func parseTwitter(line []byte, req *Request) string {
	var f [5][]byte // key size, value size, client id, operation, TTL
	rest := line
	for i := 4; i >= 0; i-- {
		j := bytes.LastIndexByte(rest, ',')
		if j < 0 {
			return "want 7 comma-separated fields (timestamp,key,key size,value size,client id,operation,TTL)"
		}
		f[i], rest = rest[j+1:], rest[:j]
	}
	ts, key, ok := bytes.Cut(rest, []byte{','})
	if !ok {
		return "want 7 comma-separated fields (timestamp,key,key size,value size,client id,operation,TTL)"
	}
	t, ok := parseSeconds(ts)
	if !ok {
		return "timestamp " + quote(ts) + " is not a number of seconds"
	}
	ks, ok := parseSize(f[0])
	if !ok {
		return "key size " + quote(f[0]) + " is not a number"
	}
	vs, ok := parseSize(f[1])
	if !ok {
		return "value size " + quote(f[1]) + " is not a number"
	}
	op, ok := ParseOp(f[3])
	if !ok {
		return "operation " + quote(f[3]) + " is not one of get, gets, set, add, replace, cas, append, prepend, delete, incr, decr"
	}
	ttl, ok := parseUint(f[4])
	if !ok || ttl > 1<<40 {
		return "TTL " + quote(f[4]) + " is not a number of seconds"
	}
	if len(key) == 0 {
		return "empty key"
	}
	*req = Request{
		Time: t, Key: key, ID: xxhash.Sum64(key), KeySize: ks, ValueSize: vs, TTL: int64(ttl), Op: op,
		HasTime: true, HasValueSize: true, HasTTL: true,
	}
	return ""
}

func quote(b []byte) string { return "\"" + truncate(b, 40) + "\"" }
