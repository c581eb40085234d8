package trace

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// oracleRecordSize is the size of one oracleGeneral record.
const oracleRecordSize = 24

// nextOracle reads one oracleGeneral record: uint32 timestamp (seconds),
// uint64 object id, uint32 size, int64 next access (unused here), little
// endian. Every request is a get; a size of 0 is skipped.
func (r *Reader) nextOracle(req *Request) bool {
	for {
		n, err := io.ReadFull(r.br, r.rec[:])
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				r.line++
				r.skips.add(r.line, "a partial record of %d bytes at the end (records are %d bytes)", n, oracleRecordSize)
			} else if !errors.Is(err, io.EOF) {
				r.err = fmt.Errorf("trace: read record %d: %w", r.line+1, err)
			}
			return false
		}
		r.line++
		size := binary.LittleEndian.Uint32(r.rec[12:16])
		if size == 0 {
			r.skips.add(r.line, "object size 0")
			continue
		}
		*req = Request{
			Time:         time.Duration(binary.LittleEndian.Uint32(r.rec[0:4])) * time.Second,
			ID:           binary.LittleEndian.Uint64(r.rec[4:12]),
			ValueSize:    int(size),
			Op:           Get,
			HasTime:      true,
			HasValueSize: true,
		}
		return true
	}
}
