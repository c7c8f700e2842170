package main

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/release"
)

func newReleaseCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "release",
		Short: "freeze the public view as signed, citable releases, and compare them",
		Long: `A release freezes what an anonymous reader of the server sees (the
redacted view: no sensitive value, no record under embargo) as files:
persons, records, claims and estimates in CSV and JSON, persons and records
in Parquet, the notes, and a manifest with counts and the SHA-256 of every
file, signed with the workspace's ed25519 release key.

The key is a PEM file that stays with the workspace: --key, else
$RECKON_RELEASE_KEY, else release.key in the workspace folder, made on the
first release. Only its public half goes into a release. A PostgreSQL
workspace (--db) has no folder: give --key.

Releases are kept in the store byte for byte; reckon serve offers them at
/releases/NAME/FILE, with a change feed at /api/v1/changes?since=NAME.`,
	}
	cmd.AddCommand(newReleaseCreateCmd(e), newReleaseListCmd(e), newReleaseShowCmd(e),
		newReleaseVerifyCmd(e), newReleaseExportCmd(e), newReleaseDiffCmd(e), newReleaseKeyCmd(e))
	return cmd
}

// releaseKeyPath is the file of the release key: --key, else
// $RECKON_RELEASE_KEY, else release.key in the workspace folder.
func (e *env) releaseKeyPath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if k := e.getenv("RECKON_RELEASE_KEY"); k != "" {
		return k, nil
	}
	if e.db != "" || e.getenv("RECKON_DB") != "" {
		return "", reckon.Errorf(reckon.EINVALID, "a PostgreSQL workspace has no folder for its release key: pass --key FILE or set RECKON_RELEASE_KEY")
	}
	dir, err := e.workspaceDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, release.KeyFile), nil
}

func newReleaseCreateCmd(e *env) *cobra.Command {
	var name, notes, key string
	cmd := &cobra.Command{
		Use:   "create --name NAME [--notes FILE]",
		Short: "freeze the public view as a new release",
		Long: `create builds a release of the public view, signs its manifest and stores
it. A name is taken for good: a release never changes. The notes' first
line is the release's title, used in its citation line.`,
		Example: `  reckon release create --name 2026.1 --notes notes.md
  reckon release create --name 2026.2`,
		Args: func(cmd *cobra.Command, args []string) error {
			if err := cobra.NoArgs(cmd, args); err != nil {
				return err
			}
			if cmd.Flags().Changed("name") {
				if err := reckon.CheckReleaseName(name); err != nil {
					return usagef("--name: %s", reckon.ErrorMessage(err))
				}
			}
			return nil
		},
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			ctx := cmd.Context()
			var text []byte
			if notes != "" {
				b, err := os.ReadFile(notes)
				if err != nil {
					return fmt.Errorf("release notes: %w", err)
				}
				text = b
			}
			path, err := e.releaseKeyPath(key)
			if err != nil {
				return err
			}
			k, created, err := release.LoadKey(path, true)
			if err != nil {
				return err
			}
			if created {
				fmt.Fprintf(e.stderr, "reckon: made the release key %s; keep it safe and private: it signs every release\n", path)
			}
			r, files, err := release.Build(ctx, s, release.Options{Name: name, Notes: text, Key: k})
			if err != nil {
				return err
			}
			if err := s.CreateRelease(ctx, r, files); err != nil {
				return err
			}
			e.printf("release %s: %d files, manifest SHA-256 %s\n", r.Name, len(r.Files), r.ManifestHash)
			return nil
		}),
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "the release's `name`, such as 2026.1 (required)")
	f.StringVar(&notes, "notes", "", "a Markdown `file` of release notes; its first line is the title")
	f.StringVar(&key, "key", "", "the release key `file` (default: $RECKON_RELEASE_KEY or release.key in the workspace)")
	cmd.MarkFlagRequired("name")
	return cmd
}

func newReleaseListCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "list the releases, oldest first",
		Args:  cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			rs, err := s.Releases(cmd.Context())
			if err != nil {
				return err
			}
			t := &table{header: []string{"name", "created", "files", "manifest_sha256"}}
			for _, r := range rs {
				t.add(r.Name, r.CreatedAt.UTC().Format("2006-01-02 15:04:05"), len(r.Files), r.ManifestHash)
			}
			return write(e.stdout, format, t, rs)
		}),
	}
	addFormatFlag(cmd, &format, "table")
	return cmd
}

