package ogone_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statusCases is the STATUS table of PROTOCOL.md, one row per code, with
// what each method must answer.
var statusCases = []struct {
	status    ogone.Status
	code      int
	str       string
	state     ogone.State
	uncertain bool
	action    bool
}{
	{ogone.StatusInvalid, 0, "0 invalid or incomplete", ogone.StateError, false, false},
	{ogone.StatusCancelledByCustomer, 1, "1 cancelled by customer", ogone.StateCancelled, false, false},
	{ogone.StatusAuthorizationRefused, 2, "2 authorization refused", ogone.StateDeclined, false, false},
	{ogone.StatusOrderStored, 4, "4 order stored", ogone.StatePending, false, false},
	{ogone.StatusStoredWaitingExternalResult, 40, "40 stored waiting for external result", ogone.StatePending, false, false},
	{ogone.StatusWaitingClientPayment, 41, "41 waiting for client payment", ogone.StatePending, false, false},
	{ogone.StatusWaitingAuthentication, 46, "46 waiting for authentication", ogone.StateActionRequired, false, true},
	{ogone.StatusAuthorized, 5, "5 authorized", ogone.StateAuthorized, false, false},
	{ogone.StatusAuthorizedWaitingExternalResult, 50, "50 authorized waiting for external result", ogone.StatePending, false, false},
	{ogone.StatusAuthorizationWaiting, 51, "51 authorization waiting", ogone.StatePending, false, false},
	{ogone.StatusAuthorizationUnknown, 52, "52 authorization not known", ogone.StateUncertain, true, false},
	{ogone.StatusStandby, 55, "55 standby", ogone.StatePending, false, false},
	{ogone.StatusOKWithScheduledPayments, 56, "56 OK with scheduled payments", ogone.StatePending, false, false},
	{ogone.StatusNotOKWithScheduledPayments, 57, "57 not OK with scheduled payments", ogone.StateError, false, false},
	{ogone.StatusAuthorizationToRequestManually, 59, "59 authorization to be requested manually", ogone.StatePending, false, false},
	{ogone.StatusAuthorizedAndCancelled, 6, "6 authorized and cancelled", ogone.StateCancelled, false, false},
	{ogone.StatusAuthorizationDeletionWaiting, 61, "61 authorization deletion waiting", ogone.StatePending, false, false},
	{ogone.StatusAuthorizationDeletionUncertain, 62, "62 authorization deletion uncertain", ogone.StateUncertain, true, false},
	{ogone.StatusAuthorizationDeletionRefused, 63, "63 authorization deletion refused", ogone.StateError, false, false},
	{ogone.StatusAuthorizedAndCancelled64, 64, "64 authorized and cancelled", ogone.StateCancelled, false, false},
	{ogone.StatusPaymentDeleted, 7, "7 payment deleted", ogone.StateCancelled, false, false},
	{ogone.StatusPaymentDeletionPending, 71, "71 payment deletion pending", ogone.StatePending, false, false},
	{ogone.StatusPaymentDeletionUncertain, 72, "72 payment deletion uncertain", ogone.StateUncertain, true, false},
	{ogone.StatusPaymentDeletionRefused, 73, "73 payment deletion refused", ogone.StateError, false, false},
	{ogone.StatusPaymentDeleted74, 74, "74 payment deleted", ogone.StateCancelled, false, false},
	{ogone.StatusDeletionHandledByMerchant, 75, "75 deletion handled by merchant", ogone.StateCancelled, false, false},
	{ogone.StatusRefund, 8, "8 refund", ogone.StateRefunded, false, false},
	{ogone.StatusRefundPending, 81, "81 refund pending", ogone.StatePending, false, false},
	{ogone.StatusRefundUncertain, 82, "82 refund uncertain", ogone.StateUncertain, true, false},
	{ogone.StatusRefundRefused, 83, "83 refund refused", ogone.StateError, false, false},
	{ogone.StatusRefund84, 84, "84 refund (older lists: payment declined by the acquirer)", ogone.StateRefunded, false, false},
	{ogone.StatusRefundHandledByMerchant, 85, "85 refund handled by merchant", ogone.StateRefunded, false, false},
	{ogone.StatusQueryFailed, 88, "88 query failed", ogone.StateError, false, false},
	{ogone.StatusPaymentRequested, 9, "9 payment requested", ogone.StateCaptured, false, false},
	{ogone.StatusPaymentProcessing, 91, "91 payment processing", ogone.StatePending, false, false},
	{ogone.StatusPaymentUncertain, 92, "92 payment uncertain", ogone.StateUncertain, true, false},
	{ogone.StatusPaymentRefused, 93, "93 payment refused", ogone.StateDeclined, false, false},
	{ogone.StatusRefundDeclinedByAcquirer, 94, "94 refund declined by the acquirer", ogone.StateError, false, false},
	{ogone.StatusPaymentHandledByMerchant, 95, "95 payment handled by merchant", ogone.StateCaptured, false, false},
	{ogone.StatusRefundReversed, 96, "96 refund reversed", ogone.StateError, false, false},
	{ogone.StatusBeingProcessed97, 97, "97 being processed", ogone.StatePending, false, false},
	{ogone.StatusBeingProcessed98, 98, "98 being processed", ogone.StatePending, false, false},
	{ogone.StatusBeingProcessed, 99, "99 being processed", ogone.StatePending, false, false},
}

