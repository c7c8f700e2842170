package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
)

// checkpointKeyEnv names the environment variable that may name the
// signing key of audit checkpoints.
const checkpointKeyEnv = "RECKON_AUDIT_KEY"

func newAuditKeygenCmd(e *env) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "keygen --out FILE",
		Short: "make the key that signs audit checkpoints (keep it away from the database)",
		Long: `keygen makes an ed25519 key to sign audit checkpoints. The private key goes to
FILE (readable by its owner only), the public key to FILE.pub and to standard
output. Keep FILE on another disk or machine than the database and its
backups: whoever holds both can rewrite the log and sign it again. Publish
the public key, so that anyone can check a checkpoint with
reckon audit verify --checkpoint FILE --pubkey FILE.pub.`,
		Args: cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return reckon.Errorf(reckon.EINVALID, "keygen needs --out FILE: where to keep the private key")
			}
			pub, priv, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				return err
			}
			der, err := x509.MarshalPKCS8PrivateKey(priv)
			if err != nil {
				return err
			}
			pder, err := x509.MarshalPKIXPublicKey(pub)
			if err != nil {
				return err
			}
			pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pder})
			if err := writeNew(out, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
				return err
			}
			if err := writeNew(out+".pub", pubPEM, 0o644); err != nil {
				os.Remove(out)
				return err
			}
			e.printf("private key: %s (keep it away from the database)\npublic key:  %s.pub, fingerprint %s, ed25519 %s\n%s",
				out, out, reckon.KeyFingerprint(pub), base64.StdEncoding.EncodeToString(pub), pubPEM)
			return nil
		}),
	}
	cmd.Flags().StringVar(&out, "out", "", "write the private key to this `file` and the public key beside it (.pub); neither may exist")
	return cmd
}

// writeNew writes data to a new file name with mode perm, refusing to
// replace one.
func writeNew(name string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if errors.Is(err, fs.ErrExist) {
		return reckon.Errorf(reckon.ECONFLICT, "%s exists: a key is never overwritten; choose another name", name)
	}
	if err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(name)
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// loadSigningKey reads the private key keygen wrote. It refuses a key
// that others than its owner may read.
func loadSigningKey(name string) (ed25519.PrivateKey, error) {
	if name == "" {
		return nil, reckon.Errorf(reckon.EINVALID, "a checkpoint is signed: pass --key FILE (or set $%s); make one with reckon audit keygen --out FILE, kept away from the database", checkpointKeyEnv)
	}
	st, err := os.Stat(name)
	if err != nil {
		return nil, reckon.Errorf(reckon.EINVALID, "checkpoint key: %v", err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "checkpoint key %s may be read by others (mode %04o): chmod 600 %s", name, st.Mode().Perm(), name)
	}
	b, err := readCapped(name, 4096)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, reckon.Errorf(reckon.EINVALID, "checkpoint key %s: not a PEM private key (make one with reckon audit keygen)", name)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, reckon.Errorf(reckon.EINVALID, "checkpoint key %s: %v", name, err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, reckon.Errorf(reckon.EINVALID, "checkpoint key %s: a %T, not an ed25519 key", name, k)
	}
	return priv, nil
}

// loadPublicKey reads the public key keygen wrote (FILE.pub).
func loadPublicKey(name string) (ed25519.PublicKey, error) {
	b, err := readCapped(name, 4096)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	switch {
	case blk != nil && blk.Type == "PRIVATE KEY":
		return nil, reckon.Errorf(reckon.EINVALID, "--pubkey %s is a private key: pass the public one (%s.pub); the private key stays with the server", name, name)
	case blk == nil || blk.Type != "PUBLIC KEY":
		return nil, reckon.Errorf(reckon.EINVALID, "--pubkey %s: not a PEM public key (reckon audit keygen writes one beside the private key, as .pub)", name)
	}
	k, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, reckon.Errorf(reckon.EINVALID, "--pubkey %s: %v", name, err)
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, reckon.Errorf(reckon.EINVALID, "--pubkey %s: a %T, not an ed25519 key", name, k)
	}
	return pub, nil
}

// readCapped reads a small file whole, refusing one larger than max.
func readCapped(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, reckon.Errorf(reckon.EINVALID, "%v", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(b)) > max {
		return nil, reckon.Errorf(reckon.EINVALID, "%s is larger than %d bytes: not a key or checkpoint", name, max)
	}
	return b, nil
}

// readCheckpoint reads and parses a checkpoint file; with a public key,
// the checkpoint must be signed by it.
func readCheckpoint(name string, pub ed25519.PublicKey) (*reckon.Checkpoint, error) {
	b, err := readCapped(name, reckon.MaxCheckpointBytes)
	if err != nil {
		return nil, err
	}
	c, err := reckon.ParseCheckpoint(b)
	if err != nil {
		return nil, reckon.Errorf(reckon.EINVALID, "%s: %v", name, err)
	}
	if pub != nil && !c.PublicKey.Equal(pub) {
		return nil, reckon.Errorf(reckon.ECONFLICT, "%s is signed by key %s, not by the key you gave (%s): not the server's checkpoint", name, c.Fingerprint(), reckon.KeyFingerprint(pub))
	}
	return c, nil
}

// makeCheckpoint verifies the log of s and signs its head.
func makeCheckpoint(ctx context.Context, s reckon.AuditStore, key ed25519.PrivateKey, now time.Time) (*reckon.Checkpoint, error) {
	c, err := s.VerifyAudit(ctx)
	if err != nil {
		return nil, fmt.Errorf("verify audit log: %w", err)
	}
	if c.BadID != 0 {
		return nil, reckon.Errorf(reckon.ECONFLICT, "audit log broken at event %d: %s; a broken log is not signed", c.BadID, c.Problem)
	}
	return reckon.NewCheckpoint(int64(c.Events), c.Head, now, key)
}

