package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/outbox"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
)

var _ server.Engine = (*pipeline.Engine)(nil)

// serveFlags are the flags serve and demo share.
type serveFlags struct {
	addr      string
	readOnly  bool
	auth      bool
	verbose   bool
	tlsCert   string
	tlsKey    string
	behindTLS bool
	hosts     []string
	// trustedProxies are the --trusted-proxy values, as written.
	trustedProxies []string
	// publicURL and site name the public roll in its citations.
	publicURL, site string

	// Audit checkpoints on a schedule (serve only).
	checkpointDir, checkpointKey string
	checkpointEvery              time.Duration
}

func (f *serveFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "listen on this `host:port` (port 0 picks a free one)")
	cmd.Flags().BoolVar(&f.readOnly, "read-only", false, "publish: every write is refused and personal data is withheld (sensitive fields, embargoed records)")
	cmd.Flags().BoolVar(&f.verbose, "verbose", false, "log every request on stderr")
	cmd.Flags().StringVar(&f.tlsCert, "tls-cert", "", "serve HTTPS with this certificate `file` (PEM; with --tls-key)")
	cmd.Flags().StringVar(&f.tlsKey, "tls-key", "", "the private key `file` of --tls-cert (PEM)")
	cmd.Flags().BoolVar(&f.behindTLS, "behind-tls", false, "clients come through a proxy that terminates HTTPS: mark session cookies Secure")
	cmd.Flags().StringArrayVar(&f.hosts, "host", nil, "answer requests for this host `name` or IP address besides localhost (repeatable; needed with --addr 0.0.0.0:PORT)")
	cmd.Flags().StringArrayVar(&f.trustedProxies, "trusted-proxy", nil, "a reverse proxy (`ADDR` or CIDR network; repeatable) whose X-Forwarded-For names the client, so that the limits on failed sign-ins apply per client, not to everyone behind the proxy")
	cmd.Flags().BoolVar(&f.auth, "auth", false, "require sign-in (or an API token) for every change; reading stays public (see reckon user)")
	cmd.Flags().StringVar(&f.publicURL, "public-url", "", "the `address` readers reach the server at (https://roll.example.org), which the public roll's citation lines name; default: the address of each request")
	cmd.Flags().StringVar(&f.site, "site", "", "the `name` of the workspace in the public roll's citation lines (\"reckon roll, NAME, person …\"); default: the host name")
}

// checkPublicURL checks --public-url: empty, or an absolute http or https
// address without a query or fragment.
func checkPublicURL(v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return usagef("--public-url %s: want an http or https address such as https://roll.example.org", reckon.Quote(v))
	}
	return nil
}

func newServeCmd(e *env) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080]",
		Short: "serve the workspace's dashboard and JSON API",
		Long: `serve opens the workspace and serves its dashboard (overview, claims with their
sentences, sources, documents, records) and the JSON API under /api/v1/, with
its OpenAPI description at /api/v1/openapi.json. It stops cleanly on Ctrl-C.

Persons can be searched by name in any script, each person's page explains
why its records were linked, and the review page decides uncertain pairs with
the keys y, n, s and u; each decision relinks the workspace at once (with the
default linkage settings and seed 1, as reckon link).

The public roll at /roll is for families and researchers: a search across
scripts (by name, home town, unit and dates) and a page per person that
shows every reader, signed in or not, only what the public may see, at an
address that survives relinking, with a citation line (--public-url and
--site name it) and a form to report a correction. Reports wait in the
analysts' queue at /corrections, where a family's request to withhold a
person embargoes the person's records.

Who sees what: on 127.0.0.1 without --auth, the workspace is one's own and
everything shows. --read-only publishes it: no writes, and personal data
(sensitive fields, embargoed records; see reckon import records) withheld.
--auth serves a team: readers and viewers get the redacted view, analysts,
reviewers and admins the whole one. An address other machines can reach
needs --auth or --read-only.

Only requests addressed to the server are answered: to localhost,
127.0.0.1 or [::1] (any port), to the address given in --addr, and to the
names given with --host (reckon.example.org, without a port). Any other
Host gets 421 Misdirected Request, so that a web page whose domain is
made to resolve to this machine (DNS rebinding) cannot read or change
the workspace through a browser. Listening on every address (0.0.0.0,
[::]) needs --host.

Behind a reverse proxy that terminates HTTPS, give --behind-tls, and name the
proxy with --trusted-proxy (its address or network, repeatable) so that the
limits on failed sign-ins (five a minute per client, ten a quarter of an hour
per name) count each client, taken from X-Forwarded-For, rather than the
proxy. The header of any other peer is ignored.`,
		Example: "  reckon serve --workspace ./kursk --addr 127.0.0.1:8080",
		Args:    cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			return serve(cmd.Context(), e, s, f, e.storeName(), pipeline.EngineOptions{})
		}),
	}
	f.add(cmd)
	cmd.Flags().StringVar(&f.checkpointDir, "checkpoint-dir", "", "write a signed audit checkpoint into this `folder` at start and on a schedule, after checking the log still extends the last one (see reckon audit checkpoint)")
	cmd.Flags().DurationVar(&f.checkpointEvery, "checkpoint-every", time.Hour, "how often to write an audit checkpoint into --checkpoint-dir")
	cmd.Flags().StringVar(&f.checkpointKey, "checkpoint-key", "", "the private key `file` that signs the checkpoints (reckon audit keygen; default $RECKON_AUDIT_KEY)")
	return cmd
}

