package main

import (
	"context"
	"fmt"
	"net/smtp"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/outbox"
	"github.com/reckonhq/reckon/pipeline"
)

// The environment that says where the outbox announces new candidates
// and how it sends: the tracers' webhook and mailbox, and the mail
// server.
const (
	envTraceWebhook = "RECKON_TRACE_WEBHOOK" // URL of the tracers' webhook
	envTraceMail    = "RECKON_TRACE_MAIL"    // the tracers' email address
	envTraceSecret  = "RECKON_TRACE_SECRET"  // HMAC key of the webhook's signature
	envSMTPAddr     = "RECKON_SMTP_ADDR"     // host:port of the mail server
	envSMTPFrom     = "RECKON_SMTP_FROM"     // the sender's address
	envSMTPUser     = "RECKON_SMTP_USER"     // PLAIN authentication, when set
	envSMTPPassword = "RECKON_SMTP_PASSWORD" // with RECKON_SMTP_USER
	envServerURL    = "RECKON_PUBLIC_URL"    // the server's address, for links in notices
)

// traceOptions returns the options of matching tracing requests from the
// environment: where new candidates are announced.
func (e *env) traceOptions() pipeline.TraceOptions {
	var opt pipeline.TraceOptions
	if u := e.getenv(envTraceWebhook); u != "" {
		opt.Notify = append(opt.Notify, pipeline.NoticeTarget{Channel: "webhook", To: u})
	}
	if m := e.getenv(envTraceMail); m != "" {
		opt.Notify = append(opt.Notify, pipeline.NoticeTarget{Channel: "smtp", To: m})
	}
	opt.BaseURL = e.getenv(envServerURL)
	return opt
}

// senders returns the outbox's senders the environment configures.
func (e *env) senders() map[string]outbox.Sender {
	out := map[string]outbox.Sender{"webhook": &outbox.Webhook{Secret: []byte(e.getenv(envTraceSecret))}}
	if addr := e.getenv(envSMTPAddr); addr != "" {
		m := &outbox.SMTP{Addr: addr, From: e.getenv(envSMTPFrom)}
		if m.From == "" {
			m.From = "reckon@localhost"
		}
		if u := e.getenv(envSMTPUser); u != "" {
			host, _, _ := strings.Cut(addr, ":")
			m.Auth = smtp.PlainAuth("", u, e.getenv(envSMTPPassword), host)
		}
		out["smtp"] = m
	}
	return out
}

const traceEnvHelp = `
New candidates are announced to the tracers (never to the family) through the
outbox, when the environment names where:

  RECKON_TRACE_WEBHOOK   URL the outbox posts to (signed with RECKON_TRACE_SECRET)
  RECKON_TRACE_MAIL      the tracers' address; sent through RECKON_SMTP_ADDR
                         (host:port) from RECKON_SMTP_FROM, with RECKON_SMTP_USER
                         and RECKON_SMTP_PASSWORD when the server wants them
  RECKON_PUBLIC_URL      the server's address, for a link in each notice

reckon trace deliver sends what is due; reckon serve does it every minute.`

func newTraceCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trace",
		Short: "families' tracing requests: add, match, decide, close, withdraw",
		Long: `A tracing request is a family's question: where is this person? It records who
is sought (names in any script, birth date or year, home town, unit, rank, last
contact, photos by reference) and who asks and how to reach them. The contact is
personal data of the strictest kind: only tracers and admins see it, the audit
log never holds it, and a withdrawal erases it.

Requests are matched by the linkage model against the workspace's records, as
reckon link compares records, across scripts (김철수 = Ким Чхоль Су = Kim Chol
Su). Matching proposes candidates with the waterfall that explains each score;
only a tracer confirms or rejects one, with a reason. Open requests are matched
again after every import and link.` + traceEnvHelp,
	}
	cmd.AddCommand(newTraceAddCmd(e), newTraceListCmd(e), newTraceShowCmd(e), newTraceMatchCmd(e),
		newTraceDecideCmd(e, true), newTraceDecideCmd(e, false), newTraceCloseCmd(e, reckon.TraceClosed),
		newTraceCloseCmd(e, reckon.TraceOpen), newTraceWithdrawCmd(e), newTraceDeliverCmd(e))
	return cmd
}

