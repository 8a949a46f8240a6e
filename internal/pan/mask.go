package pan

import "unicode/utf8"

// Mask returns digits with every character but the last four replaced by
// X, keeping its length in characters: "4111111111111111" gives
// "XXXXXXXXXXXX1111". A value of four characters or fewer is returned as
// it is; "" stays "".
func Mask(digits string) string {
	n := utf8.RuneCountInString(digits)
	if n <= 4 {
		return digits
	}
	b := make([]byte, 0, len(digits))
	i := 0
	for _, r := range digits {
		if i < n-4 {
			b = append(b, 'X')
		} else {
			b = utf8.AppendRune(b, r)
		}
		i++
	}
	return string(b)
}
