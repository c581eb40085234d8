package report

// Target returns r's first target named name, nil when there is none.
func (r *Report) Target(name string) *Target {
	for i := range r.Targets {
		if r.Targets[i].Name == name {
			return &r.Targets[i]
		}
	}
	return nil
}

// Workload returns t's first workload named name, nil when there is none.
func (t *Target) Workload(name string) *Workload {
	for i := range t.Workloads {
		if t.Workloads[i].Name == name {
			return &t.Workloads[i]
		}
	}
	return nil
}

// ErrorTotal is the number of failed operations, of every kind.
func (w *Workload) ErrorTotal() int64 {
	var n int64
	for _, v := range w.Errors {
		n += v
	}
	return n
}
