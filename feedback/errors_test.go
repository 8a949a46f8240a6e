package feedback_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

func TestErrorMessages(t *testing.T) {
	assert.Equal(t, `feedback: parameter "AMOUNT": malformed amount`,
		(&feedback.ParamError{Name: "AMOUNT", Err: feedback.ErrInvalidAmount}).Error())
	// A sentinel of package ogone keeps its prefix out too: the message
	// names one package.
	assert.Equal(t, `feedback: parameter "STATUS": invalid status code: want 0 to 99, written without sign, space or leading zero`,
		(&feedback.ParamError{Name: "STATUS", Err: feedback.ErrInvalidStatus}).Error())
	assert.Equal(t, `feedback: parameter "X": <nil>`, (&feedback.ParamError{Name: "X"}).Error())
	assert.Equal(t, "feedback: AMOUNT does not match the order", (&feedback.MismatchError{Field: "AMOUNT"}).Error())
	// A name built to forge a log line stays on one line.
	assert.NotContains(t, (&feedback.ParamError{Name: "A\nlevel=ERROR", Err: feedback.ErrAmbiguous}).Error(), "\n")
	assert.True(t, errors.Is(&feedback.MismatchError{Field: "AMOUNT"}, feedback.ErrMismatch))
}

// TestSharedSentinels: the names this package shares with ogone and
// shasign are their values, so errors.Is agrees whichever a caller wrote.
func TestSharedSentinels(t *testing.T) {
	assert.Same(t, ogone.ErrInvalidStatus, feedback.ErrInvalidStatus)
	assert.Same(t, shasign.ErrSignatureMismatch, feedback.ErrBadSignature)
	assert.Same(t, shasign.ErrMissingSignature, feedback.ErrMissingSignature)
	assert.Same(t, shasign.ErrAmbiguousParameter, feedback.ErrAmbiguous)
	assert.Same(t, shasign.ErrTooManyParameters, feedback.ErrTooManyParams)
}
