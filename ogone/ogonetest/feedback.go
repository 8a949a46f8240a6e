package ogonetest

import (
	"context"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gogone/ogone/ogone"
)

// sendFeedback makes the server-to-server feedback request of an order:
// online first (the customer's redirect waits for it, as with the
// platform's "online but switch to deferred" setting), then, if the shop
// did not acknowledge it, deferred retries in the background.
// The deferred retries sign msg again, with the key the account holds when
// each is sent (see SetSHAOut).
func (s *Server) sendFeedback(endpoint ogone.Purpose, t *txn, status ogone.Status, target string, msg feedbackMsg, fb kvs) {
	if s.acct.DisableDirectFeedback {
		return
	}
	dest := s.acct.DirectFeedbackURL
	if dest == "" {
		dest = target
	}
	if dest == "" {
		return
	}
	if s.logFeedback(t, status, dest, fb) {
		return // held: the test delivers it (feedbackctl.go)
	}
	if _, drop := s.takeFault(endpoint, true); drop {
		s.recordFeedback(t, FeedbackAttempt{Attempt: 1, URL: dest, Time: s.now(), Status: status, Dropped: true})
		return
	}
	body := fb.encode()
	a := s.postFeedback(s.ctx, dest, body)
	a.Attempt, a.Status = 1, status
	s.recordFeedback(t, a)
	if a.OK() || s.set.retryMax == 0 {
		return
	}
	s.mu.Lock()
	if s.state.closed {
		s.mu.Unlock()
		return
	}
	s.state.deferred++
	s.wg.Add(1)
	s.mu.Unlock()
	go s.retryFeedback(t, status, dest, msg)
}

// retryFeedback is the deferred feedback: up to retryMax more attempts,
// waiting retryInterval before the first and twice as long before each
// next one.
func (s *Server) retryFeedback(t *txn, status ogone.Status, dest string, msg feedbackMsg) {
	defer func() {
		s.mu.Lock()
		s.state.deferred--
		s.mu.Unlock()
		s.wg.Done()
	}()
	wait := s.set.retryInterval
	for i := 1; i <= s.set.retryMax; i++ {
		if !s.sleep(s.ctx, wait) {
			return
		}
		a := s.postFeedback(s.ctx, dest, s.signFeedback(msg).encode())
		a.Attempt, a.Deferred, a.Status = i+1, true, status
		s.recordFeedback(t, a)
		if a.OK() {
			return
		}
		if wait < time.Hour {
			wait *= 2
		}
	}
}

// postFeedback POSTs the feedback form and reports the shop's answer. It
// gives up when ctx ends or the server closes.
func (s *Server) postFeedback(ctx context.Context, dest, body string) FeedbackAttempt {
	a := FeedbackAttempt{URL: dest, Time: s.now()}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(s.ctx, cancel)
	defer stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dest, strings.NewReader(body))
	if err != nil {
		a.Err = err.Error()
		return a
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "ogonetest feedback")
	resp, err := s.set.feedbackClient.Do(req)
	if err != nil {
		a.Err = err.Error()
		return a
	}
	// Read a bounded part of the answer so that the connection can be
	// reused; the platform ignores what the shop says.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	a.HTTPStatus = resp.StatusCode
	return a
}

func (s *Server) recordFeedback(t *txn, a FeedbackAttempt) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t.feed = append(t.feed, a)
}
