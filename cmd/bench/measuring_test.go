package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// cliMeasuring runs the command line like cli, with its progress line on,
// and calls at on another goroutine once the progress line shows that
// measurement has run for after. It returns cli's results and at's error,
// or an error saying the progress line never got there. args must not
// hold --quiet.
//
// The progress line goes to a pipe that the CLI takes for a terminal; it
// shows the elapsed measured time once a second, so at runs between after
// and about a second later.
func cliMeasuring(t *testing.T, after time.Duration, at func() error, args ...string) (error, string, string, error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer func(isTerminal func(int) bool) { termIsTerminal = isTerminal }(termIsTerminal)
	termIsTerminal = func(int) bool { return true }

	reached, ended := make(chan struct{}), make(chan struct{})
	var stderr bytes.Buffer
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(r)
		sc.Split(progressLines)
		for shown := false; sc.Scan(); {
			stderr.Write(sc.Bytes())
			stderr.WriteByte('\n')
			if !shown && measuredFor(sc.Text()) >= after {
				close(reached)
				shown = true
			}
		}
	}()
	atErr := make(chan error, 1)
	go func() {
		select {
		case <-reached:
			atErr <- at()
		case <-ended:
			atErr <- fmt.Errorf("the run ended before its progress line showed %v of measurement and it was acted on", after)
		}
	}()

	var out bytes.Buffer
	runErr := run(args, &out, w)
	w.Close()
	<-read
	close(ended)
	return runErr, out.String(), stderr.String(), <-atErr
}

// elapsedRE matches the elapsed/total time of a progress line while it
// measures (not during the warm-up, not the final line).
var elapsedRE = regexp.MustCompile(`(\d+\.\d)s/\d`)

// measuredFor returns the measured time a progress line shows, -1 for
// none.
func measuredFor(line string) time.Duration {
	m := elapsedRE.FindStringSubmatch(line)
	if m == nil {
		return -1
	}
	s, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return -1
	}
	return time.Duration(s * float64(time.Second))
}

// progressLines splits the progress output into lines ended by "\r" or
// "\n".
func progressLines(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		return i + 1, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}
