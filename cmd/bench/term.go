package main

import "golang.org/x/term"

var termIsTerminal = term.IsTerminal
