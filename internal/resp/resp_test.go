package resp

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
			if err := WriteCommand(&b, tc.args...); err != nil {
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
		{"error", "-ERR bad\r\n", Error("ERR bad"), false},
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
			got, err := ReadReply(bufio.NewReader(strings.NewReader(tc.in)))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if !tc.wantErr && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
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
			got, ok := InfoField(info, tc.field)
			if got != tc.want || ok != tc.ok {
				t.Errorf("InfoField(%q) = %q, %v, want %q, %v", tc.field, got, ok, tc.want, tc.ok)
			}
		})
	}
}