func newTraceAddCmd(e *env) *cobra.Command {
	var t reckon.TraceRequest
	var born string
	cmd := &cobra.Command{
		Use:   "add --name NAME... --consent (--email ADDRESS | --phone NUMBER) [flags]",
		Short: "record a family's tracing request",
		Long: `add records a tracing request and prints its number. Give every way the family
writes the name (--name, repeated), family name first, and what else they know.
--consent records that the requester agreed that reckon keep the request and
search with it; a request without it is refused.`,
		Example: `  reckon trace add --name 김충호 --name "Kim Chung Ho" --born 1995 --unit "92nd Brigade" --email mother@example.org --relation mother --consent
  reckon trace add --name "Ким Ён Хо" --home-town Hamhung --phone "+82 10 0000 0002" --consent`,
		Args: cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, _ []string) error {
			if born != "" {
				d, err := reckon.ParseDate(born)
				if err != nil {
					return usagef("--born: %v", err)
				}
				t.Sought.BirthDate = d
			}
			if err := s.CreateTraceRequest(cmd.Context(), &t); err != nil {
				return err
			}
			e.printf("added trace request %d (%s)\n", t.ID, t.Status)
			return nil
		}),
	}
	f := cmd.Flags()
	f.StringArrayVar(&t.Sought.Names, "name", nil, "a `name` of the person sought, in any script, family name first (repeat for each spelling)")
	f.StringVar(&t.Sought.FamilyName, "family", "", "the family `name`, when the family gives it apart")
	f.StringVar(&t.Sought.GivenName, "given", "", "the given `name`, when the family gives it apart")
	f.StringVar(&born, "born", "", "birth `date`: YYYY, YYYY-MM or YYYY-MM-DD")
	f.StringVar(&t.Sought.Sex, "sex", "", "sex, as the lists write it")
	f.StringVar(&t.Sought.HomeTown, "home-town", "", "home `town`")
	f.StringVar(&t.Sought.Unit, "unit", "", "military `unit`")
	f.StringVar(&t.Sought.Rank, "rank", "", "military `rank`")
	f.StringVar(&t.Sought.LastContact, "last-contact", "", "when and where the family last heard from the person (`text`)")
	f.StringArrayVar(&t.Sought.Photos, "photo", nil, "a `reference` to a photograph kept elsewhere (repeat)")
	f.StringVar(&t.Sought.Note, "note", "", "anything else the family says (`text`)")
	f.StringVar(&t.Contact.Name, "contact-name", "", "the requester's `name`")
	f.StringVar(&t.Contact.Relation, "relation", "", "the requester's `relation` to the person sought")
	f.StringVar(&t.Contact.Email, "email", "", "the requester's email `address`")
	f.StringVar(&t.Contact.Phone, "phone", "", "the requester's phone `number`")
	f.StringVar(&t.Contact.Address, "address", "", "the requester's postal `address`")
	f.StringVar(&t.Contact.Language, "language", "", "the `language` to answer in")
	f.BoolVar(&t.Consent, "consent", false, "the requester agreed that reckon keep and search with the request")
	return cmd
}

// soughtName is the request's sought person in one line.
func soughtName(t *reckon.TraceRequest) string {
	n := strings.Join(t.Sought.Names, " / ")
	if n == "" {
		n = strings.TrimSpace(t.Sought.FamilyName + " " + t.Sought.GivenName)
	}
	return n
}

