// Package target says how a deployment is reached: target URLs and their
// redaction, credentials, TLS, Sentinel and Cluster, the go-redis clients
// built from them, the preflight that asks the server what it is, cleanup
// of a run's keys, and the workers' own connections with the GET they send
// on the wire. It knows nothing of what is measured (package scenario).
package target
