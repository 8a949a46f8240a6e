package ogone_test

import (
	"bytes"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"strings"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Distinctive secrets, so that a leak in any output is found by a plain
// substring search.
const (
	cfgPassword = "PSWD-leak-canary-0001"
	cfgSHAIn    = "SHAIN-leak-canary-0002"
	cfgSHAOut   = "SHAOUT-leak-canary-0003"
)

func validConfig() ogone.Config {
	return ogone.Config{
		PSPID:     "MyPSPID",
		UserID:    "apiuser",
		Password:  ogone.NewSecret(cfgPassword),
		SHAIn:     ogone.NewSecret(cfgSHAIn),
		SHAOut:    ogone.NewSecret(cfgSHAOut),
		Algorithm: shasign.SHA512,
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*ogone.Config)
		want []error // every one must be in the joined error; none means valid
	}{
		{"valid", nil, nil},
		{"valid without SHA-OUT and API user", func(c *ogone.Config) { c.SHAOut, c.UserID, c.Password = ogone.Secret{}, "", ogone.Secret{} }, nil},
		{"zero algorithm means SHA-512", func(c *ogone.Config) { c.Algorithm = 0 }, nil},
		{"production", func(c *ogone.Config) { c.Env = ogone.Production }, nil},
		{"another platform", func(c *ogone.Config) { c.Platform = ogone.PostFinance }, nil},
		{"simulator", func(c *ogone.Config) { c.BaseURL = "http://127.0.0.1:8080" }, nil},
		{"passphrase of 16", func(c *ogone.Config) { c.SHAIn = ogone.NewSecret(strings.Repeat("a", 16)) }, nil},
		{"passphrase of 32", func(c *ogone.Config) { c.SHAIn = ogone.NewSecret(strings.Repeat("a", 32)) }, nil},
		{"passphrase counts characters, not bytes", func(c *ogone.Config) { c.SHAIn = ogone.NewSecret(strings.Repeat("é", 32)) }, nil},
		{"missing PSPID", func(c *ogone.Config) { c.PSPID = "" }, []error{ogone.ErrMissingPSPID}},
		{"PSPID with a trailing newline", func(c *ogone.Config) { c.PSPID = "MyPSPID\n" }, []error{ogone.ErrInvalidPSPID}},
		{"PSPID with a space", func(c *ogone.Config) { c.PSPID = "My PSPID" }, []error{ogone.ErrInvalidPSPID}},
		{"missing SHA-IN", func(c *ogone.Config) { c.SHAIn = ogone.Secret{} }, []error{ogone.ErrMissingSHAIn}},
		{"SHA-IN of 15", func(c *ogone.Config) { c.SHAIn = ogone.NewSecret(strings.Repeat("a", 15)) }, []error{ogone.ErrPassphraseLength}},
		{"SHA-IN of 33", func(c *ogone.Config) { c.SHAIn = ogone.NewSecret(strings.Repeat("a", 33)) }, []error{ogone.ErrPassphraseLength}},
		{"SHA-OUT of 15", func(c *ogone.Config) { c.SHAOut = ogone.NewSecret(strings.Repeat("b", 15)) }, []error{ogone.ErrPassphraseLength}},
		{"SHA-OUT of 33", func(c *ogone.Config) { c.SHAOut = ogone.NewSecret(strings.Repeat("b", 33)) }, []error{ogone.ErrPassphraseLength}},
		{"same passphrases", func(c *ogone.Config) { c.SHAOut = c.SHAIn }, []error{ogone.ErrSamePassphrases}},
		{"unknown algorithm", func(c *ogone.Config) { c.Algorithm = 9 }, []error{ogone.ErrInvalidAlgorithm}},
		{"unknown environment", func(c *ogone.Config) { c.Env = 7 }, []error{ogone.ErrInvalidEnvironment}},
		{"relative BaseURL", func(c *ogone.Config) { c.BaseURL = "localhost:8080" }, []error{ogone.ErrInvalidBaseURL}},
		{"platform without hosts", func(c *ogone.Config) { c.Platform = ogone.Platform{Name: "white label"} }, []error{ogone.ErrInvalidPlatform}},
		{
			"everything at once",
			func(c *ogone.Config) {
				*c = ogone.Config{SHAOut: ogone.NewSecret("short"), Algorithm: 9, Env: 7}
			},
			[]error{ogone.ErrMissingPSPID, ogone.ErrMissingSHAIn, ogone.ErrPassphraseLength, ogone.ErrInvalidAlgorithm, ogone.ErrInvalidEnvironment},
		},
		{
			"short and equal",
			func(c *ogone.Config) { c.SHAIn, c.SHAOut = ogone.NewSecret("short"), ogone.NewSecret("short") },
			[]error{ogone.ErrPassphraseLength, ogone.ErrPassphraseLength, ogone.ErrSamePassphrases},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := validConfig()
			if tt.edit != nil {
				tt.edit(&cfg)
			}
			err := cfg.Validate()
			if len(tt.want) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tt.want {
				assert.ErrorIs(t, err, w)
			}
			// One line per problem: errors.Join reports them all.
			assert.Len(t, strings.Split(err.Error(), "\n"), len(tt.want), err.Error())
			assertNoSecret(t, err.Error(), cfg.SHAIn.Reveal(), cfg.SHAOut.Reveal(), cfg.Password.Reveal())
		})
	}
}

