package shasign_test

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gogone/ogone/shasign"
)

// FuzzSignVerify checks the round-trip property on arbitrary parameters:
// what SignOut signs, VerifyOut accepts, and changing any single byte of a
// signed value makes it fail.
func FuzzSignVerify(f *testing.F) {
	f.Add("orderID", "12", "amount", "15.5", "Zoë", byte(0), uint8(3))
	f.Add("SCORING", "12", "SCO_CATEGORY", "G", "x", byte(7), uint8(0))
	f.Add("Alias.AliasId", "A-1", "CARD.BRAND", "VISA", "pass", byte(200), uint8(1))
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, passphrase string, flip byte, pos uint8) {
		if passphrase == "" {
			passphrase = "p"
		}
		params := url.Values{}
		params.Set(k1, v1)
		params.Set(k2, v2)
		for _, alg := range []shasign.Algorithm{shasign.SHA1, shasign.SHA512} {
			sig, err := shasign.SignOut(alg, passphrase, params)
			if err != nil {
				if !errors.Is(err, shasign.ErrAmbiguousParameter) {
					t.Fatalf("SignOut: %v", err)
				}
				return // k1 and k2 differ only by case
			}
			signed := url.Values{"SHASIGN": {sig}}
			for k, v := range params {
				signed[k] = v
			}
			if _, clash := params["SHASIGN"]; clash {
				continue
			}
			if err := shasign.VerifyOut(alg, passphrase, signed); err != nil {
				t.Fatalf("VerifyOut(SignOut) = %v", err)
			}
			// Flip one byte of the first signed, non-empty value.
			c, err := shasign.Canonicalize(shasign.Out, params)
			if err != nil || len(c.Fields) == 0 || flip == 0 {
				continue
			}
			f := c.Fields[0]
			for name := range params {
				if shasign.Compare(upper(name), f.Name) != 0 {
					continue
				}
				b := []byte(f.Value)
				b[int(pos)%len(b)] ^= flip
				tampered := url.Values{}
				for k, v := range signed {
					tampered[k] = v
				}
				tampered.Set(name, string(b))
				if err := shasign.VerifyOut(alg, passphrase, tampered); !errors.Is(err, shasign.ErrSignatureMismatch) {
					t.Fatalf("tampered %s verified: %v", name, err)
				}
			}
		}
	})
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

// FuzzCanonicalOrder checks the digest order against a plain sort with
// Compare, and duplicate detection, on names made of a fuzzed list
// repeated under fuzzed shared prefixes (so that runs tie on long
// prefixes and sets grow past the radix sort's threshold).
func FuzzCanonicalOrder(f *testing.F) {
	f.Add("ITEMID,ITEMNAME,ITEMPRICE,ITEMQUANT", "1,2,10,_,", uint8(70))
	f.Add("SCO_CATEGORY,SCORING,A,A_", "_,__,x", uint8(3))
	f.Add("CAVV_3D,CAVVALGORITHM_3D,ITEM_COUNT,ITEMID1", ",,", uint8(1))
	f.Fuzz(func(t *testing.T, prefixList, suffixList string, repeat uint8) {
		prefixes := strings.Split(prefixList, ",")
		suffixes := strings.Split(suffixList, ",")
		if len(prefixes)*len(suffixes) > 64 {
			return // a few thousand names at most
		}
		params := url.Values{}
		for i := 0; i <= int(repeat); i++ {
			for _, p := range prefixes {
				for _, s := range suffixes {
					params.Add(p+s+strconv.Itoa(i%7), "v")
				}
			}
		}
		c, err := shasign.Canonicalize(shasign.In, params)
		upperSeen := map[string]bool{}
		dup := false
		for name, vs := range params {
			u := upper(name)
			if isSig := u == "SHASIGN" || u == "SHASIGNATURE.SHASIGN"; isSig {
				continue
			}
			dup = dup || upperSeen[u] || len(vs) > 1
			upperSeen[u] = true
		}
		if dup {
			if !errors.Is(err, shasign.ErrAmbiguousParameter) {
				t.Fatalf("duplicate names not refused: %v", err)
			}
			return
		}
		if err != nil {
			if errors.Is(err, shasign.ErrAmbiguousParameter) {
				return // two signature parameters
			}
			t.Fatal(err)
		}
		want := make([]string, 0, len(upperSeen))
		for u := range upperSeen {
			want = append(want, u)
		}
		slices.SortFunc(want, shasign.Compare)
		if len(c.Fields) != len(want) {
			t.Fatalf("%d fields, want %d", len(c.Fields), len(want))
		}
		for i, f := range c.Fields {
			if f.Name != want[i] {
				t.Fatalf("field %d is %q, want %q", i, f.Name, want[i])
			}
		}
	})
}
