package target

import (
	"errors"
	"time"
)

// ConnectOptions tunes the client of one target; zero means default. It
// is never written to a report (it may hold a password).
type ConnectOptions struct {
	// PoolSize is the number of connections (per node for a cluster);
	// default 10 per CPU (go-redis's).
	PoolSize int
	// DialTimeout bounds each connection attempt; default 3s.
	DialTimeout time.Duration
	// IOTimeout bounds each read and write; default 3s.
	IOTimeout time.Duration
	// User is the ACL user (--user) for targets whose URL names no
	// credentials; default "" (the default user).
	User string
	// Password (--password-file, $REDIS_PASSWORD) for targets whose URL
	// names no credentials; default none. Never printed.
	Password string
	// PasswordFrom says where Password came from ("--password-file
	// FILE", "$REDIS_PASSWORD"), for the message when it is refused.
	PasswordFrom string
	// Protocol is the RESP version, 2 or 3 (--resp); default 0 = go-redis's
	// default (RESP3, falling back to RESP2 on servers without HELLO). A
	// ?protocol= in the URL wins.
	Protocol int
	// ReadFrom is where reads go (--read-from): "master" (default) or
	// "replica" (a cluster's or Sentinel's replicas; a shard without one
	// reads from its master).
	ReadFrom string
	// TLSCAFile is a PEM file of CA certificates to trust (--tls-ca);
	// default the system's roots.
	TLSCAFile string
	// TLSCertFile and TLSKeyFile are the client's certificate and key, PEM,
	// for mutual TLS (--tls-cert, --tls-key); both or neither. Default none.
	TLSCertFile, TLSKeyFile string
	// TLSServerName is the name to verify the server's certificate against
	// (--tls-server-name); default the URL's host.
	TLSServerName string
	// TLSInsecure turns certificate verification off (--tls-insecure);
	// default false. Anyone on the path can then read and change traffic.
	TLSInsecure bool
	// ClientName is given to every connection (CLIENT SETNAME), so that
	// this run's connections can be told apart on the server (the
	// kill-clients fault kills those alone); default none.
	ClientName string
}

// over returns o with its zero fields taken from base.
func (o ConnectOptions) over(base ConnectOptions) ConnectOptions {
	if o.PoolSize == 0 {
		o.PoolSize = base.PoolSize
	}
	if o.DialTimeout == 0 {
		o.DialTimeout = base.DialTimeout
	}
	if o.IOTimeout == 0 {
		o.IOTimeout = base.IOTimeout
	}
	if o.User == "" && o.Password == "" {
		o.User, o.Password, o.PasswordFrom = base.User, base.Password, base.PasswordFrom
	}
	if o.Protocol == 0 {
		o.Protocol = base.Protocol
	}
	if o.ReadFrom == "" {
		o.ReadFrom = base.ReadFrom
	}
	if o.TLSCAFile == "" {
		o.TLSCAFile = base.TLSCAFile
	}
	if o.TLSCertFile == "" && o.TLSKeyFile == "" {
		o.TLSCertFile, o.TLSKeyFile = base.TLSCertFile, base.TLSKeyFile
	}
	if o.TLSServerName == "" {
		o.TLSServerName = base.TLSServerName
	}
	o.TLSInsecure = o.TLSInsecure || base.TLSInsecure
	if o.ClientName == "" {
		o.ClientName = base.ClientName
	}
	return o
}

// Validate checks o before any connection: Protocol, ReadFrom, and that the
// TLS files can be read and parsed. Errors are *FieldError naming the flag
// (--resp, --read-from, --tls-ca, --tls-cert, --tls-key), joined.
func (o ConnectOptions) Validate() error {
	var errs []error
	if o.Protocol != 0 && o.Protocol != 2 && o.Protocol != 3 {
		errs = append(errs, fieldErr("--resp", "%d: want 2 or 3 (RESP2 or RESP3)", o.Protocol))
	}
	switch o.ReadFrom {
	case "", ReadFromMaster, ReadFromReplica:
	default:
		errs = append(errs, fieldErr("--read-from", "%q: want master or replica", o.ReadFrom))
	}
	errs = append(errs, o.validateTLS()...)
	return errors.Join(errs...)
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
