package report

import (
	"fmt"
	"strings"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// A layout is everything rendered beside report.json, planned from a Report
// alone: the names of the plots and .hgrm files and the decoded histograms
// they are drawn from. Markdown and the file writers share one layout, so
// report.md links exactly the files written.
type layout struct {
	targets []targetLayout
	// compare holds, when there are several targets, one entry per
	// workload name in order of first appearance.
	compare []compareLayout
	// notes are problems met while planning (an undecodable histogram).
	notes []string
	// capacity is the latency–throughput curve of the capacity searches,
	// "" when there is none.
	capacity string
}

// targetLayout holds the files of one target, by workload index.
type targetLayout struct {
	workloads []workloadLayout
	// capacity is the curve drawing this target's capacity steps, "" when
	// it has none.
	capacity string
}

// workloadLayout holds the files of one workload on one target.
type workloadLayout struct {
	hists      []histFile // in display order
	spectrum   string     // file name, "" when there is no latency histogram
	timeseries string     // file name, "" when there are no points
}

// histFile is one decoded histogram and the .hgrm file it is written to.
type histFile struct {
	metric string
	file   string
	// scale divides recorded values for display: 1e6 for latencies (ns to
	// ms), 1 for plain values.
	scale   float64
	latency bool
	h       *hdrhistogram.Histogram
}

// compareLayout is one workload compared across targets.
type compareLayout struct {
	name string
	// at[i] is the index of the workload in target i, -1 when absent.
	at         []int
	spectrum   string
	timeseries string
}

// Scales of the .hgrm files and plots.
const (
	scaleMs    = 1e6 // latency histograms hold nanoseconds
	scaleValue = 1.0 // value histograms hold plain counts
)

// latencyOrder is the order latency rows and plot lines appear in; others
// follow sorted.
var latencyOrder = []string{"read", "hit", "miss", "write", "service", "lag",
	"redis_get", "redis_set", "redis_del", "source", "lease_wait"}

// newLayout plans the files of r. It is deterministic: the same report gives
// the same names in the same order.
func newLayout(r *Report) *layout {
	l := &layout{}
	names := fileNames{used: map[string]bool{"report.json": true, "report.md": true}}
	if capacityChart(r) != nil {
		l.capacity = names.take("capacity.svg")
	}
	for ti := range r.Targets {
		t := &r.Targets[ti]
		tl := targetLayout{workloads: make([]workloadLayout, len(t.Workloads))}
		if t.Capacity != nil && len(capacityPoints(t.Capacity.Steps)) > 0 {
			tl.capacity = l.capacity
		}
		for wi := range t.Workloads {
			w := &t.Workloads[wi]
			wl := &tl.workloads[wi]
			base := safeName(t.Name) + "." + safeName(w.Name)
			for _, hs := range workloadHistograms(w) {
				h, err := decodeHDR(hs.hdr)
				if err != nil {
					l.notes = append(l.notes, fmt.Sprintf("target %s, workload %s: histogram %s could not be decoded (%v); its plot line and .hgrm file are left out", t.Name, w.Name, hs.metric, err))
					continue
				}
				if h == nil {
					continue
				}
				wl.hists = append(wl.hists, histFile{
					metric: hs.metric, scale: hs.scale, latency: hs.latency, h: h,
					file: names.take(base + "." + safeName(hs.metric) + ".hgrm"),
				})
			}
			if len(wl.latencyHists()) > 0 {
				wl.spectrum = names.take("spectrum." + base + ".svg")
			}
			if len(w.Timeseries) > 0 {
				wl.timeseries = names.take("timeseries." + base + ".svg")
			}
		}
		l.targets = append(l.targets, tl)
	}
	if len(r.Targets) > 1 {
		l.compare = compareWorkloads(r)
		for i := range l.compare {
			c := &l.compare[i]
			base := safeName(c.name)
			if l.hasCompareSpectrum(c) {
				c.spectrum = names.take("spectrum." + base + ".svg")
			}
			for ti, wi := range c.at {
				if wi >= 0 && len(r.Targets[ti].Workloads[wi].Timeseries) > 0 {
					c.timeseries = names.take("timeseries." + base + ".svg")
					break
				}
			}
		}
	}
	return l
}

// latencyHists returns the workload's latency histograms, in display order.
func (wl *workloadLayout) latencyHists() []histFile {
	var out []histFile
	for _, h := range wl.hists {
		if h.latency {
			out = append(out, h)
		}
	}
	return out
}

// hist returns the decoded histogram of metric, nil when there is none.
func (wl *workloadLayout) hist(metric string) *hdrhistogram.Histogram {
	for _, h := range wl.hists {
		if h.metric == metric {
			return h.h
		}
	}
	return nil
}

// compareMetric is the latency whose presence gives a workload of several
// targets its overlay of spectra.
const compareMetric = "read"

// compareMetrics are the latencies the overlay draws, a panel each, where
// measured: read (mostly source time on misses) alone hides what the
// deployment changes, such as the hit latency that appendfsync always
// makes several times worse.
var compareMetrics = []string{"read", "hit", "redis_get", "redis_set", "redis_del"}

func (l *layout) hasCompareSpectrum(c *compareLayout) bool {
	n := 0
	for ti, wi := range c.at {
		if wi >= 0 && l.targets[ti].workloads[wi].hist(compareMetric) != nil {
			n++
		}
	}
	return n > 0
}

// compareWorkloads lists the workload names of r's targets in order of
// first appearance, each with its index in every target.
func compareWorkloads(r *Report) []compareLayout {
	var out []compareLayout
	index := map[string]int{}
	for ti, t := range r.Targets {
		for wi, w := range t.Workloads {
			i, ok := index[w.Name]
			if !ok {
				i = len(out)
				index[w.Name] = i
				at := make([]int, len(r.Targets))
				for k := range at {
					at[k] = -1
				}
				out = append(out, compareLayout{name: w.Name, at: at})
			}
			if out[i].at[ti] < 0 { // the first of a repeated name wins
				out[i].at[ti] = wi
			}
		}
	}
	return out
}

// namedHDR is one encoded histogram of a workload.
type namedHDR struct {
	metric  string
	hdr     string
	scale   float64
	latency bool
}

// workloadHistograms lists every encoded histogram of w in display order:
// latencies, then the stale-read age, then value histograms.
func workloadHistograms(w *Workload) []namedHDR {
	var out []namedHDR
	for _, name := range orderedKeys(w.Latency, latencyOrder) {
		out = append(out, namedHDR{name, w.Latency[name].HDR, scaleMs, true})
	}
	if s := w.Staleness; s != nil {
		if s.Age != nil {
			out = append(out, namedHDR{"stale_age", s.Age.HDR, scaleMs, false})
		}
		if s.VersionLag != nil {
			out = append(out, namedHDR{"version_lag", s.VersionLag.HDR, scaleValue, false})
		}
	}
	if w.Source.Herd != nil {
		out = append(out, namedHDR{"herd", w.Source.Herd.HDR, scaleValue, false})
	}
	return out
}

// decodeHDR decodes HdrHistogram's compressed base64 form; "" and empty
// histograms give nil.
func decodeHDR(s string) (*hdrhistogram.Histogram, error) {
	if s == "" {
		return nil, nil
	}
	h, err := hdrhistogram.Decode([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("report: decode hdr: %w", err)
	}
	if h.TotalCount() == 0 {
		return nil, nil
	}
	return h, nil
}

// fileNames hands out unique file names.
type fileNames struct{ used map[string]bool }

// take returns name, or name with "-2", "-3", … before its extension when
// it is taken already.
func (n *fileNames) take(name string) string {
	if !n.used[name] {
		n.used[name] = true
		return name
	}
	stem, ext := name, ""
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		stem, ext = name[:i], name[i:]
	}
	for k := 2; ; k++ {
		c := fmt.Sprintf("%s-%d%s", stem, k, ext)
		if !n.used[c] {
			n.used[c] = true
			return c
		}
	}
}

// safeName maps s to a file-name component: ASCII letters, digits, '-' and
// '_' are kept, every other rune becomes '_' (dots too, so the dots of a
// file name only separate components); "" becomes "unnamed".
func safeName(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "unnamed"
	}
	out := b.String()
	if len(out) > 80 {
		out = out[:80]
	}
	return out
}
