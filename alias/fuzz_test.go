package alias

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// typedError reports whether err is one a caller can act on: an *Error, a
// sentinel of this package, or *ogone.FieldError values (joined).
func typedError(err error) bool {
	var ae *Error
	if errors.As(err, &ae) || errors.Is(err, ErrNotAliasResult) || errors.Is(err, ErrUnverified) {
		return true
	}
	var fe *ogone.FieldError
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			if !errors.As(e, &fe) {
				return false
			}
		}
		return true
	}
	return errors.As(err, &fe)
}

// FuzzVerify feeds arbitrary query strings to the result parser, once as
// they are (the signature check must refuse them) and once signed with the
// right passphrase (the parser must then decide). It never panics, its
// errors are typed, and what it accepts is well formed.
func FuzzVerify(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "results", "*.query"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(strings.TrimSpace(string(b)))
	}
	for _, s := range []string{
		"",
		"ALIAS=a&STATUS=0&ORDERID=1",
		"Alias.AliasId=x&Alias.Status=3&Alias.OrderId=o",
		"Alias.AliasId=x&Alias.Status=0&Alias.OrderId=o&Card.CardNumber=4111111111111111",
		"ALIAS=a&STATUS=1&ORDERID=1&NCERRORCN=1&ncerrorcn=2",
		"alias=a&Alias.Status=0",
		"ALIAS=a&STATUS=2&ORDERID=1&ED=0000&BIN=1&CN=%00",
		"Card.ExpiryDate=13/99&Alias.Status=0&Alias.AliasId=%E2%82%AC",
	} {
		f.Add(s)
	}
	c, err := NewClient(ogone.Config{
		PSPID: "MyShop", SHAIn: ogone.NewSecret("In-passphrase-for-tests1"), SHAOut: ogone.NewSecret("Out-passphrase-for-tests2"),
		Algorithm: shasign.SHA512,
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, query string) {
		params, _ := url.ParseQuery(query)
		// Whatever signature the input carries, it is not ours: the
		// fuzzer cannot find a SHA-512 preimage.
		params.Del("SHASIGN")
		params.Del("SHASIGNATURE.SHASIGN")
		for name := range params {
			if strings.EqualFold(name, "SHASIGN") || strings.EqualFold(name, "SHASIGNATURE.SHASIGN") {
				delete(params, name)
			}
		}
		if a, err := c.Verify(params); err == nil || !errors.Is(err, ErrUnverified) {
			t.Fatalf("unsigned input accepted: %v, %v", a, err)
		}

		sig, err := c.reader.Keys[0].SignOut(params)
		if err != nil {
			return // ambiguous or oversized: Verify refuses it above
		}
		params.Set("SHASIGN", sig)
		a, err := c.Verify(params)
		if err != nil {
			if a != nil {
				t.Fatalf("both an Alias and an error: %v", err)
			}
			if !typedError(err) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			_ = err.Error()
			return
		}
		switch {
		case ValidateID(a.ID) != nil:
			t.Fatalf("accepted an invalid alias id")
		case !a.Status.Stored():
			t.Fatalf("accepted status %v", a.Status)
		case a.CardNumber != "" && !isMasked(a.CardNumber):
			t.Fatalf("accepted an unmasked card number")
		case !a.Expiry.IsZero() && (a.Expiry.Month() < 1 || a.Expiry.Month() > 12):
			t.Fatalf("accepted an invalid expiry")
		case ogone.ValidateOrderID(a.OrderID) != nil:
			t.Fatalf("accepted an invalid order id")
		case a.Flavour != FlexCheckout && a.Flavour != AliasGateway:
			t.Fatalf("unknown flavour")
		}
		out := a.String()
		if a.HolderName != "" && len(a.HolderName) > 12 && strings.Contains(out, a.HolderName) &&
			!strings.Contains(a.ID+a.OrderID+a.Brand+a.CardNumber+a.BIN, a.HolderName) {
			t.Fatalf("String shows the holder's name: %s", out)
		}
		if _, err := a.MarshalJSON(); err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
	})
}

// FuzzValidateID compares ValidateID with the hosted page's check and
// with NewID's output alphabet.
func FuzzValidateID(f *testing.F) {
	for _, s := range []string{"", "a", "cust42-X_y", "a b", strings.Repeat("z", 51), "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		err := ValidateID(id)
		if (err == nil) != (ogone.ValidateAlias(id) == nil) {
			t.Fatalf("%q: alias says %v, ogone disagrees", id, err)
		}
		if err != nil && !errors.Is(err, ErrInvalidID) {
			t.Fatalf("untyped error %v", err)
		}
		if err == nil && len(id) <= MaxPrefixLength {
			full, err := NewID(id)
			if err != nil || ValidateID(full) != nil || !strings.HasPrefix(full, id) {
				t.Fatalf("NewID(%q) = %q, %v", id, full, err)
			}
		}
	})
}
