package ogone

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gogone/ogone/shasign"
)

// Config is a merchant's account on the platform. Password, SHAIn and SHAOut
// are Secrets: printing, logging or marshalling a Config never shows them.
type Config struct {
	PSPID     string            // the merchant's account id
	UserID    string            // the API user, for DirectLink
	Password  Secret            // the API user's password
	SHAIn     Secret            // SHA-IN passphrase: signs what the shop sends
	SHAOut    Secret            // SHA-OUT passphrase: signs what the platform sends back
	Algorithm shasign.Algorithm // the account's hash algorithm; shasign.DefaultAlgorithm (SHA-512) when zero
	Env       Environment       // Test (the zero value) or Production
	Platform  Platform          // Ogone when zero; EPDQ, PostFinance, ... or a custom one
	BaseURL   string            // optional: replaces the platform's host, e.g. a simulator's URL

	// PreviousSHAOut and PreviousAlgorithm are the SHA-OUT key the
	// account used before the current one, accepted while the platform
	// changes over (see SHAOutKeys and the README's runbook). Either may
	// be set alone: the other is then the current one's.
	PreviousSHAOut    Secret
	PreviousAlgorithm shasign.Algorithm `json:",omitempty"` // zero when unset: JSON leaves it out
}

// algorithm returns the configured algorithm, SHA-512 when unset, as the
// platform recommends.
func (c Config) algorithm() shasign.Algorithm {
	if c.Algorithm == 0 {
		return shasign.DefaultAlgorithm
	}
	return c.Algorithm
}

// Endpoint returns the URL the configuration uses for purpose.
func (c Config) Endpoint(purpose Purpose) (string, error) {
	return Endpoint(c.Platform, c.Env, c.BaseURL, purpose)
}

// Validate reports every problem of the configuration at once, joined with
// errors.Join, so that a deployment is fixed in one round. It checks what
// every use needs, the hosted payment page included (PSPID and SHA-IN);
// DirectLink calls also need the API user, which ValidateDirectLink checks.
//
// Passphrases must be 16 to 32 characters, as the platform's back office
// asks, and SHA-IN must differ from SHA-OUT and from PreviousSHAOut: with one secret for both, a
// signed feedback would also be a signed request. No error ever holds a
// passphrase or the password, nor their lengths.
func (c Config) Validate() error {
	var errs []error
	switch {
	case c.PSPID == "":
		errs = append(errs, ErrMissingPSPID)
	case strings.ContainsFunc(c.PSPID, func(r rune) bool { return r <= ' ' || r == 0x7F }) || !utf8.ValidString(c.PSPID):
		errs = append(errs, ErrInvalidPSPID)
	}
	if c.SHAIn.IsZero() {
		errs = append(errs, ErrMissingSHAIn)
	} else if err := checkPassphrase("SHAIn", c.SHAIn); err != nil {
		errs = append(errs, err)
	}
	if !c.SHAOut.IsZero() {
		if err := checkPassphrase("SHAOut", c.SHAOut); err != nil {
			errs = append(errs, err)
		}
		if c.SHAOut.Equal(c.SHAIn) {
			errs = append(errs, ErrSamePassphrases)
		}
	}
	if c.Algorithm != 0 && !c.Algorithm.Valid() {
		errs = append(errs, fmt.Errorf("%w: %d", ErrInvalidAlgorithm, uint8(c.Algorithm)))
	}
	errs = append(errs, c.validatePrevious()...)
	if _, err := c.Endpoint(EndpointHostedPage); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// ValidateDirectLink is Validate plus the API user that DirectLink calls
// authenticate with.
func (c Config) ValidateDirectLink() error {
	err := c.Validate()
	if c.UserID == "" || c.Password.IsZero() {
		err = errors.Join(err, ErrMissingAPIUser)
	}
	return err
}

func checkPassphrase(field string, s Secret) error {
	if n := utf8.RuneCountInString(s.Reveal()); n < 16 || n > 32 {
		// Only the field and the bounds are shown: even the length would
		// narrow a brute-force search.
		return fmt.Errorf("%w (%s)", ErrPassphraseLength, field)
	}
	return nil
}

func (c Config) validatePrevious() []error {
	var errs []error
	if !c.PreviousSHAOut.IsZero() {
		if err := checkPassphrase("PreviousSHAOut", c.PreviousSHAOut); err != nil {
			errs = append(errs, err)
		}
		if c.PreviousSHAOut.Equal(c.SHAIn) {
			errs = append(errs, fmt.Errorf("%w (PreviousSHAOut)", ErrSamePassphrases))
		}
	}
	if c.PreviousAlgorithm != 0 && !c.PreviousAlgorithm.Valid() {
		errs = append(errs, fmt.Errorf("%w (PreviousAlgorithm): %d", ErrInvalidAlgorithm, uint8(c.PreviousAlgorithm)))
	}
	if (!c.PreviousSHAOut.IsZero() || c.PreviousAlgorithm != 0) && c.SHAOut.IsZero() {
		errs = append(errs, fmt.Errorf("%w: a previous SHA-OUT key needs a current one", ErrMissingSHAOut))
	}
	return errs
}

// SHAKey is a hash algorithm and a passphrase: what the platform signs
// with.
type SHAKey struct {
	Algorithm  shasign.Algorithm
	Passphrase Secret
}

// SHAOutKeys returns the keys that verify what the platform sends back:
// the current one (SHAOut with Algorithm, shasign.DefaultAlgorithm when
// zero), and the previous one when PreviousSHAOut or PreviousAlgorithm is
// set (nil otherwise), whose unset half is the current one's. It checks
// the Config first (Validate) and needs SHAOut (ErrMissingSHAOut).
// Verifiers built from a Config (feedback.NewVerifierFromConfig,
// alias.NewClient) use it, so a rotation is configured in one place.
func (c Config) SHAOutKeys() (current SHAKey, previous *SHAKey, err error) {
	err = c.Validate()
	if c.SHAOut.IsZero() && (c.PreviousSHAOut.IsZero() && c.PreviousAlgorithm == 0) {
		err = errors.Join(err, ErrMissingSHAOut)
	}
	if err != nil {
		return SHAKey{}, nil, err
	}
	current = SHAKey{Algorithm: c.algorithm(), Passphrase: c.SHAOut}
	if c.PreviousSHAOut.IsZero() && c.PreviousAlgorithm == 0 {
		return current, nil, nil
	}
	previous = &SHAKey{Algorithm: c.PreviousAlgorithm, Passphrase: c.PreviousSHAOut}
	if previous.Algorithm == 0 {
		previous.Algorithm = current.Algorithm
	}
	if previous.Passphrase.IsZero() {
		previous.Passphrase = current.Passphrase
	}
	return current, previous, nil
}
