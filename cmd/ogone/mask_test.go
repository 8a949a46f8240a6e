package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gogone/ogone/ogone"
)

func TestRedactorValue(t *testing.T) {
	r := redactor{passphrase: ogone.NewSecret("Mysecretsig1875!?")}
	tests := []struct {
		name, param, value, want string
	}{
		{"card number", "CARDNO", "4111111111111111", "XXXXXXXXXXXX1111"},
		{"card number any case", "cardNo", "4111111111111111", "XXXXXXXXXXXX1111"},
		{"masked feedback card number stays", "CARDNO", "XXXXXXXXXXXX1111", "XXXXXXXXXXXX1111"},
		{"short card number keeps the last four", "CARDNO", "1234567", "XXX4567"},
		{"flexcheckout card number", "Card.CardNumber", "5555555555554444", "XXXXXXXXXXXX4444"},
		{"cvc", "CVC", "123", redactedText},
		{"expiry date", "ED", "0330", redactedText},
		{"flexcheckout expiry date", "Card.ExpiryDate", "0330", redactedText},
		{"api password", "PSWD", "hunter2", redactedText},
		{"value holding the passphrase", "COM", "x Mysecretsig1875!? y", redactedText},
		{"pan in any value", "COM", "4111111111111111", "XXXXXXXXXXXX1111"},
		{"ordinary value", "ORDERID", "SO042", "SO042"},
		{"empty", "CVC", "", ""},
		{"latin-1 bytes escaped", "CN", "Zo\xeb", `Zo\xEB`},
		{"control characters escaped", "CN", "a\x1b[31mb", `a\x1b[31mb`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, r.value(tt.param, tt.value))
		})
	}
}

func TestParseText(t *testing.T) {
	tests := []struct {
		name, in string
		want     []param
		wantErr  bool
	}{
		{"query", "a=1&b=2", []param{{"a", "1"}, {"b", "2"}}, false},
		{"leading question mark", "?a=1", []param{{"a", "1"}}, false},
		{"url", "https://shop.example/return?orderID=1&CN=Zo%C3%AB+M", []param{{"orderID", "1"}, {"CN", "Zoë M"}}, false},
		{"url with fragment", "HTTPS://shop.example/r?a=1#top", []param{{"a", "1"}}, false},
		{"url without scheme", "shop.example/return?a=1", []param{{"a", "1"}}, false},
		{"question mark in a value", "ACCEPTURL=http%3A%2F%2Fx/?y=1", []param{{"ACCEPTURL", "http://x/?y=1"}}, false},
		{"lines", "a=1\r\nb=2\n\n", []param{{"a", "1"}, {"b", "2"}}, false},
		{"empty pairs", "&&a=1&", []param{{"a", "1"}}, false},
		{"no value", "a", []param{{"a", ""}}, false},
		{"empty", "  \n", nil, false},
		{"bad escape", "a=%zz", nil, true},
		{"no name", "=1", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseText(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