func TestStatusTable(t *testing.T) {
	for _, tc := range statusCases {
		t.Run(tc.str, func(t *testing.T) {
			s := tc.status
			assert.Equal(t, tc.code, int(s), "constant's number")
			assert.True(t, s.Known())
			assert.Equal(t, tc.str, s.String())
			assert.Equal(t, tc.str, fmt.Sprint(s), "fmt uses String")
			assert.Equal(t, strings.TrimPrefix(tc.str, strconv.Itoa(tc.code)+" "), s.Meaning())
			assert.Equal(t, tc.state, s.State())
			assert.Equal(t, tc.uncertain, s.Uncertain(), "Uncertain")
			assert.Equal(t, tc.action, s.ActionRequired(), "ActionRequired")
			assert.Equal(t, tc.code == 84, s.NeedsReview(), "NeedsReview")

			parsed, err := ogone.ParseStatus(strconv.Itoa(tc.code))
			require.NoError(t, err)
			assert.Equal(t, s, parsed)
		})
	}
}

// A code added to the library must be added to statusCases too, and the
// reverse.
func TestStatusTableIsComplete(t *testing.T) {
	inTable := map[int]bool{}
	for _, tc := range statusCases {
		require.False(t, inTable[tc.code], "code %d listed twice", tc.code)
		inTable[tc.code] = true
	}
	for code := -10; code <= 120; code++ {
		assert.Equal(t, inTable[code], ogone.Status(code).Known(), "Known(%d)", code)
	}
}

func TestUnknownStatusKeepsItsNumber(t *testing.T) {
	for _, code := range []int{3, 10, 42, 77, 89, 100, 1000, -1} {
		s := ogone.Status(code)
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			assert.False(t, s.Known())
			assert.Equal(t, strconv.Itoa(code)+" unknown status", s.String())
			assert.Equal(t, "unknown status", s.Meaning())
			assert.Equal(t, ogone.StateUnknown, s.State())
			assert.False(t, s.State().Paid(), "an unknown code must never read as paid")
			assert.False(t, s.State().Final())
			assert.False(t, s.Uncertain())
			assert.False(t, s.ActionRequired())
			assert.False(t, s.NeedsReview())
		})
	}
}

// The platform's rule for two-digit codes: a second digit of 2 means the
// outcome is uncertain. Uncertain must follow it exactly.
func TestUncertainMeansSecondDigitTwo(t *testing.T) {
	for _, tc := range statusCases {
		want := tc.code >= 10 && tc.code%10 == 2
		assert.Equal(t, want, tc.status.Uncertain(), "status %d", tc.code)
	}
}

// PROTOCOL.md quotes the grouping of an established integration; our
// states must refine it, never contradict it.
func TestStatesRefineEstablishedGrouping(t *testing.T) {
	for _, code := range []int{41, 46, 50, 51, 52, 55, 56, 81, 82, 91, 92, 99} {
		st := ogone.Status(code).State()
		assert.Contains(t, []ogone.State{ogone.StatePending, ogone.StateActionRequired, ogone.StateUncertain}, st, "pending code %d", code)
		assert.False(t, st.Final(), "pending code %d", code)
		assert.False(t, st.Paid(), "pending code %d", code)
	}
	assert.Equal(t, ogone.StateAuthorized, ogone.Status(5).State())
	assert.Equal(t, ogone.StateRefunded, ogone.Status(8).State())
	assert.Equal(t, ogone.StateCaptured, ogone.Status(9).State())
	assert.Equal(t, ogone.StateCancelled, ogone.Status(1).State())
	assert.Equal(t, ogone.StateDeclined, ogone.Status(2).State())

	var paid []int
	for _, tc := range statusCases {
		if tc.state.Paid() {
			paid = append(paid, tc.code)
		}
	}
	assert.Equal(t, []int{9, 95}, paid, "only a requested payment or one handled by the merchant is paid")
}

