package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/internal/golden"
	"github.com/gogone/ogone/internal/vectors"
)

// invocation is one run of the command and the golden file that holds its
// output.
type invocation struct {
	name  string // the golden file is testdata/<name>.golden
	args  []string
	stdin string
	env   map[string]string
	exit  int
	// want lists strings stdout must contain, so that a careless -update
	// cannot bless a wrong answer.
	want []string
	// wantStdout, when set, is the exact stdout.
	wantStdout string
}

const (
	guidePass = "Mysecretsig1875!?"    // the platform guide's example passphrase
	seedPass  = "Out-passphrase-2026!" // the seed shop's SHA-OUT passphrase
)

var guideEnv = map[string]string{"OGONE_SHA_IN": guidePass, "OGONE_SHA_OUT": guidePass}

// guideFeedback is the e-Commerce guide's feedback example (SHA-1), as a
// browser brings it back to the shop.
const guideFeedback = "ACCEPTANCE=1234&amount=15&BRAND=VISA&CARDNO=XXXXXXXXXXXX1111&currency=EUR&NCERROR=0&orderID=12&PAYID=32100123&PM=CreditCard&STATUS=9&SHASIGN=209113288F93A9AB8E474EA78D899AFDBB874355"

var guideRequest = []string{"AMOUNT=1500", "CURRENCY=EUR", "LANGUAGE=en_US", "ORDERID=1234", "PSPID=MyPSPID"}

// The digests below were computed with Python's hashlib from the string
// each cause produces, independently of this code.
const (
	// names as received (amount, currency, orderID), platform order, SHA-1
	namesNotUppercased = "ACCEPTANCE=1234&amount=15&BRAND=VISA&currency=EUR&NCERROR=0&orderID=12&PAYID=32100123&STATUS=9&SHASIGN=728AEF267BD44025D0D3DB8658C5D3EC53B5EB38"
	// CN "Zoë Müller" encoded twice; the digest covers the plain value (SHA-512, UTF-8)
	decodedTwice = "AMOUNT=42.5&CN=Zo%25C3%25AB%2520M%25C3%25BCller&CURRENCY=EUR&NCERROR=0&ORDERID=SO042&PAYID=3049875021&STATUS=9&SHASIGN=B7F08C04EEC5FBD31AC27633110145DA9133FA71CC937FBB670361DF73454B5DB12F9D4E7C9E36201FD10752B22F6DC195EE8352E03AA25664D6AE9AD14CA46D"
	// the digest covers the ISO-8859-1 bytes of "Zoë Müller"; the URL carries UTF-8
	isoDigest = "AMOUNT=42.5&CN=Zo%C3%AB+M%C3%BCller&CURRENCY=EUR&NCERROR=0&ORDERID=SO042&PAYID=3049875021&STATUS=9&SHASIGN=80AE47450D0A18CBE4A0B8775CEE5320DD634A081C0D95E37519FB28597B289E319D52736B0FE105104705F68ECA6B7EBE197D689C133142F2098DE4F051DCEE"
	// the URL carries ISO-8859-1 bytes (%EB); the digest covers UTF-8 "Zoë Müller"
	latin1Bytes = "AMOUNT=42.5&CN=Zo%EB+M%FCller&CURRENCY=EUR&NCERROR=0&ORDERID=SO042&PAYID=3049875021&STATUS=9&SHASIGN=B7F08C04EEC5FBD31AC27633110145DA9133FA71CC937FBB670361DF73454B5DB12F9D4E7C9E36201FD10752B22F6DC195EE8352E03AA25664D6AE9AD14CA46D"
	// every parameter signed, unknownparam included (SHA-IN rules, SHA-512)
	outsideList = "currency=EUR&ACCEPTANCE=1234&amount=15&BRAND=VISA&CARDNO=xxxxxxxxxxxx1111&NCERROR=0&PAYID=32100123&PM=CreditCard&STATUS=9&orderID=12&unknownparam=some+value&SHASIGN=F9F2CDE3207BC85DE06F1954ADFFAB02F280C48858F9E4DC21938B2B662BA1D368F8BCE4BB18ECECE6947EB2ED90F084FEC9F602E97F398D76E7FF707FE209E0"
	// the vector "feedback values are case-sensitive; unknown names ignored": SHA-OUT rules
	shaOutOnly = "currency=EUR&ACCEPTANCE=1234&amount=15&BRAND=VISA&CARDNO=xxxxxxxxxxxx1111&NCERROR=0&PAYID=32100123&PM=CreditCard&STATUS=9&orderID=12&unknownparam=some+value&SHASIGN=5377F95D498947BECC23E02C2C7DDE182EE1221F1A6629B091110DF653FE0C32FCACF5F9B87B4C5168FC12B7183095623750004355DE938A2B8DECC6DB6D9F62"
)

// An ISO-8859-1 account with a non-ASCII passphrase: the whole string is
// hashed in ISO-8859-1, passphrase included. Digests from Python's hashlib
// over the string encoded as latin-1.
const (
	isoPass     = "sécret"
	isoFeedback = "ACCEPTANCE=1234&amount=15&BRAND=VISA&CARDNO=XXXXXXXXXXXX1111&CN=Zo%C3%AB+M%C3%BCller&currency=EUR&NCERROR=0&orderID=12&PAYID=32100123&PM=CreditCard&STATUS=9&SHASIGN=978D588879AA615FBAE4090A31B7D2049FB75FC21614E214C6997FA280E998584B67F22873A86B24656CA455D0A3817FF0A64422F780FC6725C334D1C02483AB"
	// the same feedback as the platform sends it: CN in ISO-8859-1 bytes
	isoFeedbackBytes = "ACCEPTANCE=1234&amount=15&BRAND=VISA&CARDNO=XXXXXXXXXXXX1111&CN=Zo%EB+M%FCller&currency=EUR&NCERROR=0&orderID=12&PAYID=32100123&PM=CreditCard&STATUS=9&SHASIGN=978D588879AA615FBAE4090A31B7D2049FB75FC21614E214C6997FA280E998584B67F22873A86B24656CA455D0A3817FF0A64422F780FC6725C334D1C02483AB"
)

