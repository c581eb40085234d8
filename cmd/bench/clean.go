package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/target"
)

// clean removes the keys that crashed runs left under a prefix: every key
// under "<prefix>:", with SCAN MATCH and UNLINK, on every target named with
// --target (or $REDIS_URL). It never uses KEYS, FLUSHDB or FLUSHALL.
func clean(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench clean", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var targets targetFlags
	fs.Var(&targets, "target", "`[NAME=]URL` or host:port to clean (repeatable); default $REDIS_URL")
	prefix := fs.String("prefix", "", "remove every key under `PREFIX`: (required; no glob characters)")
	var conn target.ConnectOptions
	fs.DurationVar(&conn.DialTimeout, "dial-timeout", 3*time.Second, "bound on each connection attempt")
	fs.DurationVar(&conn.IOTimeout, "io-timeout", 3*time.Second, "bound on each read and write of a command")
	cf := addConnFlags(fs)
	if _, err := parseArgs(fs, args, false); err != nil {
		if errors.Is(err, errHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q: flags only (bench clean -h)", fs.Arg(0))}
	}
	co, err := cf.options(os.Getenv)
	if err != nil {
		return err
	}
	co.DialTimeout, co.IOTimeout = conn.DialTimeout, conn.IOTimeout
	conn = co
	// KeyPrefix refuses empty and wildcard prefixes; an empty run id makes
	// it "<prefix>::", so build the match on the checked prefix instead.
	if _, err := scenario.KeyPrefix(*prefix, "x"); err != nil {
		return err
	}
	if len(targets) == 0 && os.Getenv("REDIS_URL") == "" {
		return &usageError{"clean needs --target or $REDIS_URL: it never cleans an embedded server, which starts empty"}
	}
	ts, stop, err := resolveTargets(ctx, targets, stdout)
	defer stop()
	if err != nil {
		return err
	}
	for _, t := range ts {
		c, err := target.ConnectUniversal(ctx, t, conn)
		if err != nil {
			return err
		}
		n, err := target.Cleanup(ctx, c, *prefix+":")
		c.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "target %s: removed %s under %s:\n", t.Name, plural(n, "key"), *prefix)
	}
	return nil
}
