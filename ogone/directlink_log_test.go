package ogone_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordingHandler keeps the records it handles.
type recordingHandler struct {
	mu      sync.Mutex
	records []slog.Record
}

func (h *recordingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *recordingHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *recordingHandler) WithGroup(string) slog.Handler            { return h }
func (h *recordingHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r.Clone())
	return nil
}

// attrs flattens a record's attributes to strings.
func attrs(r slog.Record) map[string]string {
	m := map[string]string{}
	r.Attrs(func(a slog.Attr) bool {
		m[a.Key] = a.Value.String()
		return true
	})
	return m
}

// TestLoggerOneRecordPerCall: each call gives one record with its
// operation, references, codes, duration and outcome, at the level its
// outcome asks for.
func TestLoggerOneRecordPerCall(t *testing.T) {
	ctx := context.Background()
	serverError := func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	}
	tests := []struct {
		name    string
		reply   http.HandlerFunc
		call    func(*ogone.Client) error
		level   slog.Level
		want    map[string]string
		noReply bool
	}{
		{"ok", replay(t, "order_authorized.xml"), func(c *ogone.Client) error {
			_, err := c.Authorize(ctx, testOrder(t))
			return err
		}, slog.LevelInfo, map[string]string{"operation": "order", "ORDERID": "order-1002", "PAYID": "3041658221",
			"STATUS": "5", "NCERROR": "0", "outcome": "ok"}, false},
		{"refused", replay(t, "order_refused.xml"), func(c *ogone.Client) error {
			_, err := c.Sale(ctx, testOrder(t))
			return err
		}, slog.LevelWarn, map[string]string{"operation": "order", "ORDERID": "order-1002", "PAYID": "3041658223",
			"STATUS": "2", "NCERROR": "30001001", "outcome": "refused"}, false},
		{"empty STATUS", answer(emptyStatusReply), func(c *ogone.Client) error {
			_, err := c.Reconcile(ctx, "order-1002")
			return err
		}, slog.LevelWarn, map[string]string{"operation": "query", "ORDERID": "order-1002", "PAYID": "",
			"STATUS": "", "NCERROR": "50001130", "outcome": "refused"}, false},
		{"outcome unknown", serverError, func(c *ogone.Client) error {
			_, err := c.Capture(ctx, "3041658221", ogone.RemainingAmount())
			return err
		}, slog.LevelError, map[string]string{"operation": "maintenance", "ORDERID": "", "PAYID": "3041658221",
			"outcome": "outcome-unknown"}, true},
		{"query failed", serverError, func(c *ogone.Client) error {
			_, err := c.Query(ctx, ogone.Query{PayID: "3041658221"})
			return err
		}, slog.LevelError, map[string]string{"operation": "query", "ORDERID": "", "PAYID": "3041658221",
			"outcome": "error"}, true},
		{"invalid request", replay(t, "order_authorized.xml"), func(c *ogone.Client) error {
			o := testOrder(t)
			o.Currency = "euro"
			_, err := c.Sale(ctx, o)
			return err
		}, slog.LevelError, map[string]string{"operation": "order", "ORDERID": "order-1002", "PAYID": "",
			"outcome": "error"}, true},
		{"unset portion", serverError, func(c *ogone.Client) error {
			_, err := c.Refund(ctx, "3041658221", ogone.Portion{})
			return err
		}, slog.LevelError, map[string]string{"operation": "maintenance", "PAYID": "3041658221", "outcome": "error"}, true},
		{"operation against the method", serverError, func(c *ogone.Client) error {
			o := testOrder(t)
			o.Operation = ogone.OperationAuthorize
			_, err := c.Sale(ctx, o)
			return err
		}, slog.LevelError, map[string]string{"operation": "order", "ORDERID": "order-1002", "outcome": "error"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &recordingHandler{}
			s := newStub(t, tt.reply)
			err := tt.call(dlClient(t, s, ogone.WithLogger(slog.New(h))))
			require.Len(t, h.records, 1, "one record per call")
			rec := h.records[0]
			assert.Equal(t, tt.level, rec.Level)
			got := attrs(rec)
			for k, v := range tt.want {
				assert.Equal(t, v, got[k], k)
			}
			if tt.noReply {
				assert.NotContains(t, got, "STATUS", "no reply, no STATUS")
			}
			d, perr := time.ParseDuration(got["duration"])
			require.NoError(t, perr)
			assert.GreaterOrEqual(t, d, time.Duration(0))
			if tt.want["outcome"] == "ok" || tt.want["outcome"] == "refused" {
				assert.NotContains(t, got, "error")
			} else {
				assert.Equal(t, err.Error(), got["error"])
			}
		})
	}
}

