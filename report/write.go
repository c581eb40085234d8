package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// MarshalIndent renders r as indented JSON with a trailing newline.
func (r *Report) MarshalIndent() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("report: encode JSON: %w", err)
	}
	return append(b, '\n'), nil
}

// Write writes report.json and report.md into dir (created if needed), each
// atomically: a crash leaves the previous file or none, never a torn one.
// It returns the paths written.
func Write(dir string, r *Report) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	js, err := r.MarshalIndent()
	if err != nil {
		return nil, err
	}
	p := filepath.Join(dir, "report.json")
	if err := WriteFileAtomic(p, js); err != nil {
		return nil, err
	}
	md, err := WriteMarkdown(dir, r)
	if err != nil {
		return []string{p}, err
	}
	return []string{p, md}, nil
}

// WriteMarkdown renders r into dir/report.md, atomically, and returns its path.
func WriteMarkdown(dir string, r *Report) (string, error) {
	var md bytes.Buffer
	if err := Markdown(&md, r); err != nil {
		return "", err
	}
	p := filepath.Join(dir, "report.md")
	return p, WriteFileAtomic(p, md.Bytes())
}

// WriteFileAtomic writes data to a temporary file beside path, syncs it and
// renames it over path.
func WriteFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	tmp := f.Name()
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	return nil
}

// Read loads a report.json.
func Read(path string) (*Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("report: %s: %w", path, err)
	}
	return &r, nil
}
