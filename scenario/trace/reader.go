package trace

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// bufferSize is the Reader's buffer; a line longer than it is skipped.
const bufferSize = 1 << 20

// Compression magic numbers.
var (
	magicGzip = []byte{0x1f, 0x8b}
	magicZstd = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// Reader streams the requests of a trace. It is not safe for concurrent use.
type Reader struct {
	format      string
	compression string
	br          *bufio.Reader
	closers     []func() error
	line        int64 // lines (records) read so far
	skips       Skips
	err         error
	cols        columns // csv: where each column is
	rec         [oracleRecordSize]byte
	quoted      []byte // csv: a quoted key, unquoted
}

// Open opens the trace file at path in format ("" = detect; see
// NewReader). Close it after use.
func Open(path, format string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	r, err := NewReader(f, format)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%w (file %s)", err, path)
	}
	r.closers = append(r.closers, f.Close)
	return r, nil
}

// NewReader reads a trace from src: plain, gzip or zstd (told by their
// magic bytes), in format ("" detects it from the first bytes after
// decompression: see detect). Close releases the decompressor, not src.
func NewReader(src io.Reader, format string) (*Reader, error) {
	if err := CheckFormat(format); err != nil {
		return nil, err
	}
	r := &Reader{compression: "none"}
	br := bufio.NewReaderSize(src, 64<<10)
	magic, err := br.Peek(4)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("trace: read: %w", err)
	}
	var plain io.Reader = br
	switch {
	case bytes.HasPrefix(magic, magicGzip):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("trace: gzip: %w", err)
		}
		plain, r.compression = zr, "gzip"
		r.closers = append(r.closers, zr.Close)
	case bytes.HasPrefix(magic, magicZstd):
		// One decoding goroutine: the parser, not the decoder, is the
		// bottleneck, and memory stays at one window.
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
		if err != nil {
			return nil, fmt.Errorf("trace: zstd: %w", err)
		}
		plain, r.compression = zr, "zstd"
		r.closers = append(r.closers, func() error { zr.Close(); return nil })
	}
	r.br = bufio.NewReaderSize(plain, bufferSize)
	if format == "" {
		head, err := r.br.Peek(4096)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			r.Close()
			return nil, fmt.Errorf("trace: read: %w", err)
		}
		if format, err = detect(head); err != nil {
			r.Close()
			return nil, err
		}
	}
	r.format = format
	if format == FormatCSV {
		if err := r.readHeader(); err != nil {
			r.Close()
			return nil, err
		}
	}
	return r, nil
}

// Format returns the trace's format.
func (r *Reader) Format() string { return r.format }

// Compression returns "none", "gzip" or "zstd".
func (r *Reader) Compression() string { return r.compression }

// Skipped returns the lines skipped so far and the first reasons.
func (r *Reader) Skipped() Skips {
	s := r.skips
	s.First = append([]string(nil), s.First...)
	return s
}

// Lines returns the lines (oracle-general: records) read so far, skipped
// ones and a csv header included.
func (r *Reader) Lines() int64 { return r.line }

// Err returns the error that ended the stream early, nil at its end.
func (r *Reader) Err() error { return r.err }

// Close releases the decompressor and the file Open opened.
func (r *Reader) Close() error {
	var errs []error
	for i := len(r.closers) - 1; i >= 0; i-- {
		errs = append(errs, r.closers[i]())
	}
	r.closers = nil
	return errors.Join(errs...)
}

// Next reads the next request into req, skipping what it cannot parse. It
// returns false at the end of the trace or on a read error (Err).
func (r *Reader) Next(req *Request) bool {
	if r.err != nil {
		return false
	}
	if r.format == FormatOracleGeneral {
		return r.nextOracle(req)
	}
	for {
		line, ok := r.readLine()
		if !ok {
			return false
		}
		if len(line) == 0 {
			continue
		}
		var why string
		if r.format == FormatTwitter {
			why = parseTwitter(line, req)
		} else {
			why = r.parseCSV(line, req)
		}
		if why == "" {
			return true
		}
		r.skips.add(r.line, "%s", why)
	}
}

// readLine returns the next line without its line ending; ok is false at
// the end or on an error. A line longer than the buffer is skipped.
func (r *Reader) readLine() (line []byte, ok bool) {
	for {
		b, err := r.br.ReadSlice('\n')
		if err == nil || (errors.Is(err, io.EOF) && len(b) > 0) {
			r.line++
			b = bytes.TrimSuffix(b, []byte{'\n'})
			return bytes.TrimSuffix(b, []byte{'\r'}), true
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			r.line++
			r.skips.add(r.line, "longer than %d bytes", bufferSize)
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.br.ReadSlice('\n')
			}
			if err == nil {
				continue
			}
		}
		if !errors.Is(err, io.EOF) {
			r.err = fmt.Errorf("trace: read line %d: %w", r.line+1, err)
		}
		return nil, false
	}
}