func TestLoggerNilLogsNothing(t *testing.T) {
	s := newStub(t, replay(t, "order_authorized.xml"))
	_, err := dlClient(t, s, ogone.WithLogger(nil)).Authorize(context.Background(), testOrder(t))
	require.NoError(t, err)
}

// cvcAlone finds the test card's CVC as a number of its own.
var cvcAlone = regexp.MustCompile(`(^|[^0-9])` + dlCVC + `([^0-9]|$)`)

// TestLoggerHoldsNoSecrets logs calls that carry a card and the account's
// secrets, answered by a platform that accepts, refuses, echoes the whole
// request back, or fails, through slog's text and JSON handlers, and
// looks for the card number, CVC, expiry date, password and passphrases
// in the output.
func TestLoggerHoldsNoSecrets(t *testing.T) {
	echo := func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		b.WriteString(`<ncresponse orderID="` + r.Form.Get("ORDERID") + `" STATUS="0" NCERROR="50001111" NCERRORPLUS="`)
		for name := range r.Form {
			b.WriteString(name + "=" + r.Form.Get(name) + " ")
		}
		b.WriteString(`" CVC="` + dlCVC + `" ED="` + dlExpiry + `" CARDNO="` + dlCardNo + `"/>`)
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write(b.Bytes())
	}
	replies := map[string]http.HandlerFunc{
		"accepted": replay(t, "sale_captured.xml"),
		"refused":  replay(t, "order_refused.xml"),
		"echo":     echo,
		"failure": func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "CARDNO="+dlCardNo, http.StatusBadGateway)
		},
		"HTML": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>" + dlCardNo + " " + dlPassword + "</html>"))
		},
	}
	ctx := context.Background()
	// Durations are random digits; they would make the CVC search flaky.
	fixed := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == "duration" || a.Key == slog.TimeKey {
			a.Value = slog.StringValue("-")
		}
		return a
	}
	for name, newHandler := range map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(b *bytes.Buffer) slog.Handler {
			return slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug, ReplaceAttr: fixed})
		},
		"JSON": func(b *bytes.Buffer) slog.Handler {
			return slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug, ReplaceAttr: fixed})
		},
	} {
		for reply, handler := range replies {
			t.Run(name+"/"+reply, func(t *testing.T) {
				var out bytes.Buffer
				c := dlClient(t, newStub(t, handler), ogone.WithLogger(slog.New(newHandler(&out))))
				_, _ = c.Sale(ctx, testOrder(t))
				invalid := testOrder(t)
				invalid.Amount = decimal.RequireFromString("1.001")
				_, _ = c.Authorize(ctx, invalid)
				_, _ = c.Capture(ctx, "3041658221", ogone.RemainingAmount())
				_, _ = c.Query(ctx, ogone.Query{OrderID: "order-1002"})
				logged := out.String()
				assert.Equal(t, 4, strings.Count(logged, "ogone DirectLink call"), logged)
				for _, secret := range []string{dlPassword, dlSHAIn, dlSHAOut, dlCardNo, "411111111111", dlExpiry, "11%2F98", "1198"} {
					assert.NotContains(t, logged, secret)
				}
				assert.False(t, cvcAlone.MatchString(logged), "CVC in %s", logged)
			})
		}
	}
}
