package ogonetest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func postOrder(t *testing.T, srv *ogonetest.Server, c *http.Client, orderID string) (*http.Response, string, error) {
	t.Helper()
	resp, err := c.PostForm(srv.URL+"/ncol/test/orderdirect_utf8.asp", signed(t, apiValues(orderFields(orderID))))
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

func TestFaultReplies(t *testing.T) {
	tests := []struct {
		name        string
		fault       ogonetest.Fault
		code        int
		contentType string
		parses      bool
		recorded    bool
	}{
		{"500, order processed", ogonetest.Fault{Kind: ogonetest.FaultServerError}, 500, "text/html; charset=utf-8", false, true},
		{"502 before the platform", ogonetest.Fault{Kind: ogonetest.FaultServerError, StatusCode: 502, SkipProcessing: true}, 502, "text/html; charset=utf-8", false, false},
		{"HTML instead of XML", ogonetest.Fault{Kind: ogonetest.FaultHTMLReply}, 200, "text/html; charset=utf-8", false, true},
		{"HTML, not processed", ogonetest.Fault{Kind: ogonetest.FaultHTMLReply, SkipProcessing: true}, 200, "text/html; charset=utf-8", false, false},
		{"truncated XML", ogonetest.Fault{Kind: ogonetest.FaultTruncatedReply}, 200, "text/xml; charset=utf-8", false, true},
		{"truncated, not processed", ogonetest.Fault{Kind: ogonetest.FaultTruncatedReply, SkipProcessing: true}, 200, "text/xml; charset=utf-8", false, false},
		{"short delay", ogonetest.Fault{Kind: ogonetest.FaultDelay, Delay: 20 * time.Millisecond}, 200, "text/xml; charset=utf-8", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			tt.fault.Endpoint, tt.fault.Times = ogone.EndpointOrder, 1
			srv.InjectFault(tt.fault)
			resp, body, err := postOrder(t, srv, srv.Client(), "f-1")
			require.NoError(t, err)
			assert.Equal(t, tt.code, resp.StatusCode)
			assert.Equal(t, tt.contentType, resp.Header.Get("Content-Type"))
			_, perr := decodeReply([]byte(body))
			assert.Equal(t, tt.parses, perr == nil, "parse error %v for %q", perr, body)

			// Whether the order exists is what the shop must find out.
			q := query(t, srv, map[string]string{"ORDERID": "f-1"})
			if tt.recorded {
				assert.Equal(t, "9", q.get("STATUS"))
			} else {
				assert.Equal(t, "88", q.get("STATUS"))
			}
			// Times: 1 spoils one call only.
			_, body, err = postOrder(t, srv, srv.Client(), "f-2")
			require.NoError(t, err)
			assert.Equal(t, "9", parseReply(t, []byte(body)).get("STATUS"))
		})
	}
}

func TestFaultDelayOutlastsTheClient(t *testing.T) {
	srv := newServer(t, ogonetest.WithFault(ogonetest.Fault{Kind: ogonetest.FaultDelay, Delay: time.Hour}))
	c := srv.Client()
	c.Timeout = 50 * time.Millisecond
	_, _, err := postOrder(t, srv, c, "fd-1")
	var ne interface{ Timeout() bool }
	require.True(t, errors.As(err, &ne) && ne.Timeout(), "%v", err)
	srv.ClearFaults()
	assert.Empty(t, srv.Transactions(), "a delayed call is processed only when the delay is over")
}

func TestFaultScope(t *testing.T) {
	srv := newServer(t)
	remove := srv.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultServerError, Endpoint: ogone.EndpointQuery})
	_, body, err := postOrder(t, srv, srv.Client(), "fs-1")
	require.NoError(t, err)
	assert.Equal(t, "9", parseReply(t, []byte(body)).get("STATUS"), "other endpoints are unaffected")

	for i := 0; i < 3; i++ { // until removed
		resp, _ := post(t, srv.Client(), srv.URL+"/ncol/test/querydirect_utf8.asp", signed(t, apiValues(map[string]string{"ORDERID": "fs-1"})))
		assert.Equal(t, 500, resp.StatusCode)
	}
	remove()
	remove() // harmless
	assert.Equal(t, "9", query(t, srv, map[string]string{"ORDERID": "fs-1"}).get("STATUS"))

	// Without an endpoint a fault hits every page, the hosted ones too.
	srv.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultServerError, Times: 2})
	resp, _ := post(t, browser(srv), srv.URL+"/ncol/test/orderstandard_utf8.asp", signed(t, hostedFields("fs-2", nil)))
	assert.Equal(t, 500, resp.StatusCode)
	resp, _ = get(t, srv.Client(), srv.URL+"/Tokenization/HostedPage")
	assert.Equal(t, 500, resp.StatusCode)
	resp, _ = get(t, srv.Client(), srv.URL+"/Tokenization/HostedPage")
	assert.Equal(t, 200, resp.StatusCode, "Times 2 is used up")

	// Faults apply in order: the first that matches spoils the call.
	srv.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultHTMLReply, Endpoint: ogone.EndpointQuery})
	srv.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultServerError})
	resp, _ = post(t, srv.Client(), srv.URL+"/ncol/test/querydirect_utf8.asp", signed(t, apiValues(map[string]string{"ORDERID": "fs-1"})))
	assert.Equal(t, 200, resp.StatusCode)
	srv.ClearFaults()
	assert.Equal(t, "9", query(t, srv, map[string]string{"ORDERID": "fs-1"}).get("STATUS"))
}

func TestFaultDropFeedback(t *testing.T) {
	sh := newShop(t)
	srv := newServer(t, ogonetest.WithDeferredRetry(3, time.Millisecond))
	srv.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultDropFeedback, Endpoint: ogone.EndpointHostedPage, Times: 1})

	resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("fb-1", sh.urls())), ogonetest.CardAccepted)
	redirectQuery(t, resp, sh.URL+"/accept") // the browser still comes back
	require.NoError(t, srv.WaitIdle(context.Background()))
	assert.Empty(t, sh.feedbacks())
	tx, _ := srv.Transaction("fb-1")
	require.Len(t, tx.Feedback, 1, "no deferred retry of a dropped feedback")
	assert.True(t, tx.Feedback[0].Dropped)
	assert.False(t, tx.Feedback[0].OK())

	// A drop fault does not touch replies, and Times 1 is used up.
	resp, _ = pay(t, srv, openPayment(t, srv, hostedFields("fb-2", sh.urls())), ogonetest.CardAccepted)
	redirectQuery(t, resp, sh.URL+"/accept")
	assert.Len(t, sh.feedbacks(), 1)
}

func TestFaultKindString(t *testing.T) {
	for k, want := range map[ogonetest.FaultKind]string{
		ogonetest.FaultDelay: "delay", ogonetest.FaultServerError: "server error", ogonetest.FaultHTMLReply: "HTML reply",
		ogonetest.FaultTruncatedReply: "truncated reply", ogonetest.FaultDropFeedback: "drop feedback", 0: "FaultKind(0)",
	} {
		assert.Equal(t, want, k.String())
	}
}
