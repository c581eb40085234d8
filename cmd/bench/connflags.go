package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/cacheaside/bench/target"
)

// connFlags are the connection flags of run and verify: credentials, TLS,
// RESP version and where reads go. They apply to every target; a target
// URL's own credentials and ?protocol= win over them.
type connFlags struct {
	user          string
	passwordFile  string
	tlsCA         string
	tlsCert       string
	tlsKey        string
	tlsServerName string
	tlsInsecure   bool
	resp          string
	readFrom      string
}

// addConnFlags registers the connection flags on fs.
func addConnFlags(fs *flag.FlagSet) *connFlags {
	c := &connFlags{}
	fs.StringVar(&c.user, "user", "", "ACL `USER` for targets whose URL names no credentials (default: the default user)")
	fs.StringVar(&c.passwordFile, "password-file", "", "read the password from `FILE` (one line) for targets whose URL names no credentials; default $REDIS_PASSWORD. Never printed")
	fs.StringVar(&c.tlsCA, "tls-ca", "", "trust the CA certificates in PEM `FILE` for rediss:// targets (default: the system's roots)")
	fs.StringVar(&c.tlsCert, "tls-cert", "", "client certificate PEM `FILE` for mutual TLS (with --tls-key)")
	fs.StringVar(&c.tlsKey, "tls-key", "", "client private key PEM `FILE` for mutual TLS (with --tls-cert)")
	fs.StringVar(&c.tlsServerName, "tls-server-name", "", "verify the server certificate against `NAME` (default: the URL's host)")
	fs.BoolVar(&c.tlsInsecure, "tls-insecure", false, "do NOT verify the server's TLS certificate (anyone on the path can read and change the traffic; tests only)")
	fs.StringVar(&c.resp, "resp", "", "RESP protocol `VERSION`: 2 or 3 (default: go-redis's, RESP3 falling back to RESP2)")
	fs.StringVar(&c.readFrom, "read-from", "master", "where reads go: master or replica (a cluster's or Sentinel's replicas; stale reads show in the report)")
	return c
}

// options turns the flags into connect options. The password comes from
// --password-file, else from getenv("REDIS_PASSWORD"). Errors are
// *target.FieldError naming the flag; they never contain a password.
func (c *connFlags) options(getenv func(string) string) (target.ConnectOptions, error) {
	o := target.ConnectOptions{
		User:          c.user,
		TLSCAFile:     c.tlsCA,
		TLSCertFile:   c.tlsCert,
		TLSKeyFile:    c.tlsKey,
		TLSServerName: c.tlsServerName,
		TLSInsecure:   c.tlsInsecure,
		ReadFrom:      c.readFrom,
	}
	switch c.resp {
	case "":
	case "2":
		o.Protocol = 2
	case "3":
		o.Protocol = 3
	default:
		return o, &target.FieldError{Field: "--resp", Msg: fmt.Sprintf("%q: want 2 or 3", c.resp)}
	}
	if c.passwordFile != "" {
		pw, err := readPassword(c.passwordFile)
		if err != nil {
			return o, err
		}
		o.Password, o.PasswordFrom = pw, "--password-file "+c.passwordFile
	} else if getenv != nil {
		o.Password, o.PasswordFrom = getenv("REDIS_PASSWORD"), "$REDIS_PASSWORD"
	}
	if err := o.Validate(); err != nil {
		return o, err
	}
	return o, nil
}

// readPassword reads a password file: its first line, without the line
// end. The error names the file, never its contents.
func readPassword(file string) (string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return "", &target.FieldError{Field: "--password-file", Msg: err.Error()}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimSuffix(line, "\r")
	if line == "" {
		return "", &target.FieldError{Field: "--password-file", Msg: fmt.Sprintf("%s: the first line is empty: want the password on it", file)}
	}
	return line, nil
}

// connWarnings returns what the console should say loudly about the
// connection options before connecting to targets: TLS verification off,
// and TLS options that no target uses.
func connWarnings(o target.ConnectOptions, targets []target.Target) []string {
	anyTLS := false
	for _, t := range targets {
		anyTLS = anyTLS || t.TLS()
	}
	var w []string
	if o.TLSInsecure {
		w = append(w, "--tls-insecure: TLS certificates are NOT verified; anyone on the path can read and change the traffic, passwords included")
	}
	if !anyTLS && (o.TLSCAFile != "" || o.TLSCertFile != "" || o.TLSServerName != "" || o.TLSInsecure) {
		w = append(w, "--tls-* options given but no target uses TLS (rediss:// or rediss-sentinel://): they are ignored")
	}
	return w
}