// rotationEnv holds the two SHA-OUT passphrases of a key change: the
// guide's feedback is signed with OLD.
var rotationEnv = map[string]string{"NEW": "New-passphrase-2026!", "OLD": guidePass}

// DirectLink replies, shaped like those of ogone/ogonetest.
const (
	replyAuthorised = "<?xml version=\"1.0\"?><ncresponse\r\norderID=\"g-1\"\r\nPAYID=\"3000000001\"\r\nNCSTATUS=\"0\"\r\nNCERROR=\"0\"\r\nNCERRORPLUS=\"!\"\r\nACCEPTANCE=\"test123\"\r\nSTATUS=\"5\"\r\nECI=\"7\"\r\namount=\"125\"\r\ncurrency=\"EUR\"\r\nPM=\"CreditCard\"\r\nBRAND=\"VISA\">\r\n</ncresponse>"
	replyQuery      = `<?xml version="1.0"?><ncresponse orderID="g-1" PAYID="3000000001" PAYIDSUB="1" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" ACCEPTANCE="test123" STATUS="9" ECI="7" amount="50" currency="EUR" PM="CreditCard" BRAND="VISA" CARDNO="XXXXXXXXXXXX1111" IP="192.0.2.1" COMPLUS="O&#39;Brien &amp; &#34;Sons&#34; &lt;Zoë&gt;" note="line1&#xA;&#x9;tab"></ncresponse>`
	replyDuplicate  = `<?xml version="1.0"?><ncresponse orderID="g-1" PAYID="3000000001" NCSTATUS="5" NCERROR="50001113" NCERRORPLUS="this order has already been processed" ACCEPTANCE="" STATUS="0" amount="" currency="EUR" PM="" BRAND=""></ncresponse>`
	replyUncertain  = `<ncresponse orderID="g-9" PAYID="3000000009" NCSTATUS="2" NCERROR="20001001" NCERRORPLUS="unknown status from the acquirer" STATUS="92" amount="10" currency="EUR"/>`
	// A reply that should never exist: an unmasked card number, a CVC and an
	// expiry date, and a card number inside COMPLUS.
	replyCardData = `<ncresponse orderID="g-3" PAYID="3" NCERROR="0" STATUS="5" CARDNO="4111111111111111" CVC="987" ED="1229" COMPLUS="card 5555555555554444"/>`
)

func join(a ...[]string) []string {
	var out []string
	for _, s := range a {
		out = append(out, s...)
	}
	return out
}

