package reckon

import (
	"strconv"
	"unicode/utf8"
)

// MaxQuote is how many characters (runes) of an input value an error
// message quotes; see [Quote].
const MaxQuote = 80

// Quote returns s quoted for an error message, as strconv.Quote does,
// when it has at most MaxQuote runes. A longer s is cut to its first
// MaxQuote runes, marked with "…" and followed by its whole length:
//
//	"Kim,Pak,Ri,…"… (104857600 bytes)
//
// Every message that quotes input (a CSV header or field, a JSON value,
// a query parameter, a host name) goes through Quote, so that a hostile
// or mistaken input of any size is answered with a short error.
func Quote(s string) string {
	if len(s) <= MaxQuote { // at most MaxQuote runes
		return strconv.Quote(s)
	}
	cut, n := 0, 0
	for cut < len(s) && n < MaxQuote {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
		n++
	}
	if cut == len(s) {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:cut]) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}
