package shasign

import "slices"

// SignInFields returns the SHA-IN digest of a request given as a list of
// fields rather than url.Values: the digest SignIn returns for url.Values
// holding the same fields (each one added with url.Values.Add). The rules
// are SignIn's: names are uppercased (ASCII letters only), empty values
// and the signature (SHASIGN, SHASIGNATURE.SHASIGN) are left out, the
// fields are hashed in the platform's order ('_' first, see Compare)
// whatever their order in the list, a name given twice in any case is
// ErrAmbiguousParameter, and the signer's encoding applies.
//
// It is for code that builds requests itself and knows its fields: it
// reads the list without a map, and a list already in digest order is
// sorted in one pass. It does not keep or change fields.
func (s *Signer) SignInFields(fields []Field) (string, error) {
	if err := s.check(); err != nil {
		return "", err
	}
	st := getState()
	defer putState(st)
	if inDigestOrder(fields) {
		return s.signOrdered(st, fields)
	}
	if err := collectFields(st, fields); err != nil {
		return "", err
	}
	sum, err := s.hash(st, publishedReading)
	if err != nil {
		return "", err
	}
	return string(encodeUpperHex(st.hex[:0], sum)), nil
}

// reset empties st for n parameters.
func (st *state) reset(n int) {
	st.entries = slices.Grow(st.entries[:0], n)
	st.order = slices.Grow(st.order[:0], n)
	st.arena = slices.Grow(st.arena[:0], 16*n)
	st.signature = ""
	st.pairBytes, st.pairs = 0, 0
}

// collectFields is collect for a list of SHA-IN fields. A url.Values
// holds a name once with all its values, a list may hold it several
// times: a name repeated exactly is ErrAmbiguousParameter here as two
// values are there (the sort finds the other repeats, as it does for
// names that differ in case).
func collectFields(st *state, fields []Field) error {
	if len(fields) > maxParameters {
		return ErrTooManyParameters
	}
	st.reset(len(fields))
	var signatures []Field // rare: at most a few, compared by name
	filled := 0
	for _, f := range fields {
		start := len(st.arena)
		st.arena = upperASCII(st.arena, f.Name)
		upper := st.arena[start:]
		if isSignature(upper) {
			st.arena = st.arena[:start]
			for _, g := range signatures {
				if g.Name == f.Name {
					return &ParameterError{Name: truncate(f.Name, 40), Err: ErrAmbiguousParameter}
				}
			}
			signatures = append(signatures, f)
			if f.Value != "" {
				// SHASIGN and SHASIGNATURE.SHASIGN both filled.
				if filled++; filled > 1 {
					return &ParameterError{Name: truncate(f.Name, 40), Err: ErrAmbiguousParameter}
				}
			}
			continue
		}
		if f.Value != "" {
			st.pairBytes += len(upper) + 1 + len(f.Value)
			st.pairs++
		}
		if len(st.arena) > maxArena {
			return ErrTooManyParameters
		}
		st.order = append(st.order, keyChunk(upper, 0)<<16|uint64(len(st.entries)))
		st.entries = append(st.entries, entry{start: int32(start), end: int32(len(st.arena)), value: f.Value})
	}
	return st.sortNames(st.order, 0)
}

// inDigestOrder reports whether fields can be hashed as they are: names
// already uppercase, none a signature, each after the one before in
// digest order (so no repeats). A builder that lists its fields in that
// order skips the copy and the sort; any other list takes the general way.
func inDigestOrder(fields []Field) bool {
	if len(fields) > maxParameters {
		return false
	}
	prev := ""
	for i, f := range fields {
		if (i > 0 && !before(prev, f.Name)) || f.Name == "SHASIGN" || f.Name == "SHASIGNATURE.SHASIGN" {
			return false
		}
		for j := 0; j < len(f.Name); j++ {
			if c := f.Name[j]; 'a' <= c && c <= 'z' {
				return false
			}
		}
		prev = f.Name
	}
	return true
}

// before reports whether a sorts strictly before b in digest order
// (compareNames, with the key table).
func before(a, b string) bool {
	k := &collationKeys
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if ka, kb := k[a[i]], k[b[i]]; ka != kb {
			return ka < kb
		}
	}
	return len(a) < len(b)
}

// signOrdered hashes fields in their order, as hash does the collected
// entries.
func (s *Signer) signOrdered(st *state, fields []Field) (string, error) {
	key := *s.passphrase
	n := 0
	for _, f := range fields {
		if f.Value != "" {
			n += len(f.Name) + 1 + len(f.Value) + len(key)
		}
	}
	msg := slices.Grow(st.msg[:0], n)
	var err error
	for _, f := range fields {
		switch {
		case f.Value == "":
		case s.enc == UTF8:
			msg = append(msg, f.Name...)
			msg = append(msg, '=')
			msg = append(msg, f.Value...)
			msg = append(msg, key...)
		default:
			if msg, err = appendPair(s, msg, f.Name, f.Value); err != nil {
				st.msg = msg
				return "", err
			}
		}
	}
	st.msg = msg
	return string(encodeUpperHex(st.hex[:0], s.alg.sum(&st.sum, msg))), nil
}