// parseTrustedProxies parses --trusted-proxy values: an address
// (10.0.0.1, ::1) or a network (10.0.0.0/8).
func parseTrustedProxies(vs []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, v := range vs {
		p, err := netip.ParsePrefix(v)
		if err != nil {
			a, aerr := netip.ParseAddr(v)
			if aerr != nil {
				return nil, usagef("--trusted-proxy %q: want an address (10.0.0.1) or a network (10.0.0.0/8)", v)
			}
			a = a.Unmap().WithZone("") // a prefix has no zone
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 { // ::ffff:10.0.0.0/104 is 10.0.0.0/8
			p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// serveHosts returns the host names and addresses the server answers
// besides loopback ones: those of --host and the address listened on,
// unless that is every address (0.0.0.0, [::]), which needs --host.
func serveHosts(addr net.Addr, flags []string) ([]string, error) {
	if err := server.CheckHosts(flags); err != nil {
		return nil, usagef("--%v", err)
	}
	hosts := append([]string(nil), flags...)
	a, ok := addr.(*net.TCPAddr)
	switch {
	case !ok || a.IP.IsLoopback():
	case a.IP.IsUnspecified():
		if len(flags) == 0 {
			return nil, reckon.Errorf(reckon.EINVALID, "%s listens on every address: name the host names or addresses clients use with --host NAME (repeatable), or listen on one address", addr)
		}
	default:
		hosts = append(hosts, a.IP.String())
	}
	return hosts, nil
}

// serve serves store on f.addr until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, e *env, store reckon.Store, f serveFlags, what string, eopt pipeline.EngineOptions) error {
	level := slog.LevelWarn
	if f.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	who := e.who()
	if f.auth {
		users, err := store.Users(ctx)
		if err != nil {
			return err
		}
		if len(users) == 0 {
			return reckon.Errorf(reckon.EINVALID, "--auth needs a user to sign in: reckon user add NAME --role admin")
		}
	}
	topt := e.traceOptions()
	eopt.Trace = topt
	engine := pipeline.NewEngine(store, eopt)
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	proxies, err := parseTrustedProxies(f.trustedProxies)
	if err != nil {
		return err
	}
	if err := checkPublicURL(f.publicURL); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return err
	}
	if a, ok := ln.Addr().(*net.TCPAddr); ok && !a.IP.IsLoopback() && !f.auth && !f.readOnly {
		// Without sign-in every reader may change everything and see
		// personal data whole: fine for oneself, not for a network.
		ln.Close()
		return reckon.Errorf(reckon.EINVALID, "%s is reachable from other machines: serve it with --auth (sign-in, personal data for analysts only) or --read-only (public and redacted); without either, serve on 127.0.0.1", f.addr)
	}
	hosts, err := serveHosts(ln.Addr(), f.hosts)
	if err != nil {
		ln.Close()
		return err
	}
	opt := server.Options{Logger: logger, ReadOnly: f.readOnly, Auth: f.auth, BehindTLS: f.behindTLS,
		TrustedProxies: proxies, User: func(*http.Request) string { return who }, Engine: engine,
		CheckHost: true, Hosts: hosts, PublicURL: f.publicURL, Site: f.site, Trace: topt}
	if len(topt.Notify) > 0 && !f.readOnly { // the outbox tells the tracers every minute
		opt.Outbox = &outbox.Options{Senders: e.senders()}
	}
	if err := f.checkpoints(e, store, &opt); err != nil {
		ln.Close()
		return err
	}
	h := server.New(store, opt)
	defer h.StopCheckpoints()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	scheme := "http"
	if f.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(f.tlsCert, f.tlsKey)
		if err != nil {
			ln.Close()
			return reckon.Errorf(reckon.EINVALID, "--tls-cert/--tls-key: %v", err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, srv.TLSConfig)
		scheme = "https"
	}
	if w := clearTextWarning(ln.Addr(), f, scheme == "https"); w != "" {
		fmt.Fprintln(e.stderr, w)
	}
	e.printf("serving %s at %s://%s/ (Ctrl-C stops)\n", what, scheme, ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return errors.Join(err, closeServer(h))
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return errors.Join(err, closeServer(h))
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(err, closeServer(h))
	}
	// The caller closes the store next: the relink in progress, if any,
	// must have ended by then.
	return closeServer(h)
}

// closeWait is how long stopping waits for a relink in progress to roll
// back.
const closeWait = 30 * time.Second

// closeServer stops h's background work, waiting at most closeWait.
func closeServer(h *server.Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), closeWait)
	defer cancel()
	if err := h.Close(ctx); err != nil {
		return fmt.Errorf("stopping the server: the relink in progress did not end within %s: %w", closeWait, err)
	}
	return nil
}

