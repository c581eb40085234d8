package report

import (
	"fmt"
	"strconv"
	"strings"
)

// describeWorkload says in one line what a workload of the resolved
// scenario ran, flags included: "naive, 16 workers in a closed loop,
// zipf:0.99 over 10000 keys, values 128-512 B, TTL 30s with 10% jitter, 20%
// of operations invalidate (delete), source lognormal:5ms:0.5". Fields the
// saved spec lacks are left out.
func describeWorkload(w map[string]any) string {
	str := func(k string) string {
		if v, ok := w[k]; ok && v != nil {
			if s := jsonValue(v); s != "–" && s != "" {
				return s
			}
		}
		return ""
	}
	num := func(k string) (float64, bool) {
		f, ok := w[k].(float64)
		return f, ok
	}
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	if s := str("strategy"); s != "" {
		add("%s", s)
	}
	if n, ok := num("workers"); ok {
		loop := "in a closed loop"
		if r, ok := num("rate"); ok && r > 0 {
			loop = fmt.Sprintf("at %s ops/s (%s arrivals)", Num(r, 0), orDash(str("arrival")))
		}
		add("%s workers %s", Num(n, 0), loop)
	}
	if k := str("keys"); k != "" {
		if d := str("key_dist"); d != "" {
			add("%s over %s keys", d, k)
		} else {
			add("%s keys", k)
		}
	}
	if v := str("value_size"); v != "" {
		add("values %s B", v)
	}
	if ttl := str("ttl"); ttl != "" {
		s := "TTL " + ttl
		if j, ok := num("ttl_jitter"); ok && j > 0 {
			s += " with " + Pct(j, 0) + " jitter"
		}
		add("%s", s)
	}
	if r, ok := num("invalidate_rate"); ok {
		if r > 0 {
			add("%s%% of operations invalidate (%s)", strconv.FormatFloat(100*r, 'f', -1, 64), orDash(str("invalidate_mode")))
		} else {
			add("no invalidation")
		}
	}
	if s := str("source_latency"); s != "" {
		add("source %s", s)
	}
	return strings.Join(parts, ", ")
}

// scenarioDescription writes what the scenario ran, from the resolved spec
// (flags included), one line per workload, then the scenario's own
// description, which states its defaults.
func scenarioDescription(b *strings.Builder, sc scenarioView) {
	if len(sc.Workloads) == 1 {
		fmt.Fprintf(b, "As run: %s.\n\n", describeWorkload(sc.Workloads[0]))
	} else if len(sc.Workloads) > 1 {
		b.WriteString("As run:\n\n")
		for _, w := range sc.Workloads {
			fmt.Fprintf(b, "- %s: %s\n", Code(jsonValue(w["name"])), describeWorkload(w))
		}
		b.WriteString("\n")
	}
	if sc.Description != "" {
		fmt.Fprintf(b, "The scenario's description, with its defaults (flags may override them; the table below is what ran): %s\n\n", sc.Description)
	}
}
