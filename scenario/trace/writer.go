package trace

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"time"
)

// TwitterWriter writes requests as rows of a Twitter trace, the format
// FormatTwitter reads. It buffers: call Flush at the end.
type TwitterWriter struct {
	w   *bufio.Writer
	buf []byte
}

// NewTwitterWriter returns a writer of Twitter rows to w.
func NewTwitterWriter(w io.Writer) *TwitterWriter {
	return &TwitterWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// Write writes req as one row: timestamp (whole seconds), key (the decimal
// ID when req has no Key), key size, value size, client id, operation, TTL.
func (t *TwitterWriter) Write(req *Request, client int) error {
	b := t.buf[:0]
	b = strconv.AppendInt(b, int64(req.Time/time.Second), 10)
	b = append(b, ',')
	ks := req.KeySize
	if req.Key != nil {
		b = append(b, req.Key...)
	} else {
		n := len(b)
		b = strconv.AppendUint(b, req.ID, 10)
		ks = len(b) - n
	}
	if ks == 0 {
		ks = len(req.Key)
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(ks), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(req.ValueSize), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(client), 10)
	b = append(b, ',')
	b = append(b, req.Op.String()...)
	b = append(b, ',')
	b = strconv.AppendInt(b, req.TTL, 10)
	b = append(b, '\n')
	t.buf = b
	if _, err := t.w.Write(b); err != nil {
		return fmt.Errorf("trace: write: %w", err)
	}
	return nil
}

// Flush writes what is buffered.
func (t *TwitterWriter) Flush() error {
	if err := t.w.Flush(); err != nil {
		return fmt.Errorf("trace: write: %w", err)
	}
	return nil
}