// checkpoints sets opt to write audit checkpoints into f.checkpointDir on
// f's schedule; without the folder it does nothing.
func (f *serveFlags) checkpoints(e *env, store reckon.Store, opt *server.Options) error {
	if f.checkpointKey == "" {
		f.checkpointKey = e.getenv(checkpointKeyEnv)
	}
	if f.checkpointDir == "" {
		if f.checkpointKey != "" && e.getenv(checkpointKeyEnv) != f.checkpointKey {
			return usagef("--checkpoint-key needs --checkpoint-dir: the folder to write the checkpoints into")
		}
		return nil
	}
	if f.checkpointEvery < time.Second {
		return usagef("--checkpoint-every %s: want at least 1s", f.checkpointEvery)
	}
	key, err := loadSigningKey(f.checkpointKey)
	if err != nil {
		return err
	}
	if st, err := os.Stat(f.checkpointDir); err != nil || !st.IsDir() {
		return reckon.Errorf(reckon.EINVALID, "--checkpoint-dir %s: not a folder (make it first)", f.checkpointDir)
	}
	d := &checkpointDir{dir: f.checkpointDir, key: key, now: time.Now}
	opt.CheckpointEvery = f.checkpointEvery
	opt.Checkpoint = func(ctx context.Context) error {
		_, err := d.write(ctx, store)
		return err
	}
	return nil
}

// clearTextWarning warns, for a server with sign-in reachable from
// other machines over plain HTTP (neither TLS nor --behind-tls), that
// passwords and session cookies cross the network in clear; "" when
// there is nothing to warn of.
func clearTextWarning(addr net.Addr, f serveFlags, tlsOn bool) string {
	a, ok := addr.(*net.TCPAddr)
	if !f.auth || tlsOn || f.behindTLS || !ok || a.IP.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("reckon: warning: --auth on %s over plain HTTP: passwords and session cookies cross the network in clear; "+
		"give --tls-cert and --tls-key, or serve behind a proxy that terminates HTTPS with --behind-tls", a)
}
