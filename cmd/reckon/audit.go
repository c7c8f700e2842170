package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
)

func newAuditCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "read and verify the append-only log of every change",
		Long: `Every change to a workspace (a source added, a document and its claims, a
review, an import, a link run, a decision, an estimate) appends an event with
who made it, when, and the state before and after. Each event's hash covers
its content and the previous event's hash, so editing or deleting any event
breaks the chain. Who is recorded: --user, else $RECKON_USER, else the login.`,
	}
	var f reckon.EventFilter
	var since, format string
	log := &cobra.Command{
		Use:   "log [--since 2025-07-01] [--entity claim]",
		Short: "list the events, oldest first",
		Args:  cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			if since != "" {
				t, err := time.Parse("2006-01-02", since)
				if err != nil {
					if t, err = time.Parse(time.RFC3339, since); err != nil {
						return usagef("--since %q: want YYYY-MM-DD or an RFC 3339 time", since)
					}
				}
				f.Since = t
			}
			return e.useStore(cmd, func(s reckon.Store) error {
				evs, err := s.Events(cmd.Context(), f)
				if err != nil {
					return err
				}
				t := &table{header: []string{"id", "at", "actor", "action", "entity", "entity_id", "after"}}
				for _, x := range evs {
					after := x.After
					if len(after) > 120 {
						after = after[:117] + "..."
					}
					t.add(x.ID, x.At.UTC().Format("2006-01-02 15:04:05"), x.Actor, x.Action, x.Entity, x.EntityID, after)
				}
				return write(e.stdout, format, t, evs)
			})
		}),
	}
	log.Flags().StringVar(&since, "since", "", "only events at or after this date")
	log.Flags().StringVar(&f.Entity, "entity", "", "only events about this kind of entity: source, document, claim, import, link_run, decision, estimate")
	log.Flags().IntVar(&f.Limit, "limit", 0, "at most this many")
	log.Flags().Int64Var(&f.AfterID, "after", 0, "only events with an id above this (for paging)")
	addFormatFlag(log, &format, "table")

	var head, pubkey string
	var checkpoints []string
	verify := &cobra.Command{
		Use:   "verify [--head HASH] [--checkpoint FILE [--pubkey FILE]]",
		Short: "check the chain of hashes; exit status 1 if any event was edited or deleted",
		Long: `verify recomputes every event's hash and checks the chain. It prints the head
hash: keep it somewhere else (a note, a ticket, an email), and pass it with
--head later to detect also the removal of the newest events.

` + checkpointFlagsUsage,
		Args: cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			c, err := s.VerifyAudit(cmd.Context())
			if err != nil {
				return err
			}
			if c.BadID != 0 {
				return reckon.Errorf(reckon.ECONFLICT, "audit log broken at event %d: %s (%d events before it check)", c.BadID, c.Problem, c.Events)
			}
			if pubkey != "" && len(checkpoints) == 0 {
				return usagef("--pubkey checks the key of a --checkpoint: pass --checkpoint FILE too")
			}
			if len(checkpoints) > 0 {
				if head != "" {
					return usagef("--head and --checkpoint: pass one of them")
				}
				return verifyCheckpoints(cmd.Context(), e, s, checkpoints, pubkey)
			}
			if head != "" && head != c.Head {
				evs, err := s.Events(cmd.Context(), reckon.EventFilter{})
				if err != nil {
					return err
				}
				for _, x := range evs {
					if x.Hash == head {
						e.printf("audit log intact: %d events; the head you gave is event %d, and %d events came after it\n", c.Events, x.ID, c.Events-int(x.ID))
						return nil
					}
				}
				return reckon.Errorf(reckon.ECONFLICT, "audit log does not contain the head %s: events were removed or the log was replaced", head)
			}
			e.printf("audit log intact: %d events, head %s\n", c.Events, c.Head)
			return nil
		}),
	}
	verify.Flags().StringVar(&head, "head", "", "a head hash printed by an earlier verify, to check the log still holds it")
	verify.Flags().StringArrayVar(&checkpoints, "checkpoint", nil, "a signed checkpoint `file` the log must still extend (repeatable)")
	verify.Flags().StringVar(&pubkey, "pubkey", "", "the public key `file` the checkpoints must be signed by (keygen's .pub)")
	cmd.AddCommand(log, verify, newAuditCheckpointCmd(e), newAuditKeygenCmd(e))
	return cmd
}
