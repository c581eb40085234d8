package trace

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// compress returns b compressed as named ("none", "gzip", "zstd").
func compress(t testing.TB, b []byte, how string) []byte {
	t.Helper()
	var out bytes.Buffer
	var w io.WriteCloser
	switch how {
	case "none":
		return b
	case "gzip":
		w = gzip.NewWriter(&out)
	case "zstd":
		zw, err := zstd.NewWriter(&out)
		if err != nil {
			t.Fatal(err)
		}
		w = zw
	}
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// readAll reads every request of trace b, copying keys.
func readAll(t testing.TB, b []byte, format string) ([]Request, *Reader) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(b), format)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var reqs []Request
	var req Request
	for r.Next(&req) {
		req.Key = bytes.Clone(req.Key)
		reqs = append(reqs, req)
	}
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
	return reqs, r
}

func oracleRecord(ts uint32, id uint64, size uint32) []byte {
	b := make([]byte, oracleRecordSize)
	binary.LittleEndian.PutUint32(b[0:], ts)
	binary.LittleEndian.PutUint64(b[4:], id)
	binary.LittleEndian.PutUint32(b[12:], size)
	binary.LittleEndian.PutUint64(b[16:], ^uint64(0))
	return b
}

func TestFormatsAndCompressions(t *testing.T) {
	twitter := "0,a:b,3,100,1,get,0\n1,k,with,comma,12,200,2,SET,600\r\n2,a:b,3,0,1,delete,0\n3,zz,2,50,1,incr,30"
	csvTrace := "key,op,value_size,ttl,timestamp\na:b,get,100,,1.5\n\"q,uoted\",set,20,60,2\nx,delete,,,\n"
	var oracle []byte
	oracle = append(oracle, oracleRecord(10, 1<<40, 4096)...)
	oracle = append(oracle, oracleRecord(11, 7, 100)...)
	cases := []struct {
		name, format string
		data         []byte
		want         []Request
	}{
		{"twitter", FormatTwitter, []byte(twitter), []Request{
			{Time: 0, Key: []byte("a:b"), KeySize: 3, ValueSize: 100, Op: Get},
			{Time: time.Second, Key: []byte("k,with,comma"), KeySize: 12, ValueSize: 200, TTL: 600, Op: Set},
			{Time: 2 * time.Second, Key: []byte("a:b"), KeySize: 3, Op: Delete},
			{Time: 3 * time.Second, Key: []byte("zz"), KeySize: 2, ValueSize: 50, TTL: 30, Op: Incr},
		}},
		{"csv", FormatCSV, []byte(csvTrace), []Request{
			{Time: 1500 * time.Millisecond, Key: []byte("a:b"), KeySize: 3, ValueSize: 100, Op: Get, HasTime: true, HasValueSize: true},
			{Time: 2 * time.Second, Key: []byte("q,uoted"), KeySize: 7, ValueSize: 20, TTL: 60, Op: Set, HasTime: true, HasValueSize: true, HasTTL: true},
			{Key: []byte("x"), KeySize: 1, Op: Delete},
		}},
		{"oracle", FormatOracleGeneral, oracle, []Request{
			{Time: 10 * time.Second, ID: 1 << 40, ValueSize: 4096, Op: Get, HasTime: true, HasValueSize: true},
			{Time: 11 * time.Second, ID: 7, ValueSize: 100, Op: Get, HasTime: true, HasValueSize: true},
		}},
	}
	for _, c := range cases {
		if c.format == FormatTwitter {
			for i := range c.want {
				c.want[i].HasTime, c.want[i].HasValueSize, c.want[i].HasTTL = true, true, true
			}
		}
		for _, comp := range []string{"none", "gzip", "zstd"} {
			for _, named := range []string{"", c.format} {
				t.Run(fmt.Sprintf("%s/%s/named=%q", c.name, comp, named), func(t *testing.T) {
					got, r := readAll(t, compress(t, c.data, comp), named)
					if r.Format() != c.format || r.Compression() != comp {
						t.Fatalf("format %s, compression %s; want %s, %s", r.Format(), r.Compression(), c.format, comp)
					}
					if r.Skipped().Count != 0 {
						t.Fatalf("skipped %+v", r.Skipped())
					}
					if len(got) != len(c.want) {
						t.Fatalf("got %d requests, want %d: %+v", len(got), len(c.want), got)
					}
					for i := range got {
						w := c.want[i]
						if w.Key != nil {
							w.ID = got[i].ID // a hash; checked below
						}
						if fmt.Sprint(got[i]) != fmt.Sprint(w) {
							t.Errorf("request %d:\n got %+v\nwant %+v", i, got[i], w)
						}
					}
				})
			}
		}
	}
}

