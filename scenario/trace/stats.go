package trace

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Stats characterises a trace the way the per-cluster tables of Twitter's
// cache study do (Yang et al., OSDI 2020): see docs/traces.md for each
// figure's definition. It is plain data, saved as JSON by
// `bench trace stats --format json`.
type Stats struct {
	// Format is the trace's format; Compression none, gzip or zstd.
	Format      string `json:"format"`
	Compression string `json:"compression"`
	// Requests counts the requests read (skipped lines excluded).
	Requests int64 `json:"requests"`
	// Truncated is true when --head stopped reading before the end.
	Truncated bool `json:"truncated,omitempty"`
	// Skipped counts the lines that could not be parsed, with the first reasons.
	Skipped Skips `json:"skipped"`
	// Ops counts requests by operation name; OpMix is the same as
	// fractions of Requests. Reads, Writes and Deletes count the classes.
	Ops     map[string]int64   `json:"ops"`
	OpMix   map[string]float64 `json:"op_mix"`
	Reads   int64              `json:"reads"`
	Writes  int64              `json:"writes"`
	Deletes int64              `json:"deletes"`
	// UniqueKeys is the number of distinct keys (by 64-bit ID).
	UniqueKeys int64 `json:"unique_keys"`
	// WorkingSetBytes sums, over the distinct keys, the key size and the
	// last value size the trace gives for the key.
	WorkingSetBytes int64 `json:"working_set_bytes"`
	// OneHitWonderRatio is the fraction of distinct keys requested once.
	OneHitWonderRatio float64 `json:"one_hit_wonder_ratio"`
	// CompulsoryMissRatio is the fraction of requests that are the first
	// request of their key: the miss ratio of an infinite cache.
	CompulsoryMissRatio float64 `json:"compulsory_miss_ratio"`
	// MeanFrequency is requests per distinct key.
	MeanFrequency float64 `json:"mean_frequency"`
	// Zipf is the popularity fitted to a Zipf law.
	Zipf ZipfFit `json:"zipf"`
	// KeySize and ValueSize are distributions over requests, in bytes;
	// ValueSize over the requests that give one.
	KeySize   Dist `json:"key_size"`
	ValueSize Dist `json:"value_size"`
	// TTLs are the most common TTLs of requests that give one, most
	// frequent first, at most 10; "0" is no TTL.
	TTLs []Share `json:"ttls,omitempty"`
	// Rate is the request rate over the trace's clock, when it has one.
	Rate *Rate `json:"rate,omitempty"`
}

// ZipfFit is a least-squares fit of log(frequency) = c − α·log(rank).
type ZipfFit struct {
	// Alpha is the fitted exponent; 0 when too few keys to fit.
	Alpha float64 `json:"alpha"`
	// R2 is the coefficient of determination of the fit in log-log space.
	R2 float64 `json:"r2"`
	// Ranks is the number of top ranks fitted (see docs/traces.md).
	Ranks int `json:"ranks"`
}

// Dist summarises sizes in bytes: how many, their mean, and percentiles.
type Dist struct {
	Count int64   `json:"count"`
	Mean  float64 `json:"mean"`
	Min   int64   `json:"min"`
	P50   int64   `json:"p50"`
	P90   int64   `json:"p90"`
	P99   int64   `json:"p99"`
	Max   int64   `json:"max"`
}

// Share is one value's share of the requests that have one.
type Share struct {
	Value    int64   `json:"value"`
	Count    int64   `json:"count"`
	Fraction float64 `json:"fraction"`
}

// Rate is the request rate over the trace's clock.
type Rate struct {
	// CoveredS is the time from the first to the last request, in seconds.
	CoveredS float64 `json:"covered_s"`
	// MeanOpsS is Requests over the whole seconds of the trace's clock from
	// the first request's to the last one's, both included (timestamps are
	// often whole seconds, so the last second counts in full).
	MeanOpsS float64 `json:"mean_ops_s"`
	// PeakOpsS is the most requests in one second of the trace's clock.
	PeakOpsS int64 `json:"peak_ops_s"`
	// Series is the rate in at most 60 equal buckets of whole seconds.
	Series []RatePoint `json:"series"`
}

// RatePoint is the mean rate over one bucket starting at TS seconds.
type RatePoint struct {
	TS   float64 `json:"t_s"`
	OpsS float64 `json:"ops_s"`
}

// maxRateSeconds bounds the per-second counts kept for the rate: about 388
// days of trace time (3 MiB of counters); later requests are not counted
// in the series.
const maxRateSeconds = 1 << 25

// keyStat is what Stats keeps per distinct key.
type keyStat struct {
	count uint32
	size  uint32 // last value size
	ksize uint32
}

// Collector accumulates Stats one request at a time. Its memory grows with
// the distinct keys (about 40 bytes each in the map) and the trace's
// seconds, not with the requests.
type Collector struct {
	keys      map[uint64]keyStat
	ops       [numOps]int64
	requests  int64
	keySize   *hdrhistogram.Histogram
	valueSize *hdrhistogram.Histogram
	ttls      map[int64]int64
	perSecond []int64
	t0        time.Duration
	tLast     time.Duration
	timed     bool
}