// checkpointDir keeps the checkpoints the server writes on a schedule, one
// file per checkpoint named by its time, so that they sort in order.
type checkpointDir struct {
	dir string
	key ed25519.PrivateKey
	now func() time.Time
}

// checkpointGlob matches the files of a checkpointDir.
const checkpointGlob = "checkpoint-*.txt"

// latest returns the newest checkpoint in d and its file name, or nil
// when there is none.
func (d *checkpointDir) latest() (*reckon.Checkpoint, string, error) {
	names, err := filepath.Glob(filepath.Join(d.dir, checkpointGlob))
	if err != nil {
		return nil, "", err
	}
	if len(names) == 0 {
		return nil, "", nil
	}
	slices.Sort(names)
	name := names[len(names)-1]
	c, err := readCheckpoint(name, nil)
	return c, name, err
}

// write checks that the log of s extends the newest checkpoint in d and
// writes a new one when the log has grown since. A log that no longer
// extends the newest checkpoint is an error, and nothing is written: the
// server never signs a log that was rewritten behind its back.
func (d *checkpointDir) write(ctx context.Context, s reckon.AuditStore) (*reckon.Checkpoint, error) {
	last, name, err := d.latest()
	if err != nil {
		return nil, err
	}
	if last != nil {
		if _, err := reckon.CheckCheckpoint(ctx, s, last); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	c, err := makeCheckpoint(ctx, s, d.key, d.now())
	if err != nil {
		return nil, err
	}
	if last != nil && last.Events == c.Events && last.Head == c.Head && last.PublicKey.Equal(c.PublicKey) {
		return last, nil // nothing new to anchor
	}
	b, err := c.MarshalText()
	if err != nil {
		return nil, err
	}
	out := filepath.Join(d.dir, fmt.Sprintf("checkpoint-%s-%d.txt", c.At.Format("20060102T150405.000000000Z"), c.Events))
	return c, writeAtomic(io.Discard, out, func(w io.Writer) error { _, err := w.Write(b); return err })
}

func newAuditCheckpointCmd(e *env) *cobra.Command {
	var key, out string
	cmd := &cobra.Command{
		Use:   "checkpoint [--key FILE] [--out FILE]",
		Short: "sign the head of the audit log, to publish outside the database",
		Long: `checkpoint verifies the audit log and writes its head (how many events, the
last one's hash, the time) signed with the key from --key (else
$RECKON_AUDIT_KEY; reckon audit keygen makes one), to --out or standard
output. Whoever can write the database can delete the newest events, empty
the log, or edit an event and recompute every later hash, and the chain
alone still verifies; a checkpoint kept elsewhere shows it:
reckon audit verify --checkpoint FILE fails when the log no longer extends it.

Publish each checkpoint where the database's keepers cannot change it (a
mailing list, a public repository, a ticket, a printout), and keep the key on
another machine or disk than the database. reckon serve --checkpoint-dir
writes them on a schedule.`,
		Args: cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			if key == "" {
				key = e.getenv(checkpointKeyEnv)
			}
			priv, err := loadSigningKey(key)
			if err != nil {
				return err
			}
			return e.useStore(cmd, func(s reckon.Store) error {
				c, err := makeCheckpoint(cmd.Context(), s, priv, time.Now())
				if err != nil {
					return err
				}
				b, err := c.MarshalText()
				if err != nil {
					return err
				}
				return writeAtomic(e.stdout, out, func(w io.Writer) error { _, err := w.Write(b); return err })
			})
		}),
	}
	cmd.Flags().StringVar(&key, "key", "", "the private key `file` that signs (from reckon audit keygen)")
	cmd.Flags().StringVar(&out, "out", "", "write to this `file` (default: standard output)")
	return cmd
}

// verifyCheckpoints checks the log of s against every checkpoint file
// named, each signed by pub when pub is not nil, and says what it checked.
func verifyCheckpoints(ctx context.Context, e *env, s reckon.AuditStore, files []string, pubFile string) error {
	var pub ed25519.PublicKey
	if pubFile != "" {
		var err error
		if pub, err = loadPublicKey(pubFile); err != nil {
			return err
		}
	}
	var msg bytes.Buffer
	for _, f := range files {
		c, err := readCheckpoint(f, pub)
		if err != nil {
			return err
		}
		chk, err := reckon.CheckCheckpoint(ctx, s, c)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		who := "signed by key " + c.Fingerprint()
		if pub == nil {
			who += " (pass --pubkey to require the server's key)"
		}
		fmt.Fprintf(&msg, "audit log intact: %d events, head %s; it extends the checkpoint %s of %s (%d events), %s\n",
			chk.Events, chk.Head, f, c.At.Format(time.RFC3339), c.Events, who)
	}
	_, err := io.Copy(e.stdout, &msg)
	return err
}

// checkpointFlagsUsage is how verify's help speaks of checkpoints.
var checkpointFlagsUsage = strings.TrimSpace(`
With --checkpoint FILE (a file that reckon audit checkpoint or reckon serve
--checkpoint-dir wrote; give several to check each) verify also fails when
the log no longer extends the checkpoint: fewer events than it counted, or
another hash at its last event (an event edited and the chain recomputed,
or the log replaced). --pubkey FILE requires the checkpoint to be signed by
that key (keygen's FILE.pub); without it, verify names the key's
fingerprint for you to compare with the one the operator publishes.`)
