package target

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConnectOptionsValidate(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "x.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		o      ConnectOptions
		fields []string // flags the errors must name; none = valid
	}{
		{name: "zero"},
		{name: "resp and read-from", o: ConnectOptions{Protocol: 2, ReadFrom: "replica"}},
		{name: "bad resp", o: ConnectOptions{Protocol: 4}, fields: []string{"--resp"}},
		{name: "bad read-from", o: ConnectOptions{ReadFrom: "slave"}, fields: []string{"--read-from"}},
		{name: "cert without key", o: ConnectOptions{TLSCertFile: notPEM}, fields: []string{"--tls-key"}},
		{name: "key without cert", o: ConnectOptions{TLSKeyFile: notPEM}, fields: []string{"--tls-cert"}},
		{name: "bad pair", o: ConnectOptions{TLSCertFile: notPEM, TLSKeyFile: notPEM}, fields: []string{"--tls-cert"}},
		{name: "missing CA", o: ConnectOptions{TLSCAFile: filepath.Join(dir, "none.pem")}, fields: []string{"--tls-ca"}},
		{name: "CA not PEM", o: ConnectOptions{TLSCAFile: notPEM}, fields: []string{"--tls-ca"}},
		{name: "all at once", o: ConnectOptions{Protocol: 1, ReadFrom: "x", TLSCAFile: notPEM}, fields: []string{"--resp", "--read-from", "--tls-ca"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.o.Validate()
			if len(tc.fields) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate = %v, want a *FieldError", err)
			}
			for _, f := range tc.fields {
				if !strings.Contains(err.Error(), f+":") {
					t.Errorf("error %q does not name %s", err, f)
				}
			}
			// ConnectUniversal refuses the same options before dialling.
			tg, _ := ParseTarget("redis://127.0.0.1:1")
			if _, cerr := ConnectUniversal(t.Context(), tg, tc.o); !errors.As(cerr, &fe) || errors.Is(cerr, ErrUnreachable) {
				t.Errorf("ConnectUniversal = %v, want the FieldError", cerr)
			}
		})
	}
}