var invocations = []invocation{
	// sign
	{name: "sign_plain", env: guideEnv, args: join([]string{"sign", "--alg", "sha1", "--passphrase-env", "OGONE_SHA_IN"}, guideRequest),
		wantStdout: "F4CC376CD7A834D997B91598FA747825A238BE0A\n"},
	{name: "sign_default_sha512", env: guideEnv, args: join([]string{"sign", "--passphrase-env", "OGONE_SHA_IN"}, guideRequest),
		wantStdout: "D1CFE8833A297D0922E908B2B44934B09EE966EF1584DC0D696304E07BB58BA71973C2383C831D878D8A243BB7D7DFFFBE53CEE21955CDFEF44FE82E551F859D\n"},
	{name: "sign_explain", env: guideEnv,
		args: join([]string{"sign", "--alg", "sha512", "--passphrase-env", "OGONE_SHA_IN", "--explain"}, guideRequest, []string{"COM=", "SHASIGN=0000"}),
		want: []string{"AMOUNT=1500<passphrase>CURRENCY=EUR<passphrase>LANGUAGE=en_US<passphrase>ORDERID=1234<passphrase>PSPID=MyPSPID<passphrase>", "COM      empty value", "SHASIGN  the signature itself"}},
	{name: "sign_json", env: guideEnv, args: join([]string{"sign", "--alg", "SHA-256", "--passphrase-env", "OGONE_SHA_IN", "--json"}, guideRequest),
		want: []string{`"digest": "E019359BAA3456AE5A986B6AABD22CF1B3E09438739E97F17A7F61DF5A11B30F"`}},
	{name: "sign_json_explain", env: guideEnv, args: join([]string{"sign", "--alg", "sha1", "--passphrase-env", "OGONE_SHA_IN", "--json", "--explain"}, guideRequest, []string{"EMAIL="}),
		want: []string{`"string_to_hash": "AMOUNT=1500<passphrase>`, `"reason": "empty"`}},
	{name: "sign_stdin", env: guideEnv, args: []string{"sign", "--alg", "sha1", "--passphrase-env", "OGONE_SHA_IN"},
		stdin:      "amount=1500&currency=EUR&operation=RES&orderID=1234&PSPID=MyPSPID\n",
		wantStdout: "EB52902BCC4B50DC1250E5A7C1068ECF97751256\n"},
	{name: "sign_stdin_lines_dash", env: guideEnv, args: []string{"sign", "--alg", "sha1", "--passphrase-env", "OGONE_SHA_IN", "-"},
		stdin:      "AMOUNT=1500\r\nCURRENCY=EUR\r\nLANGUAGE=en_US\r\nORDERID=1234\r\nPSPID=MyPSPID\r\n",
		wantStdout: "F4CC376CD7A834D997B91598FA747825A238BE0A\n"},
	{name: "sign_flags_after_args", env: guideEnv, args: join([]string{"sign"}, guideRequest[:2], []string{"--alg", "sha1"}, guideRequest[2:], []string{"--passphrase-env", "OGONE_SHA_IN"}),
		wantStdout: "F4CC376CD7A834D997B91598FA747825A238BE0A\n"},
	{name: "sign_double_dash", env: guideEnv, args: join([]string{"sign", "--alg", "sha1", "--passphrase-env", "OGONE_SHA_IN", "--"}, guideRequest),
		wantStdout: "F4CC376CD7A834D997B91598FA747825A238BE0A\n"},
	{name: "sign_passphrase_file", args: join([]string{"sign", "--alg", "sha1", "--passphrase-file", "testdata/sha-in.passphrase"}, guideRequest),
		wantStdout: "F4CC376CD7A834D997B91598FA747825A238BE0A\n"},
	{name: "sign_card_masked", env: map[string]string{"SHA_IN": "testtesttesttest"},
		args: []string{"sign", "--alg", "sha256", "--passphrase-env", "SHA_IN", "--explain", "PSPID=test", "PSWD=test", "USERID=test", "ORDERID=AB5456CB896",
			"OPERATION=SAL", "CURRENCY=EUR", "AMOUNT=12995", "BRAND=VISA", "CARDNO=4111111111111111", "ED=12/09", "CVC=987", "COM=card 4111 1111 1111 1111"},
		want: []string{"CARDNO=XXXXXXXXXXXX1111<passphrase>", "ED=<redacted>", "CVC=<redacted>", "PSWD=<redacted>", "COM=card XXXX XXXX XXXX 1111"}},
	{name: "sign_out_explain", env: guideEnv,
		args: []string{"sign", "--alg", "sha256", "--direction", "out", "--passphrase-env", "OGONE_SHA_OUT", "--explain",
			"orderID=myorderid1678834094", "currency=EUR", "amount=99", "PM=CreditCard", "ACCEPTANCE=test123", "STATUS=9", "CARDNO=XXXXXXXXXXXX1111",
			"ED=0312", "CN=Some Name", "TRXDATE=01/10/11", "PAYID=9126297", "NCERROR=0", "BRAND=VISA", "COMPLUS=my feedbackmessage", "IP=12.123.12.123", "foo=bar"},
		want: []string{"A06D4534724885350BA5350731B02F4083370F8C9EED59D1F1C5E2B78EC3C257", "foo  not on the SHA-OUT list"}},
	{name: "sign_iso_8859_1", env: guideEnv,
		args: join([]string{"sign", "--alg", "sha1", "--encoding", "iso-8859-1", "--passphrase-env", "OGONE_SHA_IN"}, guideRequest, []string{"CN=Rémy"})},
	{name: "sign_query_string", env: guideEnv, args: []string{"sign", "--alg", "sha1", "--passphrase-env", "OGONE_SHA_IN", "--explain", "orderID=1234&amount=1500&CURRENCY=EUR&LANGUAGE=en_US&PSPID=MyPSPID"},
		want: []string{"F4CC376CD7A834D997B91598FA747825A238BE0A", "AMOUNT=1500<passphrase>CURRENCY=EUR<passphrase>LANGUAGE=en_US<passphrase>ORDERID=1234<passphrase>PSPID=MyPSPID<passphrase>", "signed, in digest order (5)"}},
	{name: "sign_url", env: guideEnv, args: []string{"sign", "--alg", "sha1", "--passphrase-env", "OGONE_SHA_IN", "https://secure.ogone.com/ncol/test/orderstandard_utf8.asp?PSPID=MyPSPID&ORDERID=1234&AMOUNT=1500&CURRENCY=EUR&LANGUAGE=en_US"},
		wantStdout: "F4CC376CD7A834D997B91598FA747825A238BE0A\n"},
	{name: "sign_iso_passphrase", env: map[string]string{"P": isoPass},
		args:       []string{"sign", "--alg", "sha1", "--encoding", "iso-8859-1", "--passphrase-env", "P", "AMOUNT=1500", "CN=Rémy Fröåïør", "CURRENCY=EUR", "LANGUAGE=en_US", "ORDERID=1234", "PSPID=MyPSPID"},
		wantStdout: "FB470FBC4B3A96DF466F8E694B57F0A2BA183766\n"},
	{name: "sign_underscore_order", env: map[string]string{"P": "Fraud-module-pass-1"},
		args: []string{"sign", "--alg", "sha256", "--direction", "out", "--passphrase-env", "P", "--explain", "orderID=R-1", "STATUS=5", "SCORING=12", "SCO_CATEGORY=G", "NCERROR=0"},
		want: []string{"DE7C2ECA1931007AF2E35A9D7B631810B93CE0BC566BE90EBD1C073AE6829E63", "SCO_CATEGORY=G<passphrase>SCORING=12"}},

	// verify
	{name: "verify_valid_url", env: guideEnv, args: []string{"verify", "--alg", "sha1", "--passphrase-env", "OGONE_SHA_OUT", "https://shop.example/payment/ogone/return?" + guideFeedback},
		want: []string{"valid: SHASIGN matches"}},
	{name: "verify_valid_query", env: guideEnv, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT", "?" + guideFeedback},
		want: []string{"valid: SHASIGN matches", "SHA-1 (from the length of SHASIGN)"}},
	{name: "verify_valid_stdin", env: guideEnv, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT"}, stdin: guideFeedback + "&PARAMPLUS_LANG=fr\n",
		want: []string{"valid: SHASIGN matches", "unsigned   PARAMPLUS_LANG"}},
	{name: "verify_valid_pairs", env: guideEnv,
		args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT", "orderID=12", "PAYID=32100123", "amount=15", "currency=EUR", "PM=CreditCard", "ACCEPTANCE=1234",
			"STATUS=9", "CARDNO=XXXXXXXXXXXX1111", "BRAND=VISA", "NCERROR=0", "SHASIGN=209113288f93a9ab8e474ea78d899afdbb874355"},
		want: []string{"valid: SHASIGN matches"}},
	{name: "verify_valid_json", env: guideEnv, args: []string{"verify", "--json", "--passphrase-env", "OGONE_SHA_OUT", guideFeedback},
		want: []string{`"valid": true`, `"problem": ""`, `"algorithm_source": "signature_length"`}},
	{name: "verify_valid_explain", env: map[string]string{"OGONE_SHA_OUT": seedPass},
		args: []string{"verify", "--explain", "--passphrase-env", "OGONE_SHA_OUT", "https://shop.example/payment/ogone/return?orderID=SO042&currency=EUR&amount=42.5&PM=CreditCard&ACCEPTANCE=test123&STATUS=9&CARDNO=XXXXXXXXXXXX1111&ED=0330&CN=Zo%C3%AB+M%C3%BCller&TRXDATE=11%2F23%2F26&PAYID=3049875021&NCERROR=0&BRAND=VISA&IP=192.0.2.10&ALIAS=CUST-8842&PARAMPLUS_LANG=fr&SHASIGN=4EFE2B9DE8C53D7EE6D7AF04E4994AF3F1CFF2AD208C21C49BD036EF52C3A57420CDD43B5AD3E43D8E841E78D2D380EA45D66E5E33CEFD4CC2F2A87CB058D335"},
		want: []string{"valid: SHASIGN matches", "CN=Zoë Müller<passphrase>", "ED=<redacted>"}},
	{name: "verify_invalid", env: guideEnv, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT", strings.Replace(guideFeedback, "amount=15", "amount=1500", 1)}, exit: 1,
		want: []string{"invalid: SHASIGN does not match", "No common cause matched"}},
	{name: "verify_invalid_json", env: guideEnv, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT", "--json", strings.Replace(guideFeedback, "amount=15", "amount=1500", 1)}, exit: 1,
		want: []string{`"valid": false`, `"problem": "mismatch"`, `"id": "wrong_algorithm"`, `"result": "not_checked"`}},
	{name: "verify_cause_algorithm", env: guideEnv, args: []string{"verify", "--alg", "sha512", "--passphrase-env", "OGONE_SHA_OUT", guideFeedback}, exit: 1,
		want: []string{"MATCH: the digest is SHA-1, not SHA-512", "(SHASIGN has 40 characters; a SHA-512 digest has 128)"}},
	{name: "verify_cause_names", env: guideEnv, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT", namesNotUppercased}, exit: 1,
		want: []string{"MATCH: the digest covers amount, currency, orderID as they arrived"}},
	{name: "verify_cause_decoded_twice", env: map[string]string{"OGONE_SHA_OUT": seedPass}, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT", decodedTwice}, exit: 1,
		want: []string{"MATCH: the digest covers CN decoded twice"}},
	{name: "verify_cause_iso", env: map[string]string{"OGONE_SHA_OUT": seedPass}, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT", isoDigest}, exit: 1,
		want: []string{"MATCH: the digest covers ISO-8859-1 bytes"}},
	{name: "verify_iso_flag", env: map[string]string{"OGONE_SHA_OUT": seedPass}, args: []string{"verify", "--encoding", "latin1", "--passphrase-env", "OGONE_SHA_OUT", isoDigest},
		want: []string{"valid: SHASIGN matches", "encoding   ISO-8859-1"}},
	{name: "verify_cause_latin1_bytes", env: map[string]string{"OGONE_SHA_OUT": seedPass}, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT", "--explain", latin1Bytes}, exit: 1,
		want: []string{"MATCH: the values arrived as ISO-8859-1 bytes", `CN=Zo\xEB M\xFCller`}},
	{name: "verify_cause_outside_list", env: guideEnv, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT", outsideList}, exit: 1,
		want: []string{"MATCH: the digest also covers unknownparam"}},
	{name: "verify_cause_direction_in", env: guideEnv, args: []string{"verify", "--direction", "in", "--passphrase-env", "OGONE_SHA_IN", shaOutOnly}, exit: 1,
		want: []string{"MATCH: the digest covers only the parameters on the SHA-OUT list", "SHA-OUT passphrase used instead of SHA-IN"}},
	{name: "verify_cause_passphrase_whitespace", args: []string{"verify", "--passphrase-file", "testdata/sha-out-space.passphrase", guideFeedback}, exit: 1,
		want: []string{"MATCH: the digest matches the passphrase without its leading or trailing whitespace"}},
	{name: "verify_request_in", env: guideEnv, args: []string{"verify", "--direction", "in", "--passphrase-env", "OGONE_SHA_IN", "AMOUNT=1500&CURRENCY=EUR&LANGUAGE=en_US&ORDERID=1234&PSPID=MyPSPID&SHASIGN=F4CC376CD7A834D997B91598FA747825A238BE0A"},
		want: []string{"valid: SHASIGN matches", "SHA-IN: every parameter"}},
	{name: "verify_iso_passphrase", env: map[string]string{"P": isoPass}, args: []string{"verify", "--encoding", "iso-8859-1", "--passphrase-env", "P", isoFeedback},
		want: []string{"valid: SHASIGN matches", "encoding   ISO-8859-1"}},
	{name: "verify_iso_passphrase_bytes", env: map[string]string{"P": isoPass}, args: []string{"verify", "--encoding", "iso-8859-1", "--passphrase-env", "P", "--explain", isoFeedbackBytes},
		want: []string{"valid: SHASIGN matches", "encoding   ISO-8859-1", "CN=Zoë Müller"}},
	{name: "sign_iso_passphrase_bytes", env: map[string]string{"P": isoPass}, args: []string{"sign", "--direction", "out", "--encoding", "iso-8859-1", "--passphrase-env", "P", strings.Split(isoFeedbackBytes, "&SHASIGN")[0]},
		want: []string{"978D588879AA615FBAE4090A31B7D2049FB75FC21614E214C6997FA280E998584B67F22873A86B24656CA455D0A3817FF0A64422F780FC6725C334D1C02483AB"}},
	{name: "verify_previous_passphrase", env: rotationEnv, args: []string{"verify", "--passphrase-env", "NEW", "--previous-passphrase-env", "OLD", guideFeedback},
		want: []string{"valid: SHASIGN matches the previous key", "key        previous (SHA-1)"}},
	{name: "verify_previous_passphrase_json", env: rotationEnv, args: []string{"verify", "--json", "--passphrase-env", "NEW", "--previous-passphrase-env", "OLD", guideFeedback},
		want: []string{`"valid": true`, `"key": "previous"`, `"previous_algorithm": "SHA-1"`}},
	{name: "verify_previous_passphrase_file", env: rotationEnv, args: []string{"verify", "--passphrase-env", "NEW", "--previous-passphrase-file", "testdata/sha-in.passphrase", guideFeedback},
		want: []string{"valid: SHASIGN matches the previous key"}},
	{name: "verify_current_with_previous", env: rotationEnv, args: []string{"verify", "--json", "--passphrase-env", "OLD", "--previous-passphrase-env", "NEW", guideFeedback},
		want: []string{`"valid": true`, `"key": "current"`}},
	{name: "verify_current_with_previous_text", env: rotationEnv, args: []string{"verify", "--passphrase-env", "OLD", "--previous-passphrase-env", "NEW", guideFeedback},
		want: []string{"valid: SHASIGN matches\n", "key        current"}},
	{name: "verify_previous_algorithm", env: guideEnv, args: []string{"verify", "--alg", "sha512", "--previous-algorithm", "sha1", "--passphrase-env", "OGONE_SHA_OUT", guideFeedback},
		want: []string{"valid: SHASIGN matches the previous key", "algorithm  SHA-512\n", "key        previous (SHA-1)"}},
	{name: "verify_neither_key", env: rotationEnv, args: []string{"verify", "--passphrase-env", "NEW", "--previous-passphrase-env", "OLD", strings.Replace(guideFeedback, "amount=15", "amount=1500", 1)}, exit: 1,
		want: []string{"invalid: SHASIGN does not match", "the previous SHA-1 key does not match either"}},
	{name: "verify_neither_key_json", env: rotationEnv, args: []string{"verify", "--json", "--passphrase-env", "NEW", "--previous-passphrase-env", "OLD", strings.Replace(guideFeedback, "amount=15", "amount=1500", 1)}, exit: 1,
		want: []string{`"valid": false`, `"previous_algorithm": "SHA-1"`}},
	{name: "verify_missing_signature", env: guideEnv, args: []string{"verify", "--alg", "sha1", "--passphrase-env", "OGONE_SHA_OUT", "orderID=12&STATUS=9"}, exit: 1,
		want: []string{"invalid: no SHASIGN parameter"}},
	{name: "verify_ambiguous", env: guideEnv, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT", "--json", guideFeedback + "&ORDERID=13"}, exit: 1,
		want: []string{`"problem": "ambiguous_parameter"`, `"parameter": "`}},
	{name: "verify_no_params", env: guideEnv, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT"}, stdin: "\n", exit: 2},
	{name: "verify_bad_escape", env: guideEnv, args: []string{"verify", "--passphrase-env", "OGONE_SHA_OUT", "orderID=1%zz&SHASIGN=AB"}, exit: 2},

	// status and ncerror
	{name: "status_92", args: []string{"status", "92"}, want: []string{"STATUS 92: payment uncertain", "do not retry; query the order (querydirect)"}},
	{name: "status_9", args: []string{"status", "9"}, want: []string{"captured (paid: yes, final: yes)"}},
	{name: "status_5_json", args: []string{"status", "5", "--json"}, want: []string{`"state": "authorized"`, `"paid": false`}},
	{name: "status_46", args: []string{"status", "46"}, want: []string{"action required  yes", "HTML_ANSWER", "'ogone parse' prints it decoded"}},
	{name: "status_2_soft_decline", args: []string{"status", "2"}, want: []string{"40001139 is a soft decline"}},
	{name: "status_84_review", args: []string{"status", "84"}, want: []string{"review "}},
	{name: "status_unknown", args: []string{"status", "77"}, want: []string{"STATUS 77: unknown status", "neither paid nor final"}},
	{name: "status_unknown_json", args: []string{"status", "--json", "77"}, want: []string{`"known": false`, `"state": "unknown"`}},
	{name: "status_invalid", args: []string{"status", "abc"}, exit: 2},
	{name: "status_leading_zero", args: []string{"status", "09"}, exit: 2},
	{name: "status_missing_code", args: []string{"status"}, exit: 2},
	{name: "ncerror_duplicate_order", args: []string{"ncerror", "50001113"}, want: []string{"order already processed", "existing order's PAYID"}},
	{name: "ncerror_uncertain", args: []string{"ncerror", "20001001"}, want: []string{"no: the outcome is uncertain, query first"}},
	{name: "ncerror_refused_json", args: []string{"ncerror", "--json", "30511001"}, want: []string{`"category": "refused"`, `"retryable": true`}},
	{name: "ncerror_stolen", args: []string{"ncerror", "30431001"}, want: []string{"do not invite a retry"}},
	{name: "ncerror_sha_mismatch", args: []string{"ncerror", "50001184"}, want: []string{"ogone sign --explain"}},
	{name: "ncerror_unlisted_code", args: []string{"ncerror", "39999999"}, want: []string{"category    refused (NCSTATUS 3)"}},
	{name: "ncerror_ok", args: []string{"ncerror", "0"}, want: []string{"no error"}},
	{name: "ncerror_invalid", args: []string{"ncerror", "5000x113"}, exit: 2},
	{name: "ncerror_soft_decline", args: []string{"ncerror", "40001139"}, want: []string{"soft decline", "FLAG3D=Y", "COF_INITIATOR=MIT"}},
	{name: "ncerror_3ds_failed", args: []string{"ncerror", "40001134"}, want: []string{"did not pass 3-D Secure"}},
	{name: "ncerror_3ds_required", args: []string{"ncerror", "50001087"}, want: []string{"the issuer wants 3-D Secure"}},
	{name: "ncerror_fraud", args: []string{"ncerror", "30001140"}, want: []string{"card on the merchant's blacklist", "family      fraud", "a fraud rule stopped the payment"}},
	{name: "ncerror_configuration_json", args: []string{"ncerror", "--json", "50001046"}, want: []string{`"family": "configuration"`, `"retryable": false`}},
	{name: "ncerror_list", args: []string{"ncerror", "--list"}, want: []string{"30001180  fraud          fraud score too high\n", "50001184  configuration  SHA-IN signature mismatch\n", "60001153  refused        payer's account number unknown\n"}},
	{name: "ncerror_list_and_code", args: []string{"ncerror", "--list", "50001113"}, exit: 2},

	// parse
	{name: "parse_authorised", args: []string{"parse"}, stdin: replyAuthorised,
		want: []string{"STATUS      5 authorized (state: authorized)", "AMOUNT      125 EUR", "ECI         7 e-commerce", "capture it"}},
	{name: "parse_json", args: []string{"parse", "--json"}, stdin: replyAuthorised,
		want: []string{`"amount": "125"`, `"state": "authorized"`, `"payid": "3000000001"`}},
	{name: "parse_query", args: []string{"parse"}, stdin: replyQuery,
		want: []string{"CARDNO      XXXXXXXXXXXX1111", `COMPLUS     O'Brien & "Sons" <Zoë>`, `NOTE        line1\n\ttab`}},
	{name: "parse_duplicate_order", args: []string{"parse", "-"}, stdin: replyDuplicate,
		want: []string{"50001113 order already processed", "existing order's PAYID"}},
	{name: "parse_uncertain", args: []string{"parse"}, stdin: replyUncertain,
		want: []string{"STATUS       92 payment uncertain (state: uncertain)", "do not retry; query the order (querydirect)"}},
	{name: "parse_3ds_file", args: []string{"parse", "testdata/reply-3ds.xml"},
		want: []string{"HTML_ANSWER  213 bytes of HTML", "show the customer the 3-D Secure page", "challenge page (HTML_ANSWER decoded", `  | <html><body><form name="downloadform3D" action="https://acs.example/3ds"`}},
	{name: "parse_3ds_json", args: []string{"parse", "--json", "testdata/reply-3ds.xml"},
		want: []string{`"challenge_page": [`, `downloadform3D`}},
	{name: "parse_3ds_hostile_page", args: []string{"parse"}, stdin: replyHostileChallenge,
		want: []string{"  | <p>\\x1b[2JXXXXXXXXXXXX1111</p>", "  | <p>second line</p>"}},
	{name: "parse_card_data", args: []string{"parse", "--json"}, stdin: replyCardData,
		want: []string{`"cardno": "XXXXXXXXXXXX1111"`, `"COMPLUS": "card XXXXXXXXXXXX4444"`}},
	{name: "parse_latin1", args: []string{"parse"}, stdin: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><ncresponse orderID=\"SO1\" PAYID=\"1\" NCERROR=\"0\" STATUS=\"9\" CN=\"Zo\xeb\"/>",
		want: []string{"CN       Zoë"}},
	{name: "parse_not_xml", args: []string{"parse"}, stdin: "<html><body>Service unavailable</body></html>", exit: 2},
	{name: "parse_no_status", args: []string{"parse"}, stdin: `<ncresponse orderID="1"/>`, exit: 2},
	{name: "parse_missing_file", args: []string{"parse", "testdata/no-such-reply.xml"}, exit: 2},

	// usage errors
	{name: "no_args", exit: 2},
	{name: "help", args: []string{"help"}, want: []string{"Commands:", "verify", "Exit status"}},
	{name: "help_flag", args: []string{"--help"}, want: []string{"Commands:"}},
	{name: "help_sign", args: []string{"help", "sign"}, want: []string{"-passphrase-env NAME", "-explain"}},
	{name: "help_verify_flag", args: []string{"verify", "-h"}, want: []string{"Usage: ogone verify"}},
	{name: "help_unknown", args: []string{"help", "frobnicate"}, exit: 2},
	{name: "unknown_subcommand", args: []string{"frobnicate"}, exit: 2},
	{name: "unknown_subcommand_not_echoed", args: []string{"4111111111111111"}, exit: 2},
	{name: "usage_missing_passphrase_env", args: join([]string{"sign", "--passphrase-env", "OGONE_SHA_IN"}, guideRequest), exit: 2},
	{name: "usage_missing_passphrase_source", env: guideEnv, args: join([]string{"sign"}, guideRequest), exit: 2},
	{name: "usage_both_passphrase_sources", env: guideEnv, args: join([]string{"sign", "--passphrase-env", "OGONE_SHA_IN", "--passphrase-file", "testdata/sha-in.passphrase"}, guideRequest), exit: 2},
	{name: "usage_missing_passphrase_file", args: join([]string{"sign", "--passphrase-file", "testdata/does-not-exist"}, guideRequest), exit: 2},
	{name: "usage_passphrase_flag", env: guideEnv, args: join([]string{"sign", "--passphrase", guidePass}, guideRequest), exit: 2},
	{name: "usage_passphrase_flag_equals", env: guideEnv, args: []string{"verify", "-passphrase=" + guidePass, guideFeedback}, exit: 2},
	{name: "usage_unknown_alg", env: guideEnv, args: join([]string{"sign", "--alg", "md5", "--passphrase-env", "OGONE_SHA_IN"}, guideRequest), exit: 2},
	{name: "usage_unknown_direction", env: guideEnv, args: join([]string{"sign", "--direction", "sideways", "--passphrase-env", "OGONE_SHA_IN"}, guideRequest), exit: 2},
	{name: "usage_unknown_encoding", env: guideEnv, args: join([]string{"sign", "--encoding", "ebcdic", "--passphrase-env", "OGONE_SHA_IN"}, guideRequest), exit: 2},
	{name: "usage_unknown_flag", env: guideEnv, args: join([]string{"sign", "--colour", "--passphrase-env", "OGONE_SHA_IN"}, guideRequest), exit: 2},
	{name: "usage_bad_flag_value_not_echoed", env: guideEnv, args: join([]string{"sign", "--json=4111111111111111", "--passphrase-env", "OGONE_SHA_IN"}, guideRequest), exit: 2},
	{name: "usage_not_a_pair", env: guideEnv, args: []string{"sign", "--passphrase-env", "OGONE_SHA_IN", "AMOUNT=1500", guidePass}, exit: 2},
	{name: "usage_nothing_to_sign", env: guideEnv, args: []string{"sign", "--passphrase-env", "OGONE_SHA_IN", "COM=", "SHASIGN=AB"}, exit: 2},
	{name: "usage_previous_algorithm_without_alg", env: guideEnv, args: []string{"verify", "--previous-algorithm", "sha1", "--passphrase-env", "OGONE_SHA_OUT", guideFeedback}, exit: 2},
	{name: "usage_unknown_previous_algorithm", env: guideEnv, args: []string{"verify", "--alg", "sha1", "--previous-algorithm", "md5", "--passphrase-env", "OGONE_SHA_OUT", guideFeedback}, exit: 2},
	{name: "usage_previous_passphrase_flag", env: rotationEnv, args: []string{"verify", "--passphrase-env", "NEW", "--previous-passphrase", guidePass, guideFeedback}, exit: 2},
	{name: "usage_both_previous_sources", env: rotationEnv, args: []string{"verify", "--passphrase-env", "NEW", "--previous-passphrase-env", "OLD", "--previous-passphrase-file", "testdata/sha-in.passphrase", guideFeedback}, exit: 2},
	{name: "usage_missing_previous_passphrase_env", env: rotationEnv, args: []string{"verify", "--passphrase-env", "NEW", "--previous-passphrase-env", "UNSET", guideFeedback}, exit: 2},
	{name: "usage_iso_passphrase_unencodable", env: map[string]string{"P": "Passphrase-with-€-sign"}, args: []string{"sign", "--encoding", "iso-8859-1", "--passphrase-env", "P", "ORDERID=1"}, exit: 2},
	{name: "usage_verify_iso_passphrase_unencodable", env: map[string]string{"P": "Passphrase-with-€-sign"}, args: []string{"verify", "--encoding", "iso-8859-1", "--passphrase-env", "P", guideFeedback}, exit: 2},
	{name: "usage_sign_ambiguous", env: guideEnv, args: []string{"sign", "--passphrase-env", "OGONE_SHA_IN", "orderID=1", "ORDERID=2"}, exit: 2},
	{name: "usage_sign_unencodable", env: guideEnv, args: []string{"sign", "--encoding", "iso-8859-1", "--passphrase-env", "OGONE_SHA_IN", "CN=Zoë €"}, exit: 2},
}