func TestSameKeySameID(t *testing.T) {
	got, _ := readAll(t, []byte("0,a,1,1,1,get,0\n0,b,1,1,1,get,0\n0,a,1,1,1,get,0\n"), "")
	if got[0].ID != got[2].ID || got[0].ID == got[1].ID {
		t.Fatalf("ids %x %x %x: want equal for equal keys only", got[0].ID, got[1].ID, got[2].ID)
	}
}

func TestSkippedLines(t *testing.T) {
	var b strings.Builder
	b.WriteString("0,good,4,10,1,get,0\n")
	b.WriteString("x,bad-ts,4,10,1,get,0\n")
	b.WriteString("1,bad-op,4,10,1,fetch,0\n")
	b.WriteString("2,short,4\n")
	b.WriteString("\n") // blank lines are not requests, not skips
	b.WriteString("3,bad-size,4,-1,1,get,0\n")
	b.WriteString("4,bad-ttl,4,1,1,get,forever\n")
	b.WriteString("5,toolong," + strings.Repeat("9", bufferSize) + ",1,1,get,0\n")
	b.WriteString("6,good,4,10,1,gets,0\n")
	got, r := readAll(t, []byte(b.String()), FormatTwitter)
	if len(got) != 2 || got[1].Op != Gets {
		t.Fatalf("got %d requests, want the 2 good ones: %+v", len(got), got)
	}
	s := r.Skipped()
	if s.Count != 6 {
		t.Fatalf("skipped %d, want 6: %+v", s.Count, s)
	}
	want := []string{"line 2: timestamp", "line 3: operation \"fetch\"", "line 4: want 7", "line 6: value size \"-1\"", "line 7: TTL \"forever\""}
	if len(s.First) != len(want) {
		t.Fatalf("reasons %q, want %d", s.First, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(s.First[i], w) {
			t.Errorf("reason %d = %q, want prefix %q", i, s.First[i], w)
		}
	}
}

func TestOracleRecordsSkipped(t *testing.T) {
	data := append(oracleRecord(1, 1, 10), oracleRecord(2, 2, 0)...)
	data = append(data, oracleRecord(3, 3, 30)...)
	data = append(data, 1, 2, 3) // a partial record
	got, r := readAll(t, data, FormatOracleGeneral)
	if len(got) != 2 || got[1].ID != 3 {
		t.Fatalf("got %+v, want ids 1 and 3", got)
	}
	if s := r.Skipped(); s.Count != 2 || !strings.Contains(s.First[0], "size 0") || !strings.Contains(s.First[1], "partial record of 3 bytes") {
		t.Fatalf("skips %+v", s)
	}
}

func TestDetectErrors(t *testing.T) {
	for name, data := range map[string]string{
		"empty":        "",
		"short binary": "\x00\x01\x02",
		"unknown text": "hello world\nsecond line\n",
		"csv sans op":  "key,value_size\na,1\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(data), "")
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("err = %v, want ErrFormat", err)
			}
		})
	}
	if _, err := NewReader(strings.NewReader("x"), "parquet"); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "twitter, oracle-general or csv") {
		t.Fatalf("unknown format: err = %v", err)
	}
}

func TestOpenFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.csv.zst")
	if err := os.WriteFile(p, compress(t, []byte("0,a,1,1,1,get,0\n"), "zstd"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(p, "")
	if err != nil {
		t.Fatal(err)
	}
	var req Request
	if !r.Next(&req) || string(req.Key) != "a" || r.Next(&req) {
		t.Fatalf("want one request for key a, got %+v", req)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "absent"), ""); err == nil {
		t.Fatal("want an error for a missing file")
	}
}

func TestTwitterWriterRoundTrip(t *testing.T) {
	in := []Request{
		{Time: 5 * time.Second, Key: []byte("user:1"), KeySize: 6, ValueSize: 300, TTL: 60, Op: Get},
		{Time: 6 * time.Second, ID: 42, ValueSize: 10, Op: Delete},
	}
	var b bytes.Buffer
	w := NewTwitterWriter(&b)
	for i := range in {
		if err := w.Write(&in[i], 3); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "5,user:1,6,300,3,get,60\n6,42,2,10,3,delete,0\n"; b.String() != want {
		t.Fatalf("wrote %q, want %q", b.String(), want)
	}
	got, _ := readAll(t, b.Bytes(), "")
	if len(got) != 2 || got[1].Op != Delete || string(got[1].Key) != "42" || got[0].ValueSize != 300 {
		t.Fatalf("read back %+v", got)
	}
}
