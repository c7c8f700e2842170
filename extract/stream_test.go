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
			for c, err := range Chunks(r, tt.size) {
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
	for _, err := range Chunks(strings.NewReader("PK\x03\x04\x00\x00"), 0) {
		if reckon.ErrorCode(err) != reckon.EINVALID {
			t.Fatalf("binary input: %v, want an invalid error", err)
		}
		return
	}
	t.Fatal("binary input gave no error")
}
