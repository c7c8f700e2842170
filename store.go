package reckon

import (
	"context"
	"io"
	"iter"
)

// Store keeps a workspace: sources, documents with their text, and claims
// with their review history. Every method that changes state is atomic.
// Implementations must pass the suite in package storetest.
type Store interface {
	SourceStore
	DocumentStore
	ClaimStore
	RecordStore
	PersonStore
	EstimateStore
	UserStore
	AuditStore
	ReleaseStore
	TraceStore
	CorrectionStore
	Copier
	Close() error
}

// SourceStore keeps sources.
type SourceStore interface {
	// CreateSource stores s and sets its ID and CreatedAt. A name that is
	// already taken is an ECONFLICT error.
	CreateSource(ctx context.Context, s *Source) error
	// Source returns the source with the given ID, or ENOTFOUND.
	Source(ctx context.Context, id int64) (*Source, error)
	// SourceByName returns the source with that exact name, or ENOTFOUND.
	SourceByName(ctx context.Context, name string) (*Source, error)
	// Sources returns every source ordered by name.
	Sources(ctx context.Context) ([]*Source, error)
	// UpdateSource sets the kind, grade, URL and note of the source with
	// s's ID to s's, in one transaction with its audit event (the source
	// before and after); its name and CreatedAt stay, and s gets them. An
	// unknown ID is ENOTFOUND; an invalid s is EINVALID.
	UpdateSource(ctx context.Context, s *Source) error
}

// DocumentStore keeps documents and their text.
type DocumentStore interface {
	// AddDocument stores d with the text and claims of chunks, all in one
	// transaction: an error or a cancelled ctx leaves nothing behind.
	// Chunks must come in order and tile the text. It sets d.ID, d.Hash,
	// d.Size, d.Claims and d.AddedAt. When a document with the same text
	// exists already, nothing is stored, d is replaced by the existing
	// document and created is false.
	AddDocument(ctx context.Context, d *Document, chunks iter.Seq2[Chunk, error]) (created bool, err error)
	// Document returns the document with the given ID, or ENOTFOUND.
	Document(ctx context.Context, id int64) (*Document, error)
	// Documents returns documents in the order they were added.
	Documents(ctx context.Context, f DocumentFilter) ([]*Document, error)
	// DocumentText returns the bytes [start, end) of a document's text;
	// end is clipped to its size. A range outside the text is EINVALID.
	DocumentText(ctx context.Context, id int64, start, end int64) (string, error)
}

// DocumentFilter selects documents. The zero filter selects all.
type DocumentFilter struct {
	SourceID int64 // 0: any source
	Limit    int   // 0: no limit
	AfterID  int64 // cursor: only documents with a larger ID
}

// ClaimStore keeps claims and their review history.
type ClaimStore interface {
	// Claim returns the claim with the given ID, or ENOTFOUND.
	Claim(ctx context.Context, id int64) (*Claim, error)
	// Claims returns the claims that f selects, ordered by ID.
	Claims(ctx context.Context, f ClaimFilter) ([]*Claim, error)
	// ReviewClaim records an analyst's decision and applies it: confirm,
	// reject (r.Why required), edit (the fields of e; an attribution to a
	// source names one of the ledger, ENOTFOUND otherwise) or merge (into
	// e.MergeInto, a claim of the same document that is not itself
	// merged; EINVALID otherwise). It sets r.ID,
	// r.At, r.Before and r.After, and returns the claim as it now is.
	ReviewClaim(ctx context.Context, id int64, r *Review, e *ClaimEdit) (*Claim, error)
	// Reviews returns a claim's review history, oldest first.
	Reviews(ctx context.Context, claimID int64) ([]*Review, error)
	// AddClaim records a claim an analyst found that the extractor
	// missed. c.DocumentID must name a document and [c.Start, c.End) a
	// non-empty byte range of its text (ENOTFOUND, EINVALID); the store
	// sets c.Span from the text, c.ID, c.Origin (analyst), c.Status
	// (confirmed), c.Version and c.CreatedAt. r.By is required; it is
	// kept as the claim's first review (action add), with r.ID and r.At
	// set, and as an audit event, in one transaction.
	AddClaim(ctx context.Context, c *Claim, r *Review) error
}

// ClaimFilter selects claims. The zero filter selects all.
type ClaimFilter struct {
	Measure    Measure     // "": any
	Status     ClaimStatus // "": any
	DocumentID int64       // 0: any
	SourceID   int64       // 0: any
	Limit      int         // 0: no limit
	AfterID    int64       // cursor: only claims with a larger ID
}

// RecordStore keeps the records of source lists.
type RecordStore interface {
	// ImportRecords stores every record of recs as one import, in one
	// transaction: an error from recs or a cancelled ctx leaves nothing.
	// imp.Hash must be set; when an import with that hash exists already,
	// nothing is stored, imp is replaced by it and created is false. A
	// record whose (list, record_id) is already in the workspace is an
	// ECONFLICT error. It sets imp.ID, imp.Records and imp.ImportedAt.
	ImportRecords(ctx context.Context, imp *Import, recs iter.Seq2[*Record, error]) (created bool, err error)
	// Records returns the records that f selects, ordered by ID.
	Records(ctx context.Context, f RecordFilter) ([]*Record, error)
	// Imports returns every import, oldest first.
	Imports(ctx context.Context) ([]*Import, error)
	// ProtectRecord replaces the sensitive fields and the embargo of the
	// record with key (ENOTFOUND if there is none), for a record whose
	// protection is decided after its import: a family asks for it, a
	// field turns out to hold a contact. The change is an audit event.
	ProtectRecord(ctx context.Context, key RecordKey, sensitive []string, embargoed bool) error
}

