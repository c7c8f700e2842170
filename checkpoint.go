package reckon

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A Checkpoint anchors the audit log outside the database: it states the
// number of events and the hash of the last one (the head) at a time, and
// is signed with a key that is kept away from the database. Whoever can
// rewrite the database can re-chain the log, drop its newest events or
// empty it, and the chain alone still verifies; a log that no longer
// extends a published checkpoint shows it (see [CheckCheckpoint]).
//
// The file form, written by [Checkpoint.MarshalText], is six lines:
//
//	reckon audit checkpoint v1
//	events 1234
//	head 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b
//	time 2026-12-07T12:00:00Z
//	key ed25519 <base64 public key>
//	sig <base64 ed25519 signature of the five lines above>
//
// head is empty when events is 0. The public key travels in the file so
// that anyone can check the signature with the file alone; to know the
// file is the server's, compare the key with the one the operator
// publishes (or pass it to the check).
type Checkpoint struct {
	Events    int64             // how many events the log held
	Head      string            // the hash of event Events; "" when Events is 0
	At        time.Time         // when the checkpoint was made, UTC
	PublicKey ed25519.PublicKey // the key that signed it
	Signature []byte            // ed25519 signature of the signed lines
}

// checkpointMagic is the first line of a checkpoint file.
const checkpointMagic = "reckon audit checkpoint v1"

// MaxCheckpointBytes caps the size of a checkpoint file that
// [ParseCheckpoint] reads.
const MaxCheckpointBytes = 1024

// signed returns the lines the signature covers.
func (c *Checkpoint) signed() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nevents %d\nhead %s\ntime %s\nkey ed25519 %s\n", checkpointMagic, c.Events, c.Head,
		c.At.UTC().Format(time.RFC3339Nano), base64.StdEncoding.EncodeToString(c.PublicKey))
	return b.Bytes()
}

// NewCheckpoint returns the checkpoint of a log of events events whose last
// hash is head, made at at and signed with key.
func NewCheckpoint(events int64, head string, at time.Time, key ed25519.PrivateKey) (*Checkpoint, error) {
	c := &Checkpoint{Events: events, Head: head, At: at.UTC()}
	if err := c.checkHead(); err != nil {
		return nil, err
	}
	if len(key) != ed25519.PrivateKeySize {
		return nil, Errorf(EINVALID, "checkpoint: the signing key is %d bytes, not an ed25519 private key", len(key))
	}
	c.PublicKey = key.Public().(ed25519.PublicKey)
	c.Signature = ed25519.Sign(key, c.signed())
	return c, nil
}

// checkHead checks that Events and Head agree.
func (c *Checkpoint) checkHead() error {
	switch {
	case c.Events < 0:
		return Errorf(EINVALID, "checkpoint: negative event count %d", c.Events)
	case c.Events == 0 && c.Head != "":
		return Errorf(EINVALID, "checkpoint: an empty log has no head, got %q", c.Head)
	case c.Events > 0 && !isEventHash(c.Head):
		return Errorf(EINVALID, "checkpoint: head %q is not a hex SHA-256", c.Head)
	}
	return nil
}

