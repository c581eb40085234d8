package report

import (
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

// WriteAll writes report.json and everything Render writes into dir
// (created if needed), each file atomically: a crash leaves the previous
// file or none, never a torn one. It returns the paths written: report.json,
// report.md, the SVG plots, then the .hgrm files.
func WriteAll(dir string, r *Report) ([]string, error) {
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
	rest, err := Render(dir, r)
	return append([]string{p}, rest...), err
}

// Render writes everything but report.json from r alone: report.md, the SVG
// plots (a latency percentile spectrum and throughput/p99 over time per
// target and workload, and with several targets the same overlaid per
// workload) and one .hgrm file per stored histogram. Rendering a report read
// back from report.json gives the bytes WriteAll wrote. It returns the paths
// written; on an error, those written before it.
func Render(dir string, r *Report) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	files, err := renderFiles(r)
	if err != nil {
		return nil, err
	}
	paths := make([]string, 0, len(files))
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := WriteFileAtomic(p, f.data); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// chartTitle names a chart's target and workload as such: two names
// alone ("default · default") do not say which is which.
func chartTitle(target, workload string) string {
	return "target " + target + " · workload " + workload
}

// renderedFile is one file Render writes.
type renderedFile struct {
	name string
	data []byte
}

// renderFiles renders every file but report.json, in a fixed order.
func renderFiles(r *Report) ([]renderedFile, error) {
	l := newLayout(r)
	files := []renderedFile{{"report.md", markdown(r, l)}}
	if l.capacity != "" {
		c := capacityChart(r)
		files = append(files, renderedFile{l.capacity, svgDocument(c.title, c)})
	}
	for ti := range r.Targets {
		t := &r.Targets[ti]
		for wi := range t.Workloads {
			w, wl := &t.Workloads[wi], &l.targets[ti].workloads[wi]
			if wl.spectrum != "" {
				hs := spectrumLines(wl)
				title := chartTitle(t.Name, w.Name) + ": latency by percentile"
				files = append(files, renderedFile{wl.spectrum, svgDocument(title, spectrumChart(title, hs))})
			}
			if wl.timeseries != "" {
				title := chartTitle(t.Name, w.Name)
				panels := timeseriesPanels(title, []namedSeries{{t.Name, w.Timeseries}})
				if cpu := serverCPUPanel(title, []serverSeries{{"server", w.ServerTimeseries}}, panels[0]); cpu != nil {
					panels = append(panels, cpu)
				}
				for _, p := range panels {
					p.markers = faultMarkers(w.Faults)
				}
				files = append(files, renderedFile{wl.timeseries, svgDocument(title+": throughput and read p99 over time",
					panels...)})
			}
		}
	}
	for i := range l.compare {
		c := &l.compare[i]
		if c.spectrum != "" {
			files = append(files, renderedFile{c.spectrum, svgDocument("workload "+c.name+": latency by percentile by target", compareSpectrum(r, l, c)...)})
		}
		if c.timeseries != "" {
			files = append(files, renderedFile{c.timeseries, svgDocument("workload "+c.name+": throughput and read p99 over time by target", compareTimeseries(r, c)...)})
		}
	}
	for _, tl := range l.targets {
		for _, wl := range tl.workloads {
			for _, h := range wl.hists {
				data, err := HGRM(h.h, h.scale)
				if err != nil {
					return nil, err
				}
				files = append(files, renderedFile{h.file, data})
			}
		}
	}
	return files, nil
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
