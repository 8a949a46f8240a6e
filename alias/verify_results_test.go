package alias_test

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/internal/golden"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorded is one result as the platform would send it to ACCEPTURL or
// EXCEPTIONURL. With -record, each is signed with testSHAOut (or, for
// wrongKey, another passphrase), edited after signing by tamper, and
// written to testdata/results/<name>.query; without it, the files are read
// as they are, so that a change to signing or parsing shows up against
// fixed input.
type recorded struct {
	name      string
	params    url.Values
	sigName   string
	unsigned  url.Values // added after signing: PARAMPLUS content
	wrongKey  bool
	tamper    func(url.Values)
	noSigning bool
}

func flexSuccess() url.Values {
	return url.Values{
		"Alias.AliasId":          {"cust42-K5QW3V7HXJ2M4RZBT6NAYCPLDE"},
		"Alias.OrderId":          {"reg-1001"},
		"Alias.Status":           {"0"},
		"Alias.NCError":          {"0"},
		"Alias.NCErrorCardNo":    {"0"},
		"Alias.NCErrorCN":        {"0"},
		"Alias.NCErrorCVC":       {"0"},
		"Alias.NCErrorED":        {"0"},
		"Alias.StorePermanently": {"Y"},
		"Card.Brand":             {"VISA"},
		"Card.CardNumber":        {"XXXXXXXXXXXX1111"},
		"Card.CardHolderName":    {"Ada Lovelace"},
		"Card.ExpiryDate":        {"1230"},
		"Card.Bin":               {"411111"},
	}
}

func gatewaySuccess() url.Values {
	return url.Values{
		"ALIAS":         {"cust42-GATEWAY2QW3V7HXJ2M4RZB"},
		"ORDERID":       {"reg-2001"},
		"STATUS":        {"0"},
		"NCERROR":       {"0"},
		"NCERRORCARDNO": {"0"},
		"NCERRORCN":     {"0"},
		"NCERRORCVC":    {"0"},
		"NCERRORED":     {"0"},
		"BRAND":         {"MasterCard"},
		"CARDNO":        {"XXXXXXXXXXXX9999"},
		"CN":            {"Grace Hopper"},
		"ED":            {"0727"},
	}
}

func edited(v url.Values, set map[string]string) url.Values {
	v = clone(v)
	for k, val := range set {
		if val == "" {
			v.Del(k)
			continue
		}
		v.Set(k, val)
	}
	return v
}

var refusedFlex = map[string]string{
	"Alias.OrderId": "reg-1003", "Alias.Status": "1", "Alias.NCError": "50001111",
	"Alias.NCErrorCardNo": "50001054", "Alias.NCErrorED": "50001182",
	"Card.Brand": "", "Card.CardNumber": "", "Card.ExpiryDate": "", "Card.Bin": "",
}

var recordings = []recorded{
	{name: "flex_success", params: flexSuccess(), sigName: "SHASign", unsigned: url.Values{"basket": {"9"}}},
	{name: "flex_stored_temporarily", sigName: "SHASign",
		params: edited(flexSuccess(), map[string]string{"Alias.OrderId": "reg-1002", "Alias.StorePermanently": "N"})},
	{name: "flex_updated", sigName: "SHASign", params: edited(flexSuccess(), map[string]string{
		"Alias.Status": "2", "Card.Brand": "MasterCard", "Card.CardNumber": "539999XXXXXX9999", "Card.Bin": "539999",
	})},
	{name: "flex_refused", sigName: "SHASign", params: edited(flexSuccess(), refusedFlex)},
	{name: "flex_cancelled", sigName: "SHASign", params: edited(flexSuccess(), map[string]string{
		"Alias.OrderId": "reg-1004", "Alias.Status": "3",
		"Card.Brand": "", "Card.CardNumber": "", "Card.CardHolderName": "", "Card.ExpiryDate": "", "Card.Bin": "",
	})},
	{name: "flex_wrong_signature", sigName: "SHASign", params: flexSuccess(), wrongKey: true},
	{name: "flex_tampered_alias_id", sigName: "SHASign", params: flexSuccess(),
		tamper: func(v url.Values) { v.Set("Alias.AliasId", "cust42-SOMEONE-ELSES-CARD") }},
	{name: "flex_tampered_status", sigName: "SHASign", params: edited(flexSuccess(), refusedFlex),
		tamper: func(v url.Values) { v.Set("Alias.Status", "0") }},
	{name: "flex_any_case", sigName: "shasign", params: url.Values{
		"ALIAS.ALIASID": {"cust42-case"}, "alias.orderid": {"reg-1005"}, "Alias.STATUS": {"0"},
		"CARD.BRAND": {"VISA"}, "card.cardnumber": {"XXXXXXXXXXXX1111"}, "Card.ExpiryDate": {"0131"},
	}},
	{name: "flex_impossible_expiry", sigName: "SHASign", params: edited(flexSuccess(), map[string]string{"Card.ExpiryDate": "1330"})},
	{name: "flex_missing_signature", params: flexSuccess(), noSigning: true},
	{name: "gateway_success", params: gatewaySuccess(), sigName: "SHASIGN", unsigned: url.Values{"step": {"card"}}},
	{name: "gateway_refused", sigName: "SHASIGN", params: edited(gatewaySuccess(), map[string]string{
		"ORDERID": "reg-2002", "STATUS": "1", "NCERROR": "50001111", "NCERRORCVC": "50001090",
		"BRAND": "", "CARDNO": "", "ED": "",
	})},
	// The per-field codes of Alias Gateway are outside SHA-OUT: changed on
	// the way, the result still verifies. Inputs.Signed says so.
	{name: "gateway_unsigned_codes_changed", sigName: "SHASIGN", params: edited(gatewaySuccess(), map[string]string{
		"ORDERID": "reg-2003", "STATUS": "1", "NCERROR": "50001111", "NCERRORCVC": "50001090",
		"BRAND": "", "CARDNO": "", "ED": "",
	}), tamper: func(v url.Values) { v.Set("NCERRORCVC", "0"); v.Set("NCERRORCARDNO", "50001054") }},
	{name: "gateway_unmasked_card_number", sigName: "SHASIGN",
		params: edited(gatewaySuccess(), map[string]string{"CARDNO": "5399999999999999"})},
}