// NewCollector returns an empty Collector.
func NewCollector() *Collector {
	return &Collector{
		keys:      make(map[uint64]keyStat),
		keySize:   hdrhistogram.New(1, math.MaxInt32, 3),
		valueSize: hdrhistogram.New(1, math.MaxInt32, 3),
		ttls:      make(map[int64]int64),
	}
}

// Add counts one request.
func (c *Collector) Add(req *Request) {
	c.requests++
	if req.Op < numOps {
		c.ops[req.Op]++
	}
	k := c.keys[req.ID]
	if k.count < math.MaxUint32 {
		k.count++
	}
	if req.KeySize > 0 {
		k.ksize = uint32(min(req.KeySize, math.MaxUint32))
		_ = c.keySize.RecordValue(int64(req.KeySize))
	}
	if req.HasValueSize && req.Op != Delete {
		k.size = uint32(min(req.ValueSize, math.MaxUint32))
		_ = c.valueSize.RecordValue(max(int64(req.ValueSize), 1))
	}
	c.keys[req.ID] = k
	if req.HasTTL && req.Op.Class() == Write {
		c.ttls[req.TTL]++
	}
	if req.HasTime {
		c.addTime(req.Time)
	}
}

func (c *Collector) addTime(t time.Duration) {
	if !c.timed {
		c.t0, c.tLast, c.timed = t, t, true
	}
	c.tLast = max(c.tLast, t)
	s := int64((t - c.t0) / time.Second)
	if s < 0 || s >= maxRateSeconds {
		return
	}
	if s >= int64(len(c.perSecond)) {
		c.perSecond = slices.Grow(c.perSecond, int(s)+1-len(c.perSecond))[:s+1]
	}
	c.perSecond[s]++
}

// Stats returns the figures of the requests added so far.
func (c *Collector) Stats() Stats {
	s := Stats{
		Requests:   c.requests,
		Ops:        map[string]int64{},
		OpMix:      map[string]float64{},
		UniqueKeys: int64(len(c.keys)),
		KeySize:    dist(c.keySize),
		ValueSize:  dist(c.valueSize),
	}
	for op, n := range c.ops {
		if n == 0 {
			continue
		}
		name := Op(op).String()
		s.Ops[name] = n
		s.OpMix[name] = float64(n) / float64(c.requests)
		switch Op(op).Class() {
		case Read:
			s.Reads += n
		case Write:
			s.Writes += n
		case Remove:
			s.Deletes += n
		}
	}
	counts := make([]uint32, 0, len(c.keys))
	var once int64
	for _, k := range c.keys {
		counts = append(counts, k.count)
		s.WorkingSetBytes += int64(k.size) + int64(k.ksize)
		if k.count == 1 {
			once++
		}
	}
	if len(c.keys) > 0 {
		s.OneHitWonderRatio = float64(once) / float64(len(c.keys))
		s.CompulsoryMissRatio = float64(len(c.keys)) / float64(c.requests)
		s.MeanFrequency = float64(c.requests) / float64(len(c.keys))
	}
	s.Zipf = fitZipf(counts)
	s.TTLs = topShares(c.ttls, 10)
	if c.timed {
		s.Rate = c.rate()
	}
	return s
}

func dist(h *hdrhistogram.Histogram) Dist {
	if h.TotalCount() == 0 {
		return Dist{}
	}
	return Dist{
		Count: h.TotalCount(), Mean: math.Round(h.Mean()*10) / 10, Min: h.Min(),
		P50: h.ValueAtQuantile(50), P90: h.ValueAtQuantile(90), P99: h.ValueAtQuantile(99), Max: h.Max(),
	}
}

// topShares returns the n most common values of m, most frequent first
// (ties: smaller value first).
func topShares(m map[int64]int64, n int) []Share {
	var total int64
	shares := make([]Share, 0, len(m))
	for v, c := range m {
		shares = append(shares, Share{Value: v, Count: c})
		total += c
	}
	slices.SortFunc(shares, func(a, b Share) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	shares = shares[:min(n, len(shares))]
	for i := range shares {
		shares[i].Fraction = float64(shares[i].Count) / float64(total)
	}
	return shares
}

// rateBuckets is the most points of Rate.Series.
const rateBuckets = 60

func (c *Collector) rate() *Rate {
	covered := (c.tLast - c.t0).Seconds()
	r := &Rate{CoveredS: covered, MeanOpsS: float64(c.requests) / float64(max(len(c.perSecond), 1))}
	for _, n := range c.perSecond {
		r.PeakOpsS = max(r.PeakOpsS, n)
	}
	width := (len(c.perSecond) + rateBuckets - 1) / rateBuckets
	for i := 0; i < len(c.perSecond); i += width {
		end := min(i+width, len(c.perSecond))
		var n int64
		for _, v := range c.perSecond[i:end] {
			n += v
		}
		r.Series = append(r.Series, RatePoint{TS: float64(i), OpsS: float64(n) / float64(end-i)})
	}
	return r
}

// String returns e.g. "zipf α 0.99 (R² 0.998, top 1000 ranks)".
func (z ZipfFit) String() string {
	if z.Ranks == 0 {
		return "zipf α: too few keys to fit"
	}
	return fmt.Sprintf("zipf α %.3f (R² %.3f, top %d ranks)", z.Alpha, z.R2, z.Ranks)
}
