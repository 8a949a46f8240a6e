package alias_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVerifyMalformed(t *testing.T) {
	c := newClient(t)
	for _, tt := range []struct {
		name   string
		params url.Values
		sig    string
		field  string // the FieldError's parameter, if any
		want   error
	}{
		{"neither flavour", url.Values{"ORDERID": {"1"}, "PAYID": {"2"}}, "SHASIGN", "", alias.ErrNotAliasResult},
		{"both flavours", edited(flexSuccess(), map[string]string{"STATUS": "0"}), "SHASign", "", alias.ErrNotAliasResult},
		{"no status", edited(flexSuccess(), map[string]string{"Alias.Status": ""}), "SHASign", "Alias.Status", ogone.ErrMissingField},
		{"status 4", edited(flexSuccess(), map[string]string{"Alias.Status": "4"}), "SHASign", "Alias.Status", alias.ErrInvalidStatus},
		{"status 00", edited(flexSuccess(), map[string]string{"Alias.Status": "00"}), "SHASign", "Alias.Status", alias.ErrInvalidStatus},
		{"status 3 from Alias Gateway", edited(gatewaySuccess(), map[string]string{"STATUS": "3"}), "SHASIGN", "STATUS", alias.ErrInvalidStatus},
		{"stored without an alias id", edited(flexSuccess(), map[string]string{"Alias.AliasId": ""}), "SHASign", "Alias.AliasId", ogone.ErrMissingField},
		{"alias id with a slash", edited(flexSuccess(), map[string]string{"Alias.AliasId": "a/b"}), "SHASign", "Alias.AliasId", alias.ErrInvalidID},
		{"no order id", edited(gatewaySuccess(), map[string]string{"ORDERID": ""}), "SHASIGN", "ORDERID", ogone.ErrMissingField},
		{"order id too long", edited(gatewaySuccess(), map[string]string{"ORDERID": strings.Repeat("9", 31)}), "SHASIGN", "ORDERID", ogone.ErrInvalidOrderID},
		{"NCERROR not digits", edited(flexSuccess(), map[string]string{"Alias.NCError": "5000x"}), "SHASign", "Alias.NCError", alias.ErrInvalidNCError},
		{"NCERROR too long", edited(flexSuccess(), map[string]string{"Alias.NCErrorCVC": "12345678901"}), "SHASign", "Alias.NCErrorCVC", alias.ErrInvalidNCError},
		{"store flag", edited(flexSuccess(), map[string]string{"Alias.StorePermanently": "yes"}), "SHASign", "Alias.StorePermanently", alias.ErrInvalidStorage},
		{"brand with a line break", edited(flexSuccess(), map[string]string{"Card.Brand": "VI\nSA"}), "SHASign", "Card.Brand", ogone.ErrInvalidValue},
		{"holder in invalid UTF-8", edited(gatewaySuccess(), map[string]string{"CN": "\xc3"}), "SHASIGN", "CN", ogone.ErrInvalidValue},
		{"full card number", edited(flexSuccess(), map[string]string{"Card.CardNumber": "4111111111111111"}), "SHASign", "Card.CardNumber", alias.ErrUnmaskedCardNumber},
		{"11 digits shown", edited(flexSuccess(), map[string]string{"Card.CardNumber": "4111111XXXXX1111"}), "SHASign", "Card.CardNumber", alias.ErrUnmaskedCardNumber},
		{"card number with letters", edited(flexSuccess(), map[string]string{"Card.CardNumber": "XXXXXXXXXXXXabcd"}), "SHASign", "Card.CardNumber", alias.ErrUnmaskedCardNumber},
		{"expiry 00", edited(flexSuccess(), map[string]string{"Card.ExpiryDate": "0030"}), "SHASign", "Card.ExpiryDate", ogone.ErrInvalidExpiry},
		{"expiry format", edited(gatewaySuccess(), map[string]string{"ED": "12-30"}), "SHASIGN", "ED", ogone.ErrInvalidExpiry},
		{"BIN too short", edited(flexSuccess(), map[string]string{"Card.Bin": "4111"}), "SHASign", "Card.Bin", alias.ErrInvalidBIN},
		{"BIN letters", edited(gatewaySuccess(), map[string]string{"BIN": "41111a"}), "SHASIGN", "BIN", alias.ErrInvalidBIN},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := c.Verify(signOut(t, testSHAOut, tt.params, tt.sig))
			assert.Nil(t, a)
			require.ErrorIs(t, err, tt.want)
			assert.NotErrorIs(t, err, alias.ErrUnverified, "the signature held")
			if tt.field != "" {
				var fe *ogone.FieldError
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, tt.field, fe.Field)
			}
		})
	}
}

