package alias

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"

	"github.com/gogone/ogone/ogone"
)

// Alias is a verified card registration: the platform stored (or updated)
// a card under ID, and the shop can charge it later with Charge without
// ever seeing the card number. Verify returns it.
//
// An Alias holds no card number (only the platform's masked one) and no
// CVC. Printing, logging or marshalling it shows the masked data only:
// String, GoString, Format, LogValue and MarshalJSON leave out the holder's
// name and the expiry, which the fields still give to code that needs them.
type Alias struct {
	ID      string        // the alias: what Charge sends as ALIAS
	OrderID string        // the shop's reference for the registration
	Flavour Flavour       // the page the result came from
	Status  Status        // StatusOK or StatusUpdated
	NCError ogone.NCError // "0" or "" on success
	// Storage is what FlexCheckout reports (Alias.StorePermanently); Alias
	// Gateway does not report it, so it is StorageUnspecified there.
	Storage Storage

	Brand      string       // such as "VISA"
	CardNumber string       // masked by the platform, such as "XXXXXXXXXXXX1111"
	HolderName string       // as the customer typed it
	Expiry     ogone.Expiry // zero when not returned; redacts itself when printed
	BIN        string       // the card's first digits, when returned

	// Inputs are the platform's codes for each card field the customer
	// typed; on success they are all OK.
	Inputs InputErrors

	// PreviousKey is true when the result was signed with the Config's
	// previous SHA-OUT key (ogone.Config.PreviousSHAOut) rather than the
	// current one.
	PreviousKey bool

	// Unsigned holds the parameters the signature does not cover, under
	// their ASCII-uppercased names, nil when there is none: PARAMPLUS
	// content, or anything added to the URL on the way. Alias Gateway's
	// per-field codes are there too. Never decide anything on them.
	// String, LogValue and MarshalJSON leave them out.
	Unsigned url.Values
}

// InputErrors are the platform's NCERROR codes for each card field the
// customer typed ("0" when fine): what to show the customer when a
// registration is refused.
type InputErrors struct {
	CardNumber ogone.NCError // NCERRORCARDNO, Alias.NCErrorCardNo
	HolderName ogone.NCError // NCERRORCN, Alias.NCErrorCN
	CVC        ogone.NCError // NCERRORCVC, Alias.NCErrorCVC
	Expiry     ogone.NCError // NCERRORED, Alias.NCErrorED

	// Signed is true for FlexCheckout, whose Alias.* results are all
	// signed. Alias Gateway's NCERRORCARDNO, NCERRORCN, NCERRORCVC and
	// NCERRORED are outside the SHA-OUT list: anyone could have changed
	// them on the way. Use them as hints for the customer, never for a
	// decision.
	Signed bool
}

// OK reports whether every field's code means no error.
func (in InputErrors) OK() bool {
	return in.CardNumber.OK() && in.HolderName.OK() && in.CVC.OK() && in.Expiry.OK()
}

// Permanent reports whether FlexCheckout said the card stays stored for
// later charges (Alias.StorePermanently=Y).
func (a *Alias) Permanent() bool { return a != nil && a.Storage == StoragePermanent }

// Updated reports whether the alias existed and now holds a new card.
func (a *Alias) Updated() bool { return a != nil && a.Status == StatusUpdated }

const redacted = "[REDACTED]"

// String describes the alias with masked data only, such as
// `alias{ID: cust42-K5QW..., Brand: VISA, Card: XXXXXXXXXXXX1111, ...}`.
// It has a value receiver, like the other redacting methods, so that an
// Alias printed by value is covered too.
func (a Alias) String() string {
	var b strings.Builder
	b.WriteString("alias.Alias{ID: ")
	b.WriteString(a.ID)
	b.WriteString(", OrderID: ")
	b.WriteString(a.OrderID)
	b.WriteString(", Flavour: ")
	b.WriteString(a.Flavour.String())
	b.WriteString(", Status: ")
	b.WriteString(a.Status.String())
	if !a.NCError.OK() {
		b.WriteString(", NCError: ")
		b.WriteString(a.NCError.String())
	}
	b.WriteString(", Storage: ")
	b.WriteString(a.Storage.String())
	b.WriteString(", Brand: ")
	b.WriteString(a.Brand)
	b.WriteString(", Card: ")
	b.WriteString(a.CardNumber)
	if a.BIN != "" {
		b.WriteString(", BIN: ")
		b.WriteString(a.BIN)
	}
	if a.HolderName != "" {
		b.WriteString(", Holder: " + redacted)
	}
	if !a.Expiry.IsZero() {
		b.WriteString(", Expiry: " + redacted)
	}
	if a.PreviousKey {
		b.WriteString(", PreviousKey: true")
	}
	b.WriteString("}")
	return b.String()
}

func redactedIf(set bool) string {
	if set {
		return redacted
	}
	return ""
}

// GoString is String, so that %#v does not print the holder or expiry.
func (a Alias) GoString() string { return a.String() }

// Format prints String for every verb, so that no verb (%+v, %q, %x)
// reaches the fields by reflection.
func (a Alias) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(a.String())) }

// LogValue keeps the holder's name and the expiry out of structured logs.
func (a Alias) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("id", a.ID),
		slog.String("order_id", a.OrderID),
		slog.String("flavour", a.Flavour.String()),
		slog.Int("status", int(a.Status)),
		slog.String("nc_error", string(a.NCError)),
		slog.String("storage", a.Storage.String()),
		slog.String("brand", a.Brand),
		slog.String("card_number", a.CardNumber),
	}
	if a.BIN != "" {
		attrs = append(attrs, slog.String("bin", a.BIN))
	}
	if a.HolderName != "" {
		attrs = append(attrs, slog.String("holder_name", redacted))
	}
	if !a.Expiry.IsZero() {
		attrs = append(attrs, slog.String("expiry", redacted))
	}
	if a.PreviousKey {
		attrs = append(attrs, slog.Bool("previous_key", true))
	}
	return slog.GroupValue(attrs...)
}

// MarshalJSON writes the masked view LogValue gives. JSON leaves a program
// in logs and API responses more often than in databases; a shop that
// stores the holder's name or the expiry writes those fields itself
// (Expiry.MMYY reads the date).
func (a Alias) MarshalJSON() ([]byte, error) {
	type view struct {
		ID         string `json:"id"`
		OrderID    string `json:"order_id"`
		Flavour    string `json:"flavour"`
		Status     int    `json:"status"`
		NCError    string `json:"nc_error,omitempty"`
		Storage    string `json:"storage"`
		Brand      string `json:"brand,omitempty"`
		CardNumber string `json:"card_number,omitempty"`
		BIN        string `json:"bin,omitempty"`
		HolderName string `json:"holder_name,omitempty"`
		Expiry     string `json:"expiry,omitempty"`
	}
	return json.Marshal(view{
		ID: a.ID, OrderID: a.OrderID, Flavour: a.Flavour.String(), Status: int(a.Status),
		NCError: string(a.NCError), Storage: a.Storage.String(), Brand: a.Brand,
		CardNumber: a.CardNumber, BIN: a.BIN,
		HolderName: redactedIf(a.HolderName != ""), Expiry: redactedIf(!a.Expiry.IsZero()),
	})
}

// Error is a verified result that stored no card: refused (errors.Is
// ErrRefused) or cancelled by the customer (errors.Is ErrCancelled). It
// carries the codes to show the customer what to correct, and the shop's
// own references, but no card data; its message holds codes only.
type Error struct {
	Flavour Flavour
	Status  Status        // StatusRefused or StatusCancelled
	NCError ogone.NCError // the overall code, such as 50001111 (data validation)
	Inputs  InputErrors   // the code of each card field
	OrderID string        // the shop's reference, to find the customer's session
	AliasID string        // the alias the shop asked for, when the result names it
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("alias: ")
	b.WriteString(e.Flavour.String())
	b.WriteString(": ")
	b.WriteString(e.Status.Meaning())
	b.WriteString(" (status ")
	b.WriteString(strconv.Itoa(int(e.Status)))
	b.WriteString(")")
	if !e.NCError.OK() {
		b.WriteString(": ")
		b.WriteString(e.NCError.String())
	}
	unsigned := ""
	if !e.Inputs.Signed {
		unsigned = " (unsigned)"
	}
	for _, f := range []struct {
		name string
		code ogone.NCError
	}{
		{"card number", e.Inputs.CardNumber},
		{"holder name", e.Inputs.HolderName},
		{"CVC", e.Inputs.CVC},
		{"expiry", e.Inputs.Expiry},
	} {
		if !f.code.OK() {
			b.WriteString("; ")
			b.WriteString(f.name)
			b.WriteString(unsigned)
			b.WriteString(": ")
			b.WriteString(f.code.String())
		}
	}
	return b.String()
}

// Is matches ErrRefused or ErrCancelled, by Status.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrRefused:
		return e.Status == StatusRefused
	case ErrCancelled:
		return e.Status == StatusCancelled
	}
	return false
}
