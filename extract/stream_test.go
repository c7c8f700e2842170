package extract

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// TestChunksRefuse: a text that is empty, blank, binary or not UTF-8 is
// refused with a clear error, wherever it comes from (issue 15: an empty
// file was accepted as a document).
func TestChunksRefuse(t *testing.T) {
	long := strings.Repeat("The ministry said 12 were killed.\n", 200)
	for _, tt := range []struct {
		name, text string
		want       string
	}{
		{"empty", "", "the text is empty"},
		{"blank", " \n\t\n ", "5 bytes of white space"},
		{"long blank", strings.Repeat(" \n", 5000), "10000 bytes of white space"},
		{"pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "this is a PDF, not text"},
		{"docx", "PK\x03\x04\x14\x00\x06\x00", "a zip archive"},
		{"png", "\x89PNG\r\n\x1a\n", "a PNG image"},
		{"utf-16", "\xff\xfeA\x00", "UTF-16 text"},
		{"nul", "killed 12\x00\x01", "byte 9 is NUL"},
		{"cp949", "\xbb\xe7\xb8\xc1\xc0\xda 300\xb8\xed", "byte 0 is not UTF-8"},
		{"late windows-1251", long + "\xcf\xee\xe3\xe8\xe1\xeb\xe8 40", "is not UTF-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			for _, e := range Chunks(strings.NewReader(tt.text), 256, Auto) {
				if e != nil {
					err = e
				}
			}
			if err == nil || reckon.ErrorCode(err) != reckon.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want EINVALID saying %q", err, tt.want)
			}
		})
	}
}

func TestChunks(t *testing.T) {
	para := "Officials said at least 300 soldiers were killed. Some 2,000 were wounded, the ministry said.\n\n"
	tests := []struct {
		name string
		text string
		size int
	}{
		{"one chunk", para, 0},
		{"paragraphs", strings.Repeat(para, 50), 256},
		{"no breaks", strings.Repeat("x", 1000), 100},
		{"multibyte", strings.Repeat("사망자 300명. Погибли 40 человек. ", 40), 97},
		{"one byte reads", strings.Repeat(para, 5), 128},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r io.Reader = strings.NewReader(tt.text)
			if tt.name == "one byte reads" {
				r = iotest.OneByteReader(r)
			}
			var got strings.Builder
			var claims []reckon.Claim
			for c, err := range Chunks(r, tt.size, Auto) {
				if err != nil {
					t.Fatal(err)
				}
				if c.Offset != int64(got.Len()) {
					t.Fatalf("chunk at %d, want %d", c.Offset, got.Len())
				}
				if tt.size > 0 && len(c.Text) > tt.size+tt.size {
					t.Fatalf("chunk of %d bytes for size %d", len(c.Text), tt.size)
				}
				got.WriteString(c.Text)
				claims = append(claims, c.Claims...)
			}
			if got.String() != tt.text {
				t.Fatalf("chunks do not tile the text")
			}
			for _, c := range claims {
				if tt.text[c.Start:c.End] != c.Span {
					t.Errorf("claim span %q at [%d,%d) is %q in the text", c.Span, c.Start, c.End, tt.text[c.Start:c.End])
				}
			}
			if n := strings.Count(tt.text, "at least 300"); len(claims) < n {
				t.Errorf("%d claims, want at least %d", len(claims), n)
			}
		})
	}
}

func TestChunksBinary(t *testing.T) {
	for _, err := range Chunks(strings.NewReader("PK\x03\x04\x00\x00"), 0, Auto) {
		if reckon.ErrorCode(err) != reckon.EINVALID {
			t.Fatalf("binary input: %v, want an invalid error", err)
		}
		return
	}
	t.Fatal("binary input gave no error")
}

// TestChunksLang: a document is read in one language, detected once on
// its first chunk (issue 13), so a Korean article whose later chunks
// quote English keeps its Korean reading, and a language given is kept.
func TestChunksLang(t *testing.T) {
	korean := strings.Repeat("국정원은 북한군 600여 명이 사망했다고 밝혔다. ", 20)
	english := strings.Repeat("At least 300 soldiers were killed, officials said. ", 20)
	tests := []struct {
		name string
		text string
		lang Lang
		want Lang
	}{
		{"korean detected", korean + "\n\n" + english, Auto, Korean},
		{"english detected", english + "\n\n" + korean, Auto, English},
		{"zero value detects", korean, "", Korean},
		{"given", korean, English, English},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			for c, err := range Chunks(strings.NewReader(tt.text), 256, tt.lang) {
				if err != nil {
					t.Fatal(err)
				}
				n++
				if c.Lang != string(tt.want) {
					t.Fatalf("chunk %d at %d read as %q, want %q", n, c.Offset, c.Lang, tt.want)
				}
				for _, cl := range c.Claims {
					if tt.want == Korean && strings.HasPrefix(cl.Span, "600") && cl.Qualifier != reckon.MoreThan {
						t.Errorf("%q read as %s, want more_than (Korean 여)", cl.Span, cl.Qualifier)
					}
				}
			}
			if n < 2 && len(tt.text) > 512 {
				t.Fatalf("%d chunks, want several", n)
			}
		})
	}
}

// FuzzChunks: whatever the bytes, Chunks does not panic, and either
// refuses them with EINVALID or yields UTF-8 chunks that tile them.
func FuzzChunks(f *testing.F) {
	for _, s := range []string{"", " \n", "%PDF-1.4", "PK\x03\x04", "killed 12\x00", "\xbb\xe7 300", "사망자 300명. Погибли 40 человек.", "At least 300 were killed.\n\nSome 2,000 wounded."} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var got strings.Builder
		for c, err := range Chunks(strings.NewReader(string(b)), 64, Auto) {
			if err != nil {
				if reckon.ErrorCode(err) != reckon.EINVALID {
					t.Fatalf("error %v is not EINVALID", err)
				}
				return
			}
			if !utf8.ValidString(c.Text) {
				t.Fatalf("chunk %q is not UTF-8", c.Text)
			}
			got.WriteString(c.Text)
		}
		if got.String() != string(b) {
			t.Fatalf("chunks do not tile the input")
		}
	})
}
