// Package server serves a reckon workspace over HTTP: a dashboard of
// server-rendered pages and a JSON API. It speaks only the root package's
// types, through [reckon.Store]; it never sees SQL.
//
// [New] returns a [Server], an http.Handler; [Options] work at their zero
// value.
//
// # Pages
//
//	GET  /                     overview: per measure, the range of claims and counts; lists of records
//	GET  /claims               forest plot and table of claims; filters measure, status, source, document
//	GET  /claims/{id}          a claim: its span highlighted in the document, provenance, review history, review forms
//	POST /claims/{id}/review   the review forms (post/redirect/get)
//	GET  /documents            documents, paged
//	GET  /documents/{id}       a document's text with every claim highlighted and linked, 64 KiB at a time
//	GET  /sources              sources with their grades
//	GET  /sources/{id}         what a source has claimed over time
//	GET  /records              records of the lists, paged
//	GET  /persons              the roll of persons, paged; q= searches names in any script or spelling
//	GET  /persons/{id}         a person's records side by side, the evidence links, and why they were linked
//	GET  /lists                per-list counts and an UpSet chart of the lists' overlaps
//	GET  /estimates            stored estimates; filters measure, method, population
//	GET  /estimates/{id}       an estimate: model table or posterior curve, diagnostics, strata, input, command to reproduce it
//	GET  /reconcile            claims of a measure over time beside the minimum and the estimates, contradictions
//	GET  /review               the uncertain-pair queue by expected change of the total, keyboard-driven (y, n, s, u)
//	POST /review               a decision on a pair (post/redirect/get); relinks
//	POST /review/undo          undo one's latest decision; relinks
//
// # The public roll
//
// /roll searches the persons across scripts and by home town, unit and
// dates; /roll/{list}/{record} is a person's page at a stable address
// with a citation line and a form to report a correction, which enters
// the analysts' queue at /corrections (see roll.go and correction.go).
// The roll shows every reader the public view (reckon.PublicView).
//
// # Engine
//
// Person search, the explanations of links, reconciliation and relinking
// after a review decision need the stages of package pipeline, which the
// server reaches through the small [Engine] interface in [Options]. Without
// an Engine those features are absent and the pages say so. A decision
// starts a relink in the background and waits for it up to
// [Options].RelinkWait; a longer one goes on, and the review page shows
// that it runs. The lists' overlaps and the review queue's matches are kept
// per link run. With an Engine the review queue is ordered by how much a
// decision is expected to move the total (pipeline.Review): each pair
// shows the expected change of the documented minimum and of a fast
// estimate, and a decision reorders the queue at once, before the relink
// that applies it ends. The latest link run's warnings are shown on the
// persons, lists and review pages and in the lists and review APIs; its
// conflicts, which name records, only to those who may see personal data.
//
// Pages are HTML with one embedded stylesheet; charts are SVG drawn by
// the server. Only the review page has a script, a few lines served from
// the server itself, which turns the keys y, n, s and u into clicks; the
// buttons also carry access keys and work without it. Nothing loads from
// elsewhere, and the Content-Security-Policy says so.
//
// # API
//
// Everything under /api/v1/ is described by the OpenAPI 3.1 document at
// /api/v1/openapi.json, which the tests check against the routes and
// the answers. Lists are paged by an opaque cursor (next_cursor; limit
// defaults to 50 and is capped at 1000). Every table downloads whole as
// CSV or JSON: /api/v1/claims.csv, /api/v1/claims.json, or
// ?format=csv on the list.
//
// # Writing
//
// Analysts add sources (POST /api/v1/sources), documents' text (POST
// /api/v1/documents) and record CSVs (POST /api/v1/imports) and review
// claims; reviewers decide pairs and start link runs (POST
// /api/v1/link; GET follows it); admins list, add and change users
// (/api/v1/users). With [Options].Auth each needs its role. Uploads are a
// raw body or a multipart file part of up to [Options].MaxUploadBytes;
// an import or a document is one transaction. Every write runs with
// [reckon.WithActor] of the request's user, so the audit log names who
// made it. Identifiers (names of sources, lists, files, users) take
// letters, marks and digits of any script, spaces and . _ - ( ) only;
// free text refuses markup and control characters; URLs must be http or
// https. A refused write stores nothing.
//
// # Errors
//
// Errors are reckon's [reckon.Error] codes, mapped to HTTP statuses in
// one table (invalid 400, not_found 404, conflict 409, internal 500) and
// answered as {"error":{"code":…,"message":…}} by the API or as a page.
// The detail of an internal error is logged, never shown. Unknown query
// parameters, malformed JSON and bodies over [Options].MaxBodyBytes (413)
// are refused before anything is stored; writes from other origins are
// refused (http.CrossOriginProtection). A message quotes at most 80
// characters of the input it is about ([reckon.Quote]), and no message
// is longer than 500.
//
// # The edge
//
// With [Options].CheckHost or [Options].Hosts, a request whose Host is
// neither a loopback one nor one of Hosts gets 421 before anything else
// (DNS rebinding). A request body must arrive within the request's
// [Options].Timeout ([Options].UploadTimeout for uploads) or is cut off
// with 408, so that a client trickling a body cannot hold a connection.
// Background work (the relink after decisions) runs on the server's
// lifetime; [Server.Close] cancels it and waits, before the store is
// closed.
//
// # Caching
//
// Every GET answer carries a strong ETag (a hash of its body) and a
// matching If-None-Match gets 304. The overview and the catalogue of
// sources and documents are kept for [Options].CacheTTL, and whole GET
// answers for [Options].ResponseTTL; a write through the server drops
// them all at once, so a user always sees their own review, and changes
// made by another process show within those periods.
package server
