package strictyaml

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"
	"unicode/utf8"
)

// MaxFileSize is the most a YAML file (a table or a scenario) may hold: 16 MiB.
// The largest shipped table is a few kilobytes.
const MaxFileSize = 16 << 20

// ErrTooLarge is returned (wrapped) by ReadAll when the input holds more than
// MaxFileSize bytes.
var ErrTooLarge = errors.New("larger than 16 MiB")

// ReadAll reads r to its end, or at most MaxFileSize bytes: a longer input is
// ErrTooLarge and is not read further.
func ReadAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("file %w", ErrTooLarge)
	}
	return data, nil
}

// MaxQuoted is the most bytes of a file's text an error quotes: an offending
// scalar longer than this is cut (on a character boundary) and marked "…".
const MaxQuoted = 64

// Clip returns s cut to at most MaxQuoted bytes on a UTF-8 boundary, with "…"
// appended when it was cut. Errors quote file text only through Clip (and
// %q, which escapes it).
func Clip(s string) string {
	if len(s) <= MaxQuoted {
		return s
	}
	i := MaxQuoted
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// ErrNotRegular is returned (wrapped) by OpenFile and OpenIn for a device, a
// FIFO, a socket or a folder.
var ErrNotRegular = errors.New("not a regular file")

// ErrOutside is returned (wrapped) by OpenIn for a name that is absolute or
// leads out of the folder.
var ErrOutside = errors.New("outside the scenario's folder (files named in a scenario must be inside its folder)")

// OpenFile opens the regular file at p for reading. A device, FIFO or socket
// is refused before anything is read from it (a FIFO is opened without
// waiting for a writer).
func OpenFile(p string) (*os.File, error) {
	if fi, err := os.Stat(p); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", p, ErrNotRegular)
	}
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	return checkRegular(f, p)
}

// OpenIn opens the regular file name (slash-separated, relative) inside
// root. Absolute names, names leading out of root by ".." or by a symbolic
// link, and files that are not regular are refused before anything is read.
func OpenIn(root *os.Root, name string) (*os.File, error) {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return nil, fmt.Errorf("%w", ErrOutside)
	}
	local := filepath.FromSlash(path.Clean(name))
	fi, err := root.Stat(local)
	if err != nil {
		return nil, openErr(root, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w", ErrNotRegular)
	}
	f, err := root.OpenFile(local, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, openErr(root, err)
	}
	return checkRegular(f, name)
}

// openErr keeps the reason of a failed open and drops the path (the caller
// names the file). os.Root does not export its error for a path that escapes
// (a symbolic link out of the folder), so it is taken from a ".." lookup.
func openErr(root *os.Root, err error) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return err
	}
	var esc *fs.PathError
	if _, e := root.Stat(".."); errors.As(e, &esc) && esc.Err == pe.Err {
		return fmt.Errorf("%w", ErrOutside)
	}
	return pe.Err
}

func checkRegular(f *os.File, name string) (*os.File, error) {
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%w", ErrNotRegular)
	}
	return f, nil
}
