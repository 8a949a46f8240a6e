package ogonetest

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTestCardsAreValid(t *testing.T) {
	for _, c := range testCards {
		assert.True(t, luhnValid(c.Number), c.Number)
		assert.NotEmpty(t, brandOf(c.Number), c.Number)
		assert.True(t, checkPAN(c.Number).ok(), c.Number)
	}
	assert.False(t, luhnValid("4111111111111112"))
}

func TestBrandOf(t *testing.T) {
	for number, want := range map[string]string{
		"4111111111111111": "VISA", "5399999999999999": "MasterCard", "2221000000000009": "MasterCard",
		"2720990000000007": "MasterCard", "2721000000000004": "", "378282246310005": "American Express",
		"341111111111111": "American Express", "6011111111111117": "", "5000000000000009": "",
	} {
		assert.Equal(t, want, brandOf(number), number)
	}
}

func TestParseExpiry(t *testing.T) {
	now := time.Date(2025, 3, 31, 23, 0, 0, 0, time.UTC)
	tests := []struct {
		in          string
		month, year int
		problem     cardProblem
	}{
		{"12/30", 12, 2030, cardProblem{}},
		{"1230", 12, 2030, cardProblem{}},
		{"12/2030", 12, 2030, cardProblem{}},
		{" 03 / 25 ", 3, 2025, cardProblem{}}, // this month is still valid
		{"02/25", 0, 0, problemExpiryPast},
		{"12/24", 0, 0, problemExpiryPast},
		{"00/30", 0, 0, problemExpiryMonth},
		{"13/30", 0, 0, problemExpiryMonth},
		{"", 0, 0, problemExpiryFormat},
		{"1/30", 0, 0, problemExpiryFormat},
		{"ab/cd", 0, 0, problemExpiryFormat},
		{"12-30", 0, 0, problemExpiryFormat},
		{"123456", 0, 0, problemExpiryFormat},
	}
	for _, tt := range tests {
		m, y, p := parseExpiry(tt.in, now)
		assert.Equal(t, tt.problem, p, tt.in)
		assert.Equal(t, tt.month, m, tt.in)
		assert.Equal(t, tt.year, y, tt.in)
	}
}

func TestMaskPAN(t *testing.T) {
	assert.Equal(t, "XXXXXXXXXXXX1111", maskPAN("4111111111111111"))
	assert.Equal(t, "XXXXXXXXXXX0005", maskPAN("378282246310005"))
	assert.Equal(t, "XXX", maskPAN("411"))
	assert.Equal(t, "", maskPAN(""))
}

// TestNoCardDataLeaks prints every value that holds a card in every way a
// program might, and looks for the full number, the expiry and the CVC.
func TestNoCardDataLeaks(t *testing.T) {
	c, probs := cardInput{number: CardAccepted, expiry: "12/30", cvc: "987", holder: "Ada"}.validate(time.Now(), true)
	require.True(t, probs.ok())
	srv := NewUnstartedServer(Account{PSPID: "P", SHAIn: ogone.NewSecret("in-secret-passphrase"), SHAOut: ogone.NewSecret("out-secret-passphrase"), Password: ogone.NewSecret("api-secret")},
		// A fixed clock: the digits of a timestamp must not stand in for the CVC.
		WithClock(func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }))
	defer srv.Close()
	srv.mu.Lock()
	tx := srv.newTxnLocked(&orderRequest{orderID: "o", amount: 100, currency: "EUR", operation: "SAL", eci: "7"}, c, 9, ncOK)
	srv.storeAliasLocked("a", c, false)
	snap := tx.snapshot()
	aliasSnap := srv.state.aliases["a"].snapshot()
	srv.mu.Unlock()

	var out strings.Builder
	for _, v := range []any{c, &c, snap, aliasSnap, srv.Transactions(), srv.Aliases(), srv.acct} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			fmt.Fprintf(&out, verb+"\n", v)
		}
		b, _ := json.Marshal(v)
		out.Write(b)
	}
	noTime := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{} // its digits must not stand in for the CVC
		}
		return a
	}}
	slog.New(slog.NewTextHandler(&out, noTime)).Info("state", "card", c, "tx", snap, "account", srv.acct)
	s := out.String()
	for _, secret := range []string{CardAccepted, "1230", "12/30", "987", "in-secret-passphrase", "out-secret-passphrase", "api-secret"} {
		assert.NotContains(t, s, secret)
	}
	assert.Contains(t, s, "XXXXXXXXXXXX1111")
}