// releaseManifest reads and parses a stored release's manifest.
func releaseManifest(cmd *cobra.Command, s reckon.Store, name string) (*release.Manifest, error) {
	f, err := s.ReleaseFile(cmd.Context(), name, reckon.ManifestFile)
	if err != nil {
		return nil, err
	}
	m, _ := release.Verify(map[string][]byte{reckon.ManifestFile: f.Data}, nil)
	if m == nil {
		return nil, reckon.Errorf(reckon.EINVALID, "release %s: its manifest does not read (run reckon release verify %s)", name, name)
	}
	return m, nil
}

func newReleaseShowCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "show a release: its counts, files and citation line",
		Args:  cobra.ExactArgs(1),
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			r, err := s.Release(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			m, err := releaseManifest(cmd, s, r.Name)
			if err != nil {
				return err
			}
			cite := release.Citation(m.Title, r, "")
			if format == "json" {
				return write(e.stdout, format, nil, struct {
					*reckon.Release
					Manifest *release.Manifest `json:"manifest"`
					Citation string            `json:"citation"`
				}{r, m, cite})
			}
			e.printf("release %s\n", r.Name)
			e.printf("title:    %s\n", m.Title)
			e.printf("created:  %s\n", r.CreatedAt.UTC().Format("2006-01-02 15:04:05"))
			e.printf("reckon:   %s\n", m.ReckonVersion)
			e.printf("key:      %s\n", r.PublicKey)
			e.printf("manifest: SHA-256 %s\n", r.ManifestHash)
			e.printf("counts:  ")
			for _, k := range []string{"persons", "records", "claims", "estimates", "withheld"} {
				e.printf(" %s %d", k, m.Counts[k])
			}
			e.printf("\ninputs:   %d documents, %d imports (%s)\n", len(m.Inputs.Documents), len(m.Inputs.Imports), m.Inputs.ImportHashes)
			e.printf("cite as:  %s\n", cite)
			t := &table{header: []string{"file", "size", "sha256"}}
			for _, f := range r.Files {
				t.add(f.Name, f.Size, f.SHA256)
			}
			e.printf("\n")
			return t.writeText(e.stdout)
		}),
	}
	addFormatFlag(cmd, &format, "text", "text", "json")
	return cmd
}

func newReleaseVerifyCmd(e *env) *cobra.Command {
	var dir, key string
	cmd := &cobra.Command{
		Use:   "verify NAME | --dir DIR",
		Short: "check that a release's files are whole and signed",
		Long: `verify checks a stored release, or the files of one in a folder (as
reckon release export writes them or a reader downloaded them): the
manifest's signature, and every file against the manifest. An edited,
added or removed file fails. With --key, or when the workspace's release
key is at hand, the signature must also be by that key.`,
		Example: `  reckon release verify 2026.1
  reckon release verify --dir ./2026.1 --key release.pub.pem`,
		Args: func(cmd *cobra.Command, args []string) error {
			if (dir == "") == (len(args) == 0) || len(args) > 1 {
				return usagef("release verify: give a release NAME or --dir DIR, not both")
			}
			return nil
		},
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			trusted, err := e.trustedKey(key, dir == "")
			if err != nil {
				return err
			}
			var files map[string][]byte
			what := dir
			if dir != "" {
				if files, err = readDir(dir); err != nil {
					return err
				}
			} else {
				what = "release " + args[0]
				err = e.useStore(cmd, func(s reckon.Store) error {
					files, err = storedFiles(cmd, s, args[0])
					return err
				})
				if err != nil {
					return err
				}
			}
			m, probs := release.Verify(files, trusted)
			for _, p := range probs {
				e.printf("%s\n", p)
			}
			if len(probs) > 0 {
				return reckon.Errorf(reckon.EINVALID, "%s does not verify: %d problems", what, len(probs))
			}
			by := "the key it names"
			if trusted != nil {
				by = "the trusted key"
			}
			e.printf("%s verifies: %d files, signed by %s %s\n", what, len(m.Files), by, m.PublicKey)
			return nil
		}),
	}
	cmd.Flags().StringVar(&dir, "dir", "", "verify the release files in this `folder` instead of a stored release")
	cmd.Flags().StringVar(&key, "key", "", "the trusted key `file`: the release key, or its public half as PEM (default: the workspace's, if there is one)")
	return cmd
}