func TestConfigValidatePassphraseErrorNamesTheField(t *testing.T) {
	cfg := validConfig()
	cfg.SHAOut = ogone.NewSecret("too-short")
	err := cfg.Validate()
	require.ErrorIs(t, err, ogone.ErrPassphraseLength)
	assert.Contains(t, err.Error(), "SHAOut")
	assert.NotContains(t, err.Error(), "SHAIn")
	assert.NotContains(t, err.Error(), "9", "not even the length is shown")
}

func TestConfigValidateDirectLink(t *testing.T) {
	cfg := validConfig()
	require.NoError(t, cfg.ValidateDirectLink())

	for _, edit := range []func(*ogone.Config){
		func(c *ogone.Config) { c.UserID = "" },
		func(c *ogone.Config) { c.Password = ogone.Secret{} },
		func(c *ogone.Config) { c.UserID, c.Password = "", ogone.Secret{} },
	} {
		c := validConfig()
		edit(&c)
		require.NoError(t, c.Validate(), "the hosted page does not need the API user")
		err := c.ValidateDirectLink()
		require.ErrorIs(t, err, ogone.ErrMissingAPIUser)
		assert.NotErrorIs(t, err, ogone.ErrMissingPSPID)
	}

	// Both kinds of problem at once.
	c := validConfig()
	c.PSPID, c.Password = "", ogone.Secret{}
	err := c.ValidateDirectLink()
	assert.ErrorIs(t, err, ogone.ErrMissingPSPID)
	assert.ErrorIs(t, err, ogone.ErrMissingAPIUser)
}

func TestConfigEndpoint(t *testing.T) {
	cfg := validConfig()
	got, err := cfg.Endpoint(ogone.EndpointHostedPage)
	require.NoError(t, err)
	assert.Equal(t, "https://ogone.test.v-psp.com/ncol/test/orderstandard_utf8.asp", got)

	cfg.Env, cfg.Platform = ogone.Production, ogone.EPDQ
	got, err = cfg.Endpoint(ogone.EndpointMaintenance)
	require.NoError(t, err)
	assert.Equal(t, "https://payments.epdq.co.uk/ncol/prod/maintenancedirect.asp", got)
}

func TestNewClientRefusesAnInvalidConfig(t *testing.T) {
	cfg := validConfig()
	cfg.SHAIn = ogone.NewSecret("short-leak")
	c, err := ogone.NewClient(cfg)
	require.ErrorIs(t, err, ogone.ErrPassphraseLength)
	assert.Nil(t, c)
	assertNoSecret(t, err.Error(), "short-leak")
}