func TestParseStatus(t *testing.T) {
	valid := []struct {
		in   string
		want ogone.Status
	}{
		{"0", ogone.StatusInvalid},
		{"5", ogone.StatusAuthorized},
		{"9", ogone.StatusPaymentRequested},
		{"10", ogone.Status(10)}, // canonical but unknown: kept
		{"46", ogone.StatusWaitingAuthentication},
		{"77", ogone.Status(77)},
		{"99", ogone.StatusBeingProcessed},
	}
	for _, tc := range valid {
		got, err := ogone.ParseStatus(tc.in)
		require.NoError(t, err, "%q", tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
	}

	invalid := []string{
		"", "-1", "+5", "-0", "100", "999", " 9", "9 ", "\t9", "09", "00", "0x9", "1e1", "9.0", "4,6",
		"٣",              // an Arabic-Indic digit: a digit to Unicode, not to the platform
		"9\x00", "\x009", // NUL around a digit
		"5\n", "46\r\n",
		"abcdefghijklmnopqrstuvwxyz0123456789", // longer than 8 bytes: must not be echoed
		"99999999999999999999999",              // would overflow an int
	}
	var msg string
	for _, in := range invalid {
		got, err := ogone.ParseStatus(in)
		require.Error(t, err, "%q", in)
		assert.Equal(t, ogone.Status(0), got)
		assert.ErrorIs(t, err, ogone.ErrInvalidStatus, "%q", in)
		var fe *ogone.FieldError
		require.ErrorAs(t, err, &fe, "%q", in)
		assert.Equal(t, "STATUS", fe.Field)
		assert.Contains(t, err.Error(), "STATUS")
		assert.Contains(t, err.Error(), "invalid")
		// The message never depends on the input, so no part of it leaks.
		if msg == "" {
			msg = err.Error()
		}
		assert.Equal(t, msg, err.Error(), "%q", in)
	}
	assert.NotContains(t, msg, "abcdefgh")
}

func TestStatusTextRoundTrip(t *testing.T) {
	for code := 0; code <= 99; code++ {
		s := ogone.Status(code)
		text, err := s.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, strconv.Itoa(code), string(text))

		var back ogone.Status
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, s, back)
	}

	for _, s := range []ogone.Status{-1, 100, 12345} {
		_, err := s.MarshalText()
		assert.ErrorIs(t, err, ogone.ErrInvalidStatus, "%d cannot be read back, so it must not be written", int(s))
	}

	s := ogone.StatusAuthorized
	assert.ErrorIs(t, s.UnmarshalText([]byte("09")), ogone.ErrInvalidStatus)
	assert.Equal(t, ogone.StatusAuthorized, s, "a failed UnmarshalText leaves the value alone")
}

