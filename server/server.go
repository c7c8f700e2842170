package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/release"
)

// Options configure a [Server]. The zero Options serve a workspace
// read-write, log nothing and use the wall clock.
type Options struct {
	// Logger receives internal errors and one line per request at debug
	// level. Nil discards everything.
	Logger *slog.Logger
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
	// User names who makes a review from a request. Nil means "web".
	User func(r *http.Request) string
	// ReadOnly hides the review forms and answers every write with 403.
	ReadOnly bool
	// Auth turns on sign-in: requests carry an API token or a session
	// cookie, and each change needs its role (sources, documents, claims
	// and records: analyst; link decisions and runs: reviewer; tracing
	// requests: tracer; users: admin, who may do everything). Reading
	// stays public, but personal data only analysts, reviewers, tracers
	// and admins see whole, and requesters' contacts only tracers and
	// admins. False: everyone may do everything and, unless ReadOnly,
	// see everything, as on a workspace served to oneself.
	Auth bool
	// BehindTLS says that clients reach the server over HTTPS through a
	// proxy that terminates TLS: session cookies are marked Secure and
	// browsers are told to keep to HTTPS (Strict-Transport-Security), as
	// when the server itself serves TLS.
	BehindTLS bool
	// TrustedProxies are the reverse proxies (addresses or networks)
	// whose X-Forwarded-For names the client, for the limits on failed
	// sign-ins; nil trusts none, and the peer's address is the client's.
	TrustedProxies []netip.Prefix
	// SessionKey signs session cookies; nil means a random key, so that
	// signing in again is needed after a restart.
	SessionKey []byte
	// CacheTTL is how long aggregate views (the overview, the catalogue
	// of sources and documents) may be served from memory before they are
	// rebuilt; a write through this server invalidates them at once.
	// Zero means 2 seconds; a negative value disables caching.
	CacheTTL time.Duration
	// ResponseTTL is how long the whole answer to a GET of a page or an
	// API list may be served again to any client; a write through this
	// server drops every kept answer. Changes made by other processes
	// (the command line) show after at most this long. Zero means 1
	// second; a negative value disables it.
	ResponseTTL time.Duration
	// Timeout bounds the work of one request and the arrival of its
	// body: a body still coming when it ends is cut off with 408, so that
	// a client that sends a byte a second cannot hold a connection. Zero
	// means 15 seconds. Downloads of whole tables, which stream, get 10
	// minutes.
	Timeout time.Duration
	// UploadTimeout is Timeout for uploads (documents' text and record
	// CSVs), which take large bodies. Zero means 10 minutes.
	UploadTimeout time.Duration
	// MaxBodyBytes caps request bodies; larger ones get 413. Zero means
	// 1 MiB.
	MaxBodyBytes int64
	// MaxUploadBytes caps the bodies of uploads (documents' text and
	// record CSVs) instead of MaxBodyBytes; larger ones get 413. Zero
	// means 256 MiB.
	MaxUploadBytes int64
	// Engine searches persons, explains links, reconciles claims and
	// relinks after a review decision. Nil: those features are absent and
	// the pages say so; decisions are still kept and apply at the next
	// reckon link.
	Engine Engine
	// CheckHost answers only requests whose Host header names the
	// server: a loopback name or address (localhost, 127.0.0.0/8, [::1],
	// with any port) or one of Hosts; others get 421 Misdirected Request.
	// This stops DNS rebinding: a page of another domain re-resolved to
	// the server's address names that domain in Host. False, with no
	// Hosts: any Host is answered, for a server embedded behind a front
	// end that checks Host itself; reckon serve always checks.
	CheckHost bool
	// Hosts are the names and IP addresses, without ports, that clients
	// use to reach the server besides loopback ones (see [CheckHosts]);
	// giving any turns CheckHost on. Names match whatever their case and
	// a trailing dot, not their subdomains.
	Hosts []string
	// RelinkWait is how long a review decision waits for the relink it
	// starts before answering; a longer relink goes on in the background
	// and the review page shows its status. Zero means 5 seconds.
	RelinkWait time.Duration
	// Checkpoint, when set, anchors the audit log outside the database
	// (see reckon.Checkpoint): it is called once when the server starts
	// and then every CheckpointEvery until StopCheckpoints; its errors,
	// such as a log that no longer extends the last checkpoint, are
	// logged at error level.
	Checkpoint func(ctx context.Context) error
	// CheckpointEvery is how often Checkpoint runs. Zero means an hour.
	CheckpointEvery time.Duration
	// Trace configures the matching of tracing requests after a
	// submission or an import through the server: where new candidates
	// are announced (see pipeline.TraceOptions).
	Trace pipeline.TraceOptions
	// Outbox, when set, delivers the outbox's notices to the tracers
	// every OutboxEvery (zero: a minute) until Close.
	Outbox      *pipeline.OutboxOptions
	OutboxEvery time.Duration
	// TraceLimit is how many tracing requests, and tries to withdraw
	// one, a client may submit in an hour. Zero means 5; negative means
	// no limit.
	TraceLimit int
	// PublicURL is the address readers reach the server at, such as
	// https://roll.example.org, which the public roll's citations name;
	// "" means the scheme and Host of each request.
	PublicURL string
	// Site names the workspace in citations of the public roll ("reckon
	// roll, Site, person …"); "" means the host of PublicURL or of the
	// request.
	Site string
	// ReportsPerHour is how many reports of corrections one client (see
	// TrustedProxies) may send an hour; all clients together may send
	// sixty times as many, and at least 300. Zero means 5; a negative
	// value lifts the limits (for tests).
	ReportsPerHour int
}

