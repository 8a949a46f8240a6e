package shasign

import (
	"net/url"
)

// DefaultAlgorithm is the hash function to use when an account's setting
// is not given: SHA-512, the one the platform recommends.
const DefaultAlgorithm = SHA512

// Match is what a successful VerifyOutAny proved: which key signed the
// feedback and which parameters its digest covered.
type Match struct {
	// Key is the index, among the signers given to VerifyOutAny, of the
	// one whose digest matched: 0 for the first (the current key).
	Key int
	// leftOut holds the disputed names present in the feedback that the
	// matching reading of the SHA-OUT list did not sign.
	leftOut disputeSet
	// unlisted counts the names no reading of the list covers, the
	// signature included.
	unlisted int
}

// Unlisted returns how many parameter names of the feedback no reading of
// the SHA-OUT list covers, the signature itself included: 1 means the
// feedback carries nothing unsigned but disputed names (which
// VerifyOutEach reports).
func (m Match) Unlisted() int { return m.unlisted }

// Signed reports whether the matching digest covered a parameter of this
// name, compared after uppercasing ASCII letters only, exactly as the
// signer does: a name on the SHA-OUT list (or ALIAS.*, CARD.*), and not a
// disputed name that the matching reading left out. Look-alike names such
// as "Aliaſ.StorePermanently" (U+017F) or "\u212AEY" (Kelvin sign) are not
// covered. SHASIGN itself is not.
func (m Match) Signed(name string) bool {
	var buf [64]byte
	upper := upperASCII(buf[:0], name)
	return !isSignature(upper) && isSHAOut(upper) && disputeOf(upper)&m.leftOut == 0
}

// LeftOut returns the disputed names present in the feedback that the
// matching reading did not sign, in the order of DisputedSHAOutParameters.
// Their values are not authenticated.
func (m Match) LeftOut() []string {
	var names []string
	for _, d := range disputedNames {
		if m.leftOut&d.bit != 0 {
			names = append(names, d.name)
		}
	}
	return names
}

// VerifyOutAny checks the SHASIGN of feedback params against each signer in
// turn, in the order given, and reports the first that matches. It is how
// a shop keeps accepting feedback signed with its previous key while the
// platform changes to a new one: pass the current signer first, the
// previous one after it; a later signer is tried only when the earlier
// ones do not match.
//
// The parameters are collected and ordered once, whatever the number of
// signers. For each signer every reading of the disputed SHA-OUT names
// present is tried (see DisputedSHAOutParameters), the published list
// first. Errors are those of VerifyOut: ErrAmbiguousParameter,
// ErrTooManyParameters and ErrMissingSignature before any hashing, then
// ErrSignatureMismatch when no signer matches (or the first hashing error,
// such as ErrUnencodable, when one occurred). Without signers it returns
// ErrEmptyPassphrase.
func VerifyOutAny(params url.Values, signers ...*Signer) (Match, error) {
	return verifyAny(Out, params, signers, nil)
}

// VerifyOutEach is VerifyOutAny, and then, when a signer matched, calls fn
// for every parameter with a value that a reading of the SHA-OUT list
// covers, in digest order: its name uppercased as the signer uppercases it
// (the bytes are reused after fn returns), its value, and whether the
// matching digest covered it (false only for a disputed name that the
// matching reading left out). Parameters no reading covers are not
// reported; Match.Unlisted says whether there are any besides the
// signature. It saves a reader of verified feedback a second pass over
// the parameters.
func VerifyOutEach(params url.Values, signers []*Signer, fn func(upper []byte, value string, signed bool)) (Match, error) {
	return verifyAny(Out, params, signers, fn)
}

func verifyAny(dir Direction, params url.Values, signers []*Signer, fn func([]byte, string, bool)) (Match, error) {
	if len(signers) == 0 {
		return Match{}, ErrEmptyPassphrase
	}
	for _, s := range signers {
		if s == nil {
			return Match{}, ErrEmptyPassphrase
		}
		if err := s.check(); err != nil {
			return Match{}, err
		}
	}
	st := getState()
	defer putState(st)
	if err := collect(st, dir, params, nil); err != nil {
		return Match{}, err
	}
	if st.signature == "" {
		return Match{}, ErrMissingSignature
	}
	var present disputeSet
	for i := range st.entries {
		if st.entries[i].value != "" {
			present |= st.entries[i].dispute
		}
	}
	var firstErr error
	for i, s := range signers {
		var m Match
		matched := false
		readings(present, func(r disputeSet) bool {
			sum, err := s.hash(st, r)
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return true // the values do not depend on the reading
			}
			if st.matches(sum) {
				m, matched = Match{Key: i, leftOut: present &^ r}, true
			}
			return matched
		})
		if matched {
			m.unlisted = len(params) - len(st.entries)
			if fn != nil {
				for _, o := range st.order {
					e := &st.entries[uint16(o)]
					if e.value != "" {
						fn(st.name(o), e.value, e.dispute&m.leftOut == 0)
					}
				}
			}
			return m, nil
		}
	}
	if firstErr != nil {
		return Match{}, firstErr
	}
	return Match{}, ErrSignatureMismatch
}
