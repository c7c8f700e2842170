package reckon_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
)

// testKey is a fixed key so that the seeds below are stable.
var testKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

const testHead = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b"

func testCheckpoint(tb testing.TB, events int64, head string) []byte {
	tb.Helper()
	c, err := reckon.NewCheckpoint(events, head, time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), testKey)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := c.MarshalText()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestCheckpointRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		events int64
		head   string
	}{{0, ""}, {1, testHead}, {1 << 40, testHead}} {
		b := testCheckpoint(t, tt.events, tt.head)
		c, err := reckon.ParseCheckpoint(b)
		if err != nil {
			t.Fatalf("%d events: %v\n%s", tt.events, err, b)
		}
		if c.Events != tt.events || c.Head != tt.head || !c.PublicKey.Equal(testKey.Public()) || !c.At.Equal(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)) {
			t.Errorf("parsed %+v", c)
		}
		if again, _ := c.MarshalText(); !bytes.Equal(again, b) {
			t.Errorf("written again:\n%s\nwant:\n%s", again, b)
		}
	}
}

func TestNewCheckpointRefuses(t *testing.T) {
	at := time.Now()
	for _, tt := range []struct {
		name   string
		events int64
		head   string
		key    ed25519.PrivateKey
	}{
		{"negative", -1, "", testKey},
		{"empty log with a head", 0, testHead, testKey},
		{"events without a head", 3, "", testKey},
		{"head not hex", 3, strings.Repeat("z", 64), testKey},
		{"head in capitals", 3, strings.ToUpper(testHead), testKey},
		{"no key", 3, testHead, nil},
	} {
		if _, err := reckon.NewCheckpoint(tt.events, tt.head, at, tt.key); err == nil {
			t.Errorf("%s: made a checkpoint", tt.name)
		}
	}
}

// TestParseCheckpointBad: every change to a signed file is refused, with
// the line it is on.
func TestParseCheckpointBad(t *testing.T) {
	good := string(testCheckpoint(t, 12, testHead))
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize))
	forged, _ := reckon.NewCheckpoint(12, testHead, time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), other)
	forgedText, _ := forged.MarshalText()
	// Someone's own key put in the file with the old signature.
	swapped := strings.Replace(good, lineOf(good, "key "), lineOf(string(forgedText), "key "), 1)
	tests := []struct {
		name, in string
		line     int
		want     string
	}{
		{"empty", "", 0, "newline"},
		{"cut short", good[:len(good)-10], 0, "newline"},
		{"too big", good + strings.Repeat("x", reckon.MaxCheckpointBytes), 0, "more than"},
		{"other format", strings.Replace(good, "v1", "v2", 1), 1, "not a reckon audit checkpoint"},
		{"fewer events", strings.Replace(good, "events 12", "events 11", 1), 6, "signature does not match"},
		{"leading zero", strings.Replace(good, "events 12", "events 012", 1), 2, "whole number"},
		{"negative", strings.Replace(good, "events 12", "events -12", 1), 2, "whole number"},
		{"other head", strings.Replace(good, testHead, strings.Repeat("0", 64), 1), 6, "signature does not match"},
		{"short head", strings.Replace(good, testHead, testHead[:10], 1), 3, "not a hex SHA-256"},
		{"other time", strings.Replace(good, "12:00:00Z", "13:00:00Z", 1), 6, "signature does not match"},
		{"time with a zone", strings.Replace(good, "12:00:00Z", "12:00:00+00:00", 1), 4, "RFC 3339"},
		{"key swapped", swapped, 6, "signature does not match"},
		{"bad signature base64", strings.Replace(good, lineOf(good, "sig "), "sig !!!", 1), 6, "base64"},
		{"extra line", good + "note hi\n", 0, "7 lines"},
		{"crlf", strings.ReplaceAll(good, "\n", "\r\n"), 1, "line ends"},
		{"fields swapped", swapLines(good, 1, 2), 2, `want "events "`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := reckon.ParseCheckpoint([]byte(tt.in))
			var ce *reckon.CheckpointError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a *CheckpointError", err)
			}
			if ce.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v (line %d), want line %d saying %q", err, ce.Line, tt.line, tt.want)
			}
		})
	}
}

func lineOf(s, prefix string) string {
	for l := range strings.SplitSeq(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

func swapLines(s string, i, j int) string {
	ls := strings.Split(s, "\n")
	ls[i], ls[j] = ls[j], ls[i]
	return strings.Join(ls, "\n")
}

// FuzzParseCheckpoint: no input panics; what parses has a signature that
// checks, is written back byte for byte, and parses the same twice.
func FuzzParseCheckpoint(f *testing.F) {
	f.Add(testCheckpoint(f, 0, ""))
	f.Add(testCheckpoint(f, 12, testHead))
	f.Add([]byte("reckon audit checkpoint v1\nevents 1\nhead x\ntime 2026-01-01T00:00:00Z\nkey ed25519 AAAA\nsig AAAA\n"))
	f.Add([]byte("\n\n\n\n\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := reckon.ParseCheckpoint(data)
		if err != nil {
			var ce *reckon.CheckpointError
			if !errors.As(err, &ce) || ce.Line < 0 || ce.Line > 6 {
				t.Fatalf("error %v is not a *CheckpointError with a line of the file", err)
			}
			if len(err.Error()) > 200 {
				t.Fatalf("error quotes too much of the input: %d bytes", len(err.Error()))
			}
			return
		}
		b, err := c.MarshalText()
		if err != nil || !bytes.Equal(b, data) {
			t.Fatalf("parsed %q but writes %q, %v", data, b, err)
		}
		if c.Events < 0 || (c.Events == 0) != (c.Head == "") {
			t.Fatalf("parsed an impossible head: %+v", c)
		}
	})
}