func newTraceListCmd(e *env) *cobra.Command {
	var status, format string
	var active bool
	cmd := &cobra.Command{
		Use:     "list [--status STATUS | --active]",
		Short:   "list tracing requests (without contacts; see trace show)",
		Example: "  reckon trace list --active\n  reckon trace list --status confirmed --format json",
		Args:    cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, _ []string) error {
			f := reckon.TraceFilter{Active: active}
			if status != "" {
				st, err := reckon.ParseTraceStatus(status)
				if err != nil {
					return usagef("--status: %v", err)
				}
				f.Status = st
			}
			ts, err := s.TraceRequests(cmd.Context(), f)
			if err != nil {
				return err
			}
			tb := &table{header: []string{"id", "status", "sought", "born", "unit", "updated"}}
			out := make([]*reckon.TraceRequest, len(ts))
			for i, t := range ts {
				tb.add(t.ID, t.Status, soughtName(t), t.Sought.BirthDate, t.Sought.Unit, t.UpdatedAt.Format("2006-01-02 15:04"))
				out[i] = t.Withheld()
			}
			return write(e.stdout, format, tb, out)
		}),
	}
	cmd.Flags().StringVar(&status, "status", "", "only requests in this `status`: open, candidates, confirmed, closed, withdrawn")
	cmd.Flags().BoolVar(&active, "active", false, "only requests still matched (open or with candidates)")
	addFormatFlag(cmd, &format, "table")
	return cmd
}

func newTraceShowCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "show ID",
		Short:   "show a tracing request with its contact and its candidates, each with its explanation",
		Example: "  reckon trace show 1",
		Args:    cobra.ExactArgs(1),
		RunE: e.withStoreID("trace request", func(cmd *cobra.Command, s reckon.Store, id int64) error {
			ctx := cmd.Context()
			t, err := s.TraceRequest(ctx, id)
			if err != nil {
				return err
			}
			cs, err := s.TraceCandidates(ctx, reckon.CandidateFilter{RequestID: id})
			if err != nil {
				return err
			}
			if format == "json" {
				return write(e.stdout, "json", nil, struct {
					*reckon.TraceRequest
					Candidates []*reckon.TraceCandidate `json:"candidates"`
				}{t, cs})
			}
			ids := make([]int64, len(cs))
			for i, c := range cs {
				ids[i] = c.RecordID
			}
			recs, _, err := s.RecordsWithPersons(ctx, ids)
			if err != nil {
				return err
			}
			byID := map[int64]*reckon.Record{}
			for _, r := range recs {
				byID[r.ID] = r
			}
			e.printf("trace request %d: %s\n", t.ID, t.Status)
			if t.Reason != "" {
				e.printf("reason: %s\n", t.Reason)
			}
			so := t.Sought
			for _, l := range [][2]string{{"sought", soughtName(t)}, {"born", so.BirthDate.String()}, {"sex", so.Sex},
				{"home town", so.HomeTown}, {"unit", so.Unit}, {"rank", so.Rank}, {"last contact", so.LastContact},
				{"photos", strings.Join(so.Photos, ", ")}, {"note", so.Note},
				{"requester", strings.TrimSpace(t.Contact.Name + " " + paren(t.Contact.Relation))}, {"email", t.Contact.Email},
				{"phone", t.Contact.Phone}, {"address", t.Contact.Address}, {"language", t.Contact.Language}} {
				if l[1] != "" {
					e.printf("%-13s %s\n", l[0]+":", l[1])
				}
			}
			if t.Status == reckon.TraceWithdrawn {
				e.printf("contact: erased on withdrawal\n")
			}
			e.printf("submitted %s, updated %s\n", t.CreatedAt.Format("2006-01-02 15:04"), t.UpdatedAt.Format("2006-01-02 15:04"))
			if len(cs) == 0 {
				e.printf("\nno candidates yet (reckon trace match %d)\n", t.ID)
			}
			for _, c := range cs {
				label := fmt.Sprintf("record %d", c.RecordID)
				if r := byID[c.RecordID]; r != nil {
					label = r.Key().String() + "  " + recordLabel(r)
				}
				e.printf("\ncandidate %s, probability %.4f, %s", label, c.Probability, c.Status)
				if c.PersonID != 0 {
					e.printf(", person %d", c.PersonID)
				}
				if c.Status != reckon.CandidatePending {
					e.printf(" by %s: %s", c.DecidedBy, c.Reason)
				}
				e.printf("\n%s\n", c.Explanation)
			}
			return nil
		}),
	}
	addFormatFlag(cmd, &format, "text", "text", "json")
	return cmd
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