func resultPath(name, ext string) string { return filepath.Join("testdata", "results", name+ext) }

func TestRecordResults(t *testing.T) {
	if !*record {
		t.Skip("run with -record to re-sign testdata/results/*.query")
	}
	require.NoError(t, os.MkdirAll(filepath.Join("testdata", "results"), 0o755))
	for _, r := range recordings {
		v := clone(r.params)
		if !r.noSigning {
			key := testSHAOut
			if r.wrongKey {
				key = "Another-passphrase-4-tests"
			}
			v = signOut(t, key, v, r.sigName)
		}
		for k, vs := range r.unsigned {
			v[k] = vs
		}
		if r.tamper != nil {
			r.tamper(v)
		}
		require.NoError(t, os.WriteFile(resultPath(r.name, ".query"), []byte(v.Encode()+"\n"), 0o644))
	}
}

// dump describes a Verify outcome completely, holder and expiry included:
// the golden files are test data, not logs.
func dump(a *alias.Alias, err error) string {
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
		for _, s := range []struct {
			name string
			err  error
		}{
			{"ErrUnverified", alias.ErrUnverified},
			{"shasign.ErrSignatureMismatch", shasign.ErrSignatureMismatch},
			{"shasign.ErrMissingSignature", shasign.ErrMissingSignature},
			{"ErrRefused", alias.ErrRefused},
			{"ErrCancelled", alias.ErrCancelled},
			{"ErrInvalidExpiry", ogone.ErrInvalidExpiry},
			{"ErrUnmaskedCardNumber", alias.ErrUnmaskedCardNumber},
		} {
			if errors.Is(err, s.err) {
				fmt.Fprintf(&b, "is %s\n", s.name)
			}
		}
		var ae *alias.Error
		if errors.As(err, &ae) {
			fmt.Fprintf(&b, "Flavour: %s\nStatus: %s\nNCError: %q\nOrderID: %s\nAliasID: %s\nInputs: %s\n",
				ae.Flavour, ae.Status, string(ae.NCError), ae.OrderID, ae.AliasID, inputs(ae.Inputs))
		}
		var fe *ogone.FieldError
		if errors.As(err, &fe) {
			fmt.Fprintf(&b, "FieldError: %s\n", fe.Field)
		}
		return b.String()
	}
	fmt.Fprintf(&b, "ID: %s\nOrderID: %s\nFlavour: %s\nStatus: %s\nNCError: %q\nStorage: %s\nPermanent: %t\n",
		a.ID, a.OrderID, a.Flavour, a.Status, string(a.NCError), a.Storage, a.Permanent())
	fmt.Fprintf(&b, "Brand: %s\nCardNumber: %s\nHolderName: %s\nExpiry: %s (%d-%02d)\nBIN: %s\nInputs: %s\n",
		a.Brand, a.CardNumber, a.HolderName, slashed(a.Expiry), a.Expiry.Year(), int(a.Expiry.Month()), a.BIN, inputs(a.Inputs))
	fmt.Fprintf(&b, "String: %s\n", a)
	return b.String()
}

// slashed writes an expiry MM/YY on purpose, for the goldens; "" when zero.
func slashed(e ogone.Expiry) string {
	if e.IsZero() {
		return ""
	}
	return e.MMYY()[:2] + "/" + e.MMYY()[2:]
}