// Server serves the dashboard and the JSON API of one workspace. It is
// safe for concurrent use.
type Server struct {
	store   reckon.Store
	feeds   release.FeedCache // the change feed between releases
	relKeys releaseKeys       // the record keys of each release
	opt     Options
	log     *slog.Logger
	now     func() time.Time
	user    func(*http.Request) string
	ttl     time.Duration
	timeout time.Duration
	// uploadTimeout is timeout for upload routes.
	uploadTimeout time.Duration
	maxBody       int64
	// maxUpload caps the bodies of upload routes.
	maxUpload int64
	engine    Engine

	relink     relinker
	relinkWait time.Duration
	// life is the server's lifetime: background work runs on it, and
	// Close cancels it (stop) and waits for that work (background).
	life       context.Context
	stop       context.CancelFunc
	background sync.WaitGroup

	mux     *http.ServeMux
	handler http.Handler
	routes  []route
	pages   *pages

	overview  memo[*overviewData]
	catalog   memo[*catalog]
	responses responses
	lists     runCache[*listsView]
	queue     runCache[*matchQueue]

	sessions sessions
	logins   signinLimits
	hosts    hostPolicy

	checkpoints *checkpoints // nil without Options.Checkpoint

	// protect notices changes of records' protection, by any process;
	// publicLists are the lists' counts without records under embargo.
	protect     protection
	publicLists runCache[*listsView]

	// stage keeps record lists uploaded from a page until they are
	// imported; estimating is the estimate run started from a page.
	stage      staging
	estimating estimating

	// reports limits the reports of corrections from the public roll.
	reports reportLimits
	// jobs are the link and estimate runs the API lets one poll.
	jobs   jobs
	traces traceState // limits of public tracing requests
}

var _ http.Handler = (*Server)(nil)

// New returns a server of store. The server does not close store.
func New(store reckon.Store, opt Options) *Server {
	s := &Server{
		// Every read goes through the redacting view: what may show
		// personal data is decided once per request, in wrap.
		store:   reckon.RedactWith(store, reckon.RedactOptions{Run: pipeline.RedactRun}),
		opt:     opt,
		log:     opt.Logger,
		now:     opt.Now,
		user:    opt.User,
		ttl:     opt.CacheTTL,
		timeout: opt.Timeout,
		maxBody: opt.MaxBodyBytes,
		engine:  opt.Engine,
	}
	s.life, s.stop = context.WithCancel(context.Background())
	s.relinkWait = opt.RelinkWait
	if s.relinkWait <= 0 {
		s.relinkWait = 5 * time.Second
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.user == nil {
		s.user = func(*http.Request) string { return "web" }
	}
	if opt.Auth { // who acts is who signed in
		s.user = func(r *http.Request) string {
			if u := authUser(r); u != nil {
				return u.Name
			}
			return "anonymous"
		}
	}
	s.hosts = newHostPolicy(opt.CheckHost, opt.Hosts)
	s.sessions = newSessions(opt.SessionKey)
	s.logins = newSigninLimits()
	s.reports = newReportLimits(opt.ReportsPerHour)
	if s.ttl == 0 {
		s.ttl = 2 * time.Second
	}
	s.responses.ttl = opt.ResponseTTL
	if s.responses.ttl == 0 {
		s.responses.ttl = time.Second
	}
	if s.timeout <= 0 {
		s.timeout = 15 * time.Second
	}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	s.uploadTimeout = opt.UploadTimeout
	if s.uploadTimeout <= 0 {
		s.uploadTimeout = 10 * time.Minute
	}
	s.maxUpload = opt.MaxUploadBytes
	if s.maxUpload <= 0 {
		s.maxUpload = 256 << 20
	}
	s.overview.now, s.catalog.now = s.now, s.now
	s.overview.ttl, s.catalog.ttl = s.ttl, s.ttl
	s.responses.now = s.now
	s.pages = mustParsePages()
	s.traces = newTraceState(opt.TraceLimit)
	s.routes = slices.Concat(s.routeTable(), s.workRoutes(), s.rollRoutes(), s.traceRoutes())
	s.mux = http.NewServeMux()
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
	}
	s.mux.HandleFunc("/api/", s.apiFallback)
	s.mux.HandleFunc("/", s.pageFallback)
	// Forms and JSON writes from other origins are refused (CSRF).
	s.handler = http.NewCrossOriginProtection().Handler(s.mux)
	s.startCheckpoints()
	s.startOutbox()
	return s
}

