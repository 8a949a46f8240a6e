package main

// TEMPORARY: stand-ins until ogone/directlink.go, feedback/ and alias/
// land. Replaced by the real integration.

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

var (
	errBadAmount      = errors.New("bad amount")
	errOutcomeUnknown = errors.New("outcome unknown")
)

func (s *shop) initPayments() error {
	alg := s.cfg.Algorithm
	if alg == 0 {
		alg = shasign.SHA512
	}
	var err error
	s.tmpVerifier, err = shasign.NewSigner(alg, s.cfg.SHAOut.Reveal())
	return err
}

func (s *shop) feedbackHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad request", 400)
			return
		}
		var v url.Values = r.Form
		if err := s.tmpVerifier.VerifyOut(v); err != nil {
			http.Error(w, "bad signature", 400)
			return
		}
		get := func(n string) string {
			for k, vs := range v {
				if strings.EqualFold(k, n) && len(vs) > 0 {
					return vs[0]
				}
			}
			return ""
		}
		st, err := ogone.ParseStatus(get("STATUS"))
		if err != nil {
			http.Error(w, "bad status", 400)
			return
		}
		state, known := stateOf(st.State())
		amount, _ := ogone.ParseAmount(get("AMOUNT"))
		o, _, err := s.store.applyPayment(paymentReport{Source: "feedback", Ref: get("ORDERID"), PayID: get("PAYID"), Status: st.String(), State: state, Known: known, NCError: get("NCERROR"), Amount: amount, Currency: get("CURRENCY"), CardNumber: get("CARDNO"), Brand: get("BRAND"), Alias: get("ALIAS")})
		if err != nil {
			http.Error(w, "unknown order", 404)
			return
		}
		if r.Method == http.MethodPost {
			w.WriteHeader(200)
			return
		}
		http.Redirect(w, r, "/orders/"+o.ID, http.StatusSeeOther)
	})
}

func (s *shop) payWithSavedCard(w http.ResponseWriter, r *http.Request, id string, card savedCard) {
	s.fail(w, r, 501, "not yet")
}

func (s *shop) capture(ctx context.Context, id string) error { return errors.New("not yet") }
func (s *shop) cancel(ctx context.Context, id string) error  { return errors.New("not yet") }
func (s *shop) query(ctx context.Context, id string) error   { return errors.New("not yet") }
func (s *shop) refund(ctx context.Context, id string, amount decimal.Decimal) error {
	return errors.New("not yet")
}
func (s *shop) reconcile(ctx context.Context)                          {}
func (s *shop) reconcileLoop(ctx context.Context, every time.Duration) {}
