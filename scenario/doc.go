// Package scenario says what is measured: the scenario Spec and its
// validation, the built-in scenarios, key-space generators and value sizes,
// the modelled source (system of record), the cache-aside strategies run
// against Redis, the server preflight and the baseline verification.
package scenario
