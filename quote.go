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
	if cut := quoteCut(s); cut < len(s) {
		return strconv.Quote(s[:cut]) + "… (" + strconv.Itoa(len(s)) + " bytes)"
	}
	return strconv.Quote(s)
}

// Excerpt returns s when it has at most MaxQuote runes, else its first
// MaxQuote runes followed by "…": for a value of the input shown in an
// answer (a JSON field) rather than quoted in a message.
func Excerpt(s string) string {
	if cut := quoteCut(s); cut < len(s) {
		return s[:cut] + "…"
	}
	return s
}

// quoteCut returns the byte length of the first MaxQuote runes of s.
func quoteCut(s string) int {
	if len(s) <= MaxQuote {
		return len(s)
	}
	cut := 0
	for n := 0; cut < len(s) && n < MaxQuote; n++ {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
	}
	return cut
}
