package ogonetest

import (
	"bytes"
	"html/template"
	"net/http"
)

// The simulator's HTML. html/template escapes every value a request can
// put on a page.
var pages = template.Must(template.New("pages").Parse(`
{{define "top"}}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.}} - Ogone simulator</title>
<style>
body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}.sim{background:#fff3cd;border:1px solid #e0c36c;padding:.4rem .8rem;font-size:.85rem}
label{display:block;margin:.6rem 0 .2rem}input[type=text]{width:100%;padding:.4rem;font-size:1rem;box-sizing:border-box}
button{padding:.5rem 1.2rem;font-size:1rem;margin:.8rem .5rem 0 0}.error{color:#a00;font-weight:bold}
table{border-collapse:collapse;margin:.8rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;font-size:.9rem}
code{font-size:.9rem}
</style></head><body>
<p class="sim">Ogone simulator: no real payment is made. Use the test cards below.</p>
{{end}}
{{define "bottom"}}</body></html>
{{end}}
{{define "cards"}}<table><tr><th>Card number</th><th>Outcome</th></tr>
{{range .}}<tr><td><code>{{.Number}}</code></td><td>{{.Outcome}}</td></tr>
{{end}}</table><p>Any future expiry date (MM/YY) and any 3-digit CVC (4 for American Express).</p>
{{end}}
{{define "error"}}{{template "top" "Error"}}
<h1>Error</h1>
<p class="error" id="message">{{.Message}}</p>
{{if .Code}}<p>NCERROR <code id="ncerror">{{.Code}}</code></p>{{end}}
{{template "bottom"}}{{end}}
{{define "pay"}}{{template "top" "Payment"}}
<h1>Payment to {{.PSPID}}</h1>
<table><tr><th>Order</th><td id="orderid">{{.OrderID}}</td></tr>
<tr><th>Amount</th><td id="amount">{{.Amount}} {{.Currency}}</td></tr>
{{if .Com}}<tr><th>Description</th><td>{{.Com}}</td></tr>{{end}}
{{if .AliasUsage}}<tr><th>Card storage</th><td>{{.AliasUsage}}</td></tr>{{end}}</table>
{{if .Error}}<p class="error" id="error">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="token" value="{{.Token}}">
<label for="CARDNO">Card number</label><input type="text" id="CARDNO" name="CARDNO" autocomplete="off" inputmode="numeric">
<label for="ED">Expiry date (MM/YY)</label><input type="text" id="ED" name="ED" placeholder="MM/YY" autocomplete="off">
<label for="CVC">CVC</label><input type="text" id="CVC" name="CVC" autocomplete="off" inputmode="numeric">
<label for="CN">Card holder</label><input type="text" id="CN" name="CN" value="{{.CN}}">
<button type="submit" name="action" value="pay" id="pay">Pay</button>
<button type="submit" name="action" value="cancel" id="cancel">Cancel</button>
</form>
{{template "methods" .}}
{{template "cards" .Cards}}
{{template "bottom"}}{{end}}
{{define "3ds"}}{{template "top" "3-D Secure"}}
<h1>3-D Secure authentication</h1>
<p>Your bank asks you to confirm the payment of <strong>{{.Amount}} {{.Currency}}</strong> (order {{.OrderID}}) with the card {{.CardNumber}}.</p>
<form method="post" action="{{.Action}}">
<input type="hidden" name="token" value="{{.Token}}">
<button type="submit" name="action" value="authenticate" id="authenticate">Authenticate</button>
<button type="submit" name="action" value="fail" id="fail">Fail authentication</button>
</form>
{{template "bottom"}}{{end}}
{{define "htmlanswer"}}<form name="downloadform3D" action="{{.Action}}" method="post">
<input type="hidden" name="token" value="{{.Token}}">
<noscript><input type="submit" value="Continue"></noscript>
</form>
<script type="text/javascript">document.downloadform3D.submit();</script>
{{end}}
{{define "alias"}}{{template "top" "Card registration"}}
<h1>Register your card</h1>
{{if .OrderID}}<p>Reference {{.OrderID}}</p>{{end}}
<form method="post" action="{{.Action}}">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}
<label for="CARDNO">Card number</label><input type="text" id="CARDNO" name="CARDNO" autocomplete="off" inputmode="numeric">
<label for="ED">Expiry date (MM/YY)</label><input type="text" id="ED" name="ED" placeholder="MM/YY" autocomplete="off">
<label for="CVC">CVC</label><input type="text" id="CVC" name="CVC" autocomplete="off" inputmode="numeric">
<label for="CN">Card holder</label><input type="text" id="CN" name="CN">
<button type="submit" {{if .Cancel}}name="action" value="submit" {{end}}id="submit">Save card</button>
{{if .Cancel}}<button type="submit" name="action" value="cancel" id="cancel">Cancel</button>{{end}}
</form>
{{template "cards" .Cards}}
{{template "bottom"}}{{end}}
{{define "result"}}{{template "top" "Result"}}
<h1>{{.Title}}</h1>
<p>The merchant gave no URL for this outcome, so the platform shows its own page. The feedback was:</p>
<table>{{range .Params}}<tr><th>{{.Name}}</th><td><code>{{.Value}}</code></td></tr>
{{end}}</table>
{{template "bottom"}}{{end}}
{{define "index"}}{{template "top" "Endpoints"}}
<h1>Ogone platform simulator</h1>
<p>Account <code>{{.PSPID}}</code>. Endpoints (also under <code>/ncol/prod/</code>):</p>
<ul>{{range .Paths}}<li><code>{{.}}</code></li>{{end}}</ul>
{{template "cards" .Cards}}
{{template "bottom"}}{{end}}
`))

type nameValue struct{ Name, Value string }

type testCard struct{ Number, Outcome string }

// testCards is the table the pages show, in the order of the package
// documentation.
var testCards = []testCard{
	{CardAccepted, "accepted (VISA)"},
	{CardAcceptedMastercard, "accepted (MasterCard)"},
	{CardAmex, "accepted (American Express, 4-digit CVC)"},
	{CardRefused, "refused"},
	{Card3DS, "asks for 3-D Secure authentication (challenge)"},
	{CardFrictionless, "3-D Secure v2 without a challenge (unless indicator 04)"},
	{CardSoftDecline, "soft decline without 3-D Secure; accepted with it"},
	{CardUncertain, "uncertain (status 92), settles later"},
	{CardTimeout, "accepted; a DirectLink reply comes too late"},
}

// render writes a page, or a plain error if the template fails (it cannot
// with the data the simulator gives it, but a half-written page would be
// worse than a clear failure).
func render(w http.ResponseWriter, name string, data any) {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, "ogonetest: page "+name+" failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Bytes())
}

// errorPage shows the platform's error page. It answers 200, as the
// platform does: the customer's browser shows it; nothing parses it.
func errorPage(w http.ResponseWriter, code, message string) {
	render(w, "error", struct{ Code, Message string }{code, message})
}
