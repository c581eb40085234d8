package main

import (
	"context"
	"errors"

	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/target"
)

// Exit codes (README, "Exit codes").
const (
	exitOK          = 0
	exitFailed      = 1 // verification failed (or any other failure)
	exitUsage       = 2 // usage or invalid configuration
	exitUnreachable = 3 // target unreachable or authentication failed
	exitInvalidRun  = 4 // bench compare: a run is invalid, so nothing was judged
	exitInterrupted = 130
)

// usageError is bad command-line input.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

var (
	// errVerifyFailed: verification ran and FAILed on some target; the
	// console already said which checks.
	errVerifyFailed = errors.New("verification failed")
	// errTooManyErrors: a workload's errors exceeded --max-error-rate; the
	// console said which.
	errTooManyErrors = errors.New("too many errors: see --max-error-rate")
	// errInterrupted: a signal stopped the run; the partial report was written.
	errInterrupted = errors.New("interrupted")
)

// exitCode maps an error of runContext to the process exit code.
func exitCode(err error) int {
	var fe *scenario.FieldError
	var tfe *target.FieldError
	var ue *usageError
	var ire *invalidRunError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errInterrupted), errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &ue), errors.As(err, &fe), errors.As(err, &tfe):
		return exitUsage
	case errors.As(err, &ire):
		return exitInvalidRun
	case errors.Is(err, target.ErrUnreachable):
		return exitUnreachable
	}
	return exitFailed
}

// isQuietFailure reports errors whose story the console has already told.
func isQuietFailure(err error) bool {
	return errors.Is(err, errVerifyFailed) || errors.Is(err, errNoCapacity)
}