func newTraceMatchCmd(e *env) *cobra.Command {
	var config string
	var seed uint64
	var all bool
	var opt pipeline.TraceOptions
	cmd := &cobra.Command{
		Use:   "match (ID | --all)",
		Short: "match a tracing request (or every open one) against the workspace's records",
		Long: `match fits the linkage model as reckon link does (same --config and --seed) and
compares the sought person with the records that share a name key with one of
the names the family gave, in any script. Candidates of probability
--min-probability or more, best first, go to the tracers' queue with their
explanations; one record per person. Nothing is ever confirmed by matching.` + traceEnvHelp,
		Example: "  reckon trace match 1\n  reckon trace match --all --min-probability 0.05",
		Args: func(cmd *cobra.Command, args []string) error {
			if all != (len(args) == 0) || len(args) > 1 {
				return usagef("give one request ID or --all")
			}
			return nil
		},
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			ctx := cmd.Context()
			var cfg linkage.Config
			if config != "" {
				if _, err := toml.DecodeFile(config, &cfg); err != nil {
					return reckon.Errorf(reckon.EINVALID, "%s: %v", config, err)
				}
			}
			env := e.traceOptions()
			opt.Notify, opt.BaseURL = env.Notify, env.BaseURL
			model := func(ctx context.Context) (*linkage.Model, *pipeline.TraceIndex, error) {
				return pipeline.FitTraceModel(ctx, s, cfg, linkage.Options{Rand: linkRand(seed)})
			}
			if all {
				n, err := pipeline.Rematch(ctx, s, model, opt)
				if err != nil {
					return err
				}
				e.printf("%d new candidate(s) for the open requests\n", n)
				return nil
			}
			id, err := parseID("trace request", args[0])
			if err != nil {
				return err
			}
			t, err := s.TraceRequest(ctx, id)
			if err != nil {
				return err
			}
			if !t.Status.Active() {
				return reckon.Errorf(reckon.ECONFLICT, "trace request %d is %s: reopen it (reckon trace reopen) to match it again", id, t.Status)
			}
			m, ix, err := model(ctx)
			if err != nil {
				return err
			}
			added, err := pipeline.MatchTrace(ctx, s, m, ix, t, opt)
			if err != nil {
				return err
			}
			e.printf("trace request %d: %d new candidate(s)\n", id, len(added))
			for _, c := range added {
				e.printf("  record %d  probability %.4f\n", c.RecordID, c.Probability)
			}
			if len(added) > 0 {
				e.printf("see them with reckon trace show %d\n", id)
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&all, "all", false, "match every open request")
	cmd.Flags().StringVar(&config, "config", "", "linkage settings `file` (TOML), as given to reckon link")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed, as given to reckon link")
	cmd.Flags().Float64Var(&opt.MinProbability, "min-probability", 0.01, "the least match `probability` of a candidate")
	cmd.Flags().IntVar(&opt.Limit, "limit", 20, "at most `n` candidates per request")
	return cmd
}

// findRecordArg returns the record named list/record_id, or by
// record_id alone when it is unique.
func findRecordArg(ctx context.Context, s reckon.Store, name string) (*reckon.Record, error) {
	f := reckon.RecordFilter{RecordID: name}
	if list, id, ok := strings.Cut(name, "/"); ok {
		f = reckon.RecordFilter{List: list, RecordID: id}
	}
	if f.List == "" {
		return findUniqueRecord(ctx, s, name)
	}
	recs, err := s.Records(ctx, f)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "record %s not found", name)
	}
	return recs[0], nil
}

// findUniqueRecord finds a record by its record_id alone.
func findUniqueRecord(ctx context.Context, s reckon.Store, id string) (*reckon.Record, error) {
	var found *reckon.Record
	var after int64
	for {
		recs, err := s.Records(ctx, reckon.RecordFilter{AfterID: after, Limit: 10000})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if r.RecordID == id {
				if found != nil {
					return nil, reckon.Errorf(reckon.EINVALID, "record id %q is in several lists: name it as list/record_id", id)
				}
				found = r
			}
		}
		if len(recs) < 10000 {
			break
		}
		after = recs[len(recs)-1].ID
	}
	if found == nil {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "record %s not found", id)
	}
	return found, nil
}

