package alias

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("entropy exhausted") }

// TestNewIDRandomFailure replaces the random source, so it must not run in
// parallel with other tests of NewID.
func TestNewIDRandomFailure(t *testing.T) {
	saved := randReader
	t.Cleanup(func() { randReader = saved })

	randReader = failingReader{}
	id, err := NewID("x-")
	assert.Empty(t, id)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "entropy exhausted")

	// A short read is a failure too, not a shorter id.
	randReader = io.LimitReader(strings.NewReader(strings.Repeat("a", 100)), 8)
	_, err = NewID("x-")
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)

	// The id encodes exactly the 16 bytes read.
	randReader = strings.NewReader(strings.Repeat("\x00", 16))
	id, err = NewID("x-")
	require.NoError(t, err)
	assert.Equal(t, "x-"+strings.Repeat("A", 26), id)
}
