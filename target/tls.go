package target

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"os"
)

// validateTLS checks the TLS files of o: each readable and parsable, the
// certificate and key given together and matching.
func (o ConnectOptions) validateTLS() []error {
	var errs []error
	if o.TLSCAFile != "" {
		if _, err := loadCAs(o.TLSCAFile); err != nil {
			errs = append(errs, err)
		}
	}
	switch {
	case o.TLSCertFile != "" && o.TLSKeyFile == "":
		errs = append(errs, fieldErr("--tls-key", "missing: --tls-cert needs its private key (mutual TLS takes both)"))
	case o.TLSCertFile == "" && o.TLSKeyFile != "":
		errs = append(errs, fieldErr("--tls-cert", "missing: --tls-key needs its certificate (mutual TLS takes both)"))
	case o.TLSCertFile != "":
		if _, err := tls.LoadX509KeyPair(o.TLSCertFile, o.TLSKeyFile); err != nil {
			errs = append(errs, fieldErr("--tls-cert", "%s with --tls-key %s: %v (want PEM files of a certificate and its private key)", o.TLSCertFile, o.TLSKeyFile, err))
		}
	}
	return errs
}

// loadCAs reads a PEM file of CA certificates.
func loadCAs(file string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, fieldErr("--tls-ca", "%v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fieldErr("--tls-ca", "%s holds no PEM certificate", file)
	}
	return pool, nil
}

// tlsConfig returns a copy of base (from the URL: server name, minimum
// version, skip_verify) with o's CA, client certificate, server name and
// insecure setting applied.
func (o ConnectOptions) tlsConfig(base *tls.Config) (*tls.Config, error) {
	c := base.Clone()
	if c.MinVersion == 0 {
		c.MinVersion = tls.VersionTLS12
	}
	if o.TLSCAFile != "" {
		pool, err := loadCAs(o.TLSCAFile)
		if err != nil {
			return nil, err
		}
		c.RootCAs = pool
	}
	if o.TLSCertFile != "" || o.TLSKeyFile != "" {
		if o.TLSCertFile == "" || o.TLSKeyFile == "" {
			return nil, errors.Join(o.validateTLS()...)
		}
		cert, err := tls.LoadX509KeyPair(o.TLSCertFile, o.TLSKeyFile)
		if err != nil {
			return nil, fieldErr("--tls-cert", "%s with --tls-key %s: %v", o.TLSCertFile, o.TLSKeyFile, err)
		}
		c.Certificates = []tls.Certificate{cert}
	}
	if o.TLSServerName != "" {
		c.ServerName = o.TLSServerName
	}
	if o.TLSInsecure {
		c.InsecureSkipVerify = true
	}
	return c, nil
}

// insecureTLS reports whether the target talks TLS without verifying the
// server's certificate.
func (t Target) insecureTLS(o ConnectOptions) bool {
	switch {
	case t.opts != nil && t.opts.TLSConfig != nil:
		return o.TLSInsecure || t.opts.TLSConfig.InsecureSkipVerify
	case t.failover != nil && t.failover.TLSConfig != nil:
		return o.TLSInsecure || t.failover.TLSConfig.InsecureSkipVerify
	}
	return false
}
