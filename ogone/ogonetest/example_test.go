package ogonetest_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
)

// ncResponse is the part of a DirectLink reply the examples print.
type ncResponse struct {
	PAYID   string `xml:"PAYID,attr"`
	Status  string `xml:"STATUS,attr"`
	NCError string `xml:"NCERROR,attr"`
	Amount  string `xml:"amount,attr"`
}

// send signs a DirectLink request with SHA-IN and posts it.
func send(c *http.Client, endpoint, shaIn string, v url.Values) (*http.Response, ncResponse) {
	sig, err := shasign.SignIn(shasign.SHA512, shaIn, v)
	if err != nil {
		panic(err)
	}
	v.Set("SHASIGN", sig)
	resp, err := c.PostForm(endpoint, v)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var r ncResponse
	_ = xml.Unmarshal(body, &r) // a spoiled reply leaves r empty
	return resp, r
}

// A DirectLink sale against the simulator, then a query of the order.
func Example() {
	acct := ogonetest.Account{
		PSPID: "MyShop", UserID: "MyShopAPI", Password: ogone.NewSecret("api-password"),
		SHAIn: ogone.NewSecret("sha-in-passphrase-16"), SHAOut: ogone.NewSecret("sha-out-passphrase-16"),
	}
	srv := ogonetest.NewServer(acct)
	defer srv.Close()

	cfg := srv.Config()
	orderURL, _ := cfg.Endpoint(ogone.EndpointOrder)
	queryURL, _ := cfg.Endpoint(ogone.EndpointQuery)
	auth := func() url.Values {
		return url.Values{"PSPID": {cfg.PSPID}, "USERID": {cfg.UserID}, "PSWD": {cfg.Password.Reveal()}}
	}

	v := auth()
	v.Set("ORDERID", "order-1")
	v.Set("AMOUNT", "1550") // 15.50, in cents
	v.Set("CURRENCY", "EUR")
	v.Set("OPERATION", "SAL")
	v.Set("CARDNO", ogonetest.CardAccepted)
	v.Set("ED", "12/99")
	v.Set("CVC", "123")
	_, r := send(srv.Client(), orderURL, cfg.SHAIn.Reveal(), v)
	fmt.Println("order:", r.PAYID, r.Status, r.Amount)

	v = auth()
	v.Set("PAYID", r.PAYID)
	_, r = send(srv.Client(), queryURL, cfg.SHAIn.Reveal(), v)
	fmt.Println("query:", r.Status)

	tx, _ := srv.Transaction("order-1")
	fmt.Println("recorded:", int(tx.Status), tx.Captured, tx.CardNumber)
	// Output:
	// order: 3000000001 9 15.5
	// query: 9
	// recorded: 9 15.5 XXXXXXXXXXXX1111
}

// A reply lost on its way back: the order went through, the shop saw a
// 500, and only a query tells it the truth.
func ExampleServer_InjectFault() {
	acct := ogonetest.Account{
		PSPID: "MyShop", UserID: "MyShopAPI", Password: ogone.NewSecret("api-password"),
		SHAIn: ogone.NewSecret("sha-in-passphrase-16"), SHAOut: ogone.NewSecret("sha-out-passphrase-16"),
	}
	srv := ogonetest.NewServer(acct)
	defer srv.Close()
	srv.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultServerError, Endpoint: ogone.EndpointOrder, Times: 1})

	base := srv.URL + "/ncol/test/"
	v := url.Values{"PSPID": {"MyShop"}, "USERID": {"MyShopAPI"}, "PSWD": {"api-password"},
		"ORDERID": {"order-2"}, "AMOUNT": {"990"}, "CURRENCY": {"EUR"},
		"CARDNO": {ogonetest.CardAccepted}, "ED": {"12/99"}, "CVC": {"123"}}
	resp, _ := send(srv.Client(), base+"orderdirect_utf8.asp", "sha-in-passphrase-16", v)
	fmt.Println("order: HTTP", resp.StatusCode)

	q := url.Values{"PSPID": {"MyShop"}, "USERID": {"MyShopAPI"}, "PSWD": {"api-password"}, "ORDERID": {"order-2"}}
	_, r := send(srv.Client(), base+"querydirect_utf8.asp", "sha-in-passphrase-16", q)
	fmt.Println("query: STATUS", r.Status)
	// Output:
	// order: HTTP 500
	// query: STATUS 9
}
