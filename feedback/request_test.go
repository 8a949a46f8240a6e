package feedback_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
)

const returnURL = "https://shop.example/payment/ogone/return"

func TestVerifyRequest(t *testing.T) {
	good := signed(t, seedParams()).Encode()
	form := "application/x-www-form-urlencoded"
	huge := good + "&PARAMPLUS_PAD=" + strings.Repeat("a", feedback.MaxBodyBytes)

	tests := []struct {
		name        string
		method      string
		query       string
		contentType string
		body        string
		err         error // nil: verifies
		param       string
	}{
		{"GET query", http.MethodGet, good, "", "", nil, ""},
		{"POST form", http.MethodPost, "", form, good, nil, ""},
		{"POST form with charset", http.MethodPost, "", form + "; charset=ISO-8859-1", good, nil, ""},
		{"POST without content type", http.MethodPost, "", "", good, nil, ""},
		// The shop's own query on the configured URL comes along, unsigned.
		{"POST with other names in the query", http.MethodPost, "source=s2s", form, good, nil, ""},
		{"POST with a name in both", http.MethodPost, "STATUS=9", form, good, feedback.ErrAmbiguous, "STATUS"},
		{"POST with a name in both, other case", http.MethodPost, "status=9", form, good, feedback.ErrAmbiguous, "STATUS"},
		{"POST with feedback in the query only", http.MethodPost, good, form, "", nil, ""},
		{"POST JSON", http.MethodPost, "", "application/json", `{"orderID":"SO042"}`, feedback.ErrUnsupportedContentType, ""},
		{"POST multipart", http.MethodPost, "", "multipart/form-data; boundary=x", good, feedback.ErrUnsupportedContentType, ""},
		{"POST bad content type", http.MethodPost, "", ";;", good, feedback.ErrUnsupportedContentType, ""},
		{"POST oversized", http.MethodPost, "", form, huge, feedback.ErrBodyTooLarge, ""},
		{"POST exactly the limit", http.MethodPost, "", form, good + "&PARAMPLUS_PAD=" + strings.Repeat("a", feedback.MaxBodyBytes-len(good)-len("&PARAMPLUS_PAD=")), nil, ""},
		{"POST body not URL-encoded", http.MethodPost, "", form, good + "&CN=%zz", feedback.ErrMalformedRequest, ""},
		{"GET query not URL-encoded", http.MethodGet, good + "&x=%zz", "", "", feedback.ErrMalformedRequest, ""},
		{"GET ignores a body", http.MethodGet, good, form, "STATUS=5", nil, ""},
		{"GET without parameters", http.MethodGet, "", "", "", feedback.ErrMissingSignature, ""},
		{"GET tampered", http.MethodGet, strings.Replace(good, "amount=42.5", "amount=4.25", 1), "", "", feedback.ErrBadSignature, ""},
		{"PUT", http.MethodPut, good, form, good, feedback.ErrMethodNotAllowed, ""},
		{"HEAD", http.MethodHead, good, "", "", feedback.ErrMethodNotAllowed, ""},
		{"DELETE", http.MethodDelete, good, "", "", feedback.ErrMethodNotAllowed, ""},
	}
	v := testVerifier(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, returnURL+"?"+tc.query, strings.NewReader(tc.body))
			if tc.contentType != "" {
				r.Header.Set("Content-Type", tc.contentType)
			}
			f, err := v.VerifyRequest(r)
			if tc.err == nil {
				require.NoError(t, err)
				assert.Equal(t, "SO042", f.OrderID)
				return
			}
			require.ErrorIs(t, err, tc.err)
			assert.Nil(t, f)
			var pe *feedback.ParamError
			if tc.param != "" {
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, tc.param, pe.Name)
			}
			assert.NotContains(t, err.Error(), "%zz")
		})
	}
}

// The unsigned query of the shop's own URL is readable on a POST.
func TestVerifyRequestMergesQuery(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, returnURL+"?source=s2s", strings.NewReader(signed(t, seedParams()).Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	f, err := testVerifier(t).VerifyRequest(r)
	require.NoError(t, err)
	assert.Equal(t, "s2s", f.UnsignedParam("SOURCE"))
}

// When something parsed the form first, its PostForm is used, and left as
// it was.
func TestVerifyRequestAfterParseForm(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, returnURL+"?source=s2s", strings.NewReader(signed(t, seedParams()).Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	require.NoError(t, r.ParseForm())
	before := len(r.PostForm)
	f, err := testVerifier(t).VerifyRequest(r)
	require.NoError(t, err)
	assert.Equal(t, "SO042", f.OrderID)
	assert.Len(t, r.PostForm, before)
}

// A body limited further up (http.MaxBytesReader in a middleware) is
// reported as too large, and a body that fails to read as malformed.
func TestVerifyRequestBodyErrors(t *testing.T) {
	v := testVerifier(t)
	body := signed(t, seedParams()).Encode()

	r := httptest.NewRequest(http.MethodPost, returnURL, nil)
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), io.NopCloser(strings.NewReader(body)), 10)
	_, err := v.VerifyRequest(r)
	assert.ErrorIs(t, err, feedback.ErrBodyTooLarge)

	r = httptest.NewRequest(http.MethodPost, returnURL, nil)
	r.Body = io.NopCloser(io.MultiReader(strings.NewReader("orderID=1"), errReader{}))
	_, err = v.VerifyRequest(r)
	assert.ErrorIs(t, err, feedback.ErrMalformedRequest)

	_, err = v.VerifyRequest(nil)
	assert.ErrorIs(t, err, feedback.ErrMalformedRequest)
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }
