package alias

import (
	"strconv"
)

// Status is the outcome of a card registration, as Alias Gateway (STATUS)
// and FlexCheckout (Alias.Status) report it. It is not an ogone.Status: the
// same digits mean other things for payments.
type Status uint8

// Registration statuses.
const (
	// StatusOK: the card is stored under a new alias.
	StatusOK Status = 0
	// StatusRefused (NOK): nothing was stored; NCError and the per-field
	// codes say what was wrong with the card data.
	StatusRefused Status = 1
	// StatusUpdated: the alias existed and now holds the card just typed.
	StatusUpdated Status = 2
	// StatusCancelled: the customer left FlexCheckout without saving a
	// card. Alias Gateway never reports it.
	StatusCancelled Status = 3
)

// parseStatus reads a status, allowing 3 only from FlexCheckout.
func parseStatus(s string, f Flavour) (Status, error) {
	if len(s) == 1 && s[0] >= '0' && s[0] <= '3' {
		st := Status(s[0] - '0')
		if st == StatusCancelled && f != FlexCheckout {
			return 0, errRegistrationStatus
		}
		return st, nil
	}
	return 0, errRegistrationStatus
}

var statusNames = [...]string{
	StatusOK:        "alias created",
	StatusRefused:   "card refused",
	StatusUpdated:   "alias updated",
	StatusCancelled: "cancelled by the customer",
}

// Meaning describes the status in a few words, "alias created".
func (s Status) Meaning() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown status"
}

// String gives the code and its meaning, "0 alias created".
func (s Status) String() string { return strconv.Itoa(int(s)) + " " + s.Meaning() }

// Stored reports whether the platform now holds the card under the alias:
// StatusOK and StatusUpdated.
func (s Status) Stored() bool { return s == StatusOK || s == StatusUpdated }

// Storage says how long the platform keeps a card: on a request, what the
// shop asks for (ALIAS.STOREPERMANENTLY on FlexCheckout,
// ALIASPERSISTEDAFTERUSE on Alias Gateway); on a result, what FlexCheckout
// reports.
type Storage uint8

const (
	// StorageUnspecified is the zero value. On a request the parameter is
	// left out and the platform decides (it keeps the card unless told
	// "N"). On a result it means the platform did not say,
	// which is always the case with Alias Gateway: the shop knows what it
	// asked for.
	StorageUnspecified Storage = iota
	// StoragePermanent ("Y"): the card stays until the shop deletes the
	// alias, for later charges such as subscriptions or one-click checkout.
	StoragePermanent
	// StorageTemporary ("N"): the platform deletes the alias after its
	// first use or after a short while: for a customer who pays now and
	// did not ask to save the card.
	StorageTemporary
)

// String gives "permanent", "temporary" or "unspecified".
func (s Storage) String() string {
	switch s {
	case StorageUnspecified:
		return "unspecified"
	case StoragePermanent:
		return "permanent"
	case StorageTemporary:
		return "temporary"
	}
	return "Storage(" + strconv.Itoa(int(s)) + ")"
}

// yn is the wire value, "" for StorageUnspecified.
func (s Storage) yn() string {
	switch s {
	case StoragePermanent:
		return "Y"
	case StorageTemporary:
		return "N"
	}
	return ""
}

func (s Storage) valid() bool { return s <= StorageTemporary }

// Flavour is the tokenization page a result came from.
type Flavour uint8

const (
	// FlexCheckout is the hosted tokenization page,
	// /Tokenization/HostedPage, with dotted parameter names.
	FlexCheckout Flavour = iota + 1
	// AliasGateway is the legacy alias_gateway_utf8.asp.
	AliasGateway
)

// String gives "FlexCheckout" or "Alias Gateway".
func (f Flavour) String() string {
	switch f {
	case FlexCheckout:
		return "FlexCheckout"
	case AliasGateway:
		return "Alias Gateway"
	}
	return "Flavour(" + strconv.Itoa(int(f)) + ")"
}