// TestSecretsNeverLeak prints, marshals and logs a configuration and a
// client every way a program might, and looks for the secrets in the
// output, as they are and hex-encoded.
func TestSecretsNeverLeak(t *testing.T) {
	cfg := validConfig()
	client, err := ogone.NewClient(cfg)
	require.NoError(t, err)

	subjects := map[string]any{
		"Config":   cfg,
		"*Config":  &cfg,
		"Client":   *client,
		"*Client":  client,
		"[]Config": []ogone.Config{cfg},
		"map":      map[string]ogone.Config{"shop": cfg},
		"embedded": struct {
			Name string
			Cfg  ogone.Config
		}{"shop", cfg},
		"Config()": client.Config(),
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%20v", "%-8s", "%.40v", "%t", "%e", "%U", "%c", "%o", "%b"}

	for name, subject := range subjects {
		t.Run(name, func(t *testing.T) {
			outputs := map[string]string{}
			for _, verb := range verbs {
				outputs["fmt "+verb] = fmt.Sprintf(verb, subject)
			}
			outputs["Sprint"] = fmt.Sprint(subject) + fmt.Sprintln(subject)
			outputs["Errorf"] = fmt.Errorf("wrapped: %v", subject).Error()
			if b, err := json.Marshal(subject); err == nil {
				outputs["json"] = string(b)
			}
			if b, err := json.MarshalIndent(subject, "", " "); err == nil {
				outputs["json indent"] = string(b)
			}
			if b, err := xml.Marshal(subject); err == nil {
				outputs["xml"] = string(b)
			}
			var g bytes.Buffer
			if err := gob.NewEncoder(&g).Encode(subject); err == nil {
				outputs["gob"] = g.String()
			}
			var logs bytes.Buffer
			slog.New(slog.NewJSONHandler(&logs, nil)).Info("m", "subject", subject)
			outputs["slog JSON"] = logs.String()
			logs.Reset()
			slog.New(slog.NewJSONHandler(&logs, nil)).Info("m", slog.Any("subject", subject), slog.Group("g", "s", subject))
			outputs["slog JSON Any"] = logs.String()
			logs.Reset()
			slog.New(slog.NewTextHandler(&logs, nil)).Info("m", "subject", subject)
			outputs["slog text"] = logs.String()
			logs.Reset()
			log.New(&logs, "", 0).Printf("%+v", subject)
			outputs["log"] = logs.String()

			for how, out := range outputs {
				assertNoSecretIn(t, how, out, cfgPassword, cfgSHAIn, cfgSHAOut)
			}
			if name == "Config" || name == "*Config" {
				for _, how := range []string{"fmt %v", "fmt %#v", "json", "slog JSON", "slog text", "gob"} {
					assert.Contains(t, outputs[how], "[REDACTED]", "%s: the secrets show as redacted, not as missing", how)
				}
			}
		})
	}
}

// TestValidationErrorsNeverLeak checks that no error about a passphrase
// holds it.
func TestValidationErrorsNeverLeak(t *testing.T) {
	cfg := ogone.Config{PSPID: "x", SHAIn: ogone.NewSecret("SHAIN-canary"), SHAOut: ogone.NewSecret("SHAIN-canary"), Password: ogone.NewSecret("PSWD-canary")}
	err := errors.Join(cfg.Validate(), cfg.ValidateDirectLink())
	require.Error(t, err)
	_, nerr := ogone.NewClient(cfg)
	require.Error(t, nerr)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		assertNoSecret(t, fmt.Sprintf(verb, err)+fmt.Sprintf(verb, nerr), "SHAIN-canary", "PSWD-canary")
	}
}

// assertNoSecret fails if out holds any of the secrets, as they are or in
// hex.
func assertNoSecret(t *testing.T, out string, secrets ...string) {
	t.Helper()
	assertNoSecretIn(t, "output", out, secrets...)
}

// assertNoSecretIn is assertNoSecret that says which output leaked, without
// printing the output (it holds the secret).
func assertNoSecretIn(t *testing.T, how, out string, secrets ...string) {
	t.Helper()
	lower := strings.ToLower(out)
	for i, s := range secrets {
		if s == "" {
			continue
		}
		assert.False(t, strings.Contains(out, s), "%s leaks secret #%d", how, i)
		assert.False(t, strings.Contains(lower, hex.EncodeToString([]byte(s))), "%s leaks secret #%d in hex", how, i)
	}
}

func TestClientDescribesItselfWithoutSecrets(t *testing.T) {
	client, err := ogone.NewClient(validConfig())
	require.NoError(t, err)
	want := "ogone.Client{PSPID: MyPSPID, UserID: apiuser, Platform: Ogone, Env: test, secrets: [REDACTED]}"
	assert.Equal(t, want, client.String())
	assert.Equal(t, want, fmt.Sprintf("%+v", client))
	assert.Equal(t, want, fmt.Sprintf("%#v", *client))
	assert.Equal(t, "<nil>", fmt.Sprint((*ogone.Client)(nil)))

	cfg := validConfig()
	cfg.Platform, cfg.Env = ogone.Viveum, ogone.Production
	client, err = ogone.NewClient(cfg)
	require.NoError(t, err)
	assert.Contains(t, client.String(), "Platform: Viveum, Env: prod")
}
