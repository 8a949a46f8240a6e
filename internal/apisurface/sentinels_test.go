package apisurface

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// libraries are the packages whose sentinels are checked, with the file
// that holds them ("" when the package keeps them beside its code).
var libraries = []struct{ pkg, file string }{
	{"shasign", ""},
	{"ogone", "errors.go"},
	{"feedback", "errors.go"},
	{"alias", "errors.go"},
}

// sentinel is one exported Err* variable as declared.
type sentinel struct {
	pkg, name, file string
	block           *ast.GenDecl
	value           ast.Expr
}

func parseSentinels(t *testing.T, pkg string) []sentinel {
	t.Helper()
	fset := token.NewFileSet()
	dir := filepath.Join("..", "..", pkg)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []sentinel
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !n.IsExported() || !strings.HasPrefix(n.Name, "Err") || i >= len(vs.Values) {
						continue
					}
					out = append(out, sentinel{pkg, n.Name, name, g, vs.Values[i]})
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: no sentinels found", pkg)
	}
	return out
}

// message returns the literal message of errors.New("...") or the format
// of fmt.Errorf("...", ...), and whether value is one of them (rather than
// another package's sentinel under a second name).
func message(t *testing.T, value ast.Expr) (string, bool) {
	call, ok := value.(*ast.CallExpr)
	if !ok {
		return "", false
	}
	fn, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 {
		return "", false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		t.Fatalf("%s.%s with a message that is not a literal", fn.X, fn.Sel)
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		t.Fatal(err)
	}
	return s, true
}

// TestSentinelsInOneBlock: each package declares its sentinels in one var
// block with a doc comment (in errors.go where it has one), and every
// message the package writes starts with "<package>: ". A sentinel made by
// wrapping another with fmt.Errorf("%w...") takes its prefix from it.
func TestSentinelsInOneBlock(t *testing.T) {
	for _, lib := range libraries {
		all := parseSentinels(t, lib.pkg)
		ref := all[0]
		for _, s := range all {
			if s.file == lib.file {
				ref = s
				break
			}
		}
		for _, s := range all {
			if s.block != ref.block {
				t.Errorf("%s.%s is declared in %s outside the package's sentinel block in %s", s.pkg, s.name, s.file, ref.file)
			}
			if lib.file != "" && s.file != lib.file {
				t.Errorf("%s.%s is declared in %s, want %s", s.pkg, s.name, s.file, lib.file)
			}
			msg, own := message(t, s.value)
			if own && !strings.HasPrefix(msg, lib.pkg+": ") && !strings.HasPrefix(msg, "%w") {
				t.Errorf("%s.%s = %q: want the prefix %q", s.pkg, s.name, msg, lib.pkg+": ")
			}
		}
		if ref.block.Doc == nil {
			t.Errorf("%s: the sentinel block has no doc comment", lib.pkg)
		}
	}
}

// TestSentinelNamesDefinedOnce: a name that two packages export is one
// value (the second package's is the first's, `ErrX = ogone.ErrX`), so
// errors.Is gives the same answer whichever a caller wrote. The exception
// is listed with its reason.
func TestSentinelNamesDefinedOnce(t *testing.T) {
	allowed := map[string]string{
		// feedback's names the refused AMOUNT parameter and wraps
		// ParseAmount's own error, ogone.ErrInvalidAmount or
		// ogone.ErrAmountPrecision, so that one errors.Is covers both.
		"ErrInvalidAmount": "feedback",
	}
	defined := map[string]string{}
	for _, lib := range libraries {
		for _, s := range parseSentinels(t, lib.pkg) {
			if _, own := message(t, s.value); !own {
				continue
			}
			if first, dup := defined[s.name]; dup && allowed[s.name] != s.pkg && allowed[s.name] != first {
				t.Errorf("%s is defined in %s and again in %s: make one the other's", s.name, first, s.pkg)
			}
			defined[s.name] = s.pkg
		}
	}
}
