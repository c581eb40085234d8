package scenario

import (
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/target"
)

// connectTo parses url as a target and connects to it (a single server),
// failing the test on any error; the client is closed when the test ends.
func connectTo(t *testing.T, url string) *redis.Client {
	t.Helper()
	d := connectDeployment(t, url, target.ConnectOptions{})
	c, ok := d.c.(*redis.Client)
	if !ok {
		t.Fatalf("%s: client is %T, want a single server's *redis.Client", d.t.Redacted(), d.c)
	}
	return c
}

// deployed is a target connected for a test.
type deployed struct {
	t      target.Target
	c      redis.UniversalClient
	prefix string
}

// connectDeployment parses url, connects with o and returns the target and
// its client (closed when the test ends) with a fresh key prefix.
func connectDeployment(t *testing.T, url string, o target.ConnectOptions) deployed {
	t.Helper()
	target.QuietClientLogs()
	tg, err := target.ParseTarget(url)
	if err != nil {
		t.Fatalf("ParseTarget(%q): %v", target.Redact(url), err)
	}
	c, err := target.ConnectUniversal(t.Context(), tg, o)
	if err != nil {
		t.Fatalf("ConnectUniversal(%s): %v", tg.Redacted(), err)
	}
	t.Cleanup(func() { _ = c.Close() })
	prefix, err := KeyPrefix("deploytest", NewRunID())
	if err != nil {
		t.Fatal(err)
	}
	return deployed{tg, c, prefix}
}
