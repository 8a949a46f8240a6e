package shasign

import (
	"bytes"
	"crypto/sha512"
	"net/url"
	"slices"
	"sync"
)

// state holds the scratch space of one signing. It is pooled so that the
// hot path does not allocate.
type state struct {
	arena     []byte   // uppercased names, back to back
	entries   []entry  // the parameters that count
	order     []uint64 // entries in digest order: key prefix << 16 | index
	scratch   []uint64 // the radix sort's second buffer
	msg       []byte   // the string to hash
	signature string   // SHASIGN as received
	pairBytes int      // the length of NAME=value for the non-empty entries
	pairs     int      // how many entries have a value
	sum       [sha512.Size]byte
	given     [sha512.Size]byte
	hex       [2 * sha512.Size]byte
}

// entry is one parameter that counts. Its uppercased name is
// arena[start:end]: offsets rather than a slice, so that the arena may
// grow while names are collected and an entry stays small.
type entry struct {
	start, end int32
	value      string
	dispute    disputeSet // the name's bit when its place on the SHA-OUT list is disputed
}

func (st *state) name(i uint64) []byte {
	e := &st.entries[uint16(i)]
	return st.arena[e.start:e.end:e.end]
}

// Buffers the pool keeps, in elements. A request with more parameters
// than that signs with buffers of its exact size (a few allocations, no
// regrowing) and the pool keeps its smaller ones: signing cost grows with
// the request, without a cliff.
const (
	poolEntries = 4096
	poolArena   = 64 << 10
	poolMsg     = 256 << 10
)

var statePool = sync.Pool{New: func() any { return new(state) }}

func getState() *state { return statePool.Get().(*state) }

func putState(st *state) {
	if cap(st.entries) > poolEntries {
		st.entries, st.order, st.scratch = nil, nil, nil
	}
	if cap(st.arena) > poolArena {
		st.arena = nil
	}
	if cap(st.msg) > poolMsg {
		st.msg = nil
	}
	// Drop references to the caller's strings before pooling.
	clear(st.entries)
	st.signature = ""
	statePool.Put(st)
}

// collect fills st.entries with the parameters the digest covers, st.order
// with their digest order, and st.signature with SHASIGN. Empty values stay
// in the list (they still count for ambiguity) and are skipped when
// hashing. When skipped is not nil, it receives the parameters left out
// and why.
func collect(st *state, dir Direction, params url.Values, skipped *[]Skipped) error {
	if len(params) > maxParameters {
		return ErrTooManyParameters
	}
	st.reset(len(params))
	signatures := 0
	for name, values := range params {
		start := len(st.arena)
		st.arena = upperASCII(st.arena, name)
		upper := st.arena[start:]
		switch {
		case isSignature(upper):
			st.arena = st.arena[:start]
			if len(values) > 1 {
				return &ParameterError{Name: truncate(name, 40), Err: ErrAmbiguousParameter}
			}
			if len(values) == 1 && values[0] != "" {
				// SHASIGN and SHASIGNATURE.SHASIGN both filled: which one
				// would a reader check?
				if signatures++; signatures > 1 {
					return &ParameterError{Name: truncate(name, 40), Err: ErrAmbiguousParameter}
				}
				st.signature = values[0]
			}
			if skipped != nil {
				*skipped = append(*skipped, Skipped{Name: name, Reason: SkipSignature})
			}
			continue
		case dir == Out && !isSHAOut(upper):
			st.arena = st.arena[:start]
			if skipped != nil {
				*skipped = append(*skipped, Skipped{Name: name, Reason: SkipNotSHAOut})
			}
			continue
		case len(values) > 1:
			return &ParameterError{Name: truncate(name, 40), Err: ErrAmbiguousParameter}
		}
		value := ""
		if len(values) == 1 {
			value = values[0]
		}
		if value != "" {
			st.pairBytes += len(upper) + 1 + len(value)
			st.pairs++
		} else if skipped != nil {
			*skipped = append(*skipped, Skipped{Name: name, Reason: SkipEmpty})
		}
		if len(st.arena) > maxArena {
			return ErrTooManyParameters
		}
		st.order = append(st.order, keyChunk(upper, 0)<<16|uint64(len(st.entries)))
		var dispute disputeSet
		if dir == Out {
			dispute = disputeOf(upper)
		}
		st.entries = append(st.entries, entry{start: int32(start), end: int32(len(st.arena)), value: value, dispute: dispute})
	}
	return st.sortNames(st.order, 0)
}

// maxParameters bounds a parameter set so that an entry's index fits the
// 16 bits collect packs it in. Real requests have a few dozen.
const maxParameters = 1<<16 - 1

