package scenario

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/cacheaside/bench/internal/suggest"
)

// fieldNames returns the names a scenario file may use for t's fields, in
// declaration order, from their yaml tags (the same as the json tags).
func fieldNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// yamlUnknownField matches yaml.v3's "line 5: field worker not found in
// type scenario.Workload".
var yamlUnknownField = regexp.MustCompile(`line (\d+): field (\S+) not found in type scenario\.(\w+)`)

// unknownFieldError says which field a file named that does not exist,
// where, and the nearest valid one, in place of a Go type's name: "line 5:
// unknown field "worker" in a workload: did you mean "workers"?". kind is
// "Workload" or "Spec" ("" when unknown: both are searched). ok is false
// when msg is about something else.
func unknownFieldError(line, field, kind string) error {
	where, names := "in a workload", fieldNames(reflect.TypeFor[Workload]())
	switch kind {
	case "Spec":
		where, names = "in the scenario", fieldNames(reflect.TypeFor[Spec]())
	case "":
		where, names = "", append(fieldNames(reflect.TypeFor[Spec]()), names...)
	}
	msg := fmt.Sprintf("line %s: unknown field %q", line, field)
	if where != "" {
		msg += " " + where
	}
	if near, ok := suggest.Nearest(field, names); ok {
		return fmt.Errorf("%s: did you mean %q?", msg, near)
	}
	return fmt.Errorf("%s; the fields: %s", msg, strings.Join(names, ", "))
}

// yamlError rewrites yaml.v3's unknown-field errors (unknownFieldError);
// other errors are returned as they are.
func yamlError(err error) error {
	m := yamlUnknownField.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	return unknownFieldError(m[1], m[2], m[3])
}
