package trace

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Formats a Reader reads.
const (
	// FormatTwitter is Twitter's cache traces: CSV rows of timestamp,
	// anonymized key, key size, value size, client id, operation, TTL.
	FormatTwitter = "twitter"
	// FormatOracleGeneral is libCacheSim's oracleGeneral: little-endian
	// 24-byte records of uint32 timestamp, uint64 object id, uint32 size,
	// int64 next access.
	FormatOracleGeneral = "oracle-general"
	// FormatCSV is CSV with a header naming its columns: key and op, and
	// optionally value_size, ttl, timestamp and key_size, in any order.
	FormatCSV = "csv"
)

// Formats lists the formats by name.
var Formats = []string{FormatTwitter, FormatOracleGeneral, FormatCSV}

// ErrFormat is wrapped by the errors of a format that is unknown or cannot
// be detected.
var ErrFormat = errors.New("trace: unknown format")

// CheckFormat returns an error unless name is "" (detect) or a format.
func CheckFormat(name string) error {
	switch name {
	case "", FormatTwitter, FormatOracleGeneral, FormatCSV:
		return nil
	}
	return fmt.Errorf("%w %q: want %s, %s or %s", ErrFormat, name, FormatTwitter, FormatOracleGeneral, FormatCSV)
}

// detect names the format of a trace from its first (decompressed) bytes:
// text whose first line is a header with a key column is csv, text whose
// first line has seven fields with an operation in the sixth is twitter,
// anything else that is not text is oracle-general.
func detect(head []byte) (string, error) {
	if len(head) == 0 {
		return "", fmt.Errorf("%w: the trace is empty", ErrFormat)
	}
	if !isText(head) {
		if len(head) < oracleRecordSize {
			return "", fmt.Errorf("%w: binary, but shorter than one %d-byte oracle-general record", ErrFormat, oracleRecordSize)
		}
		return FormatOracleGeneral, nil
	}
	line, _, _ := bytes.Cut(head, []byte{'\n'})
	line = bytes.TrimRight(line, "\r")
	if _, err := parseHeader(line); err == nil {
		return FormatCSV, nil
	}
	if f := bytes.Split(line, []byte{','}); len(f) >= 7 {
		if _, ok := ParseOp(f[len(f)-2]); ok {
			return FormatTwitter, nil
		}
	}
	return "", fmt.Errorf("%w: text whose first line %q is neither a csv header (key,op[,value_size][,ttl][,timestamp]) nor a twitter row (timestamp,key,key size,value size,client id,operation,TTL); name it with --trace-format", ErrFormat, truncate(line, 80))
}

// isText reports whether b looks like text: valid UTF-8 (but for a rune cut
// at the end) without NUL or other control bytes but tab, CR and LF.
func isText(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		if r < 0x20 && r != '\t' && r != '\r' && r != '\n' {
			return false
		}
		b = b[n:]
	}
	return true
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