// vectorInvocations signs, explains and verifies every shared vector
// through the command.
func vectorInvocations(t testing.TB) []invocation {
	var out []invocation
	for i, v := range vectors.Load(t) {
		env := map[string]string{"PASSPHRASE": v.Passphrase}
		var pairs []string
		var query []string
		hidden := false
		for _, p := range v.Params {
			pairs = append(pairs, p[0]+"="+p[1])
			query = append(query, url.QueryEscape(p[0])+"="+url.QueryEscape(p[1]))
			hidden = hidden || hiddenNames[strings.ToUpper(p[0])] || cardNumberNames[strings.ToUpper(p[0])]
		}
		query = append(query, "SHASIGN="+v.Digest)
		base := fmt.Sprintf("vector%02d", i+1)
		flags := []string{"--alg", v.Algorithm, "--direction", v.Direction, "--passphrase-env", "PASSPHRASE"}
		out = append(out, invocation{name: base + "_sign", env: env, args: join([]string{"sign"}, flags, pairs), wantStdout: v.Digest + "\n"})
		explained := invocation{name: base + "_explain", env: env, args: join([]string{"sign", "--explain"}, flags, pairs), want: []string{v.Digest}}
		if !hidden {
			explained.want = append(explained.want, strings.ReplaceAll(v.StringToHash, v.Passphrase, "<passphrase>"))
		}
		out = append(out, explained)
		out = append(out, invocation{name: base + "_verify", env: env,
			args: []string{"verify", "--direction", v.Direction, "--passphrase-env", "PASSPHRASE", "https://shop.example/return?" + strings.Join(query, "&")},
			want: []string{"valid: SHASIGN matches"}})
	}
	return out
}

