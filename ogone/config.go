package ogone

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Configuration errors, for errors.Is on what Config.Validate returns.
var (
	ErrMissingPSPID       = errors.New("ogone: PSPID is missing")
	ErrMissingSHAIn       = errors.New("ogone: SHA-IN passphrase is missing")
	ErrSamePassphrases    = errors.New("ogone: SHA-IN and SHA-OUT passphrases must differ")
	ErrPassphraseLength   = errors.New("ogone: passphrase must be 16 to 32 characters")
	ErrMissingAPIUser     = errors.New("ogone: DirectLink needs UserID and Password (the API user)")
	ErrInvalidAlgorithm   = errors.New("ogone: unknown hash algorithm")
	ErrInvalidEnvironment = errors.New("ogone: unknown environment")
)

// Validate reports every problem of the configuration at once, joined with
// errors.Join. It checks what every use needs; DirectLink calls also need
// the API user, which ValidateDirectLink checks.
//
// Passphrases must be 16 to 32 characters, as the platform's back office
// asks, and SHA-IN must differ from SHA-OUT: with one secret for both, a
// signed feedback would also be a signed request.
func (c Config) Validate() error {
	var errs []error
	if c.PSPID == "" {
		errs = append(errs, ErrMissingPSPID)
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
		if c.SHAOut == c.SHAIn {
			errs = append(errs, ErrSamePassphrases)
		}
	}
	if c.Algorithm != 0 && !c.Algorithm.Valid() {
		errs = append(errs, fmt.Errorf("%w: %d", ErrInvalidAlgorithm, uint8(c.Algorithm)))
	}
	if c.Env != Test && c.Env != Production {
		errs = append(errs, fmt.Errorf("%w: %d", ErrInvalidEnvironment, uint8(c.Env)))
	} else if _, err := c.Endpoint(EndpointHostedPage); err != nil {
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
		// The length is not the secret; still, only the bounds are shown.
		return fmt.Errorf("%w (%s)", ErrPassphraseLength, field)
	}
	return nil
}