func TestVerifyAmbiguous(t *testing.T) {
	c := newClient(t)
	t.Run("signed name twice", func(t *testing.T) {
		v := signOut(t, testSHAOut, flexSuccess(), "SHASign")
		v["ALIAS.ALIASID"] = []string{"cust42-other"}
		_, err := c.Verify(v)
		assert.ErrorIs(t, err, alias.ErrUnverified)
		assert.ErrorIs(t, err, shasign.ErrAmbiguousParameter)
	})
	t.Run("unsigned name twice", func(t *testing.T) {
		v := signOut(t, testSHAOut, gatewaySuccess(), "SHASIGN")
		v["NCErrorCN"] = []string{"60001057"}
		_, err := c.Verify(v)
		assert.ErrorIs(t, err, shasign.ErrAmbiguousParameter)
		var fe *ogone.FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "NCERRORCN", fe.Field)
	})
	t.Run("unsigned value repeated", func(t *testing.T) {
		v := signOut(t, testSHAOut, gatewaySuccess(), "SHASIGN")
		v["NCERRORED"] = []string{"0", "50001182"}
		_, err := c.Verify(v)
		assert.ErrorIs(t, err, shasign.ErrAmbiguousParameter)
	})
}

func TestVerifySignatureInAnyHexCase(t *testing.T) {
	c := newClient(t)
	v := signOut(t, testSHAOut, flexSuccess(), "SHASign")
	v.Set("SHASign", strings.ToLower(v.Get("SHASign")))
	_, err := c.Verify(v)
	require.NoError(t, err)
}

func TestVerifyWithOtherAlgorithm(t *testing.T) {
	cfg := testConfig()
	cfg.Algorithm = shasign.SHA256
	c, err := alias.NewClient(cfg)
	require.NoError(t, err)
	sig, err := shasign.SignOut(shasign.SHA256, testSHAOut, gatewaySuccess())
	require.NoError(t, err)
	v := gatewaySuccess()
	v.Set("SHASIGN", sig)
	a, err := c.Verify(v)
	require.NoError(t, err)
	assert.Equal(t, "cust42-GATEWAY2QW3V7HXJ2M4RZB", a.ID)

	// The SHA-512 digest of the same result is not accepted.
	_, err = c.Verify(signOut(t, testSHAOut, gatewaySuccess(), "SHASIGN"))
	assert.ErrorIs(t, err, shasign.ErrSignatureMismatch)
}

func TestErrorIs(t *testing.T) {
	refused := &alias.Error{Status: alias.StatusRefused}
	cancelled := &alias.Error{Status: alias.StatusCancelled}
	assert.ErrorIs(t, refused, alias.ErrRefused)
	assert.NotErrorIs(t, refused, alias.ErrCancelled)
	assert.ErrorIs(t, cancelled, alias.ErrCancelled)
	assert.NotErrorIs(t, cancelled, alias.ErrRefused)
	assert.NotErrorIs(t, refused, alias.ErrUnverified)
}

// testAlias is a verified alias with every field set.
func testAlias(t *testing.T) *alias.Alias {
	t.Helper()
	a, err := newClient(t).Verify(signOut(t, testSHAOut, flexSuccess(), "SHASign"))
	require.NoError(t, err)
	require.Equal(t, "Ada Lovelace", a.HolderName)
	return a
}

// TestAliasRedaction prints an Alias every way a program can and checks
// that only masked data comes out.
func TestAliasRedaction(t *testing.T) {
	a := testAlias(t)
	secret := []string{"Ada", "Lovelace", "12/30", "1230", "2030"}
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		outs = append(outs, fmt.Sprintf(verb, a), fmt.Sprintf(verb, *a))
	}
	outs = append(outs, fmt.Sprint(a), fmt.Sprintf("%v", []alias.Alias{*a}), fmt.Sprintf("%+v", struct{ A *alias.Alias }{a}))
	b, err := json.Marshal(a)
	require.NoError(t, err)
	outs = append(outs, string(b))
	b, err = json.Marshal(struct{ A alias.Alias }{*a})
	require.NoError(t, err)
	outs = append(outs, string(b))
	var logs bytes.Buffer
	// No time: its digits may hold "2030" by chance.
	noTime := &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}
	slog.New(slog.NewJSONHandler(&logs, noTime)).Info("saved", "alias", a, "value", *a)
	slog.New(slog.NewTextHandler(&logs, noTime)).Info("saved", "alias", a)
	outs = append(outs, logs.String())

	for _, out := range outs {
		for _, s := range secret {
			assert.NotContains(t, out, s, out)
		}
		assert.Contains(t, out, "XXXXXXXXXXXX1111", "the masked number shows")
	}
	assert.Contains(t, string(b), `"holder_name":"[REDACTED]"`)
	assert.Contains(t, logs.String(), `"expiry":"[REDACTED]"`)
	assert.Contains(t, logs.String(), `"id":"cust42-K5QW3V7HXJ2M4RZBT6NAYCPLDE"`)
}

