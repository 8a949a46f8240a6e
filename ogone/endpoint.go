package ogone

import (
	"fmt"
	"net/url"
	"strings"
)

// Environment selects the platform's test or production system. The zero
// value is Test, so that a forgotten setting never moves real money.
type Environment uint8

const (
	// Test is the platform's test system: test cards, no money moves.
	Test Environment = iota
	// Production moves real money.
	Production
)

// String returns "test" or "prod", the path segment the platform uses.
func (e Environment) String() string {
	switch e {
	case Test:
		return "test"
	case Production:
		return "prod"
	}
	return fmt.Sprintf("Environment(%d)", uint8(e))
}

// ParseEnvironment reads "test" or "prod"/"production", in any case.
func ParseEnvironment(s string) (Environment, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "test", "":
		return Test, nil
	case "prod", "production":
		return Production, nil
	}
	return 0, fmt.Errorf("%w %q (want test or prod)", ErrInvalidEnvironment, truncate(s, 16))
}

// Platform is one brand of the platform. They share the protocol and differ
// only in their hosts. Use one of the variables below or build your own for
// another white label.
type Platform struct {
	Name string
	// TestBase and ProductionBase end in "/ncol/test/" and "/ncol/prod/".
	TestBase, ProductionBase string
	// FlexCheckoutTestHost and FlexCheckoutProductionHost serve
	// /Tokenization/HostedPage, which lives outside /ncol/.
	FlexCheckoutTestHost, FlexCheckoutProductionHost string
}

// The platforms this library knows. The zero Platform in a Config means
// Ogone.
var (
	Ogone = Platform{
		Name:                       "Ogone",
		TestBase:                   "https://ogone.test.v-psp.com/ncol/test/",
		ProductionBase:             "https://secure.ogone.com/ncol/prod/",
		FlexCheckoutTestHost:       "https://ogone.test.v-psp.com",
		FlexCheckoutProductionHost: "https://secure.ogone.com",
	}
	EPDQ = Platform{
		Name:                       "Barclaycard ePDQ",
		TestBase:                   "https://mdepayments.epdq.co.uk/ncol/test/",
		ProductionBase:             "https://payments.epdq.co.uk/ncol/prod/",
		FlexCheckoutTestHost:       "https://mdepayments.epdq.co.uk",
		FlexCheckoutProductionHost: "https://payments.epdq.co.uk",
	}
	PostFinance = Platform{
		Name:                       "PostFinance",
		TestBase:                   "https://e-payment.postfinance.ch/ncol/test/",
		ProductionBase:             "https://e-payment.postfinance.ch/ncol/prod/",
		FlexCheckoutTestHost:       "https://postfinance.test.v-psp.com",
		FlexCheckoutProductionHost: "https://e-payment.postfinance.ch",
	}
	KBC = Platform{
		Name:                       "KBC",
		TestBase:                   "https://secure.paypage.be/ncol/test/",
		ProductionBase:             "https://secure.paypage.be/ncol/prod/",
		FlexCheckoutTestHost:       "https://paypage.test.v-psp.com",
		FlexCheckoutProductionHost: "https://secure.paypage.be",
	}
	ConcardisPayEngine = Platform{
		Name:                       "Concardis PayEngine",
		TestBase:                   "https://secure.payengine.de/ncol/test/",
		ProductionBase:             "https://secure.payengine.de/ncol/prod/",
		FlexCheckoutTestHost:       "https://payengine.test.v-psp.com",
		FlexCheckoutProductionHost: "https://secure.payengine.de",
	}
	Viveum = Platform{
		Name:                       "Viveum",
		TestBase:                   "https://viveum.v-psp.com/ncol/test/",
		ProductionBase:             "https://viveum.v-psp.com/ncol/prod/",
		FlexCheckoutTestHost:       "https://viveum.test.v-psp.com",
		FlexCheckoutProductionHost: "https://viveum.v-psp.com",
	}
)

// Purpose names what an endpoint is for.
type Purpose uint8

// The platform's endpoints.
const (
	EndpointHostedPage   Purpose = iota + 1 // orderstandard_utf8.asp, the e-Commerce payment page
	EndpointOrder                           // orderdirect_utf8.asp, DirectLink new order
	EndpointMaintenance                     // maintenancedirect.asp, capture, refund, cancel, renew
	EndpointQuery                           // querydirect_utf8.asp, the status of an order
	EndpointAliasGateway                    // alias_gateway_utf8.asp, legacy tokenization
	EndpointFlexCheckout                    // /Tokenization/HostedPage, hosted tokenization
)

var purposePaths = map[Purpose]string{
	EndpointHostedPage:   "orderstandard_utf8.asp",
	EndpointOrder:        "orderdirect_utf8.asp",
	EndpointMaintenance:  "maintenancedirect.asp",
	EndpointQuery:        "querydirect_utf8.asp",
	EndpointAliasGateway: "alias_gateway_utf8.asp",
}

// String returns the endpoint's file name.
func (p Purpose) String() string {
	if p == EndpointFlexCheckout {
		return "Tokenization/HostedPage"
	}
	if path, ok := purposePaths[p]; ok {
		return path
	}
	return fmt.Sprintf("Purpose(%d)", uint8(p))
}

// Endpoint returns the URL for purpose on platform in env. The zero
// Platform is Ogone. When base is not empty it replaces the platform's host
// (a simulator, a proxy): base "http://127.0.0.1:8080" gives
// "http://127.0.0.1:8080/ncol/test/orderdirect_utf8.asp" and
// "http://127.0.0.1:8080/Tokenization/HostedPage"; a path in base is kept
// ("https://proxy.example/psp" gives "https://proxy.example/psp/ncol/test/...").
//
// Every URL the library uses comes from here, so that a page never talks
// to one host for payments and another for maintenance.
func Endpoint(platform Platform, env Environment, base string, purpose Purpose) (string, error) {
	if platform == (Platform{}) {
		platform = Ogone
	}
	if env != Test && env != Production {
		return "", fmt.Errorf("%w: %d", ErrInvalidEnvironment, uint8(env))
	}
	if purpose != EndpointFlexCheckout {
		if _, ok := purposePaths[purpose]; !ok {
			return "", fmt.Errorf("%w: %d", ErrUnknownPurpose, uint8(purpose))
		}
	}
	prefix, flexHost := platform.TestBase, platform.FlexCheckoutTestHost
	if env == Production {
		prefix, flexHost = platform.ProductionBase, platform.FlexCheckoutProductionHost
	}
	if base != "" {
		if !validBase(base) {
			return "", ErrInvalidBaseURL
		}
		root := strings.TrimSuffix(base, "/")
		prefix, flexHost = root+"/ncol/"+env.String()+"/", root
	}
	if purpose == EndpointFlexCheckout {
		if !validBase(flexHost) {
			return "", fmt.Errorf("%w: %s has no FlexCheckout host for %s", ErrInvalidPlatform, platform.Name, env)
		}
		return strings.TrimSuffix(flexHost, "/") + "/Tokenization/HostedPage", nil
	}
	if !validBase(prefix) {
		return "", fmt.Errorf("%w: %s has no %s base", ErrInvalidPlatform, platform.Name, env)
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return prefix + purposePaths[purpose], nil
}

// validBase reports whether s can be the start of an endpoint URL: absolute
// http or https with a host, and nothing after the path.
func validBase(s string) bool {
	if s == "" || !validValue(s) {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.User == nil && u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" && !strings.Contains(s, "#")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
