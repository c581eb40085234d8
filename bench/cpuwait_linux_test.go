package bench

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCPUWaitSeesContention runs more busy threads than the machine has
// CPUs, so that the kernel must make some wait on a run queue and take
// CPUs from them, and checks that the client's statistics see both.
func TestCPUWaitSeesContention(t *testing.T) {
	prev := runtime.GOMAXPROCS(2 * runtime.NumCPU())
	defer runtime.GOMAXPROCS(prev)
	before := takeSelf()
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range 2 * runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for !stop.Load() {
			}
		}()
	}
	// The kernel's time slices are milliseconds long; the bound only
	// stops a broken measurement from hanging the test.
	deadline := time.Now().Add(20 * time.Second)
	var c ClientStats
	for time.Now().Before(deadline) {
		c = takeSelf().since(before)
		if c.CPUWait > 0 && c.Preemptions > 0 {
			break
		}
		runtime.Gosched()
	}
	stop.Store(true)
	wg.Wait()
	if !c.CPUWaitOK || c.CPUWait <= 0 || c.Preemptions <= 0 {
		t.Fatalf("with %d busy threads on %d CPUs: wait for a CPU %v (known %v), preemptions %d; want both above 0",
			2*runtime.NumCPU(), runtime.NumCPU(), c.CPUWait, c.CPUWaitOK, c.Preemptions)
	}
	if after := takeSelf().since(before); after.CPUWait < c.CPUWait || after.Preemptions < c.Preemptions {
		t.Errorf("the totals went back: %v, %d after %v, %d", after.CPUWait, after.Preemptions, c.CPUWait, c.Preemptions)
	}
}

func TestSchedstatWait(t *testing.T) {
	for _, tt := range []struct {
		line string
		want time.Duration
		ok   bool
	}{
		{"2163012345 167912345 4041\n", 167912345, true},
		{"0 0 0", 0, true},
		{"2163012345 167912345", 0, false},
		{"2163012345 x 4041", 0, false},
		{"", 0, false},
	} {
		got, ok := schedstatWait([]byte(tt.line))
		if got != tt.want || ok != tt.ok {
			t.Errorf("schedstatWait(%q) = %v, %v; want %v, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}
