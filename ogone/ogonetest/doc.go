// Package ogonetest is an in-memory simulator of the Ogone payment platform
// for tests and demos, in the spirit of net/http/httptest: it serves the
// platform's real protocol on a loopback port, so a shop talks to it exactly
// as it would talk to the platform.
//
//	srv := ogonetest.NewServer(ogonetest.Account{
//		PSPID: "shop", UserID: "api", Password: ogone.NewSecret("api-password"),
//		SHAIn:  ogone.NewSecret("a-16-to-32-chars-in"),
//		SHAOut: ogone.NewSecret("a-16-to-32-chars-out"),
//	})
//	defer srv.Close()
//	cfg := srv.Config() // an ogone.Config with BaseURL srv.URL
//
// Every page exists under /ncol/test/ and /ncol/prod/:
// orderstandard_utf8.asp (hosted payment page), orderdirect_utf8.asp,
// maintenancedirect.asp, querydirect_utf8.asp and querydirect.asp
// (DirectLink), alias_gateway_utf8.asp (Alias Gateway); FlexCheckout is at
// /Tokenization/HostedPage. Requests are checked as the platform checks
// them: PSPID, the API user (USERID, PSWD), the SHA-IN signature, mandatory
// fields, amounts, duplicate ORDERIDs, and which maintenance operation an
// order's status allows. Feedback is signed with SHA-OUT, using the shasign
// package.
//
// # Test cards
//
// Any expiry date in the future (MM/YY) and any 3-digit CVC (4 digits for
// American Express) will do. Numbers must pass the Luhn check.
//
//	number            constant                outcome
//	4111111111111111  CardAccepted            authorised: STATUS 5 (RES) or 9 (SAL)
//	5399999999999999  CardAcceptedMastercard  authorised (MasterCard)
//	378282246310005   CardAmex                authorised (American Express)
//	4000000000000002  CardRefused             STATUS 2, NCERROR 30001001
//	4000000000003220  Card3DS                 the challenge card. DirectLink with FLAG3D=Y:
//	                                          STATUS 46 and an HTML_ANSWER whose form leads
//	                                          to a simulated 3-D Secure page, where the
//	                                          customer authenticates (STATUS 5 or 9) or
//	                                          fails (STATUS 2, NCERROR 40001134), whatever
//	                                          the challenge indicator; without FLAG3D=Y:
//	                                          STATUS 2, NCERROR 50001087, unless the order
//	                                          is merchant-initiated (COF_INITIATOR=MIT),
//	                                          which is authorised. Hosted page: an extra
//	                                          authentication page.
//	4000000000001091  CardFrictionless        3-D Secure v2 without a challenge: with
//	                                          FLAG3D=Y and browser data, authorised at
//	                                          once, unless the challenge indicator is 04
//	                                          (then as Card3DS); without FLAG3D,
//	                                          authorised. Hosted page: authorised, or the
//	                                          authentication page with indicator 04.
//	4000000000001273  CardSoftDecline         without FLAG3D: STATUS 2, NCERROR 40001139
//	                                          (soft decline); sent again with FLAG3D=Y and
//	                                          browser data: authorised without a
//	                                          challenge; merchant-initiated: authorised.
//	                                          Hosted page: authorised.
//	4000000000000119  CardUncertain           STATUS 92 (52 for RES), NCERROR 20001001; the
//	                                          next query or maintenance request finds it
//	                                          settled to 9 (5)
//	4000000000000259  CardTimeout             DirectLink: recorded as authorised at once,
//	                                          answered only after WithTimeoutDelay (2 min
//	                                          by default) or never if the client gives up;
//	                                          a query finds the order. Hosted page:
//	                                          authorised.
//
// Any other Luhn-valid VISA, MasterCard or American Express number is
// authorised.
//
// # 3-D Secure v2 and credential on file
//
// A DirectLink order with FLAG3D=Y must carry the browser data of 3-D
// Secure v2, which the simulator checks itself: BROWSERACCEPTHEADER and
// BROWSERUSERAGENT (1 to 2048 characters), BROWSERLANGUAGE (1 to 8),
// BROWSERJAVAENABLED and BROWSERJAVASCRIPTENABLED (true or false), and,
// when JavaScript is enabled, BROWSERCOLORDEPTH (1, 4, 8, 15, 16, 24, 32
// or 48), BROWSERSCREENHEIGHT and BROWSERSCREENWIDTH (1 to 6 digits, not
// 0) and BROWSERTIMEZONE (-840 to 720). A missing or wrong one is refused
// with STATUS 0 and NCERROR 50001111, NCERRORPLUS naming it; so is an
// MPI.THREEDSREQUESTORCHALLENGEINDICATOR other than 01 to 04. The platform
// does not publish which code it gives for missing browser data; 50001111
// is its data validation error.
//
// COF_INITIATOR (CIT, MIT), COF_TRANSACTION (FIRST, SUBSEQ), COF_SCHEDULE
// (SCHED, UNSCHED), COF_RECURRING_EXPIRY (YYYYMMDD) and
// COF_RECURRING_FREQUENCY (1 to 4 digits of days) are checked on both
// pages, and refused with 50001111 when a value is unknown or the schemes'
// rules forbid the combination: MIT with FIRST, MIT without a schedule,
// recurring expiry or frequency without SCHED, MIT with FLAG3D=Y, and MIT
// on the hosted page. A merchant-initiated order is exempt from strong
// customer authentication: Card3DS and CardSoftDecline authorise it
// without FLAG3D, and refuse the same charge without COF_INITIATOR=MIT.
//
// Transaction reports what arrived: ThreeDSecure, Browser, Challenge,
// Challenged (the customer saw the authentication page) and
// CredentialOnFile.
//
// # Refusals
//
// DirectLink answers STATUS 0 (a query: STATUS 88) with these NCERROR
// codes; the hosted pages show them on an error page:
//
//	50001118  PSPID missing or not the account's
//	50001119  USERID or PSWD wrong (or the account has no API user)
//	50001184  SHA-IN missing ("unknown order/0/s") or wrong ("unknown order/1/s")
//	50001111  a mandatory field missing or malformed (NCERRORPLUS says which),
//	          3-D Secure browser data and credential-on-file values included
//	50001087  Card3DS without FLAG3D=Y (STATUS 2)
//	40001139  CardSoftDecline without FLAG3D=Y: soft decline (STATUS 2)
//	40001134  the customer failed the 3-D Secure page (STATUS 2)
//	50001006  AMOUNT not an integer number of cents
//	50001120  CURRENCY not three capital letters
//	5000117x, 50001054, 50001001, 5000118x, 50001090, 50001066
//	          card number, expiry and CVC problems
//	50001113  ORDERID already used by an order that was not refused or
//	          cancelled; PAYID is the earlier order's
//	50001130  maintenance or query of an unknown PAYID, ORDERID or PAYIDSUB
//	50001127  the order's status does not allow the operation: a capture
//	          of an order fully captured, a second DEL, a refund before any
//	          capture, REN on anything but an authorisation
//	50001126  a capture above what is left of the authorisation
//	50001129  a refund above what is left of the captures
//
// # Orders and maintenance
//
// PAYIDs count up from 3000000001. A new order is PAYIDSUB 0 of its
// history; each accepted maintenance operation adds PAYIDSUB 1, 2, ...
// Maintenance replies carry the platform's intermediate status (91 for a
// capture, 61 for a cancellation, 81 for a refund) and the order settles at
// once to the final one (9, 6, 8), which a query reports. SAL and RFD leave
// the order open for more; SAS and RFS close it; a capture or refund that
// reaches the full amount closes it too. REN keeps status 5. DEL and DES
// cancel what is left of an authorisation that nothing was captured from.
//
// # Feedback
//
// After the hosted page (and after 3-D Secure), the browser is redirected
// (303) to ACCEPTURL, DECLINEURL, EXCEPTIONURL or CANCELURL by outcome, or
// to a page of the simulator when that URL is missing, with the parameters
// of Account.FeedbackParams in the platform's spelling (orderID, amount not
// multiplied, CARDNO masked, TRXDATE MM/DD/YY, ...), COMPLUS, the PARAMPLUS
// content (unsigned) and SHASIGN. The same parameters are POSTed
// server-to-server to that URL (or Account.DirectFeedbackURL) before the
// redirect; when the shop does not answer 2xx, the request is retried in
// the background (WithDeferredRetry). Server.Transactions records every
// attempt.
//
// Alias Gateway and FlexCheckout store the card under the ALIAS given (or
// a generated one) and redirect with their own signed results; a
// DirectLink order with ALIAS and no card number charges the stored card.
// An alias stored with ALIASPERSISTEDAFTERUSE=N or ALIAS.STOREPERMANENTLY=N
// is deleted after the first order charged through it. ALIAS (or
// ALIASOPERATION=BYPSP) on the hosted page, or ALIAS with a card number on
// DirectLink, stores the card of a successful payment.
//
// # Paying from a test
//
// Pay completes the hosted payment page as a customer's browser would,
// from the *ogone.Form that ogone.Client.HostedPaymentPage built, and
// returns the Landing: the URL the customer is sent to (the shop's
// ACCEPTURL, DECLINEURL, EXCEPTIONURL or CANCELURL) with the signed
// feedback in its query, and the order's PAYID, STATUS and NCERROR. The
// server-to-server feedback has been sent by then, as the account says.
// PayWith chooses what the customer does: the card (CardRefused, Card3DS,
// ...), a payment method (ogone.MethodIDEAL, ...), Cancel, and the answer
// to a 3-D Secure page (ThreeDSPassed, ThreeDSFailed, ThreeDSAbandoned).
// Answer3DS answers the 3-D Secure page waiting for an order, after a
// DirectLink reply with STATUS 46 or an abandoned Pay. RegisterCard does
// the same for an Alias Gateway or FlexCheckout page. The pages are served
// in process through Handler; a refused request or invalid input gives a
// *PageError with the page's NCERROR.
//
//	form, _ := client.HostedPaymentPage(ogone.PaymentPage{OrderID: "o-1", ...})
//	landing, err := srv.Pay(ctx, form, ogonetest.PayWith{Card: ogonetest.CardAccepted})
//	// landing.Status == 9; landing.URL is the shop's ACCEPTURL
//
// # Payment methods
//
// Besides the card form, the payment page offers a page for each of
// these methods (the PM and BRAND values are the ogone package's
// constants); PMLIST and EXCLPMLIST filter them, and a PM naming one
// opens its page directly. Each page pays, refuses (STATUS 2, NCERROR
// 30001001) or cancels (STATUS 1, NCERROR 30171001).
//
//	method          PM / BRAND                     paid
//	iDEAL           iDEAL / iDEAL                  9, even for RES
//	PayPal          PAYPAL / PAYPAL                9 (5 for RES)
//	Bancontact      CreditCard / BCMC              9 (5 for RES)
//	bank transfer   Bank transfer / Bank transfer  41 now; 9 and a second
//	                                               feedback on SettleBankTransfer
//
// # Controlling feedback
//
// HoldFeedback keeps every server-to-server feedback from being sent
// until the test says so: PendingFeedback lists them, Feedback.Deliver
// sends one (again, if called again) in whatever order the test likes,
// Feedback.Drop loses one on purpose, and ResumeFeedback sends new ones at
// once again. FeedbackFor lists every feedback of an order, sent or not,
// so that one can be repeated. The redirect of the customer's browser is
// never held: a shop can be tested for the browser arriving first, the
// feedback arriving twice, late, out of order, or never.
//
// # Inspecting and breaking it
//
// Transactions, Transaction and Aliases return copies of the state; they
// hold masked card numbers only. InjectFault (or WithFault) delays replies,
// answers HTTP 500, HTML instead of XML or a truncated body, or drops the
// server-to-server feedback, for one endpoint or all, for the next N calls
// or until removed. WithClock fixes the time.
//
// # Checks of its own
//
// The simulator checks card numbers (digits, length, Luhn, brand), expiry
// dates and CVCs, and masks card numbers, with code of its own: it does not
// use package ogone's Card, Expiry, MaskNumber or Luhn check. This is on
// purpose. A fake that shared the client's validation would agree with the
// client's bugs and could never catch them; two independent
// implementations that must agree can. Writing its ISO-8859-1 replies is
// no check, so for that it uses the library's one charset rule. One
// difference is deliberate too:
// the simulator, like a platform with one clock, counts an expiry month as
// over at the end of that month in its own clock's time zone, while
// ogone.Expiry waits until the month has ended everywhere on Earth, so a
// card the client still accepts in the first hours of the next month may
// be refused here.
//
// # Differences from the platform
//
//   - Card brands are VISA, MasterCard and American Express; other
//     methods are the four above, each with one simulated page, where the
//     platform shows the bank's or wallet's own pages. A bank transfer
//     waits until SettleBankTransfer; the platform's does until the money
//     arrives or the order expires, which is not simulated.
//   - Statuses that the platform reaches later (an uncertain payment
//     settling, a capture going from 91 to 9) are reached at once or at the
//     next request about the order; the platform's later "post-payment"
//     feedback for such changes is not sent (except for a bank transfer,
//     see SettleBankTransfer).
//   - DEL and DES cancel the whole remaining authorisation; partial
//     cancellation is not simulated.
//   - A refused, cancelled or invalid order leaves its ORDERID free for a
//     new attempt; any other status makes the ORDERID a duplicate.
//   - Which NCERROR the platform returns for wrong API credentials
//     (50001119), an unknown order (50001130, STATUS 88 on a query), and
//     amounts above what is authorised or captured (50001126, 50001129) is
//     taken from its published error list, not observed.
//   - Replies are UTF-8 ("text/xml; charset=utf-8") unless
//     WithISO88591Replies makes them ISO-8859-1 like the platform's.
//     Requests are read as UTF-8 on every page (the _utf8 pages' rule);
//     the ISO-8859-1 pages orderstandard.asp and orderdirect.asp are not
//     served.
//   - A truncated reply (FaultTruncatedReply) is a complete HTTP response
//     with half the body, not a connection cut mid-body.
//   - The server-to-server feedback is always a POST and always online
//     first; the platform also offers GET and deferred-only.
//   - No IP or referrer checks, no fraud module, no 3-D Secure method or
//     challenge flows beyond one page, no batch, no currency decimals
//     other than two. ECI stays what the order sent after 3-D Secure; the
//     platform reports 5 or 6 for authenticated orders. The ECOM_BILLTO_* and ECOM_SHIPTO_* addresses are signed but
//     neither checked nor used.
//   - Soft decline (40001139) comes from the platform's PSD2 support page;
//     the code for missing browser data (50001111) is inferred.
//   - The hosted page accepts its fields by POST or GET, and shows the
//     amount with two decimals whatever the currency.
//
// A Server is safe for concurrent use. Everything is in memory and lost at
// Close.
package ogonetest
