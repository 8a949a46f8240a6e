package ogonetest

import (
	"net/http"
	"strings"

	"github.com/gogone/ogone/ogone"
)

// route dispatches a request to the page it names. Every page exists under
// /ncol/test/ and /ncol/prod/; FlexCheckout lives at /Tokenization/HostedPage.
// Page names are matched in any case, as the platform's web server does.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if strings.EqualFold(path, "/Tokenization/HostedPage") {
		s.serve(w, r, ogone.EndpointFlexCheckout, s.flexCheckout)
		return
	}
	if path == "/" {
		s.serve(w, r, ogone.EndpointHostedPage, s.index)
		return
	}
	env, page, ok := splitNcolPath(path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch page {
	case "orderstandard_utf8.asp":
		s.serve(w, r, ogone.EndpointHostedPage, s.hostedPage(env))
	case "orderdirect_utf8.asp":
		s.serve(w, r, ogone.EndpointOrder, s.orderDirect(env))
	case "maintenancedirect.asp":
		s.serve(w, r, ogone.EndpointMaintenance, s.maintenance)
	case "querydirect_utf8.asp", "querydirect.asp":
		s.serve(w, r, ogone.EndpointQuery, s.query)
	case "alias_gateway_utf8.asp":
		s.serve(w, r, ogone.EndpointAliasGateway, s.aliasGateway)
	case "simulator/pay":
		s.serve(w, r, ogone.EndpointHostedPage, s.paySubmit)
	case "simulator/method":
		s.serve(w, r, ogone.EndpointHostedPage, s.methodSubmit)
	case "simulator/3ds":
		s.serve(w, r, ogone.EndpointHostedPage, s.threeDS)
	case "simulator/result":
		s.serve(w, r, ogone.EndpointHostedPage, s.resultPage)
	default:
		http.NotFound(w, r)
	}
}

// splitNcolPath splits /ncol/<env>/<page> into "test" or "prod" and the
// lowercased page.
func splitNcolPath(path string) (env, page string, ok bool) {
	rest, ok := strings.CutPrefix(path, "/ncol/")
	if !ok {
		return "", "", false
	}
	env, page, ok = strings.Cut(rest, "/")
	env = strings.ToLower(env)
	if !ok || (env != "test" && env != "prod") {
		return "", "", false
	}
	return env, strings.ToLower(page), true
}

// index lists the endpoints, for a person who opens the simulator's root.
func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	render(w, "index", struct {
		PSPID string
		Paths []string
		Cards []testCard
	}{
		PSPID: s.acct.PSPID,
		Paths: []string{
			"/ncol/test/orderstandard_utf8.asp",
			"/ncol/test/orderdirect_utf8.asp",
			"/ncol/test/maintenancedirect.asp",
			"/ncol/test/querydirect_utf8.asp",
			"/ncol/test/alias_gateway_utf8.asp",
			"/Tokenization/HostedPage",
		},
		Cards: testCards,
	})
}
