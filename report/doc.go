// Package report holds the report.json file format (schema_version 1) and
// renders it as Markdown. It reads results as plain data and never imports
// go-redis or scenario, so every report can be rebuilt from a saved
// report.json alone.
package report
