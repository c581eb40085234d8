package target

import (
	"errors"
	"strings"
	"testing"
)

func TestParseSentinelTarget(t *testing.T) {
	for _, tc := range []struct {
		name, arg          string
		wantName, wantAddr string
		wantMaster         string
		wantDB             int
		wantUser, wantPW   string
		wantSentinelPW     string
		wantTLS            bool
	}{
		{name: "one sentinel", arg: "redis-sentinel://10.0.0.1:26379/mymaster",
			wantName: "10.0.0.1:26379/mymaster", wantAddr: "10.0.0.1:26379", wantMaster: "mymaster"},
		{name: "three sentinels, default port", arg: "s=redis-sentinel://a:1,b,[::1]:3/cache",
			wantName: "s", wantAddr: "a:1,b:26379,[::1]:3", wantMaster: "cache"},
		{name: "auth, db and sentinel password", arg: "redis-sentinel://app:s3cret@a:1/m?db=2&sentinel_password=sp4ss&sentinel_user=sen",
			wantName: "a:1/m", wantAddr: "a:1", wantMaster: "m", wantDB: 2, wantUser: "app", wantPW: "s3cret", wantSentinelPW: "sp4ss"},
		{name: "tls", arg: "rediss-sentinel://:p%40ss@a:1/m/",
			wantName: "a:1/m", wantAddr: "a:1", wantMaster: "m", wantPW: "p@ss", wantTLS: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg, err := ParseTarget(tc.arg)
			if err != nil {
				t.Fatalf("ParseTarget: %v", err)
			}
			if tg.Name != tc.wantName || tg.Addr() != tc.wantAddr || tg.failover == nil || tg.TLS() != tc.wantTLS {
				t.Errorf("name %q addr %q sentinel %v tls %v, want %q %q true %v", tg.Name, tg.Addr(), tg.failover != nil, tg.TLS(), tc.wantName, tc.wantAddr, tc.wantTLS)
			}
			fo := tg.failover
			if fo.MasterName != tc.wantMaster || fo.DB != tc.wantDB || fo.Username != tc.wantUser || fo.Password != tc.wantPW || fo.SentinelPassword != tc.wantSentinelPW {
				t.Errorf("failover options %+v", fo)
			}
			red := tg.Redacted()
			for _, secret := range []string{"s3cret", "sp4ss", "p%40ss"} {
				if strings.Contains(red, secret) {
					t.Errorf("Redacted() = %q shows %q", red, secret)
				}
			}
		})
	}
}

func TestParseSentinelTargetErrors(t *testing.T) {
	for _, tc := range []struct{ name, arg, want string }{
		{"no master", "redis-sentinel://u:s3cret@a:1", "master name"},
		{"empty master", "redis-sentinel://u:s3cret@a:1/", "master name"},
		{"nested path", "redis-sentinel://a:1/m/0", "master name"},
		{"empty sentinel", "redis-sentinel://a:1,,b:2/m", "empty sentinel"},
		{"bad port", "redis-sentinel://u:s3cret@a:x/m", "invalid sentinel address"},
		{"bad db", "redis-sentinel://a:1/m?db=x", "database"},
		{"unknown option", "redis-sentinel://a:1/m?sentinel_password=s3cret&foo=1", "foo"},
		{"bad escape", "redis-sentinel://u:s3%zzcret@a:1/m", "percent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTarget(tc.arg)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "--target" {
				t.Fatalf("error %v is not a FieldError on --target", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "s3%zzcret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}
