// Package shasign computes and verifies the SHA-IN and SHA-OUT digests of
// the Ogone payment platform (Ingenico ePayments, Barclaycard ePDQ,
// PostFinance e-Commerce and the other white labels).
//
// Every request a shop sends carries SHASIGN, the SHA-IN digest of its
// parameters; every feedback the platform sends back carries the SHA-OUT
// digest of the parameters on the platform's SHA-OUT list. The digest is
// the hash of NAME=value+passphrase for each non-empty parameter, names
// uppercased and sorted (with '_' before every other character), written
// as uppercase hex.
//
//	signer, err := shasign.NewSigner(shasign.SHA512, shaOutPassphrase)
//	if err != nil { ... }
//	if err := signer.VerifyOut(r.URL.Query()); err != nil {
//		// Not from the platform: do not touch the order.
//	}
//
// Verification compares digests with crypto/subtle, in constant time: an
// attacker who measures how long the shop takes to reject a forged digest
// learns nothing about how many of its bytes were right. It also refuses
// parameters that appear twice, even under names that differ only in case,
// because the signed value and the value a shop reads must be the same one.
//
// Sources disagree on three names of the SHA-OUT list (see
// DisputedSHAOutParameters): the platform owner's PHP SDK (3.1.0) signs
// CH_AUTHENTICATION_INFO, which the platform's published 2019 list does not
// have; the 2019 list signs COMPLETIONID and REQUESTCOMPLETIONID, which the
// PHP SDK, marlon-ogone and Odoo leave out. SignOut follows the published
// list. Verification accepts a digest under every reading, each disputed
// name present independently signed or not: every reading still needs the
// passphrase, so this weakens nothing. A name that the matching reading
// left out is not authenticated, and Match.Signed says so.
//
// Code that builds its requests itself signs them with SignInFields, from
// a list of fields rather than url.Values, under the same rules; a list
// already in digest order is hashed as it is, without sorting.
//
// VerifyOutAny verifies with several keys in turn (the current SHA-OUT key,
// then the previous one while the platform changes over) after collecting
// the parameters once.
//
// Accounts on the platform's older pages hash in ISO-8859-1: with
// WithEncoding(ISO88591) the whole string is written in ISO-8859-1, values
// and passphrase alike, as every implementation that supports that
// encoding does.
//
// To explain a mismatch, Canonicalize shows what a digest covers and what
// it leaves out, and Canonical.Digest hashes a canonical form, or one
// rearranged by hand, under any algorithm, encoding and passphrase.
//
// A Signer is safe for concurrent use. Up to 4,096 parameters it signs
// without allocating beyond the returned string; above, it allocates its
// buffers once at their exact size. Nothing in this package prints a
// passphrase.
package shasign
