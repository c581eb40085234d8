package bench

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// processCPUWait returns how long the process's threads have waited on a
// run queue, ready to run while another task held the CPU: the second
// field of /proc/self/task/*/schedstat, summed. Threads that have exited
// take their share with them, so the difference of two readings can only
// err low.
func processCPUWait() (time.Duration, bool) {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return 0, false
	}
	var total int64
	read := 0
	var buf [128]byte
	for _, t := range tasks {
		f, err := os.Open("/proc/self/task/" + t.Name() + "/schedstat")
		if err != nil {
			continue // the thread has exited
		}
		n, _ := f.Read(buf[:])
		f.Close()
		wait, ok := schedstatWait(buf[:n])
		if !ok {
			return 0, false
		}
		total += int64(wait)
		read++
	}
	// A kernel built without scheduler statistics has no schedstat files.
	return time.Duration(total), read > 0
}

// schedstatWait reads a thread's schedstat line: time on a CPU, time
// waiting on a run queue (both in ns) and the number of time slices; it
// returns the second.
func schedstatWait(line []byte) (time.Duration, bool) {
	fields := bytes.Fields(line)
	if len(fields) != 3 {
		return 0, false
	}
	wait, err := strconv.ParseInt(string(fields[1]), 10, 64)
	if err != nil || wait < 0 {
		return 0, false
	}
	return time.Duration(wait), true
}