// downloadTimeout bounds a download of a whole table.
const downloadTimeout = 10 * time.Minute

// route is one entry of the routing table: a ServeMux pattern and its
// handler. api routes answer errors as JSON objects, the others as pages.
type route struct {
	method string
	path   string
	api    bool
	write  bool        // changes the workspace
	role   reckon.Role // needed when Options.Auth is on; "" for anyone
	cache  bool        // answers may be kept in the response cache
	stream bool        // a download of a whole table
	upload bool        // takes a large body (Options.MaxUploadBytes) and long
	h      func(w http.ResponseWriter, r *http.Request) error
	// personal routes show personal data whole (the review queue): only
	// to those who may see it (see Server.seesPersonal).
	personal bool
}

// routeTable lists every route of the server, pages first.
func (s *Server) routeTable() []route {
	page := func(method, path string, h func(http.ResponseWriter, *http.Request) error) route {
		return route{method: method, path: path, h: h, write: method == http.MethodPost, cache: method == http.MethodGet}
	}
	api := func(method, path string, h func(http.ResponseWriter, *http.Request) error) route {
		return route{method: method, path: path, h: h, api: true, write: method == http.MethodPost, cache: method == http.MethodGet}
	}
	// Downloads stream and are not kept; the overview has its own cache.
	nocache := func(rt route) route { rt.cache = false; return rt }
	stream := func(rt route) route { rt.cache, rt.stream = false, true; return rt }
	role := func(need reckon.Role, rt route) route { rt.role = need; return rt }
	personal := func(rt route) route { rt.personal = true; return rt }
	// Uploads take large bodies and time; see write.go.
	upload := func(rt route) route { rt.upload = true; return rt }
	return []route{
		nocache(page("GET", "/{$}", s.overviewPage)),
		nocache(page("GET", "/assets/style.css", s.styleSheet)),
		page("GET", "/claims", s.claimsPage),
		page("GET", "/claims/{id}", s.claimPage),
		role(reckon.RoleAnalyst, page("POST", "/claims/{id}/review", s.reviewForm)),
		role(reckon.RoleAnalyst, page("POST", "/documents/{id}/claims", s.addClaimForm)),
		page("GET", "/documents", s.documentsPage),
		page("GET", "/documents/{id}", s.documentPage),
		page("GET", "/sources", s.sourcesPage),
		page("GET", "/sources/{id}", s.sourcePage),
		page("GET", "/records", s.recordsPage),
		nocache(page("GET", "/assets/review.js", s.reviewScript)),
		page("GET", "/persons", s.personsPage),
		page("GET", "/persons/{id}", s.personPage),
		page("GET", "/lists", s.listsPage),
		page("GET", "/estimates", s.estimatesPage),
		page("GET", "/estimates/{id}", s.estimatePage),
		page("GET", "/reconcile", s.reconcilePage),
		personal(page("GET", "/review", s.reviewPage)),
		role(reckon.RoleReviewer, page("POST", "/review", s.checkFields(s.reviewDecide, freeText("why")))),
		role(reckon.RoleReviewer, page("POST", "/review/undo", s.reviewUndo)),
		page("GET", "/releases", s.releasesPage),
		nocache(page("GET", "/releases.atom", s.releasesAtom)),
		nocache(page("GET", "/releases/{name}/{file}", s.releaseFile)),
		nocache(page("GET", "/login", s.loginPage)),
		page("POST", "/login", s.login),
		page("POST", "/logout", s.logout),

		nocache(api("GET", "/api/v1/openapi.json", s.openAPI)),
		api("GET", "/api/v1/sources", s.apiSources),
		role(reckon.RoleAnalyst, api("POST", "/api/v1/sources", s.apiCreateSource)),
		role(reckon.RoleAnalyst, api("POST", "/api/v1/sources/{id}", s.apiUpdateSource)),
		stream(api("GET", "/api/v1/sources.csv", s.downloadSources("csv"))),
		stream(api("GET", "/api/v1/sources.json", s.downloadSources("json"))),
		api("GET", "/api/v1/sources/{id}", s.apiSource),
		api("GET", "/api/v1/documents", s.apiDocuments),
		role(reckon.RoleAnalyst, upload(api("POST", "/api/v1/documents", s.apiAddDocument))),
		stream(api("GET", "/api/v1/documents.csv", s.downloadDocuments("csv"))),
		stream(api("GET", "/api/v1/documents.json", s.downloadDocuments("json"))),
		api("GET", "/api/v1/documents/{id}", s.apiDocument),
		api("GET", "/api/v1/documents/{id}/text", s.apiDocumentText),
		api("GET", "/api/v1/claims", s.apiClaims),
		stream(api("GET", "/api/v1/claims.csv", s.downloadClaims("csv"))),
		stream(api("GET", "/api/v1/claims.json", s.downloadClaims("json"))),
		api("GET", "/api/v1/claims/{id}", s.apiClaim),
		role(reckon.RoleAnalyst, api("POST", "/api/v1/claims", s.apiAddClaim)),
		role(reckon.RoleAnalyst, api("POST", "/api/v1/claims/{id}/review", s.apiReview)),
		api("GET", "/api/v1/records", s.apiRecords),
		stream(api("GET", "/api/v1/records.csv", s.downloadRecords("csv"))),
		stream(api("GET", "/api/v1/records.json", s.downloadRecords("json"))),
		api("GET", "/api/v1/imports", s.apiImports),
		role(reckon.RoleAnalyst, upload(api("POST", "/api/v1/imports", s.apiImport))),
		stream(api("GET", "/api/v1/imports.csv", s.downloadImports("csv"))),
		stream(api("GET", "/api/v1/imports.json", s.downloadImports("json"))),
		api("GET", "/api/v1/persons", s.apiPersons),
		stream(api("GET", "/api/v1/persons.csv", s.downloadPersons("csv"))),
		stream(api("GET", "/api/v1/persons.json", s.downloadPersons("json"))),
		api("GET", "/api/v1/persons/{id}", s.apiPerson),
		api("GET", "/api/v1/lists", s.apiLists),
		api("GET", "/api/v1/estimates", s.apiEstimates),
		api("GET", "/api/v1/estimates/{id}", s.apiEstimate),
		api("GET", "/api/v1/estimates/{id}/input.csv", s.apiEstimateInput),
		role(reckon.RoleAnalyst, api("POST", "/api/v1/estimates/run", s.apiEstimateRun)),
		nocache(api("GET", "/api/v1/jobs", s.apiJobs)),
		nocache(api("GET", "/api/v1/jobs/{id}", s.apiJob)),
		api("GET", "/api/v1/reconcile", s.apiReconcile),
		api("GET", "/api/v1/releases", s.apiReleases),
		api("GET", "/api/v1/releases/{name}", s.apiRelease),
		api("GET", "/api/v1/changes", s.apiChanges),
		personal(api("GET", "/api/v1/review", s.apiReviewQueue)),
		api("GET", "/api/v1/decisions", s.apiDecisions),
		role(reckon.RoleReviewer, api("POST", "/api/v1/decisions", s.checkFields(s.apiDecide, freeText("why")))),
		role(reckon.RoleReviewer, api("POST", "/api/v1/decisions/{id}/undo", s.apiUndo)),
		nocache(api("GET", "/api/v1/link", s.apiLinkStatus)),
		role(reckon.RoleReviewer, api("POST", "/api/v1/link", s.apiLink)),
		role(reckon.RoleAdmin, nocache(api("GET", "/api/v1/users", s.apiUsers))),
		role(reckon.RoleAdmin, api("POST", "/api/v1/users", s.apiAddUser)),
		role(reckon.RoleAdmin, api("POST", "/api/v1/users/{name}", s.apiSetUser)),
	}
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	if s.secure(r) {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	// Before anything else: a request to a name the server does not
	// answer to learns nothing, not even whether its path exists.
	if !s.hosts.allows(r.Host) {
		misdirected(w)
		return
	}
	// Every body must arrive within the request's time, also one that no
	// handler reads and the server reads to keep the connection; routes
	// that take uploads give it longer (see wrap).
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = newTimedBody(w, r.Body, s.timeout)
	}
	// Dot segments are refused here rather than redirected by the mux:
	// no path of this server contains one.
	if bad := hasDotSegment(r.URL.Path) || hasDotSegment(r.URL.RawPath); bad || strings.ContainsRune(r.URL.Path, 0) {
		err := reckon.Errorf(reckon.EINVALID, "path %s: dot segments are not allowed", reckon.Quote(r.URL.Path))
		if !bad {
			err = reckon.Errorf(reckon.EINVALID, "path %s: a NUL character is not allowed", reckon.Quote(r.URL.Path))
		}
		if isAPIPath(r.URL.Path) {
			s.apiError(w, r, err)
		} else {
			s.pageError(w, r, err)
		}
		return
	}
	s.handler.ServeHTTP(w, r)
}

