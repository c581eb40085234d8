package evidence

// Gross is the factor from which a change is decided without a test when
// the repeats are too few for the U test, provided it is also beyond
// GrossFloors noise floors. Identical runs on a shared 2-core machine,
// another process compiling beside them, differed 4.3× in read p50 (0.06
// to 0.26 ms) over three repeats: a factor of 3 called that a regression.
// A source 20 times slower changes miss p50, read p99 and throughput 16 to
// 35 times.
const (
	Gross       = 10
	GrossFloors = 10
)

// Rule is how differences of one metric are judged.
type Rule struct {
	// MaxChange is the relative threshold: a smaller change is no
	// difference at all.
	MaxChange float64
	// Floor is the absolute noise floor, in the metric's unit.
	Floor float64
	// Gross is the factor from which a change is decided without a
	// test when the repeats are too few (evidence.Gross); 0 for counted
	// events, which CountTest decides.
	Gross float64
	// Per is, for counted events, the scale of their rate (1000: per 1k
	// reads or operations); 0 for other metrics.
	Per float64
	// Higher is true when a higher value is better.
	Higher bool
}

// rules are the noise rules of the metrics that `bench compare` tests and
// that the side-by-side section marks, by canonical metric name.
var rules = map[string]Rule{
	"throughput":   {MaxChange: 0.05, Floor: 10, Gross: Gross, Higher: true},
	"hit_ratio":    {MaxChange: 0.02, Floor: 0.005, Gross: Gross, Higher: true},
	"read.p50":     {MaxChange: 0.10, Floor: 0.05, Gross: Gross},
	"hit.p50":      {MaxChange: 0.10, Floor: 0.05, Gross: Gross},
	"miss.p50":     {MaxChange: 0.10, Floor: 0.10, Gross: Gross},
	"read.p99":     {MaxChange: 0.15, Floor: 0.10, Gross: Gross},
	"hit.p99":      {MaxChange: 0.15, Floor: 0.10, Gross: Gross},
	"miss.p99":     {MaxChange: 0.15, Floor: 0.20, Gross: Gross},
	"write.p99":    {MaxChange: 0.15, Floor: 0.20, Gross: Gross},
	"speedup.p50":  {MaxChange: 0.10, Floor: 1, Gross: Gross, Higher: true},
	"source_calls": {MaxChange: 0.10, Floor: 1, Per: 1000},
	"stale_reads":  {MaxChange: 0.50, Floor: 0.1, Per: 1000},
	"errors":       {MaxChange: 0.50, Floor: 0.1, Per: 1000},
}

// RuleFor returns the rule of the metric with canonical name name; ok is
// false for a metric without one.
func RuleFor(name string) (Rule, bool) {
	r, ok := rules[name]
	return r, ok
}
