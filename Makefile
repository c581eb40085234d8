# Targets: build, test, lint, run, bench-self, gate-noise. The README's two commands need no make.
GO ?= go

.PHONY: build test lint run bench-self gate-noise

build:
	$(GO) build -o bin/bench ./cmd/bench

test:
	$(GO) test -race -count=1 ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi
	$(GO) vet ./...

run:
	$(GO) run ./cmd/bench

# The load generator against redis-benchmark (and memtier_benchmark when on
# PATH) on a private redis-server: throughput ratios, near-cache hits against
# Redis hits, the open loop's precision, recording overhead and peak RSS over
# 100 million keys. A few minutes; flags: make bench-self
# BENCH_SELF_FLAGS='-rounds 3 -duration 3s -memtier /path/to/memtier_benchmark'.
bench-self:
	$(GO) run ./tools/benchself $(BENCH_SELF_FLAGS)

# False alarms of bench compare on this machine: K identical pairs of runs at
# --repeat 1, 3 and 6 on a private redis-server, then a 20x slower source
# (--repeat 1) and values four times larger (--repeat 6), which must be
# flagged. Minutes; flags: make gate-noise GATE_NOISE_FLAGS='-k 5 -duration 2s'.
gate-noise:
	$(GO) run ./tools/gatenoise $(GATE_NOISE_FLAGS)
