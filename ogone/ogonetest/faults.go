package ogonetest

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/gogone/ogone/ogone"
)

// FaultKind is what goes wrong.
type FaultKind uint8

const (
	// FaultDelay processes the request and answers normally after
	// Fault.Delay; if the client gives up first, the request is dropped
	// unprocessed.
	FaultDelay FaultKind = iota + 1
	// FaultServerError answers HTTP 500 (or Fault.StatusCode) with an
	// HTML body, as a failing load balancer does.
	FaultServerError
	// FaultHTMLReply answers HTTP 200 with an HTML error page where
	// DirectLink expects XML, as the platform does during maintenance.
	FaultHTMLReply
	// FaultTruncatedReply cuts the reply body in half: the XML of a
	// DirectLink reply no longer parses.
	FaultTruncatedReply
	// FaultDropFeedback sends no server-to-server feedback at all (and
	// schedules no deferred one); the browser is still redirected. The
	// attempt is recorded with Dropped set.
	FaultDropFeedback
)

// String names the kind.
func (k FaultKind) String() string {
	switch k {
	case FaultDelay:
		return "delay"
	case FaultServerError:
		return "server error"
	case FaultHTMLReply:
		return "HTML reply"
	case FaultTruncatedReply:
		return "truncated reply"
	case FaultDropFeedback:
		return "drop feedback"
	}
	return fmt.Sprintf("FaultKind(%d)", uint8(k))
}

// Fault is a failure the server injects into its answers, so that a shop can
// test how it copes. Faults apply in the order they were injected; a call
// is spoiled by the first that matches it.
type Fault struct {
	Kind FaultKind
	// Endpoint restricts the fault to one endpoint; zero means all of them.
	// The simulator's own pages (payment form, 3-D Secure, result) count
	// as EndpointHostedPage. A FaultDropFeedback matches the endpoint whose
	// flow sends the feedback: EndpointHostedPage, or EndpointOrder for a
	// DirectLink order completed by 3-D Secure.
	Endpoint ogone.Purpose
	// Delay is waited before answering, for every kind but
	// FaultDropFeedback.
	Delay time.Duration
	// StatusCode is the HTTP status of FaultServerError; 500 when zero.
	StatusCode int
	// Times is the number of calls the fault spoils; zero means every
	// call until the fault is removed.
	Times int
	// SkipProcessing makes the server answer without processing the
	// request, as when the failure is in front of the platform. By
	// default the request is processed (an order is recorded) and only the
	// answer is spoiled: the harder case, where a shop must query the
	// order to know what happened.
	SkipProcessing bool
}

type activeFault struct {
	id   int
	f    Fault
	left int // calls left; 0 means unlimited
}

// InjectFault adds a fault and returns a function that removes it.
func (s *Server) InjectFault(f Fault) (remove func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.nextFaultID++
	id := s.state.nextFaultID
	s.state.faults = append(s.state.faults, &activeFault{id: id, f: f, left: max(0, f.Times)})
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.removeFaultLocked(id)
	}
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.faults = nil
}

func (s *Server) removeFaultLocked(id int) {
	for i, af := range s.state.faults {
		if af.id == id {
			s.state.faults = append(s.state.faults[:i], s.state.faults[i+1:]...)
			return
		}
	}
}

// takeFault returns the fault for one call to endpoint, counting the call
// against it. feedback selects FaultDropFeedback faults, which concern the
// server-to-server request rather than the reply.
func (s *Server) takeFault(endpoint ogone.Purpose, feedback bool) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, af := range s.state.faults {
		if (af.f.Kind == FaultDropFeedback) != feedback {
			continue
		}
		if af.f.Endpoint != 0 && af.f.Endpoint != endpoint {
			continue
		}
		f := af.f
		if af.left > 0 {
			if af.left--; af.left == 0 {
				s.removeFaultLocked(af.id)
			}
		}
		return f, true
	}
	return Fault{}, false
}

// serve runs h for endpoint, through whatever fault applies.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, endpoint ogone.Purpose, h http.HandlerFunc) {
	f, faulty := s.takeFault(endpoint, false)
	if !faulty {
		h(w, r)
		return
	}
	if !s.sleep(r.Context(), f.Delay) {
		return // the client gave up, or the server is closing
	}
	if f.Kind == FaultDelay {
		h(w, r)
		return
	}
	rec := &recorder{header: http.Header{}, code: http.StatusOK}
	if !f.SkipProcessing {
		h(rec, r)
	}
	switch f.Kind {
	case FaultServerError:
		code := f.StatusCode
		if code == 0 {
			code = http.StatusInternalServerError
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<html><head><title>%d</title></head><body><h1>%d - %s</h1></body></html>\n",
			code, code, http.StatusText(code))
	case FaultHTMLReply:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(maintenancePage))
	case FaultTruncatedReply:
		if f.SkipProcessing {
			// Nothing was produced to cut: cut a reply the platform could
			// have sent.
			n := &ncresponse{}
			n.add("orderID", "")
			n.add("STATUS", "0")
			s.writeXML(rec, n)
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		body := rec.body.Bytes()
		w.WriteHeader(rec.code)
		_, _ = w.Write(body[:len(body)/2])
	default:
		rec.flush(w)
	}
}

const maintenancePage = `<!DOCTYPE html>
<html><head><title>Maintenance</title></head>
<body><h1>Our payment platform is temporarily unavailable</h1>
<p>Please try again later.</p></body></html>
`

// recorder keeps a reply so that a fault can spoil it before it is sent.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
	wrote  bool
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.code, r.wrote = code, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}

func (r *recorder) flush(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.code)
	_, _ = w.Write(r.body.Bytes())
}
