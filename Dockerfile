# The bench tool in a small image (docs/kubernetes.md). Build from the
# repository's root:
#   docker build -t cacheaside-bench:latest .
# The runtime image is Alpine, not distroless, for its shell: an Indexed
# Job turns its 0-based completion index into bench's 1-based --shard with
# shell arithmetic (deploy/kubernetes/job.yaml).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/bench ./cmd/bench

FROM alpine:3.20
RUN adduser -D -u 10001 bench
COPY --from=build /out/bench /usr/local/bin/bench
USER 10001
WORKDIR /home/bench
ENTRYPOINT ["bench"]
