package target

import "fmt"

// FieldError is an invalid connection setting: it names the flag
// (--target, --resp, --read-from, --tls-*) and says what it accepts.
// Callers map it to exit code 2, as scenario.FieldError.
type FieldError struct {
	// Field is the flag, e.g. "--tls-ca".
	Field string
	// Msg says what is wrong and what is accepted.
	Msg string
}

func (e *FieldError) Error() string { return "target: " + e.Field + ": " + e.Msg }

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}
