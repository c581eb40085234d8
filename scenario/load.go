package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Load returns the scenario named by ref: a built-in name, or a path to a
// YAML (.yaml, .yml) or JSON (.json) file. Unknown fields in files are
// errors that name the file, the line and the nearest valid field. Errors about ref itself are
// *FieldError on "--scenario".
func Load(ref string) (Spec, error) {
	if s, ok := Builtin(ref); ok {
		return s, nil
	}
	ext := strings.ToLower(filepath.Ext(ref))
	if ext != ".yaml" && ext != ".yml" && ext != ".json" {
		names := make([]string, 0, len(builtins))
		for _, b := range builtins {
			names = append(names, b.Name)
		}
		return Spec{}, fieldErr("--scenario", "%q is neither a built-in scenario (%s) nor a .yaml, .yml or .json file", ref, strings.Join(names, ", "))
	}
	data, err := os.ReadFile(ref)
	if err != nil {
		return Spec{}, fieldErr("--scenario", "cannot read %s: %v", ref, errors.Unwrap(err))
	}
	s, err := Parse(data, ext == ".json")
	if err != nil {
		return Spec{}, fieldErr("--scenario", "%s: %v", ref, err)
	}
	if s.Name == "" {
		s.Name = strings.TrimSuffix(filepath.Base(ref), filepath.Ext(ref))
	}
	return s, nil
}

// Parse decodes a scenario file's contents, YAML or JSON, refusing unknown
// fields. YAML errors carry their line number.
func Parse(data []byte, isJSON bool) (Spec, error) {
	var s Spec
	if isJSON {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			return Spec{}, jsonError(data, dec, err)
		}
		var extra json.RawMessage
		if err := dec.Decode(&extra); err != io.EOF {
			line := 1 + bytes.Count(data[:dec.InputOffset()], []byte("\n"))
			return Spec{}, fmt.Errorf("line %d: unexpected data after the scenario object", line)
		}
		return s, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil && err != io.EOF {
		return Spec{}, yamlError(err)
	}
	return s, nil
}

// jsonError adds the line number to a JSON decoding error.
func jsonError(data []byte, dec *json.Decoder, err error) error {
	off := dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		off = te.Offset
	}
	// encoding/json gives no offset for an unknown field: find the field.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if name, err := strconv.Unquote(name); err == nil {
			re := regexp.MustCompile(`"` + regexp.QuoteMeta(name) + `"\s*:`)
			if loc := re.FindIndex(data); loc != nil {
				off = int64(loc[0])
			}
		}
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if name, uerr := strconv.Unquote(name); uerr == nil {
			return unknownFieldError(strconv.Itoa(line), name, "")
		}
	}
	return fmt.Errorf("line %d: %v", line, err)
}
