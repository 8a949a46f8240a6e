package shasign

import (
	"cmp"
	"slices"
)

// shaOutParameters is the platform's list of feedback parameters that the
// SHA-OUT digest covers (the 2019 list, which adds COMPLETIONID and
// REQUESTCOMPLETIONID). Everything else the platform returns, PARAMPLUS
// content included, arrives unsigned.
var shaOutParameters = map[string]struct{}{
	"AAVADDRESS": {}, "AAVCHECK": {}, "AAVMAIL": {}, "AAVNAME": {}, "AAVPHONE": {}, "AAVZIP": {},
	"ACCEPTANCE": {}, "ALIAS": {}, "AMOUNT": {}, "BIC": {}, "BIN": {}, "BRAND": {}, "CARDNO": {},
	"CCCTY": {}, "CN": {}, "COLLECTOR_BIC": {}, "COLLECTOR_IBAN": {}, "COMPLETIONID": {},
	"COMPLUS": {}, "CREATION_STATUS": {}, "CREDITDEBIT": {}, "CURRENCY": {}, "CVCCHECK": {},
	"DCC_COMMPERCENTAGE": {}, "DCC_CONVAMOUNT": {}, "DCC_CONVCCY": {}, "DCC_EXCHRATE": {},
	"DCC_EXCHRATESOURCE": {}, "DCC_EXCHRATETS": {}, "DCC_INDICATOR": {},
	"DCC_MARGINPERCENTAGE": {}, "DCC_VALIDHOURS": {}, "DEVICEID": {}, "DIGESTCARDNO": {},
	"ECI": {}, "ED": {}, "EMAIL": {}, "ENCCARDNO": {}, "FXAMOUNT": {}, "FXCURRENCY": {}, "IP": {},
	"IPCTY": {}, "MANDATEID": {}, "MOBILEMODE": {}, "NBREMAILUSAGE": {}, "NBRIPUSAGE": {},
	"NBRIPUSAGE_ALLTX": {}, "NBRUSAGE": {}, "NCERROR": {}, "ORDERID": {}, "PAYID": {},
	"PAYIDSUB": {}, "PAYMENT_REFERENCE": {}, "PM": {}, "REQUESTCOMPLETIONID": {},
	"SCO_CATEGORY": {}, "SCORING": {}, "SEQUENCETYPE": {}, "SIGNDATE": {}, "STATUS": {},
	"SUBBRAND": {}, "SUBSCRIPTION_ID": {}, "TICKET": {}, "TRXDATE": {}, "VC": {},
}

// IsSHAOutParameter reports whether the SHA-OUT digest covers a feedback
// parameter of this name, in any case. FlexCheckout's dotted ALIAS.* and
// CARD.* results are all covered.
func IsSHAOutParameter(name string) bool {
	// The buffer keeps the common case allocation-free; longer names (only
	// FlexCheckout's ALIAS.* and CARD.* can be on the list) use the heap,
	// so that this function and the signer always agree.
	var buf [64]byte
	return isSHAOut(upperASCII(buf[:0], name))
}

// SHAOutParameters returns the SHA-OUT list, sorted as the digest orders it.
// FlexCheckout's ALIAS.* and CARD.* families are not spelled out.
func SHAOutParameters() []string {
	names := make([]string, 0, len(shaOutParameters))
	for n := range shaOutParameters {
		names = append(names, n)
	}
	slices.SortFunc(names, Compare)
	return names
}

func isSHAOut(upper []byte) bool {
	if shaOutTable.contains(upper) {
		return true
	}
	return hasPrefix(upper, "ALIAS.") || hasPrefix(upper, "CARD.")
}

// shaOutTable answers isSHAOut for the fixed list. Feedback verification
// asks it once per parameter, and a Go map lookup (hashing the name with
// the runtime's generic string hash) cost about a fifth of a whole
// verification; a small open-addressing table with a cheap hash of the
// name does the same work in a few nanoseconds.
var shaOutTable = newNameTable(shaOutParameters)

type nameTable struct {
	slots [256]string // a power of two, several times the list's size
}

func newNameTable(names map[string]struct{}) *nameTable {
	t := &nameTable{}
	for name := range names {
		i := nameHash([]byte(name))
		for t.slots[i%uint32(len(t.slots))] != "" {
			i++
		}
		t.slots[i%uint32(len(t.slots))] = name
	}
	return t
}

func (t *nameTable) contains(name []byte) bool {
	for i := nameHash(name); ; i++ {
		slot := t.slots[i%uint32(len(t.slots))]
		if slot == "" {
			return false
		}
		if slot == string(name) {
			return true
		}
	}
}

// nameHash is FNV-1a over the name's bytes.
func nameHash(name []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range name {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// isSignature reports whether an uppercased name carries a digest rather
// than being covered by one: SHASIGN everywhere, SHASIGNATURE.SHASIGN on
// FlexCheckout requests.
func isSignature(upper []byte) bool {
	return string(upper) == "SHASIGN" || string(upper) == "SHASIGNATURE.SHASIGN"
}

func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}

// upperASCII appends name to dst with ASCII letters uppercased. Parameter
// names are ASCII; leaving other bytes alone keeps the result a pure
// function of the bytes, as the platform's comparison is.
func upperASCII(dst []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// Compare orders two uppercased parameter names the way the platform sorts
// them before hashing: byte by byte, except that '_' sorts before every
// other byte. Plain byte order would put SCORING before SCO_CATEGORY, and
// the platform rejects that digest. It returns -1, 0 or +1.
func Compare(a, b string) int { return compareNames(a, b) }

func compareNames[T string | []byte](a, b T) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if ka, kb := collationKey(a[i]), collationKey(b[i]); ka != kb {
			if ka < kb {
				return -1
			}
			return 1
		}
	}
	return cmp.Compare(len(a), len(b))
}

// collationKey maps a name byte to one whose plain order is the platform's
// collation: '_' becomes 0, the bytes below it move up by one, the others
// stay. The map is one to one, so comparing keys is comparing names.
func collationKey(c byte) byte {
	switch {
	case c == '_':
		return 0
	case c < '_':
		return c + 1
	}
	return c
}