func expiry(t *testing.T, mmyy string) ogone.Expiry {
	t.Helper()
	e, err := ogone.ParseExpiry(mmyy)
	require.NoError(t, err)
	return e
}

func inputs(in alias.InputErrors) string {
	return fmt.Sprintf("card number %q, holder %q, CVC %q, expiry %q, signed %t",
		string(in.CardNumber), string(in.HolderName), string(in.CVC), string(in.Expiry), in.Signed)
}

func TestRecordedResults(t *testing.T) {
	c := newClient(t)
	for _, r := range recordings {
		t.Run(r.name, func(t *testing.T) {
			raw, err := os.ReadFile(resultPath(r.name, ".query"))
			require.NoError(t, err, "run go test -run TestRecordResults -record")
			q, err := url.ParseQuery(strings.TrimSpace(string(raw)))
			require.NoError(t, err)
			golden.CheckString(t, resultPath(r.name, ".golden"), dump(c.Verify(q)))
		})
	}
}

// TestRecordedOutcomes states what the golden files must say, so that an
// -update cannot quietly bless a wrong outcome.
func TestRecordedOutcomes(t *testing.T) {
	c := newClient(t)
	verify := func(t *testing.T, name string) (*alias.Alias, error) {
		t.Helper()
		raw, err := os.ReadFile(resultPath(name, ".query"))
		require.NoError(t, err)
		q, err := url.ParseQuery(strings.TrimSpace(string(raw)))
		require.NoError(t, err)
		return c.Verify(q)
	}
	t.Run("success", func(t *testing.T) {
		a, err := verify(t, "flex_success")
		require.NoError(t, err)
		assert.Equal(t, "cust42-K5QW3V7HXJ2M4RZBT6NAYCPLDE", a.ID)
		assert.True(t, a.Permanent())
		assert.Equal(t, expiry(t, "1230"), a.Expiry)
		assert.Equal(t, "411111", a.BIN)
		assert.True(t, a.Inputs.OK() && a.Inputs.Signed)
	})
	t.Run("stored temporarily", func(t *testing.T) {
		a, err := verify(t, "flex_stored_temporarily")
		require.NoError(t, err)
		assert.Equal(t, alias.StorageTemporary, a.Storage)
		assert.False(t, a.Permanent())
	})
	t.Run("updated", func(t *testing.T) {
		a, err := verify(t, "flex_updated")
		require.NoError(t, err)
		assert.True(t, a.Updated())
	})
	for name, want := range map[string]error{
		"flex_refused":    alias.ErrRefused,
		"gateway_refused": alias.ErrRefused,
		"flex_cancelled":  alias.ErrCancelled,
	} {
		t.Run(name, func(t *testing.T) {
			a, err := verify(t, name)
			assert.Nil(t, a)
			assert.ErrorIs(t, err, want)
			var ae *alias.Error
			require.ErrorAs(t, err, &ae)
			assert.NotEmpty(t, ae.OrderID)
		})
	}
	for _, name := range []string{"flex_wrong_signature", "flex_tampered_alias_id", "flex_tampered_status"} {
		t.Run(name, func(t *testing.T) {
			a, err := verify(t, name)
			assert.Nil(t, a)
			assert.ErrorIs(t, err, alias.ErrUnverified)
			assert.ErrorIs(t, err, shasign.ErrSignatureMismatch)
			assert.NotErrorIs(t, err, alias.ErrRefused)
		})
	}
	t.Run("missing signature", func(t *testing.T) {
		_, err := verify(t, "flex_missing_signature")
		assert.ErrorIs(t, err, alias.ErrUnverified)
		assert.ErrorIs(t, err, shasign.ErrMissingSignature)
	})
	t.Run("any case", func(t *testing.T) {
		a, err := verify(t, "flex_any_case")
		require.NoError(t, err)
		assert.Equal(t, "cust42-case", a.ID)
		assert.Equal(t, expiry(t, "0131"), a.Expiry)
	})
	t.Run("impossible expiry", func(t *testing.T) {
		_, err := verify(t, "flex_impossible_expiry")
		assert.ErrorIs(t, err, ogone.ErrInvalidExpiry)
		assert.NotContains(t, err.Error(), "1330")
	})
	t.Run("unsigned codes changed", func(t *testing.T) {
		_, err := verify(t, "gateway_unsigned_codes_changed")
		var ae *alias.Error
		require.ErrorAs(t, err, &ae)
		assert.False(t, ae.Inputs.Signed)
		assert.Equal(t, ogone.NCError("50001054"), ae.Inputs.CardNumber, "read, but marked unsigned")
	})
	t.Run("unmasked card number", func(t *testing.T) {
		a, err := verify(t, "gateway_unmasked_card_number")
		assert.Nil(t, a)
		assert.ErrorIs(t, err, alias.ErrUnmaskedCardNumber)
		assert.NotContains(t, err.Error(), "5399999999999999")
	})
}
