package listcsv

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/korean"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/reckonhq/reckon"
)

// The encodings a list may arrive in, by the names Options.Encoding and
// Dialect use. CP949 (Unified Hangul Code) is a superset of EUC-KR, so
// one decoder reads both.
const (
	UTF8        = "utf-8"
	UTF16LE     = "utf-16le"
	UTF16BE     = "utf-16be"
	CP949       = "cp949"
	Windows1251 = "windows-1251"
	KOI8R       = "koi8-r"
)

// sniffBytes is how much of a file is read to detect its encoding and
// delimiter.
const sniffBytes = 64 << 10

// Dialect is how a file was read: its encoding and field delimiter, and
// whether each was detected or chosen.
type Dialect struct {
	Encoding          string // one of the encoding constants
	Delimiter         rune   // ',', ';' or '\t' (or another chosen one)
	EncodingDetected  bool   // Encoding was detected, not chosen
	DelimiterDetected bool   // Delimiter was detected, not chosen
	// EncodingUnknown says the bytes are not UTF-8, yet too few letters
	// lie outside ASCII to tell which legacy encoding they are in: the
	// file is read as UTF-8, so that the reader stops at the first byte
	// that is not, and the message asks for --encoding.
	EncodingUnknown bool
}

// String describes the dialect for a message: "cp949 (detected),
// semicolon-separated (detected)".
func (d Dialect) String() string {
	var b strings.Builder
	switch {
	case d.EncodingUnknown:
		b.WriteString("utf-8, though it is not (too little text to tell its encoding: name it with --encoding cp949, windows-1251, koi8-r …)")
	case d.EncodingDetected:
		b.WriteString(d.Encoding + " (detected)")
	default:
		b.WriteString(d.Encoding)
	}
	b.WriteString(", ")
	switch d.Delimiter {
	case ',':
		b.WriteString("comma")
	case ';':
		b.WriteString("semicolon")
	case '\t':
		b.WriteString("tab")
	default:
		fmt.Fprintf(&b, "%q", d.Delimiter)
	}
	b.WriteString("-separated")
	if d.DelimiterDetected {
		b.WriteString(" (detected)")
	}
	return b.String()
}

// Plain reports whether d is the record CSV's own dialect, UTF-8 and
// commas, which needs no mention.
func (d Dialect) Plain() bool { return d.Encoding == UTF8 && d.Delimiter == ',' }

// ParseEncoding reads an encoding name as a flag gives it: auto (or
// empty), utf-8, utf-16, utf-16le, utf-16be, cp949, euc-kr,
// windows-1251 (cp1251) or koi8-r, in any case. Auto is returned as "".
func ParseEncoding(s string) (string, error) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-") {
	case "", "auto":
		return "", nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "utf-16", "utf16", "utf-16le", "utf16le":
		return UTF16LE, nil
	case "utf-16be", "utf16be":
		return UTF16BE, nil
	case "cp949", "euc-kr", "euckr", "uhc", "ks-c-5601-1987":
		return CP949, nil
	case "windows-1251", "cp1251", "win1251", "1251":
		return Windows1251, nil
	case "koi8-r", "koi8r", "koi8":
		return KOI8R, nil
	}
	return "", reckon.Errorf(reckon.EINVALID, "unknown encoding %s (want auto, utf-8, utf-16, cp949, euc-kr, windows-1251 or koi8-r)", reckon.Quote(s))
}

// ParseDelimiter reads a delimiter as a flag gives it: auto (or empty),
// comma, semicolon, tab, or one character. Auto is returned as 0.
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return 0, nil
	case "comma", ",":
		return ',', nil
	case "semicolon", ";":
		return ';', nil
	case "tab", "\\t", "\t":
		return '\t', nil
	case "pipe", "|":
		return '|', nil
	}
	if r, n := utf8.DecodeRuneInString(s); n == len(s) && r != utf8.RuneError && r != '"' && r != '\r' && r != '\n' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return r, nil
	}
	return 0, reckon.Errorf(reckon.EINVALID, "bad delimiter %s (want auto, comma, semicolon, tab or one punctuation character)", reckon.Quote(s))
}

func decoder(enc string) encoding.Encoding {
	switch enc {
	case UTF16LE:
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM)
	case UTF16BE:
		return xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM)
	case CP949:
		return korean.EUCKR // x/text's EUC-KR decoder reads the CP949 extension too
	case Windows1251:
		return charmap.Windows1251
	case KOI8R:
		return charmap.KOI8R
	}
	return nil
}

// openDialect returns r decoded to UTF-8, without a byte-order mark, and
// the dialect it is read in: the encoding and delimiter chosen in o, or
// those detected from the first sniffBytes of r.
func openDialect(r io.Reader, o Options) (io.Reader, Dialect, error) {
	enc, err := ParseEncoding(o.Encoding)
	if err != nil {
		return nil, Dialect{}, err
	}
	br := bufio.NewReaderSize(r, sniffBytes)
	head, _ := br.Peek(sniffBytes)
	d := Dialect{Encoding: enc, Delimiter: o.Delimiter}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		if enc == "" {
			d.Encoding, d.EncodingDetected = UTF8, true
		}
		if d.Encoding == UTF8 {
			br.Discard(3)
			head = head[3:]
		}
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && enc == "":
		d.Encoding, d.EncodingDetected = UTF16LE, true
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}) && enc == "":
		d.Encoding, d.EncodingDetected = UTF16BE, true
	case enc == "":
		d.Encoding, d.EncodingUnknown = detectEncoding(head)
		d.EncodingDetected = true
	}
	var out io.Reader = br
	text := head
	if dec := decoder(d.Encoding); dec != nil {
		out = transform.NewReader(br, dec.NewDecoder())
		text, _, _ = transform.Bytes(dec.NewDecoder(), head)
	}
	if d.Delimiter == 0 {
		d.Delimiter, d.DelimiterDetected = sniffDelimiter(text), true
	}
	return out, d, nil
}

