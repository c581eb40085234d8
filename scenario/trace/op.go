package trace

// Op is a request's operation, as Twitter's traces name them.
type Op uint8

// Operations. Get and Gets are reads; Delete invalidates; the others write.
const (
	Get Op = iota
	Gets
	Set
	Add
	Replace
	Cas
	Append
	Prepend
	Delete
	Incr
	Decr
	numOps
)

var opNames = [numOps]string{"get", "gets", "set", "add", "replace", "cas", "append", "prepend", "delete", "incr", "decr"}

// String returns the operation's name in the traces, e.g. "get".
func (o Op) String() string {
	if o < numOps {
		return opNames[o]
	}
	return "invalid"
}

// Ops returns every operation in order (Get first).
func Ops() []Op {
	ops := make([]Op, numOps)
	for i := range ops {
		ops[i] = Op(i)
	}
	return ops
}

// Class is what a request does to a cache-aside deployment.
type Class uint8

// Classes of operations.
const (
	// Read goes through the cache (get, gets).
	Read Class = iota
	// Write changes the system of record (set, add, replace, cas, append,
	// prepend, incr, decr).
	Write
	// Remove deletes the object (delete): the cache is invalidated.
	Remove
)

// Class returns the class of o.
func (o Op) Class() Class {
	switch o {
	case Get, Gets:
		return Read
	case Delete:
		return Remove
	}
	return Write
}

// ParseOp returns the operation named b (lower or upper case) and whether
// it is one.
func ParseOp(b []byte) (Op, bool) {
	var buf [8]byte
	if len(b) == 0 || len(b) > len(buf) {
		return 0, false
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	s := buf[:len(b)]
	for i, n := range opNames {
		if string(s) == n {
			return Op(i), true
		}
	}
	return 0, false
}