func newTraceDecideCmd(e *env, confirm bool) *cobra.Command {
	var reason string
	verb, short := "reject", "reject a candidate of a tracing request, with a reason"
	example := `  reckon trace reject 2 captured/captured-00311 --reason "born 1997 in another town; the family's son was born 2003"`
	if confirm {
		verb, short = "confirm", "confirm a candidate of a tracing request: the record is the person sought"
		example = `  reckon trace confirm 1 kcna/kcna-00012 --reason "same name, birth year and brigade; the photo matches"`
	}
	cmd := &cobra.Command{
		Use:     verb + " ID LIST/RECORD_ID --reason TEXT",
		Short:   short,
		Example: example,
		Args:    cobra.ExactArgs(2),
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			ctx := cmd.Context()
			id, err := parseID("trace request", args[0])
			if err != nil {
				return err
			}
			rec, err := findRecordArg(ctx, s, args[1])
			if err != nil {
				return err
			}
			c, err := s.DecideTraceCandidate(ctx, id, rec.ID, confirm, reason)
			if err != nil {
				return err
			}
			e.printf("trace request %d: %s %s\n", id, rec.Key(), c.Status)
			return nil
		}),
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why (required; kept in the audit log)")
	cmd.MarkFlagRequired("reason")
	return cmd
}

func newTraceCloseCmd(e *env, to reckon.TraceStatus) *cobra.Command {
	var reason string
	verb, short, example := "close", "close a tracing request: it is not matched any more", `  reckon trace close 1 --reason "the family was told on 2026-03-02"`
	if to == reckon.TraceOpen {
		verb, short, example = "reopen", "open a closed or confirmed tracing request again", `  reckon trace reopen 1 --reason "the family doubts the confirmation"`
	}
	cmd := &cobra.Command{
		Use:     verb + " ID --reason TEXT",
		Short:   short,
		Example: example,
		Args:    cobra.ExactArgs(1),
		RunE: e.withStoreID("trace request", func(cmd *cobra.Command, s reckon.Store, id int64) error {
			if err := s.SetTraceStatus(cmd.Context(), id, to, reason); err != nil {
				return err
			}
			e.printf("trace request %d: %s\n", id, to)
			return nil
		}),
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why (required; kept in the audit log)")
	cmd.MarkFlagRequired("reason")
	return cmd
}

func newTraceWithdrawCmd(e *env) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "withdraw ID [--reason TEXT]",
		Short: "withdraw a tracing request at the family's wish, erasing their contact",
		Long: `withdraw marks a request withdrawn and erases the requester's contact from the
workspace in the same transaction (backups made after it hold none); the audit
log keeps that it happened, never the data. Notices not yet sent are dropped.`,
		Example: `  reckon trace withdraw 2 --reason "asked by phone on 2026-03-04"`,
		Args:    cobra.ExactArgs(1),
		RunE: e.withStoreID("trace request", func(cmd *cobra.Command, s reckon.Store, id int64) error {
			if err := s.WithdrawTraceRequest(cmd.Context(), id, reason); err != nil {
				return err
			}
			e.printf("trace request %d: withdrawn; contact erased\n", id)
			return nil
		}),
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why, as the family said (kept in the audit log; no contact details)")
	return cmd
}

func newTraceDeliverCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deliver",
		Short: "send the outbox's notices that are due to the tracers",
		Long: `deliver sends each notice that is due by its channel: webhook or mail. A notice
that fails is tried again later, waiting longer each time; its attempts and last
error are kept.` + traceEnvHelp,
		Example: "  reckon trace deliver",
		Args:    cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, _ []string) error {
			res, err := outbox.Deliver(cmd.Context(), s, outbox.Options{Senders: e.senders()})
			if err != nil {
				return err
			}
			e.printf("sent %d, failed %d (tried again later), waiting %d\n", res.Sent, res.Failed, res.Waiting)
			return nil
		}),
	}
	return cmd
}