func TestAliasJSON(t *testing.T) {
	b, err := json.Marshal(testAlias(t))
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"id": "cust42-K5QW3V7HXJ2M4RZBT6NAYCPLDE", "order_id": "reg-1001", "flavour": "FlexCheckout",
		"status": 0, "nc_error": "0", "storage": "permanent", "brand": "VISA",
		"card_number": "XXXXXXXXXXXX1111", "bin": "411111",
		"holder_name": "[REDACTED]", "expiry": "[REDACTED]"
	}`, string(b))
}

func TestErrorMessageHoldsCodesOnly(t *testing.T) {
	c := newClient(t)
	_, err := c.Verify(signOut(t, testSHAOut, edited(flexSuccess(), refusedFlex), "SHASign"))
	var ae *alias.Error
	require.ErrorAs(t, err, &ae)
	msg := err.Error()
	for _, s := range []string{"Ada", "cust42", "reg-1003"} {
		assert.NotContains(t, msg, s)
	}
	assert.Contains(t, msg, "50001111")
	assert.Contains(t, msg, "50001054")
}

func TestStatusAndStorage(t *testing.T) {
	for _, tt := range []struct {
		s      alias.Status
		str    string
		stored bool
	}{
		{alias.StatusOK, "0 alias created", true},
		{alias.StatusRefused, "1 card refused", false},
		{alias.StatusUpdated, "2 alias updated", true},
		{alias.StatusCancelled, "3 cancelled by the customer", false},
		{9, "9 unknown status", false},
	} {
		assert.Equal(t, tt.str, tt.s.String())
		assert.Equal(t, tt.stored, tt.s.Stored(), tt.str)
	}
	assert.Equal(t, "permanent", alias.StoragePermanent.String())
	assert.Equal(t, "temporary", alias.StorageTemporary.String())
	assert.Equal(t, "unspecified", alias.StorageUnspecified.String())
	assert.Equal(t, "Storage(9)", alias.Storage(9).String())
	assert.Equal(t, "FlexCheckout", alias.FlexCheckout.String())
	assert.Equal(t, "Alias Gateway", alias.AliasGateway.String())
	assert.Equal(t, "Flavour(0)", alias.Flavour(0).String())
	assert.True(t, alias.InputErrors{}.OK())
	assert.False(t, alias.InputErrors{CVC: "50001090"}.OK())
	assert.False(t, (*alias.Alias)(nil).Permanent())
	assert.False(t, (*alias.Alias)(nil).Updated())
}

// An ISO-8859-1 account hashes its results as one ISO-8859-1 string,
// passphrase included. The digest was computed outside Go (Python's
// hashlib over the ISO-8859-1 string).
func TestVerifyISO88591Passphrase(t *testing.T) {
	cfg := testConfig()
	cfg.SHAOut = ogone.NewSecret("sécret-passphrase-16+")
	c, err := alias.NewClient(cfg)
	require.NoError(t, err)
	result := gatewaySuccess()
	result.Set("SHASIGN", "337A785D48E0390E321A2FC32E7EEC7463DEF7EA8F9ACB00E8FCA28603111CA1D1C5570F010AEC18AF246EA685C548B0A3E5731D7A7B1F34D677E29D0F488EC0")

	a, err := c.Verify(result)
	require.NoError(t, err)
	assert.Equal(t, "cust42-GATEWAY2QW3V7HXJ2M4RZB", a.ID)
	assert.Equal(t, "Grace Hopper", a.HolderName)

	result.Set("CN", "Grace Hoppex")
	_, err = c.Verify(result)
	assert.ErrorIs(t, err, alias.ErrUnverified)
}
