package extract

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// DefaultChunkSize is the chunk size [Chunks] uses when given 0.
const DefaultChunkSize = 64 << 10

// Chunks reads a text from r and yields it in chunks of about size bytes
// (0 means [DefaultChunkSize]), each with the claims [ExtractLang] finds
// in it read as language l. With [Auto] (or "") the language is detected
// once, on the first chunk, and the whole text is read in it, so that a
// quotation in another language does not switch the reading halfway;
// every chunk carries the language in its Lang. Offsets are relative to the whole text. Chunks end at a paragraph
// break where one is near, else at a sentence end, else at a space, and
// never inside a UTF-8 sequence, so memory stays bounded by the chunk size
// whatever the length of the text. A text that is empty or only white
// space, that starts as a common binary format (a PDF, an Office file, an
// image, UTF-16), that holds a NUL byte or that is not UTF-8 is refused
// with an EINVALID error saying so; every caller (reckon add, reckon
// extract, the documents API) refuses it alike.
func Chunks(r io.Reader, size int, l Lang) iter.Seq2[reckon.Chunk, error] {
	if size <= 0 {
		size = DefaultChunkSize
	}
	return func(yield func(reckon.Chunk, error) bool) {
		lang := l
		inked := false // a character other than white space has been read
		buf := make([]byte, 0, 2*size)
		var off int64
		eof := false
		for {
			for !eof && len(buf) < size {
				n, err := r.Read(buf[len(buf):cap(buf)])
				buf = buf[:len(buf)+n]
				if errors.Is(err, io.EOF) {
					eof = true
				} else if err != nil {
					yield(reckon.Chunk{}, err)
					return
				}
			}
			if len(buf) == 0 {
				if !inked {
					yield(reckon.Chunk{}, errBlank(off))
				}
				return
			}
			if off == 0 {
				if kind := binaryKind(buf); kind != "" {
					yield(reckon.Chunk{}, reckon.Errorf(reckon.EINVALID, "this is %s, not text: save it as plain text (UTF-8) and add that", kind))
					return
				}
			}
			if i := bytes.IndexByte(buf, 0); i >= 0 {
				yield(reckon.Chunk{}, reckon.Errorf(reckon.EINVALID, "byte %d is NUL: this looks like a binary file, not text", off+int64(i)))
				return
			}
			cut := len(buf)
			if !eof || len(buf) > size {
				cut = cutPoint(buf, min(size, len(buf)))
			}
			if !utf8.Valid(buf[:cut]) {
				i := invalidAt(buf[:cut])
				yield(reckon.Chunk{}, reckon.Errorf(reckon.EINVALID, "byte %d is not UTF-8: save the text as UTF-8 (it may be in a legacy encoding such as CP949 or Windows-1251)", off+int64(i)))
				return
			}
			if !inked && len(bytes.TrimSpace(buf[:cut])) > 0 {
				inked = true
			}
			text := string(buf[:cut])
			if lang == "" || lang == Auto {
				lang = Detect(text)
			}
			claims := ExtractLang(text, lang)
			for i := range claims {
				claims[i].Start += int(off)
				claims[i].End += int(off)
			}
			if !yield(reckon.Chunk{Offset: off, Text: text, Claims: claims, Lang: string(lang)}, nil) {
				return
			}
			off += int64(cut)
			buf = buf[:copy(buf, buf[cut:])]
		}
	}
}

// errBlank is the error of a text of n bytes with nothing but white space.
func errBlank(n int64) error {
	if n == 0 {
		return reckon.Errorf(reckon.EINVALID, "the text is empty: there is nothing to read figures from")
	}
	return reckon.Errorf(reckon.EINVALID, "the text is %d bytes of white space: there is nothing to read figures from", n)
}

// binaryKind names the kind of file b starts as when it is a common
// binary format that people mistake for text (a PDF, a Word or
// spreadsheet file, an image), or "".
func binaryKind(b []byte) string {
	for _, m := range []struct{ magic, kind string }{
		{"%PDF-", "a PDF"},
		{"PK\x03\x04", "a zip archive (a .docx, .xlsx or .odt file is one)"},
		{"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc, .xls)"},
		{"{\\rtf", "an RTF file"},
		{"\x89PNG", "a PNG image"},
		{"\xff\xd8\xff", "a JPEG image"},
		{"GIF8", "a GIF image"},
		{"\xff\xfe", "UTF-16 text"},
		{"\xfe\xff", "UTF-16 text"},
	} {
		if bytes.HasPrefix(b, []byte(m.magic)) {
			return m.kind
		}
	}
	return ""
}

// invalidAt is the offset of the first byte of b that is not UTF-8.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// cutPoint returns where to end a chunk of at most size bytes taken from
// buf: after the last paragraph break in its second half, else after the
// last line break or sentence end there, else after the last space, else
// before the last rune that starts at or before size.
func cutPoint(buf []byte, size int) int {
	b := buf[:size]
	half := size / 2
	if i := bytes.LastIndex(b[half:], []byte("\n\n")); i >= 0 {
		return half + i + 2
	}
	if i := bytes.LastIndexByte(b[half:], '\n'); i >= 0 {
		return half + i + 1
	}
	for i := size - 2; i >= half; i-- {
		if (b[i] == '.' || b[i] == '!' || b[i] == '?') && b[i+1] == ' ' {
			return i + 2
		}
	}
	if i := bytes.LastIndexByte(b[half:], ' '); i >= 0 {
		return half + i + 1
	}
	for n := size; n > size-utf8.UTFMax && n > 0; n-- {
		if n == len(buf) || utf8.RuneStart(buf[n]) {
			return n
		}
	}
	return size // not UTF-8 here anyway
}
