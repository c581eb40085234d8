package testredis

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cacheaside/bench/embedded"
)

// SentinelMaster is the master name StartSentinel monitors.
const SentinelMaster = "mymaster"

// Sentinel is a master, one replica and one or more sentinels on
// loopback, started by StartSentinel or StartSentinels.
type Sentinel struct {
	// Master, Replica and Sentinel (the first sentinel) are host:port, as
	// started: after a failover Replica is the master.
	Master, Replica, Sentinel string
	// Sentinels are every sentinel's host:port, Sentinel first.
	Sentinels []string
	// Password is the master's and replica's password ("" for none).
	Password string
}

// SentinelOptions tune StartSentinels; zero fields take the defaults.
type SentinelOptions struct {
	// Password protects master and replica ("" for none).
	Password string
	// Sentinels is how many sentinels monitor the master (quorum 1); 1.
	Sentinels int
	// DownAfter is down-after-milliseconds; 5 s.
	DownAfter time.Duration
	// FailoverTimeout is failover-timeout; 10 s.
	FailoverTimeout time.Duration
}

// URL returns the target URL of the monitored master through the
// sentinels: redis-sentinel://[:password@]host:port[,host:port…]/mymaster.
func (s *Sentinel) URL() string {
	auth := ""
	if s.Password != "" {
		auth = ":" + s.Password + "@"
	}
	return "redis-sentinel://" + auth + strings.Join(s.Sentinels, ",") + "/" + SentinelMaster
}

// StartSentinel starts a master, a replica of it and a sentinel monitoring
// it as SentinelMaster (quorum 1), with password protecting master and
// replica when it is not "", waits until the sentinel knows the replica as
// healthy, and stops all three in t.Cleanup. It skips the test, or fails
// it under CI=true, when redis-server is missing, and then returns nil.
func StartSentinel(t testing.TB, password string) *Sentinel {
	t.Helper()
	return StartSentinels(t, SentinelOptions{Password: password})
}

// StartSentinels is StartSentinel with o's settings: more sentinels, and
// the timings of a failover.
func StartSentinels(t testing.TB, o SentinelOptions) *Sentinel {
	t.Helper()
	password := o.Password
	o.Sentinels = max(o.Sentinels, 1)
	if o.DownAfter <= 0 {
		o.DownAfter = 5 * time.Second
	}
	if o.FailoverTimeout <= 0 {
		o.FailoverTimeout = 10 * time.Second
	}
	// No 5 s wait before the replica's first sync.
	auth := []string{"--repl-diskless-sync-delay", "0"}
	if password != "" {
		auth = append(auth, "--requirepass", password, "--masterauth", password)
	}
	master := Start(t, auth...)
	if master == nil {
		return nil
	}
	_, mport, _ := net.SplitHostPort(master.Addr)
	replica := Start(t, append([]string{"--replicaof", "127.0.0.1", mport}, auth...)...)
	if replica == nil {
		return nil
	}
	s := &Sentinel{Master: master.Addr, Replica: replica.Addr, Password: password}
	// The sentinel learns the replicas from the master's INFO when it
	// connects: let the replica be online first.
	ok := waitFor(t, "the replica in sync", 15*time.Second, func() error {
		info, err := DoString(replica.Addr, password, "INFO", "replication")
		if err != nil {
			return err
		}
		if st := InfoField(info, "master_link_status"); st != "up" {
			return fmt.Errorf("master_link_status %q", st)
		}
		return nil
	})
	if !ok {
		return nil
	}
	for range o.Sentinels {
		addr := startSentinel(t, master.Addr, o)
		if addr == "" {
			return nil
		}
		s.Sentinels = append(s.Sentinels, addr)
	}
	s.Sentinel = s.Sentinels[0]
	for _, sent := range s.Sentinels {
		ok = waitFor(t, "the sentinels knowing a healthy replica", 20*time.Second, func() error {
			reps, err := Do(sent, "", "SENTINEL", "REPLICAS", SentinelMaster)
			if err != nil {
				return err
			}
			list, _ := reps.([]any)
			for _, r := range list {
				kv := pairs(r)
				if net.JoinHostPort(kv["ip"], kv["port"]) == replica.Addr && kv["flags"] == "slave" && kv["master-link-status"] == "ok" {
					return nil
				}
			}
			return fmt.Errorf("SENTINEL REPLICAS %v", reps)
		})
		if !ok {
			return nil
		}
	}
	return s
}

