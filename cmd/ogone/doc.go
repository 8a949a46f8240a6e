// Command ogone answers the questions an Ogone (Ingenico ePayments,
// Barclaycard ePDQ, PostFinance e-Commerce, ...) integration raises most:
// why does the platform answer "unknown order/1/s", why does this feedback's
// SHASIGN not verify, and what does this STATUS or NCERROR mean.
//
// Usage:
//
//	ogone sign    [--alg A] [--direction in|out] [--encoding E] [--explain] [--json] (--passphrase-env NAME | --passphrase-file PATH) [URL | QUERY | KEY=VALUE ...]
//	ogone verify  [--alg A] [--direction out|in] [--encoding E] [--explain] [--json] (--passphrase-env NAME | --passphrase-file PATH)
//	              [--previous-passphrase-env NAME | --previous-passphrase-file PATH] [--previous-algorithm A] [URL | QUERY | KEY=VALUE ...]
//	ogone status  [--json] CODE
//	ogone ncerror [--json] CODE
//	ogone ncerror [--json] --list
//	ogone parse   [--json] < reply.xml
//	ogone help    [command]
//
// sign and verify read their parameters the same way: one argument is a URL
// or a query string (URL-decoded once, as a web server does), several are
// literal KEY=VALUE pairs, none (or "-") reads a URL, query string or form
// body from stdin. With --encoding iso-8859-1 the whole string is hashed in
// ISO-8859-1, passphrase included, and a value that is not UTF-8 is read as
// the ISO-8859-1 bytes it is (CN=Zo%EB in a feedback URL is "Zoë").
//
// During a key change, verify takes the previous key too: its passphrase
// (--previous-passphrase-env or --previous-passphrase-file; default: the
// current one) and its algorithm (--previous-algorithm, with --alg; default:
// the current one). The previous key is tried only when the current one
// does not match; the output says which one matched.
//
// Flags may come before or after the arguments; "--" ends them. A
// passphrase is read from an environment variable or a file (trailing
// line breaks dropped), never from the command line: there is no --passphrase
// flag, because shell history and process lists would keep it.
//
// Nothing the command prints holds a passphrase (the string to hash shows
// it as <passphrase>), a card number (CARDNO, Card.CardNumber and every
// value shaped like one, 12 to 19 digits passing the Luhn check, are
// masked as XXXXXXXXXXXX1111), a CVC, an expiry date (ED, Card.ExpiryDate)
// or the API password (PSWD): those show as <redacted>. Bytes that are not
// UTF-8 and control characters in values are escaped (\xE9).
//
// # Exit status
//
//	0  the signature is valid, or the command did what was asked
//	1  the signature is invalid (verify)
//	2  usage error: bad flags or arguments, a missing passphrase, input
//	   that cannot be parsed or signed
//
// # JSON output
//
// With --json every command prints one JSON object on stdout. Field names
// are stable; new fields may be added.
//
// sign:
//
//	command         "sign"
//	algorithm       "SHA-1", "SHA-256" or "SHA-512"
//	direction       "in" or "out"
//	encoding        "UTF-8" or "ISO-8859-1"
//	digest          uppercase hex
//	string_to_hash  with --explain: the hashed string, passphrase as <passphrase>, values redacted
//	fields          with --explain: [{name, value}] in digest order, names uppercased, values redacted
//	dropped         with --explain: [{name, reason, why}], reason "empty", "not_sha_out" or "signature"
//
// verify adds to the fields above (digest excepted):
//
//	valid             true or false
//	algorithm_source  "flag", "signature_length" (inferred from SHASIGN) or "default"
//	problem           "" when valid; "mismatch", "missing_signature",
//	                  "ambiguous_parameter", "unencodable" or "too_many_parameters"
//	parameter         the parameter at fault, for ambiguous_parameter and unencodable
//	received          SHASIGN as received
//	computed          for a mismatch: the digest these parameters should carry (current key)
//	key               with a previous key: "current" or "previous", the key that matched;
//	                  absent when neither did
//	previous_algorithm  with a previous key: its algorithm
//	unsigned          names outside the SHA-OUT list: not covered, not to be trusted
//	causes            for a mismatch: [{id, label, result, detail}], result "match",
//	                  "no_match" or "not_checked"; ids "wrong_algorithm",
//	                  "names_not_uppercased", "decoded_twice", "encoding",
//	                  "outside_sha_out" (or "only_sha_out" with --direction in),
//	                  "passphrase_whitespace", "sha_in_passphrase" (or
//	                  "sha_out_passphrase")
//
// status:
//
//	command          "status"
//	code             the code, a number
//	known            whether the code is on the platform's status lists
//	meaning          a few words ("payment uncertain")
//	state            "unknown", "pending", "action_required", "uncertain", "authorized",
//	                 "captured", "cancelled", "declined", "refunded" or "error"
//	uncertain        the outcome is unknown: query, never retry
//	action_required  the customer must act (3-D Secure)
//	paid, final      what the state means for the order
//	needs_review     the platform's lists disagree on the code (84)
//	advice           what the shop should do
//
// ncerror:
//
//	command    "ncerror"
//	code       the code, a string ("50001113")
//	ok         no error ("0")
//	meaning    a few words; for a code missing from the library's table, its family's
//	category   "ok", "technical", "refused", "invalid_data" or "other"
//	family     "technical", "refused", "invalid_data", "configuration", "fraud", "unknown" or "none"
//	ncstatus   the NCSTATUS digit of the family ("0", "2", "3", "5"; "" for other)
//	retryable  whether the customer trying again can change the answer
//	uncertain  the outcome is unknown (technical family): query, never retry
//	advice     what the shop should do
//
// parse:
//
//	command            "parse"
//	orderid, payid, payidsub, ncstatus, ncerrorplus, acceptance,
//	currency, pm, brand, cardno (masked), ip, alias
//	                   the reply's attributes as strings, "" when absent
//	status             the status object above, without "command"
//	ncerror            the ncerror object above, without "command"
//	eci                a number, 0 when absent
//	amount             a decimal string as the reply writes it (not multiplied by 100), "" when absent
//	html_answer_bytes  the size of the decoded 3-D Secure page, 0 when none
//	extra              other attributes by uppercased name, values redacted
//	advice             what the shop should do, one string per point
package main
