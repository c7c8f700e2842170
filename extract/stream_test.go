package extract

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/reckonhq/reckon"
)

func TestChunks(t *testing.T) {
	para := "Officials said at least 300 soldiers were killed. Some 2,000 were wounded, the ministry said.\n\n"
	tests := []struct {
		name string
		text string
		size int
	}{
		{"empty", "", 64},
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
