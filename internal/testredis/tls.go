package testredis

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cacheaside/bench/embedded"
)

// TLSServer is a private redis-server that speaks TLS, started by
// StartTLS, with the certificate files a client needs.
type TLSServer struct {
	// Server is the redis-server; its Addr is the plain-text port (kept
	// for readiness checks and setup).
	*embedded.Server
	// TLSAddr is host:port of the TLS port.
	TLSAddr string
	// CAFile is the PEM certificate of the CA that signed the server's and
	// the client's certificates.
	CAFile string
	// ClientCertFile and ClientKeyFile are a client certificate and key
	// (PEM) the server accepts.
	ClientCertFile, ClientKeyFile string
}

// URL returns rediss:// and TLSAddr: a target URL.
func (s *TLSServer) URL() string { return "rediss://" + s.TLSAddr }

// StartTLS starts a private redis-server with a TLS port besides its plain
// one, using certificates it generates: a CA, a server certificate for
// 127.0.0.1 and localhost, and a client certificate. With mutual, clients
// must present a certificate signed by the CA (tls-auth-clients yes);
// otherwise none is asked for. args are appended to redis-server's
// arguments. It stops the server in t.Cleanup and, like Start, skips the
// test (or fails it under CI=true) when redis-server is missing, returning
// nil.
func StartTLS(t testing.TB, mutual bool, args ...string) *TLSServer {
	t.Helper()
	dir := t.TempDir()
	s := &TLSServer{
		CAFile:         filepath.Join(dir, "ca.crt"),
		ClientCertFile: filepath.Join(dir, "client.crt"),
		ClientKeyFile:  filepath.Join(dir, "client.key"),
	}
	serverCert, serverKey := filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key")
	if err := writeCertificates(s.CAFile, serverCert, serverKey, s.ClientCertFile, s.ClientKeyFile); err != nil {
		t.Fatalf("testredis: generate certificates: %v", err)
		return nil
	}
	authClients := "no"
	if mutual {
		authClients = "yes"
	}
	srv, ports := startWithPorts(t, 1, func(p []string) []string {
		return append([]string{
			"--tls-port", p[0],
			"--tls-cert-file", serverCert,
			"--tls-key-file", serverKey,
			"--tls-ca-cert-file", s.CAFile,
			"--tls-auth-clients", authClients,
		}, args...)
	})
	if srv == nil {
		return nil
	}
	s.Server, s.TLSAddr = srv, net.JoinHostPort("127.0.0.1", ports[0])
	return s
}

// writeCertificates writes a new CA, a server certificate and key for
// 127.0.0.1 and localhost, and a client certificate and key, all PEM, the
// keys ECDSA P-256, valid for a day.
func writeCertificates(caFile, serverCert, serverKey, clientCert, clientKey string) error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "testredis CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	if err := writePEM(caFile, "CERTIFICATE", caDER); err != nil {
		return err
	}
	for i, leaf := range []struct {
		cert, key string
		tmpl      x509.Certificate
	}{
		{serverCert, serverKey, x509.Certificate{
			Subject:     pkix.Name{CommonName: "127.0.0.1"},
			IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
			DNSNames:    []string{"localhost"},
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}},
		{clientCert, clientKey, x509.Certificate{
			Subject:     pkix.Name{CommonName: "testredis client"},
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		}},
	} {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return err
		}
		tmpl := leaf.tmpl
		tmpl.SerialNumber = big.NewInt(int64(i + 2))
		tmpl.NotBefore, tmpl.NotAfter = ca.NotBefore, ca.NotAfter
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature
		der, err := x509.CreateCertificate(rand.Reader, &tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			return err
		}
		keyDER, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return err
		}
		if err := writePEM(leaf.cert, "CERTIFICATE", der); err != nil {
			return err
		}
		if err := writePEM(leaf.key, "PRIVATE KEY", keyDER); err != nil {
			return err
		}
	}
	return nil
}

func writePEM(file, kind string, der []byte) error {
	return os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600)
}