func hasDotSegment(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." || strings.EqualFold(seg, "%2e%2e") || strings.EqualFold(seg, "%2e") {
			return true
		}
	}
	return false
}

func isAPIPath(p string) bool { return p == "/api" || strings.HasPrefix(p, "/api/") }

// wrap turns a route's handler into an http.Handler: it bounds the
// request's time and body, refuses writes to a read-only server and
// renders errors in the route's manner.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		timeout := s.timeout
		switch {
		case rt.upload:
			timeout = s.uploadTimeout
		case rt.stream || strings.Contains(r.URL.RawQuery, "format=csv"):
			timeout = downloadTimeout
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		r = r.WithContext(ctx)
		if r.Body != nil && r.Body != http.NoBody {
			limit := s.maxBody
			if rt.upload {
				limit = s.maxUpload
			}
			if tb, ok := r.Body.(*timedBody); ok {
				tb.setTimeout(timeout)
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		r, aerr := s.authorize(r, rt.role)
		personal := aerr == nil && s.seesPersonal(r)
		if aerr == nil && rt.personal && !personal {
			aerr = s.personalDenied(r)
		}
		if aerr == nil && s.seesTrace(r) { // requesters' contacts: tracers and admins only
			r = r.WithContext(reckon.WithTraceContacts(r.Context()))
		}
		if personal {
			r = r.WithContext(reckon.WithPersonalData(r.Context()))
		} else if aerr == nil { // nothing kept from before a protection change reaches the public
			_, aerr = s.noticeProtection(r.Context())
		}
		if aerr != nil {
			if rt.api {
				s.apiError(w, r, aerr)
			} else if !s.signInFirst(w, r, aerr) {
				s.pageError(w, r, aerr)
			}
			return
		}
		if rt.cache && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			key := r.URL.RequestURI()
			if personal { // the full view and the public one are kept apart
				key = "personal " + key
			}
			if u := authUser(r); u != nil && !rt.api { // pages name who is signed in
				key = "user " + strconv.Quote(u.Name) + " " + string(u.Role) + " " + key
			}
			if e, ok := s.responses.get(key); ok {
				w.Header().Set("ETag", e.etag)
				s.send(w, r, http.StatusOK, e.contentType, e.body)
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), cacheKey{}, cacheSlot{key: key, gen: s.responses.gen()}))
		}
		if rt.write { // the audit log names who made the change
			r = r.WithContext(reckon.WithActor(r.Context(), s.user(r)))
		}
		var err error
		if rt.write && s.opt.ReadOnly {
			err = &reckon.Error{Code: codeReadOnly, Message: "this server is read-only"}
		} else {
			err = rt.h(w, r)
		}
		if err != nil {
			if rt.api {
				s.apiError(w, r, err)
			} else {
				s.pageError(w, r, err)
			}
		}
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "pattern", rt.path, "dur", s.now().Sub(start))
	})
}

// send writes a complete response body with a strong ETag (a hash of the
// body), answering 304 when the client has it already.
func (s *Server) send(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	if status == http.StatusOK && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		etag := h.Get("ETag") // precomputed by a cache
		if etag == "" {
			etag = etagOf(body)
			h.Set("ETag", etag)
		}
		if slot, ok := r.Context().Value(cacheKey{}).(cacheSlot); ok {
			s.responses.put(slot.key, slot.gen, &response{body: bytes.Clone(body), etag: etag, contentType: contentType})
		}
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "no-cache")
		}
		if etagMatch(r.Header.Get("If-None-Match"), etag) {
			h.Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// cacheKey marks, in a request's context, the response cache slot that
// its answer fills.
type cacheKey struct{}

type cacheSlot struct {
	key string
	gen uint64 // the cache's generation when the request began
}

func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// etagMatch implements the weak comparison of If-None-Match (RFC 9110
// 13.1.2): any listed tag, weak or not, with the same opaque value.
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}
