package feedback

import (
	"time"
)

const redacted = "[REDACTED]"

// ParseTrxDate reads TRXDATE, the day of the transaction written MM/DD/YY
// ("11/23/26"), as midnight UTC of that day. It is a calendar date in the
// platform's own time zone, not an instant. Years are taken as 2000 to
// 2099. Impossible dates (02/30/26, 13/01/26) give ErrInvalidTrxDate.
func ParseTrxDate(s string) (time.Time, error) {
	if len(s) != 8 || s[2] != '/' || s[5] != '/' ||
		!digits(s[0:2]) || !digits(s[3:5]) || !digits(s[6:8]) {
		return time.Time{}, ErrInvalidTrxDate
	}
	m := int(s[0]-'0')*10 + int(s[1]-'0')
	d := int(s[3]-'0')*10 + int(s[4]-'0')
	y := 2000 + int(s[6]-'0')*10 + int(s[7]-'0')
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	// time.Date normalises 02/30 to 03/02; a date that moved did not exist.
	if t.Month() != time.Month(m) || t.Day() != d {
		return time.Time{}, ErrInvalidTrxDate
	}
	return t, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