// maxArena bounds the names' total length so that offsets fit an int32.
const maxArena = 1<<31 - 1

// keyBytes is how many bytes of a name one sort key holds.
const keyBytes = 6

// sortNames sorts run, whose keys hold the collation keys of the names'
// bytes from depth on, into digest order. It sorts plain integers rather
// than entries with a comparison function: most names differ within their
// first six bytes, so one integer sort orders them. Names that tie there
// (ITEMNAME1 to ITEMNAME249 share "ITEMNA") are sorted again on their next
// six bytes, and so on: a radix sort, linear in the names' length, so that
// long shared prefixes cost no more than short ones.
func (st *state) sortNames(run []uint64, depth int) error {
	switch {
	case len(run) <= insertionMax:
		insertionSort(run)
	case len(run) < radixMin:
		slices.Sort(run)
	default:
		st.scratch = slices.Grow(st.scratch[:0], len(run))
		radixSort(run, st.scratch[:len(run)])
	}
	for i := 0; i < len(run); {
		j := i + 1
		for j < len(run) && run[j]>>16 == run[i]>>16 {
			j++
		}
		if j-i > 1 {
			if err := st.sortTied(run[i:j], depth); err != nil {
				return err
			}
		}
		i = j
	}
	return nil
}

// sortTied orders names whose keys tie at depth.
func (st *state) sortTied(run []uint64, depth int) error {
	next := depth + keyBytes
	for _, o := range run {
		if len(st.name(o)) <= next {
			// A name ends within the key, padded with 0, the key of '_':
			// "AB" and "AB_" tie. Such runs are rare and short; the full
			// comparison orders them and finds duplicates.
			return st.sortByComparison(run)
		}
	}
	for k, o := range run {
		run[k] = keyChunk(st.name(o), next)<<16 | o&0xFFFF
	}
	return st.sortNames(run, next)
}

func (st *state) sortByComparison(run []uint64) error {
	slices.SortFunc(run, func(a, b uint64) int { return compareNames(st.name(a), st.name(b)) })
	for k := 1; k < len(run); k++ {
		if name := st.name(run[k]); bytes.Equal(st.name(run[k-1]), name) {
			return &ParameterError{Name: truncate(string(name), 40), Err: ErrAmbiguousParameter}
		}
	}
	return nil
}

// keyChunk packs the collation keys of name's bytes from depth on, six of
// them, so that integer order is the names' order wherever those bytes
// differ. A name that ends pads with 0, the key of '_'.
func keyChunk(name []byte, depth int) uint64 {
	k := &collationKeys
	if len(name) >= depth+keyBytes {
		b := name[depth : depth+keyBytes]
		return uint64(k[b[0]])<<40 | uint64(k[b[1]])<<32 | uint64(k[b[2]])<<24 |
			uint64(k[b[3]])<<16 | uint64(k[b[4]])<<8 | uint64(k[b[5]])
	}
	var p uint64
	for i := depth; i < depth+keyBytes; i++ {
		p <<= 8
		if i < len(name) {
			p |= uint64(k[name[i]])
		}
	}
	return p
}

// collationKeys is collationKey as a table, which keyChunk reads without
// branching.
var collationKeys = func() (t [256]byte) {
	for c := range t {
		t[c] = collationKey(byte(c))
	}
	return t
}()

// radixMin is the size from which sortNames sorts by radix rather than by
// comparison: for a few dozen names, comparing is faster.
const radixMin = 64

// radixSort sorts keys on their keyBytes key bytes (above the 16 index
// bits), one byte per pass from the least significant, with scratch as the
// second buffer. It is stable, and skips the passes on a byte that all keys
// share, which names sharing a prefix make common.
func radixSort(keys, scratch []uint64) {
	var counts [keyBytes][256]uint32
	for _, k := range keys {
		for b := range keyBytes {
			counts[b][byte(k>>(16+8*b))]++
		}
	}
	src, dst := keys, scratch
	for b := range keyBytes {
		shift := 16 + 8*b
		c := &counts[b]
		if int(c[byte(src[0]>>shift)]) == len(src) {
			continue
		}
		var sum uint32
		for i, n := range c {
			c[i] = sum
			sum += n
		}
		for _, k := range src {
			d := byte(k >> shift)
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// insertionMax is the size up to which sortNames sorts by insertion: a
// hosted page request has a few dozen names, which insertion sorts faster
// than any sort with more set-up.
const insertionMax = 40

func insertionSort(keys []uint64) {
	for i := 1; i < len(keys); i++ {
		k := keys[i]
		j := i
		for ; j > 0 && keys[j-1] > k; j-- {
			keys[j] = keys[j-1]
		}
		keys[j] = k
	}
}
