package shasign

// Sources disagree on three names of the SHA-OUT list:
//
//   - CH_AUTHENTICATION_INFO is signed by the platform owner's PHP SDK
//     (3.1.0, 2021) but is not on the platform's published 2019 list;
//   - COMPLETIONID and REQUESTCOMPLETIONID are on the 2019 list, but the
//     PHP SDK, marlon-ogone and Odoo do not sign them.
//
// Which reading an account's feedback follows is not documented, so
// verification accepts a digest under every reading: each disputed name
// present in the feedback, independently, signed or not. This weakens
// nothing, since every reading still needs the passphrase. What a reading
// leaves out is not authenticated by the digest that matched, so a
// disputed name that the matching reading left out counts as unsigned
// (see Match.Signed). Signing follows the published list.

// disputeSet holds one bit per disputed name.
type disputeSet uint8

const (
	disputeCHAuthenticationInfo disputeSet = 1 << iota
	disputeCompletionID
	disputeRequestCompletionID
)

// publishedReading is the platform's 2019 list: it signs COMPLETIONID and
// REQUESTCOMPLETIONID, and not CH_AUTHENTICATION_INFO.
const publishedReading = disputeCompletionID | disputeRequestCompletionID

var disputedNames = [...]struct {
	name string
	bit  disputeSet
}{
	{"CH_AUTHENTICATION_INFO", disputeCHAuthenticationInfo},
	{"COMPLETIONID", disputeCompletionID},
	{"REQUESTCOMPLETIONID", disputeRequestCompletionID},
}

// DisputedSHAOutParameters returns the names whose place on the SHA-OUT
// list sources disagree on: CH_AUTHENTICATION_INFO, COMPLETIONID and
// REQUESTCOMPLETIONID. Verification accepts a feedback signed under either
// reading of each; SignOut follows the platform's published 2019 list,
// which signs COMPLETIONID and REQUESTCOMPLETIONID only. See the package
// documentation.
func DisputedSHAOutParameters() []string {
	names := make([]string, len(disputedNames))
	for i, d := range disputedNames {
		names[i] = d.name
	}
	return names
}

// disputeOf returns the bit of an uppercased disputed name, 0 for any
// other name.
func disputeOf(upper []byte) disputeSet {
	for _, d := range disputedNames {
		if string(upper) == d.name {
			return d.bit
		}
	}
	return 0
}

// readings calls try with every reading of the disputed names present,
// the published one first, until try returns true.
func readings(present disputeSet, try func(disputeSet) bool) {
	published := present & publishedReading
	if try(published) {
		return
	}
	for sub := present; ; sub = (sub - 1) & present {
		if sub != published && try(sub) {
			return
		}
		if sub == 0 {
			return
		}
	}
}
