//go:build linux

package embedded

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const helperEnv = "EMBEDDED_TEST_HELPER"

// TestHelperProcess is not a test: run by TestChildDiesWithParent as a
// separate process, it starts a redis-server, prints its address and temp
// dir, and waits to be killed.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		return
	}
	s, err := Start(context.Background(), Options{NoEmulator: true})
	if err != nil {
		fmt.Println("HELPER-ERROR", err)
		return
	}
	fmt.Println("HELPER", s.Addr, s.dir, s.proc.pid())
	time.Sleep(time.Minute)
}

func TestChildDiesWithParent(t *testing.T) {
	requireRedisServer(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

	var addr string
	for sc := bufio.NewScanner(out); addr == "" && sc.Scan(); {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 4 && f[0] == "HELPER":
			addr = f[1]
			pid, err := strconv.Atoi(f[3])
			if err != nil {
				t.Fatalf("helper: %s", sc.Text())
			}
			// A killed parent cannot remove the temp dir; we do. And
			// should the test fail, we end the orphan it is about.
			t.Cleanup(func() {
				if t.Failed() {
					_ = syscall.Kill(pid, syscall.SIGKILL)
				}
				_ = os.RemoveAll(f[2])
			})
		case len(f) > 0 && f[0] == "HELPER-ERROR":
			t.Fatalf("helper: %s", sc.Text())
		}
	}
	if addr == "" {
		t.Fatal("helper printed no address")
	}
	if !dialable(addr) {
		t.Fatalf("helper's redis-server on %s is not up", addr)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	for deadline := time.Now().Add(10 * time.Second); dialable(addr); {
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on %s outlived its killed parent", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