// PersonStore keeps the result of record linkage and reviewers' decisions.
type PersonStore interface {
	// SaveLinkage replaces the persons and matches with those of run, in
	// one transaction. clusters lists the record IDs of each person; every
	// record must be in exactly one cluster. A person keeps its ID when its
	// records are unchanged, or when it and a new cluster are each other's
	// largest overlap. It sets run.ID and run.At.
	SaveLinkage(ctx context.Context, run *LinkRun, clusters [][]int64, matches []Match) error
	// Person returns a person with its records, or ENOTFOUND.
	Person(ctx context.Context, id int64) (*Person, error)
	// PersonOfRecord returns the person a record (by ID) belongs to.
	PersonOfRecord(ctx context.Context, recordID int64) (*Person, error)
	// RecordsWithPersons returns the records with the given IDs, each
	// with the ID of its person (0 before any link run), in one query;
	// unknown IDs are left out.
	RecordsWithPersons(ctx context.Context, ids []int64) ([]*Record, []int64, error)
	// Persons returns the persons f selects with their records, by ID.
	Persons(ctx context.Context, f PersonFilter) ([]*Person, error)
	// Matches returns the saved matches with a probability in [min, max],
	// most uncertain (closest to 0.5) first when limit > 0.
	Matches(ctx context.Context, min, max float64, limit int) ([]Match, error)
	// LinkRuns returns every link run, oldest first.
	LinkRuns(ctx context.Context) ([]*LinkRun, error)
	// AddDecision records d and sets its ID and At. Both records must
	// exist (ENOTFOUND otherwise). A later decision on the same pair
	// supersedes an earlier one; both are kept.
	AddDecision(ctx context.Context, d *Decision) error
	// Decisions returns the decisions in force, one per pair, oldest first.
	Decisions(ctx context.Context) ([]*Decision, error)
	// UndoDecision removes the latest decision by id; the earlier one on the
	// same pair, if any, is in force again.
	UndoDecision(ctx context.Context, id int64) error
}

// EstimateStore keeps estimates with their input snapshots.
type EstimateStore interface {
	// SaveEstimate stores e and sets its ID and CreatedAt.
	SaveEstimate(ctx context.Context, e *Estimate) error
	// Estimate returns the estimate with the given ID, or ENOTFOUND.
	Estimate(ctx context.Context, id int64) (*Estimate, error)
	// Estimates returns the estimates f selects, newest first.
	Estimates(ctx context.Context, f EstimateFilter) ([]*Estimate, error)
}

// Copier copies a whole workspace losslessly as a snapshot (package
// snapshot), for reckon backup, restore and migrate.
type Copier interface {
	// Export writes every row of every table to w, read in one transaction.
	Export(ctx context.Context, w io.Writer) error
	// Import loads a snapshot into the store, which must be empty (ECONFLICT
	// otherwise), in one transaction; a malformed snapshot is EINVALID naming
	// its line, and nothing is written.
	Import(ctx context.Context, r io.Reader) error
}

// AuditStore reads the append-only log of changes. Every method of a Store
// that changes state appends its event in the same transaction, with the
// actor of the context (see WithActor).
type AuditStore interface {
	// Events returns the events f selects, oldest first.
	Events(ctx context.Context, f EventFilter) ([]*Event, error)
	// VerifyAudit checks the whole chain, oldest first: ids count up
	// from 1 without gaps, each event names its predecessor's hash, and
	// each hash is right (see Event). It stops at the first problem.
	VerifyAudit(ctx context.Context) (*AuditCheck, error)
}

// UserStore keeps the users of a shared server and their API tokens.
// Passwords and token secrets are stored only as hashes (package auth).
type UserStore interface {
	// CreateUser stores u with its password hash and sets its ID and
	// CreatedAt; a name that is taken, or that looks like one that is
	// (see ConfusableUserNames), is ECONFLICT. The check and the insert
	// are one transaction.
	CreateUser(ctx context.Context, u *User, passwordHash string) error
	// UserByName returns the user with that name, or ENOTFOUND.
	UserByName(ctx context.Context, name string) (*User, error)
	// Users returns every user, by name.
	Users(ctx context.Context) ([]*User, error)
	// PasswordHash returns the stored password hash of a user.
	PasswordHash(ctx context.Context, userID int64) (string, error)
	// UpdateUser changes a user's role, disabled flag and, when hash is
	// not "", password hash, and sets u.SessionGen. When any of them
	// changes, the user's session generation moves on, ending every
	// session issued before. A change that would leave no enabled admin
	// where there was one is ECONFLICT, checked in the same transaction
	// as the change, so that two admins demoting each other at once
	// cannot both succeed.
	UpdateUser(ctx context.Context, u *User, passwordHash string) error
	// EndSessions moves a user's session generation on, ending every
	// session issued before (signing out, or an admin's revocation); an
	// unknown user is ENOTFOUND.
	EndSessions(ctx context.Context, userID int64) error
	// CreateToken stores t with the hash of its secret and sets its ID and
	// CreatedAt.
	CreateToken(ctx context.Context, t *Token, secretHash string) error
	// TokenUser returns the token with that secret hash and its user, and
	// records its use; an unknown or revoked token, or a disabled user, is
	// ENOTFOUND.
	TokenUser(ctx context.Context, secretHash string) (*Token, *User, error)
	// Tokens returns a user's tokens, revoked ones included.
	Tokens(ctx context.Context, userID int64) ([]*Token, error)
	// RevokeToken revokes a token for good.
	RevokeToken(ctx context.Context, id int64) error
}