// isEventHash says whether h is written as the stores write an event's
// hash: hex SHA-256, 64 lower-case digits.
func isEventHash(h string) bool {
	if len(h) != 2*sha256.Size {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil && strings.ToLower(h) == h
}

// MarshalText writes c in its file form.
func (c *Checkpoint) MarshalText() ([]byte, error) {
	if err := c.checkHead(); err != nil {
		return nil, err
	}
	b := c.signed()
	b = append(b, "sig "...)
	b = append(b, base64.StdEncoding.EncodeToString(c.Signature)...)
	return append(b, '\n'), nil
}

// Fingerprint returns a short name of the public key that signed c: the
// first 16 hex digits of its SHA-256, to compare by eye.
func (c *Checkpoint) Fingerprint() string { return KeyFingerprint(c.PublicKey) }

// KeyFingerprint returns a short name of an ed25519 public key: the first
// 16 hex digits of its SHA-256.
func KeyFingerprint(k ed25519.PublicKey) string {
	sum := sha256.Sum256(k)
	return hex.EncodeToString(sum[:8])
}

// CheckpointError says where a checkpoint file is malformed.
type CheckpointError struct {
	Line int // 1-based; 0 for the whole file
	Msg  string
}

func (e *CheckpointError) Error() string {
	if e.Line == 0 {
		return "checkpoint: " + e.Msg
	}
	return "checkpoint line " + strconv.Itoa(e.Line) + ": " + e.Msg
}

// ParseCheckpoint reads a checkpoint in the form MarshalText writes and
// checks its signature against the key it carries; a file that is not
// exactly in that form (every line, in order, each value written as
// MarshalText writes it) or whose signature does not check is an error
// (a *CheckpointError). It does not say whose key signed it: compare
// PublicKey with the one you trust.
func ParseCheckpoint(data []byte) (*Checkpoint, error) {
	if len(data) > MaxCheckpointBytes {
		return nil, &CheckpointError{Msg: fmt.Sprintf("%d bytes, more than a checkpoint's %d", len(data), MaxCheckpointBytes)}
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return nil, &CheckpointError{Msg: "it does not end with a newline (cut short?)"}
	}
	lines := strings.Split(string(data[:len(data)-1]), "\n")
	if len(lines) != 6 {
		return nil, &CheckpointError{Msg: fmt.Sprintf("%d lines, want 6", len(lines))}
	}
	if i := bytes.IndexByte(data, '\r'); i >= 0 {
		return nil, &CheckpointError{Line: 1 + bytes.Count(data[:i], []byte{'\n'}),
			Msg: "a carriage return: the file's line ends were changed (to CR LF?); restore them to LF"}
	}
	if lines[0] != checkpointMagic {
		return nil, &CheckpointError{Line: 1, Msg: fmt.Sprintf("want %q (not a reckon audit checkpoint, or a newer version)", checkpointMagic)}
	}
	field := func(i int, name string) (string, error) {
		v, ok := strings.CutPrefix(lines[i], name+" ")
		if !ok {
			return "", &CheckpointError{Line: i + 1, Msg: fmt.Sprintf("want %q first", name+" ")}
		}
		return v, nil
	}
	var c Checkpoint
	v, err := field(1, "events")
	if err != nil {
		return nil, err
	}
	if c.Events, err = strconv.ParseInt(v, 10, 64); err != nil || strconv.FormatInt(c.Events, 10) != v || c.Events < 0 {
		return nil, &CheckpointError{Line: 2, Msg: fmt.Sprintf("event count %q is not a whole number", quoteShort(v))}
	}
	if c.Head, err = field(2, "head"); err != nil {
		return nil, err
	}
	if err := c.checkHead(); err != nil {
		return nil, &CheckpointError{Line: 3, Msg: strings.TrimPrefix(err.Error(), "checkpoint: ")}
	}
	if v, err = field(3, "time"); err != nil {
		return nil, err
	}
	if c.At, err = time.Parse(time.RFC3339Nano, v); err != nil || c.At.UTC().Format(time.RFC3339Nano) != v {
		return nil, &CheckpointError{Line: 4, Msg: fmt.Sprintf("time %q is not an RFC 3339 time in UTC", quoteShort(v))}
	}
	c.At = c.At.UTC()
	if v, err = field(4, "key ed25519"); err != nil {
		return nil, err
	}
	if c.PublicKey, err = decode64(v, ed25519.PublicKeySize); err != nil {
		return nil, &CheckpointError{Line: 5, Msg: "public key: " + err.Error()}
	}
	if v, err = field(5, "sig"); err != nil {
		return nil, err
	}
	if c.Signature, err = decode64(v, ed25519.SignatureSize); err != nil {
		return nil, &CheckpointError{Line: 6, Msg: "signature: " + err.Error()}
	}
	if !ed25519.Verify(c.PublicKey, c.signed(), c.Signature) {
		return nil, &CheckpointError{Line: 6, Msg: "the signature does not match the lines above (the file was changed after signing)"}
	}
	return &c, nil
}

// decode64 decodes canonical standard base64 of exactly n bytes.
func decode64(v string, n int) ([]byte, error) {
	b, err := base64.StdEncoding.Strict().DecodeString(v)
	if err != nil || len(b) != n || base64.StdEncoding.EncodeToString(b) != v {
		return nil, fmt.Errorf("%q is not %d bytes in base64", quoteShort(v), n)
	}
	return b, nil
}

// quoteShort cuts v to a short prefix for an error message.
func quoteShort(v string) string {
	const max = 40
	if len(v) <= max {
		return v
	}
	return v[:max] + "..."
}

// CheckCheckpoint says whether the log of s still extends c: the chain
// verifies, it holds at least c.Events events, and event c.Events has the
// hash c.Head. It returns the log's check, and an error with code
// ECONFLICT that says what changed when the log does not extend c: events
// were removed (fewer events), or the log was rewritten (another hash at
// c's position: an edit re-chained, or a log replaced). The signature of
// c is checked by ParseCheckpoint, not here.
func CheckCheckpoint(ctx context.Context, s AuditStore, c *Checkpoint) (*AuditCheck, error) {
	chk, err := s.VerifyAudit(ctx)
	if err != nil {
		return nil, fmt.Errorf("verify audit log: %w", err)
	}
	when := c.At.Format(time.RFC3339)
	if chk.BadID != 0 {
		return chk, Errorf(ECONFLICT, "audit log broken at event %d: %s", chk.BadID, chk.Problem)
	}
	if int64(chk.Events) < c.Events {
		return chk, Errorf(ECONFLICT, "audit log has %d events, fewer than the %d of the checkpoint of %s: events were removed since", chk.Events, c.Events, when)
	}
	if c.Events == 0 {
		return chk, nil
	}
	evs, err := s.Events(ctx, EventFilter{AfterID: c.Events - 1, Limit: 1})
	if err != nil {
		return nil, fmt.Errorf("read audit event %d: %w", c.Events, err)
	}
	if len(evs) == 0 || evs[0].ID != c.Events {
		// The chain checked with ids counting up from 1, so this is a
		// change between the two reads.
		return chk, Errorf(ECONFLICT, "audit event %d of the checkpoint of %s vanished while it was checked", c.Events, when)
	}
	if evs[0].Hash != c.Head {
		return chk, Errorf(ECONFLICT, "audit event %d has hash %s, but the checkpoint of %s says %s: the log was rewritten (an event at or before %d edited and the chain recomputed, or the log replaced)",
			c.Events, evs[0].Hash, when, c.Head, c.Events)
	}
	return chk, nil
}
