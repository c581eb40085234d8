# Targets: build, test, lint, run. The README's two commands need no make.
GO ?= go

.PHONY: build test lint run

build:
	$(GO) build -o bin/bench ./cmd/bench

test:
	$(GO) test -race -count=1 ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi
	$(GO) vet ./...

run:
	$(GO) run ./cmd/bench