// trustedKey reads the public key releases must be signed with: --key
// (a private or public PEM key), else the workspace's release key when
// there is one (only looked for when inWorkspace); nil when there is none.
func (e *env) trustedKey(flag string, inWorkspace bool) (ed25519.PublicKey, error) {
	if flag != "" {
		return release.LoadPublicKey(flag)
	}
	if !inWorkspace {
		return nil, nil
	}
	path, err := e.releaseKeyPath("")
	if err != nil {
		return nil, nil // no folder: nothing to trust but the signature
	}
	k, _, err := release.LoadKey(path, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return k.Public().(ed25519.PublicKey), nil
}

// storedFiles reads every file of a stored release.
func storedFiles(cmd *cobra.Command, s reckon.Store, name string) (map[string][]byte, error) {
	r, err := s.Release(cmd.Context(), name)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, f := range r.Files {
		rf, err := s.ReleaseFile(cmd.Context(), name, f.Name)
		if err != nil {
			return nil, err
		}
		files[f.Name] = rf.Data
	}
	if files[reckon.ManifestFile] != nil && reckon.FileHash(files[reckon.ManifestFile]) != r.ManifestHash {
		return nil, reckon.Errorf(reckon.EINVALID, "release %s: its manifest.json is not the one stored with it (SHA-256 %s): the store was edited", name, r.ManifestHash)
	}
	return files, nil
}

// readDir reads the regular files of a folder, by name.
func readDir(dir string) (map[string][]byte, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("release folder: %w", err)
	}
	files := map[string][]byte{}
	for _, ent := range ents {
		if ent.IsDir() {
			files[ent.Name()+"/"] = nil // a folder is no file of a release
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, ent.Name()))
		if err != nil {
			return nil, fmt.Errorf("release folder: %w", err)
		}
		files[ent.Name()] = b
	}
	return files, nil
}

func newReleaseExportCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export NAME DIR",
		Short: "write a release's files into a folder, byte for byte",
		Long: `export writes every file of a stored release into DIR (made if need be),
exactly as stored: reckon release verify --dir DIR checks them. A file
that is there already is refused, not overwritten.`,
		Example: `  reckon release export 2026.1 ./2026.1`,
		Args:    cobra.ExactArgs(2),
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			files, err := storedFiles(cmd, s, args[0])
			if err != nil {
				return err
			}
			if err := os.MkdirAll(args[1], 0o755); err != nil {
				return fmt.Errorf("export release: %w", err)
			}
			for name, b := range files {
				f, err := os.OpenFile(filepath.Join(args[1], name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
				if err != nil {
					return fmt.Errorf("export release: %w", err)
				}
				_, err = f.Write(b)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
				if err != nil {
					return fmt.Errorf("export release: %w", err)
				}
			}
			e.printf("wrote %d files of release %s to %s\n", len(files), args[0], args[1])
			return nil
		}),
	}
	return cmd
}

func newReleaseDiffCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "explain how the totals moved from release A to release B",
		Long: `diff counts the persons each release holds and explains the difference:
persons added, merged or split by relinking, withheld or withdrawn; the
records added, changed, withheld or withdrawn; and how each estimate moved
(the latest of each measure, population, stratum and method).`,
		Example: `  reckon release diff 2026.1 2026.2`,
		Args:    cobra.ExactArgs(2),
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			a, err := release.ReadTables(cmd.Context(), s, args[0])
			if err != nil {
				return err
			}
			b, err := release.ReadTables(cmd.Context(), s, args[1])
			if err != nil {
				return err
			}
			d, err := release.Explain(a, b)
			if err != nil {
				return err
			}
			if format == "json" {
				return write(e.stdout, format, nil, d)
			}
			return d.WriteText(e.stdout)
		}),
	}
	addFormatFlag(cmd, &format, "text", "text", "json")
	return cmd
}

func newReleaseKeyCmd(e *env) *cobra.Command {
	var key string
	cmd := &cobra.Command{
		Use:   "key",
		Short: "print the public half of the release key, as PEM",
		Long: `key prints the public half of the workspace's release key (never the
private key), for readers to check releases with: reckon release verify
--dir FOLDER --key FILE. Publish it somewhere other than beside the
releases, so that one who could change the files could not change the
key too.`,
		Example: `  reckon release key > release.pub.pem`,
		Args:    cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			path, err := e.releaseKeyPath(key)
			if err != nil {
				return err
			}
			k, _, err := release.LoadKey(path, false)
			if err != nil {
				return err
			}
			der, err := x509.MarshalPKIXPublicKey(k.Public())
			if err != nil {
				return fmt.Errorf("release key: %w", err)
			}
			return pem.Encode(e.stdout, &pem.Block{Type: "PUBLIC KEY", Bytes: der})
		}),
	}
	cmd.Flags().StringVar(&key, "key", "", "the release key `file` (default: $RECKON_RELEASE_KEY or release.key in the workspace)")
	return cmd
}
