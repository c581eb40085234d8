package target_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/target"
)

func TestDeployTLS(t *testing.T) {
	s := testredis.StartTLS(t, true, "--requirepass", "tls-pw")
	if s == nil {
		return
	}
	url := "rediss://:tls-pw@" + s.TLSAddr
	mutual := target.ConnectOptions{TLSCAFile: s.CAFile, TLSCertFile: s.ClientCertFile, TLSKeyFile: s.ClientKeyFile}
	withName := mutual
	withName.TLSServerName = "localhost"
	badName := mutual
	badName.TLSServerName = "cache.example.com"
	insecure := target.ConnectOptions{TLSInsecure: true, TLSCertFile: s.ClientCertFile, TLSKeyFile: s.ClientKeyFile}
	for _, tc := range []struct {
		name    string
		url     string
		o       target.ConnectOptions
		ok      bool
		warning string // a preflight warning to expect
		hint    string // what a failure's message must say
	}{
		{name: "mutual TLS", url: url, o: mutual, ok: true},
		{name: "server name", url: url, o: withName, ok: true},
		{name: "insecure", url: url, o: insecure, ok: true, warning: "verification is off"},
		{name: "url skip_verify", url: url + "?skip_verify=true", o: target.ConnectOptions{TLSCertFile: s.ClientCertFile, TLSKeyFile: s.ClientKeyFile}, ok: true, warning: "verification is off"},
		{name: "wrong server name", url: url, o: badName, hint: "not cache.example.com"},
		{name: "unknown CA", url: url, o: target.ConnectOptions{TLSCertFile: s.ClientCertFile, TLSKeyFile: s.ClientKeyFile}, hint: "unknown authority"},
		{name: "no client certificate", url: url, o: target.ConnectOptions{TLSCAFile: s.CAFile}, hint: "certificate required"},
		{name: "plain text to the TLS port", url: "redis://:tls-pw@" + s.TLSAddr, o: mutual, hint: "use rediss://"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.ok {
				target.QuietClientLogs()
				tg, _ := target.ParseTarget(tc.url)
				o := tc.o
				o.DialTimeout, o.IOTimeout = 1e9, 1e9
				c, err := target.ConnectUniversal(t.Context(), tg, o)
				if err == nil {
					_ = c.Close()
					t.Fatal("connected")
				}
				if !errors.Is(err, target.ErrUnreachable) || strings.Contains(err.Error(), "tls-pw") {
					t.Errorf("error %q: want ErrUnreachable without the password", err)
				}
				if !strings.Contains(err.Error(), tc.hint) {
					t.Errorf("error %q does not say %q", err, tc.hint)
				}
				t.Log(err)
				return
			}
			d := connectDeployment(t, tc.url, tc.o)
			if !d.t.TLS() {
				t.Error("TLS() = false")
			}
			srv := d.preflight(t, target.ModeStandalone)
			warnings := strings.Join(srv.Warnings, "\n")
			if tc.warning != "" && !strings.Contains(warnings, tc.warning) {
				t.Errorf("warnings %q lack %q", srv.Warnings, tc.warning)
			}
			if tc.warning == "" && strings.Contains(warnings, "TLS") {
				t.Errorf("unexpected TLS warning: %q", srv.Warnings)
			}
			d.verify(t)
			if tc.name == "mutual TLS" {
				d.workload(t)
				d.cleanup(t, 10)
			}
		})
	}
}
