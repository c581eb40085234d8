package embedded

import (
	"bufio"
	"reflect"
	"strings"
	"testing"
)

func TestWriteCommand(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"ping", []string{"PING"}, "*1\r\n$4\r\nPING\r\n"},
		{"empty arg", []string{"CONFIG", "SET", "save", ""}, "*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$4\r\nsave\r\n$0\r\n\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			if err := writeCommand(&b, tc.args...); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("wrote %q, want %q", b.String(), tc.want)
			}
		})
	}
}

func TestReadReply(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    any
		wantErr bool
	}{
		{"simple", "+PONG\r\n", "PONG", false},
		{"error", "-ERR bad\r\n", respError("ERR bad"), false},
		{"integer", ":42\r\n", int64(42), false},
		{"bulk", "$5\r\nhello\r\n", "hello", false},
		{"bulk with CRLF inside", "$4\r\na\r\nb\r\n", "a\r\nb", false},
		{"null bulk", "$-1\r\n", nil, false},
		{"array", "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n", []any{"maxmemory", "0"}, false},
		{"null array", "*-1\r\n", nil, false},
		{"unknown type", "?x\r\n", nil, true},
		{"truncated bulk", "$5\r\nhel", nil, true},
		{"bulk without CRLF", "$2\r\nabcd", nil, true},
		{"huge bulk", "$999999999\r\n", nil, true},
		{"empty line", "\r\n", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readReply(bufio.NewReader(strings.NewReader(tc.in)))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if !tc.wantErr && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestAnswered(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply any
		want  bool
	}{
		{"pong", "PONG", true},
		{"noauth", respError("NOAUTH Authentication required."), true},
		{"loading", respError("LOADING Redis is loading the dataset in memory"), false},
		{"other string", "OK", false},
		{"nil", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := answered(tc.reply); got != tc.want {
				t.Errorf("answered(%#v) = %v, want %v", tc.reply, got, tc.want)
			}
		})
	}
}

func TestInfoField(t *testing.T) {
	info := "# Server\r\nredis_version:7.0.15\r\nprocess_id:1234\r\n"
	for _, tc := range []struct {
		name, field, want string
		ok                bool
	}{
		{"present", "process_id", "1234", true},
		{"first", "redis_version", "7.0.15", true},
		{"absent", "run_id", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := infoField(info, tc.field)
			if got != tc.want || ok != tc.ok {
				t.Errorf("infoField(%q) = %q, %v, want %q, %v", tc.field, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"redis 7", "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d7c971a948f0\n", "7.0.15"},
		{"no v= field", "Valkey 8.0.1\n", "Valkey 8.0.1"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseVersion(tc.in); got != tc.want {
				t.Errorf("parseVersion = %q, want %q", got, tc.want)
			}
		})
	}
}
