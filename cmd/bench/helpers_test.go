package main

import (
	"context"
	"strconv"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/embedded"
)

func itoa(n int) string { return strconv.Itoa(n) }

// dbsize returns the number of keys on the test server.
func dbsize(t *testing.T, srv *embedded.Server) int64 {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer c.Close()
	n, err := c.DBSize(context.Background()).Result()
	if err != nil {
		t.Fatal(err)
	}
	return n
}
