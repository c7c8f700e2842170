// Package release freezes the public view of a workspace into a signed,
// citable release, checks a release's files, and says what changed
// between two releases.
//
// # What a release holds
//
// [Build] reads the workspace through [reckon.Redact] with a context that
// may not see personal data: exactly what an anonymous reader of the
// server sees, by the one rule of package reckon, never a second one. It
// writes, each sorted and formatted the same way every time:
//
//	persons.csv  persons.json  persons.parquet   one row per person
//	records.csv  records.json  records.parquet   public fields of each record
//	claims.csv   claims.json                     claims not rejected or merged
//	estimates.csv estimates.json                 estimates as the public sees them
//	withheld.json  records public in an earlier release, now under embargo (keys only)
//	notes.md       the release notes as given
//	manifest.json  counts, every file's SHA-256 and size, the inputs, the version
//	manifest.sig   the ed25519 signature of manifest.json, base64
//
// No file holds a time but the manifest's created_at, so that building
// again from the same workspace at the same instant gives the same bytes.
// The inputs name each document's hash (documents are published text,
// public in the redacted view) and each import's file, list and count;
// imports' hashes are left out, as the redacted view leaves them out: a
// plain SHA-256 of a small list confirms a guess of its values.
//
// # Keys
//
// The release key is an ed25519 key in a PEM file (PKCS #8) that stays
// with the server: by default release.key in the workspace folder, made
// on first use with mode 0600 ([LoadKey]). Only its public half goes into
// a release (the manifest's public_key) and the store; the private key is
// never in a release, a snapshot or the database.
//
// # Storage
//
// A release's files are kept in the store ([reckon.ReleaseStore]) byte
// for byte, so that they travel with backups and work the same on SQLite
// and PostgreSQL; the server serves them from there at stable URLs.
//
// # Change feed
//
// [Changes] lists what changed from one release to another: persons,
// records, claims and estimates added, changed, merged, split, withheld
// or withdrawn. It reads only the releases' files, which hold only the
// public view, so it cannot show what redaction hides; a record that was
// public and is now under embargo appears as "withheld" with its key and
// nothing else. [Apply] applies a feed to a release's tables; applied to
// release A, the feed from A to B gives B.
package release