func TestStatusAndStateJSON(t *testing.T) {
	type record struct {
		Status ogone.Status `json:"status"`
		State  ogone.State  `json:"state"`
	}
	in := record{ogone.StatusWaitingAuthentication, ogone.StatusWaitingAuthentication.State()}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"status":"46","state":"action_required"}`, string(b))

	var out record
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)

	assert.Error(t, json.Unmarshal([]byte(`{"status":"4 6"}`), &out))
	assert.Error(t, json.Unmarshal([]byte(`{"state":"Captured"}`), &out))

	byStatus := map[ogone.Status]int{ogone.StatusPaymentRequested: 3, ogone.Status(77): 1}
	b, err = json.Marshal(byStatus)
	require.NoError(t, err)
	assert.JSONEq(t, `{"9":3,"77":1}`, string(b))
	var byStatusBack map[ogone.Status]int
	require.NoError(t, json.Unmarshal(b, &byStatusBack))
	assert.Equal(t, byStatus, byStatusBack)
}

func TestState(t *testing.T) {
	cases := []struct {
		state ogone.State
		name  string
		final bool
		paid  bool
	}{
		{ogone.StateUnknown, "unknown", false, false},
		{ogone.StatePending, "pending", false, false},
		{ogone.StateActionRequired, "action_required", false, false},
		{ogone.StateUncertain, "uncertain", false, false},
		{ogone.StateAuthorized, "authorized", false, false},
		{ogone.StateCaptured, "captured", true, true},
		{ogone.StateCancelled, "cancelled", true, false},
		{ogone.StateDeclined, "declined", true, false},
		{ogone.StateRefunded, "refunded", true, false},
		{ogone.StateError, "error", true, false},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, ogone.State(i), tc.state, "cases follow the constants' order")
			assert.Equal(t, tc.name, tc.state.String())
			assert.Equal(t, tc.final, tc.state.Final(), "Final")
			assert.Equal(t, tc.paid, tc.state.Paid(), "Paid")

			text, err := tc.state.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tc.name, string(text))
			var back ogone.State
			require.NoError(t, back.UnmarshalText(text))
			assert.Equal(t, tc.state, back)
		})
	}

	var zero ogone.State
	assert.Equal(t, ogone.StateUnknown, zero, "the zero value is unknown, never a payment")

	beyond := ogone.State(len(cases))
	assert.Equal(t, "State("+strconv.Itoa(len(cases))+")", beyond.String())
	_, err := beyond.MarshalText()
	assert.ErrorIs(t, err, ogone.ErrInvalidState)

	for _, name := range []string{"", "Captured", "CAPTURED", "paid", "action required", "action-required", " pending", "State(3)", "3"} {
		s := ogone.StatePending
		assert.ErrorIs(t, s.UnmarshalText([]byte(name)), ogone.ErrInvalidState, "%q", name)
		assert.Equal(t, ogone.StatePending, s, "a failed UnmarshalText leaves the value alone")
	}
}

func FuzzParseStatus(f *testing.F) {
	for _, seed := range []string{
		"", "0", "5", "9", "46", "52", "77", "99", "100", "09", "00", "-1", "+5", " 9", "9 ", "٣", "1e1", "\x00",
		"abcdefghij",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ogone.ParseStatus(in)

		// Oracle: the canonical decimal form of 0 to 99.
		n, atoiErr := strconv.Atoi(in)
		canonical := atoiErr == nil && n >= 0 && n <= 99 && strconv.Itoa(n) == in
		if !canonical {
			if err == nil {
				t.Fatalf("ParseStatus(%q) = %d, want an error", in, int(s))
			}
			if !errors.Is(err, ogone.ErrInvalidStatus) {
				t.Fatalf("ParseStatus(%q): %v does not wrap ErrInvalidStatus", in, err)
			}
			if want := (&ogone.FieldError{Field: "STATUS", Err: ogone.ErrInvalidStatus}).Error(); err.Error() != want {
				t.Fatalf("ParseStatus(%q): message %q depends on the input, want %q", in, err.Error(), want)
			}
			return
		}
		if err != nil {
			t.Fatalf("ParseStatus(%q): %v", in, err)
		}
		if int(s) != n {
			t.Fatalf("ParseStatus(%q) = %d", in, int(s))
		}
		text, err := s.MarshalText()
		if err != nil || string(text) != in {
			t.Fatalf("MarshalText(%d) = %q, %v; want %q", int(s), text, err, in)
		}
		if str := s.String(); !strings.HasPrefix(str, in+" ") {
			t.Fatalf("String(%d) = %q, want it to start with %q", int(s), str, in+" ")
		}
		if !s.Known() && s.State() != ogone.StateUnknown {
			t.Fatalf("unknown status %d has state %v", int(s), s.State())
		}
	})
}

func ExampleStatus_State() {
	for _, v := range []string{"5", "9", "46", "92", "77"} {
		s, err := ogone.ParseStatus(v)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%v -> %v (paid: %t, final: %t)\n", s, s.State(), s.State().Paid(), s.State().Final())
	}
	_, err := ogone.ParseStatus("09")
	fmt.Println(err)
	// Output:
	// 5 authorized -> authorized (paid: false, final: false)
	// 9 payment requested -> captured (paid: true, final: true)
	// 46 waiting for authentication -> action_required (paid: false, final: false)
	// 92 payment uncertain -> uncertain (paid: false, final: false)
	// 77 unknown status -> unknown (paid: false, final: false)
	// ogone: STATUS: invalid status code: want 0 to 99, written without sign, space or leading zero
}
