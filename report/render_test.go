package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// svgInfo is what a test needs to know of an SVG document.
type svgInfo struct {
	title  string
	series []string // the <title> of every polyline, in order
}

// parseSVG checks that data is well-formed XML with an <svg> root and
// returns its title and series.
func parseSVG(t *testing.T, data []byte) svgInfo {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var info svgInfo
	var stack []string
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = x.Name.Local
				if x.Name.Space != "http://www.w3.org/2000/svg" {
					t.Errorf("root namespace %q", x.Name.Space)
				}
			}
			if x.Name.Local == "polyline" {
				for _, a := range x.Attr {
					if a.Name.Local == "points" && len(strings.Fields(a.Value)) < 2 {
						t.Errorf("polyline with %d points", len(strings.Fields(a.Value)))
					}
				}
			}
			stack = append(stack, x.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) >= 2 && stack[len(stack)-1] == "title" {
				switch stack[len(stack)-2] {
				case "polyline":
					info.series = append(info.series, string(x))
				case "svg":
					info.title = string(x)
				}
			}
		}
	}
	if root != "svg" {
		t.Fatalf("root element %q, want svg", root)
	}
	return info
}

func TestRenderSVGSeries(t *testing.T) {
	dir := t.TempDir()
	r := fixtureReport(t, "everysec", "always")
	paths, err := WriteAll(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		want []string
	}{
		// Closed loop: service equals read and is not drawn over it.
		// The source's line lies on the miss's: drawn dashed over it, and said.
		{"spectrum.everysec.mixed_naive.svg", []string{"read", "hit", "miss", "write", "redis_get", "redis_set", "source (≈ miss)"}},
		{"spectrum.always.mixed_lease.svg", []string{"read", "hit", "miss", "write", "service", "lag", "redis_get", "redis_set", "source (≈ miss)"}},
		// Several targets: read, hit and the cache commands, a panel each.
		{"spectrum.mixed_naive.svg", []string{"everysec", "always", "everysec", "always", "everysec", "always", "everysec", "always"}},
		// With the server's view: its CPU panel beside the client's.
		{"timeseries.everysec.mixed_naive.svg", []string{"everysec", "everysec", "server"}},
		{"timeseries.everysec.mixed_lease.svg", []string{"everysec", "everysec"}},
		{"timeseries.mixed_lease.svg", []string{"everysec", "always", "everysec", "always"}},
		// Several targets with the server's view: its CPU panel, a line per target sampled.
		{"timeseries.mixed_naive.svg", []string{"everysec", "always", "everysec", "always", "everysec", "always"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			p := filepath.Join(dir, tc.file)
			if !slices.Contains(paths, p) {
				t.Fatalf("%s not among the paths written: %v", tc.file, paths)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			info := parseSVG(t, data)
			if !slices.Equal(info.series, tc.want) {
				t.Errorf("series %q, want %q", info.series, tc.want)
			}
			if info.title == "" {
				t.Error("no document title")
			}
		})
	}
	// Every SVG written parses, and report.md links each one.
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range paths {
		if !strings.HasSuffix(p, ".svg") {
			continue
		}
		n++
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		parseSVG(t, data)
		if !bytes.Contains(md, []byte("]("+filepath.Base(p)+")")) {
			t.Errorf("report.md does not link %s", filepath.Base(p))
		}
	}
	// 2 targets × 2 workloads × (spectrum + timeseries) + 2 workloads × 2 overlays.
	if n != 12 {
		t.Errorf("%d SVG files, want 12", n)
	}
}

func TestSpectrumAxis(t *testing.T) {
	r := fixtureReport(t, "one")
	l := newLayout(r)
	wl := l.targets[0].workloads[0]
	c := spectrumChart("x", spectrumLines(&wl))
	// 2000 reads: the axis reaches 1/(1−q) = 10^4, i.e. 99.99%.
	var labels []string
	for _, tk := range c.xTicks {
		labels = append(labels, tk.label)
	}
	if want := []string{"0%", "90%", "99%", "99.9%", "99.99%"}; !slices.Equal(labels, want) {
		t.Errorf("x ticks %q, want %q", labels, want)
	}
	if !c.xLog {
		t.Error("x axis is not logarithmic")
	}
	// Hits (~0.2 ms) and misses (~25 ms) span more than two decades.
	if !c.yLog {
		t.Error("y axis is linear for lines spanning two decades")
	}
	for _, s := range c.series {
		for i := 1; i < len(s.pts); i++ {
			if s.pts[i].x < s.pts[i-1].x || s.pts[i].y < s.pts[i-1].y {
				t.Fatalf("%s: points not monotonic at %d: %v then %v", s.name, i, s.pts[i-1], s.pts[i])
			}
		}
		if s.name == "read" {
			last := s.pts[len(s.pts)-1]
			if want := r.Targets[0].Workloads[0].Latency["read"].MaxMs; math.Abs(last.y-want) > 0.01*want {
				t.Errorf("read line ends at %v ms, want the max %v", last.y, want)
			}
		}
	}
}

func TestPercentileLabel(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{{1, "0%"}, {10, "90%"}, {100, "99%"}, {1000, "99.9%"}, {1e4, "99.99%"}, {1e6, "99.9999%"}} {
		if got := percentileLabel(tc.x); got != tc.want {
			t.Errorf("percentileLabel(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

// plotterPoints parses an .hgrm file the way HdrHistogram's plotFiles.html
// does: trim, split on runs of spaces, keep lines that do not start with '#'
// and have four fields, y = field 0, x = field 3, both numbers.
func plotterPoints(text string) (xs, ys []float64) {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		f := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' })
		if strings.HasPrefix(line, "#") || len(f) != 4 {
			continue
		}
		y, err1 := strconv.ParseFloat(f[0], 64)
		x, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil {
			continue
		}
		xs, ys = append(xs, x), append(ys, y)
	}
	return xs, ys
}

func TestHGRMFiles(t *testing.T) {
	dir := t.TempDir()
	r := fixtureReport(t, "local")
	if _, err := WriteAll(dir, r); err != nil {
		t.Fatal(err)
	}
	w := r.Targets[0].Workloads[0]
	for _, tc := range []struct {
		file  string
		p99   float64 // the value at 99% in the file's unit
		count int64
	}{
		{"local.mixed_naive.read.hgrm", w.Latency["read"].P99Ms, w.Latency["read"].Count},
		{"local.mixed_naive.hit.hgrm", w.Latency["hit"].P99Ms, w.Latency["hit"].Count},
		{"local.mixed_naive.source.hgrm", w.Latency["source"].P99Ms, w.Latency["source"].Count},
		{"local.mixed_naive.herd.hgrm", w.Source.Herd.P99, w.Source.Herd.Count},
		{"local.mixed_naive.stale_age.hgrm", w.Staleness.Age.P99Ms, w.Staleness.Age.Count},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			if first := strings.SplitN(text, "\n", 2)[0]; first != " Value\tPercentile\tTotalCount\t1/(1-Percentile)" {
				t.Errorf("header %q", first)
			}
			if !strings.Contains(text, fmt.Sprintf("Total count    = %12d]", tc.count)) {
				t.Errorf("footer lacks the total count %d", tc.count)
			}
			xs, ys := plotterPoints(text)
			if len(xs) < 5 {
				t.Fatalf("the plotter would read %d points", len(xs))
			}
			// The first point is the 0th percentile (x = 1); the stored p99
			// lies between the values the plotter reads on either side of
			// x = 100 (99%), within the histogram's precision.
			if xs[0] != 1 {
				t.Errorf("first x = %v, want 1", xs[0])
			}
			i := slices.IndexFunc(xs, func(x float64) bool { return x >= 100 })
			if i < 1 {
				t.Fatalf("no point at or beyond 99%%: %v", xs)
			}
			lo, hi := ys[i-1], ys[i]
			if xs[i] == 100 {
				lo = hi
			}
			if tol := 0.002*tc.p99 + 0.001; tc.p99 < lo-tol || tc.p99 > hi+tol {
				t.Errorf("stored p99 %v is not within the file's [%v, %v] around 99%%", tc.p99, lo, hi)
			}
			for k := 1; k < len(xs); k++ {
				if xs[k] < xs[k-1] || ys[k] < ys[k-1] {
					t.Fatalf("line %d goes back: (%v, %v) after (%v, %v)", k, xs[k], ys[k], xs[k-1], ys[k-1])
				}
			}
		})
	}
}

func TestRenderReproducesWriteAll(t *testing.T) {
	for _, targets := range [][]string{{"local"}, {"a", "b/slow"}} {
		t.Run(strings.Join(targets, ","), func(t *testing.T) {
			dir1, dir2 := t.TempDir(), t.TempDir()
			paths, err := WriteAll(dir1, fixtureReport(t, targets...))
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Base(paths[0]) != "report.json" || filepath.Base(paths[1]) != "report.md" {
				t.Fatalf("paths start %v, want report.json, report.md", paths[:2])
			}
			back, err := Read(paths[0])
			if err != nil {
				t.Fatal(err)
			}
			again, err := Render(dir2, back)
			if err != nil {
				t.Fatal(err)
			}
			if len(again) != len(paths)-1 {
				t.Fatalf("Render wrote %d files, WriteAll %d besides report.json", len(again), len(paths)-1)
			}
			for i, p := range again {
				want, err := os.ReadFile(paths[i+1])
				if err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if filepath.Base(p) != filepath.Base(paths[i+1]) || !bytes.Equal(got, want) {
					t.Errorf("%s: Render's bytes differ from WriteAll's %s", p, paths[i+1])
				}
			}
			// Nothing else lands in the directory (no temporary files left).
			entries, err := os.ReadDir(dir1)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != len(paths) {
				t.Errorf("%d entries in the directory, %d paths written", len(entries), len(paths))
			}
		})
	}
}

// Render re-creates report.md beside a written report.json.
func TestRenderRewritesMarkdown(t *testing.T) {
	dir := t.TempDir()
	r := fixtureReport(t, "local")
	paths, err := WriteAll(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	md := filepath.Join(dir, "report.md")
	if err := os.Remove(md); err != nil {
		t.Fatal(err)
	}
	again, err := Render(dir, r)
	if err != nil || len(again) != len(paths)-1 || again[0] != md {
		t.Fatalf("Render = %q, %v; want %d paths, report.md first", again, err, len(paths)-1)
	}
	if _, err := os.Stat(md); err != nil {
		t.Error(err)
	}
}

func TestRenderVerifyOnly(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    *Report
		want []string
	}{
		{"no targets", &Report{Command: "verify"}, []string{"# Cache-aside verification", "**Verification: not run** (no target)."}},
		{"emulator failed", &Report{Command: "verify", Targets: []Target{{Name: "default", Embedded: "miniredis",
			Verification: &Verification{CacheMissOK: true}}}}, []string{
			"**Verification: FAIL** on `default`.", "> [!CAUTION]", "**emulator** `default`", "second read not a hit"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			paths, err := WriteAll(dir, tc.r)
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) != 2 {
				t.Errorf("wrote %v, want report.json and report.md only", paths)
			}
			md, err := os.ReadFile(filepath.Join(dir, "report.md"))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(md), w) {
					t.Errorf("report.md lacks %q:\n%s", w, md)
				}
			}
		})
	}
}