// detectEncoding guesses the encoding of a file from its first bytes:
// UTF-8 when they are valid UTF-8 (a sequence cut at the end of the
// sample is allowed); else the legacy encoding, of CP949, Windows-1251 and
// KOI8-R, that reads them as words of one script, when one does so with
// confidence; else UTF-8, so that the reader reports the first byte that
// is not UTF-8. Legacy encodings map every byte to something, so a guess
// needs evidence: at least minLetters letters outside ASCII, words that
// do not mix scripts (José in Latin-1 is not Josй), and nearly all those
// letters Hangul (CP949) or Cyrillic (the others); between Windows-1251
// and KOI8-R, which both read Cyrillic letters from the same bytes, the
// one whose letters are the commonest of Russian and Ukrainian. unknown
// says that b is not UTF-8 and no legacy encoding reads it with
// confidence.
func detectEncoding(b []byte) (enc string, unknown bool) {
	valid := b
	for i := 0; len(b) >= sniffBytes && i < utf8.UTFMax && len(valid) > 0 && !utf8.Valid(valid); i++ {
		valid = valid[:len(valid)-1] // a rune cut by the sample's end (a shorter sample is the whole file)
	}
	if len(valid) > 0 && utf8.Valid(valid) || len(b) == 0 {
		return UTF8, false
	}
	best, bestScore := UTF8, 0.0
	for _, enc := range []string{CP949, Windows1251, KOI8R} {
		text, _, err := transform.Bytes(decoder(enc).NewDecoder(), b)
		if err != nil {
			continue
		}
		if s := legacyScore(string(text), enc == CP949); s > bestScore {
			best, bestScore = enc, s
		}
	}
	return best, best == UTF8
}

// minLetters is the fewest letters outside ASCII on which an encoding is
// guessed.
const minLetters = 8

// legacyScore scores a decoding: 0 when it is implausible (too few
// letters outside ASCII, a word mixing scripts, replacement characters,
// or fewer than nine in ten of the characters outside ASCII letters of
// the expected script, usual punctuation aside), else that share, plus
// for Cyrillic a tenth of the share of the commonest letters (о е а и н т
// с р і в л к), which tells Windows-1251 from KOI8-R.
func legacyScore(text string, hangul bool) float64 {
	var chars, letters, good, common int
	var wordLatin, wordOther bool
	for _, r := range text {
		if r < utf8.RuneSelf {
			if r|0x20 >= 'a' && r|0x20 <= 'z' {
				wordLatin = true
				if wordOther {
					return 0 // Josй: a legacy letter inside a Latin word
				}
			} else {
				wordLatin, wordOther = false, false
			}
			continue
		}
		if strings.ContainsRune("«»—–№…“”„‘’·", r) {
			wordLatin, wordOther = false, false
			continue
		}
		chars++
		if r == utf8.RuneError || !unicode.IsLetter(r) {
			continue
		}
		if wordLatin {
			return 0
		}
		wordOther = true
		letters++
		switch {
		case hangul && r >= 0xAC00 && r <= 0xD7A3:
			good++
		case !hangul && unicode.Is(unicode.Cyrillic, r):
			good++
			if strings.ContainsRune("оеаинтсрівлк", unicode.ToLower(r)) {
				common++
			}
		}
	}
	if letters < minLetters || good*10 < chars*9 {
		return 0
	}
	return float64(good)/float64(chars) + 0.1*float64(common)/float64(letters)
}

// sniffDelimiter picks the delimiter of a CSV from its first lines: of
// comma, semicolon, tab and pipe, the one that splits the header into the
// most fields and every following whole line of the sample into as many,
// quotes respected. A comma when none splits anything.
func sniffDelimiter(text []byte) rune {
	lines := sampleLines(text, 20)
	best, bestFields := ',', 1
	for _, c := range []rune{',', ';', '\t', '|'} {
		n := fieldCount(lines[0], c)
		if n <= bestFields {
			continue
		}
		consistent := true
		for _, l := range lines[1:] {
			if fieldCount(l, c) != n {
				consistent = false
				break
			}
		}
		if consistent || len(lines) == 1 {
			best, bestFields = c, n
		}
	}
	return best
}

// sampleLines returns up to n whole logical lines of a CSV sample (a
// quoted field may hold line breaks), the last one only if the sample
// ends with it.
func sampleLines(text []byte, n int) []string {
	var lines []string
	quoted := false
	start := 0
	for i := 0; i < len(text) && len(lines) < n; i++ {
		switch text[i] {
		case '"':
			quoted = !quoted
		case '\n':
			if !quoted {
				lines = append(lines, strings.TrimSuffix(string(text[start:i]), "\r"))
				start = i + 1
			}
		}
	}
	if len(lines) == 0 {
		lines = append(lines, string(text))
	}
	return lines
}

// fieldCount counts the fields of one CSV line split at c, outside quotes.
func fieldCount(line string, c rune) int {
	n, quoted := 1, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == c && !quoted:
			n++
		}
	}
	return n
}