func allInvocations(t testing.TB) []invocation {
	return append(vectorInvocations(t), invocations...)
}

func (inv invocation) run() (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	getenv := func(name string) string { return inv.env[name] }
	code = run(inv.args, strings.NewReader(inv.stdin), &o, &e, getenv)
	return o.String(), e.String(), code
}

// render is the golden file's content: the command line, its input, its
// exit status and both outputs.
func (inv invocation) render(stdout, stderr string, code int) string {
	var b strings.Builder
	b.WriteString("$ ogone")
	for _, a := range inv.args {
		b.WriteString(" " + shellQuote(a))
	}
	b.WriteString("\n")
	if inv.stdin != "" {
		// Bytes that are not UTF-8 (an ISO-8859-1 reply) are shown as \xNN
		// so that the golden file stays text.
		stdin := inv.stdin
		if !utf8.ValidString(stdin) {
			var e strings.Builder
			for i := 0; i < len(stdin); {
				r, size := utf8.DecodeRuneInString(stdin[i:])
				if r == utf8.RuneError && size == 1 {
					fmt.Fprintf(&e, "\\x%02X", stdin[i])
				} else {
					e.WriteString(stdin[i : i+size])
				}
				i += size
			}
			stdin = e.String()
		}
		fmt.Fprintf(&b, "-- stdin --\n%s", stdin)
		if !strings.HasSuffix(inv.stdin, "\n") {
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "-- exit %d --\n-- stdout --\n%s-- stderr --\n%s", code, stdout, stderr)
	return b.String()
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./:,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// replyHostileChallenge carries a challenge page with a terminal escape
// sequence and a card number, which parse must not print as they are.
const replyHostileChallenge = `<ncresponse orderID="SO047" PAYID="3000000047" NCERROR="0" STATUS="46"><HTML_ANSWER>PHA+G1sySjQxMTExMTExMTExMTExMTE8L3A+DQo8cD5zZWNvbmQgbGluZTwvcD4K</HTML_ANSWER></ncresponse>`

func TestInvocations(t *testing.T) {
	for _, inv := range allInvocations(t) {
		t.Run(inv.name, func(t *testing.T) {
			stdout, stderr, code := inv.run()
			got := inv.render(stdout, stderr, code)
			golden.CheckString(t, filepath.Join("testdata", inv.name+".golden"), got)

			assert.Equal(t, inv.exit, code, "exit status")
			if inv.wantStdout != "" {
				assert.Equal(t, inv.wantStdout, stdout)
			}
			for _, s := range inv.want {
				assert.Contains(t, stdout, s)
			}
			if code == exitUsage {
				assert.NotEmpty(t, stderr, "a usage error says what is wrong")
			} else {
				assert.Empty(t, stderr)
			}
			assertNothingSecret(t, inv, stdout+stderr)
		})
	}
}

// assertNothingSecret checks the promises of the command's help: no
// passphrase, card number, CVC or expiry date in any output.
func assertNothingSecret(t *testing.T, inv invocation, output string) {
	t.Helper()
	for _, p := range inv.env {
		// Short passphrases such as "passphrase" are also words of the
		// help text; the vectors' real ones are long.
		if len(p) >= 12 {
			assert.NotContains(t, output, p, "a passphrase was printed")
		}
	}
	for _, secret := range []string{"4111111111111111", "4111 1111 1111 1111", "12/09", "=987", `"987"`, "1229\n", `"1229"`, "0312", "0330", "5555555555554444", "Out-passphrase-2026"} {
		assert.NotContains(t, output, secret)
	}
}

// TestGoldenFilesHaveInvocations keeps testdata free of goldens that no
// invocation writes any more.
// The JSON listing holds every code the library explains, each as
// ncerror --json describes it (too long for a golden file).
func TestNCErrorListJSON(t *testing.T) {
	stdout, _, code := invocation{args: []string{"ncerror", "--list", "--json"}}.run()
	require.Equal(t, 0, code)
	var list []ncErrorOutput
	require.NoError(t, json.Unmarshal([]byte(stdout), &list))
	known := ogone.KnownNCErrors()
	require.Len(t, list, len(known))
	for i, out := range list {
		want := describeNCError(known[i])
		want.Command = ""
		assert.Equal(t, want, out)
		assert.NotEqual(t, "unknown", out.Family, out.Code)
	}
}

func TestGoldenFilesHaveInvocations(t *testing.T) {
	names := map[string]bool{}
	for _, inv := range allInvocations(t) {
		require.False(t, names[inv.name], "two invocations named %s", inv.name)
		names[inv.name] = true
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.golden"))
	require.NoError(t, err)
	var orphans []string
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".golden"); !names[name] {
			orphans = append(orphans, name)
		}
	}
	sort.Strings(orphans)
	assert.Empty(t, orphans, "golden files without an invocation")
}

func TestMainHelpIsStdout(t *testing.T) {
	var o, e bytes.Buffer
	require.Equal(t, exitOK, run([]string{"help"}, nil, &o, &e, nil))
	assert.Contains(t, o.String(), "Usage:")
	assert.Empty(t, e.String())
}

// TestSignReadsWhatVerifyReads gives sign and verify the same input in
// every form verify reads: sign must find the parameters verify found, so
// its digest is the SHASIGN the input carries.
func TestSignReadsWhatVerifyReads(t *testing.T) {
	pairs := strings.Split(guideFeedback, "&")
	forms := []struct {
		name  string
		args  []string
		stdin string
	}{
		{"URL", []string{"https://shop.example/payment/ogone/return?" + guideFeedback}, ""},
		{"URL without scheme", []string{"shop.example/return?" + guideFeedback}, ""},
		{"query string", []string{"?" + guideFeedback}, ""},
		{"form body", []string{guideFeedback}, ""},
		{"pairs", pairs, ""},
		{"stdin", nil, guideFeedback + "\n"},
		{"stdin lines", []string{"-"}, strings.Join(pairs, "\r\n")},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			flags := []string{"--alg", "sha1", "--direction", "out", "--passphrase-env", "OGONE_SHA_OUT"}
			verify := invocation{env: guideEnv, args: join([]string{"verify"}, flags, f.args), stdin: f.stdin}
			stdout, stderr, code := verify.run()
			require.Equal(t, exitOK, code, stdout+stderr)
			sign := invocation{env: guideEnv, args: join([]string{"sign"}, flags, f.args), stdin: f.stdin}
			stdout, stderr, code = sign.run()
			require.Equal(t, exitOK, code, stderr)
			assert.Equal(t, "209113288F93A9AB8E474EA78D899AFDBB874355\n", stdout)
		})
	}
}
