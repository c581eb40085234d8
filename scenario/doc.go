// Package scenario says what is measured: the scenario Spec and its
// validation, the built-in scenarios, key-space generators and value sizes,
// the modelled source (system of record), the cache-aside strategies run
// against Redis, the baseline verification and the theory the results are
// checked against. How a deployment is reached is package target's.
package scenario