// MasterAddr returns the master's host:port as the first sentinel gives
// it (SENTINEL GET-MASTER-ADDR-BY-NAME).
func (s *Sentinel) MasterAddr() (string, error) {
	v, err := Do(s.Sentinel, "", "SENTINEL", "GET-MASTER-ADDR-BY-NAME", SentinelMaster)
	if err != nil {
		return "", err
	}
	hp, _ := v.([]any)
	if len(hp) != 2 {
		return "", fmt.Errorf("testredis: SENTINEL GET-MASTER-ADDR-BY-NAME: %v", v)
	}
	host, _ := hp[0].(string)
	port, _ := hp[1].(string)
	return net.JoinHostPort(host, port), nil
}

// pairs turns a flat [k1 v1 k2 v2 …] reply into a map.
func pairs(v any) map[string]string {
	list, _ := v.([]any)
	kv := map[string]string{}
	for i := 0; i+1 < len(list); i += 2 {
		k, _ := list[i].(string)
		val, _ := list[i+1].(string)
		kv[k] = val
	}
	return kv
}

// startSentinel runs redis-server in sentinel mode on a free port with its
// own config file (a sentinel rewrites it), waits for PING, and stops it in
// t.Cleanup. It returns its host:port, or "" after failing the test.
func startSentinel(t testing.TB, masterAddr string, o SentinelOptions) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		missing(t, "redis-server", err)
		return ""
	}
	host, mport, _ := net.SplitHostPort(masterAddr)
	var lastErr error
	for range startAttempts {
		port, err := embedded.FreePort()
		if err != nil {
			t.Fatalf("testredis: %v", err)
			return ""
		}
		dir := t.TempDir()
		conf := []string{
			fmt.Sprintf("port %d", port),
			"bind 127.0.0.1",
			"protected-mode no",
			"daemonize no",
			"dir " + dir,
			fmt.Sprintf("sentinel monitor %s %s %s 1", SentinelMaster, host, mport),
			fmt.Sprintf("sentinel down-after-milliseconds %s %d", SentinelMaster, o.DownAfter.Milliseconds()),
			fmt.Sprintf("sentinel failover-timeout %s %d", SentinelMaster, o.FailoverTimeout.Milliseconds()),
		}
		if o.Password != "" {
			conf = append(conf, fmt.Sprintf("sentinel auth-pass %s %s", SentinelMaster, o.Password))
		}
		file := filepath.Join(dir, "sentinel.conf")
		if err := os.WriteFile(file, []byte(strings.Join(conf, "\n")+"\n"), 0o600); err != nil {
			t.Fatalf("testredis: %v", err)
			return ""
		}
		addr := fmt.Sprintf("127.0.0.1:%d", port)
		if lastErr = runSentinel(t, bin, file, dir, addr); lastErr == nil {
			return addr
		}
	}
	t.Fatalf("testredis: start a sentinel: %v", lastErr)
	return ""
}

// runSentinel starts one sentinel process and waits until it answers
// PING; on success it is stopped in t.Cleanup, on error it is gone.
func runSentinel(t testing.TB, bin, conf, dir, addr string) error {
	var out syncBuffer
	cmd := exec.Command(bin, conf, "--sentinel")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Kill()
		<-done
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-done:
			return fmt.Errorf("sentinel exited (%v): %s", err, out.String())
		default:
		}
		if v, err := Do(addr, "", "PING"); err == nil && v == "PONG" {
			// Ours, and not another process that took the port first?
			info, err := DoString(addr, "", "INFO", "server")
			if err == nil && InfoField(info, "process_id") == fmt.Sprint(cmd.Process.Pid) {
				t.Cleanup(stop)
				return nil
			}
		}
		if time.Now().After(deadline) {
			stop()
			return fmt.Errorf("sentinel on %s did not answer PING: %s", addr, out.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// syncBuffer is a bytes.Buffer safe for the process's output goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
