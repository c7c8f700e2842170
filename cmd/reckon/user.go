package main

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
)

// password reads a password from the first line of stdin, or makes a
// random one; it says which it did.
func (e *env) password(fromStdin bool) (pw string, generated bool, err error) {
	if fromStdin {
		sc := bufio.NewScanner(e.stdin)
		if !sc.Scan() {
			return "", false, reckon.Errorf(reckon.EINVALID, "--password-stdin: no password on standard input")
		}
		return strings.TrimRight(sc.Text(), "\r"), false, nil
	}
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", false, err
	}
	return base64.RawURLEncoding.EncodeToString(b), true, nil
}

func newUserCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "manage the users of a shared server",
		Long: `Users sign in to a shared server with a role: viewer (reads what is public),
analyst (sources, documents, claims, records), reviewer (decides whether records
are the same person), tracer (families' tracing requests, with the requesters'
contacts) or admin (everything, users included). Passwords are stored as
argon2id hashes only.`,
	}
	var role string
	var stdinPW bool
	add := &cobra.Command{
		Use:     "add NAME --role viewer|analyst|reviewer|tracer|admin [--password-stdin]",
		Short:   "add a user; without --password-stdin a random password is made and shown once",
		Example: "  reckon user add ana --role analyst\n  printf '%s\\n' \"$PW\" | reckon user add ben --role reviewer --password-stdin",
		Args:    cobra.ExactArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			r, err := reckon.ParseRole(role)
			if err != nil {
				return err
			}
			pw, generated, err := e.password(stdinPW)
			if err != nil {
				return err
			}
			hash, err := auth.HashPassword(pw, auth.DefaultParams)
			if err != nil {
				return err
			}
			return e.useStore(cmd, func(s reckon.Store) error {
				u := &reckon.User{Name: args[0], Role: r}
				if err := s.CreateUser(cmd.Context(), u, hash); err != nil {
					return err
				}
				e.printf("added user %s (%s)\n", u.Name, u.Role)
				if generated {
					e.printf("password: %s\n(shown once; keep it safe)\n", pw)
				}
				return nil
			})
		}),
	}
	add.Flags().StringVar(&role, "role", "", "viewer, analyst, reviewer, tracer or admin (required)")
	add.Flags().BoolVar(&stdinPW, "password-stdin", false, "read the password from the first line of standard input")
	add.MarkFlagRequired("role")

	var setRole string
	var disable, enable, setPW bool
	set := &cobra.Command{
		Use:   "set NAME [--role R] [--disable | --enable] [--password-stdin]",
		Short: "change a user's role, password, or whether the user may sign in (ends their sessions)",
		Args:  cobra.ExactArgs(1),
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			u, err := s.UserByName(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if setRole != "" {
				if u.Role, err = reckon.ParseRole(setRole); err != nil {
					return err
				}
			}
			if disable && enable {
				return usagef("--disable and --enable together")
			}
			if disable {
				u.Disabled = true
			}
			if enable {
				u.Disabled = false
			}
			hash := ""
			if setPW {
				pw, _, err := e.password(true)
				if err != nil {
					return err
				}
				if hash, err = auth.HashPassword(pw, auth.DefaultParams); err != nil {
					return err
				}
			}
			if err := s.UpdateUser(cmd.Context(), u, hash); err != nil {
				return err
			}
			state := "enabled"
			if u.Disabled {
				state = "disabled"
			}
			e.printf("user %s: %s, %s\n", u.Name, u.Role, state)
			return nil
		}),
	}
	set.Flags().StringVar(&setRole, "role", "", "new role")
	set.Flags().BoolVar(&disable, "disable", false, "stop the user signing in and their tokens working")
	set.Flags().BoolVar(&enable, "enable", false, "let a disabled user sign in again")
	set.Flags().BoolVar(&setPW, "password-stdin", false, "read a new password from the first line of standard input")

	signout := &cobra.Command{
		Use:   "signout NAME",
		Short: "end every session of a user: each of their browsers must sign in again",
		Long: `signout ends every session of a user at once, on every server of the
workspace: each of their browsers must sign in again (API tokens are not
touched; see reckon token revoke). A change of password, role or disabled
flag with reckon user set ends them too.`,
		Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			u, err := s.UserByName(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if err := s.EndSessions(cmd.Context(), u.ID); err != nil {
				return err
			}
			e.printf("user %s: every session ended\n", u.Name)
			return nil
		}),
	}

	var format string
	list := &cobra.Command{
		Use:   "list",
		Short: "list the users",
		Args:  cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			us, err := s.Users(cmd.Context())
			if err != nil {
				return err
			}
			t := &table{header: []string{"id", "name", "role", "disabled", "created"}}
			for _, u := range us {
				t.add(u.ID, u.Name, u.Role, u.Disabled, u.CreatedAt.UTC().Format("2006-01-02"))
			}
			return write(e.stdout, format, t, us)
		}),
	}
	addFormatFlag(list, &format, "table")
	cmd.AddCommand(add, set, signout, list)
	return cmd
}

func newTokenCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "make, list and revoke API tokens for scripts",
	}
	var name string
	create := &cobra.Command{
		Use:     "create USER --name WHAT-FOR",
		Short:   "make an API token for a user; the secret is shown once",
		Example: `  reckon token create ana --name "nightly export"`,
		Args:    cobra.ExactArgs(1),
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			u, err := s.UserByName(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			secret, hash, err := auth.NewToken()
			if err != nil {
				return err
			}
			t := &reckon.Token{UserID: u.ID, Name: name}
			if err := s.CreateToken(cmd.Context(), t, hash); err != nil {
				return err
			}
			e.printf("token %d for %s (%s): %s\n(shown once: send it as 'Authorization: Bearer <token>')\n", t.ID, u.Name, t.Name, secret)
			return nil
		}),
	}
	create.Flags().StringVar(&name, "name", "", "what the token is for (required)")
	create.MarkFlagRequired("name")
	var format string
	list := &cobra.Command{
		Use:   "list USER",
		Short: "list a user's tokens, revoked ones included",
		Args:  cobra.ExactArgs(1),
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			u, err := s.UserByName(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			ts, err := s.Tokens(cmd.Context(), u.ID)
			if err != nil {
				return err
			}
			tb := &table{header: []string{"id", "name", "created", "last used", "revoked"}}
			for _, t := range ts {
				tb.add(t.ID, t.Name, t.CreatedAt.UTC().Format("2006-01-02 15:04"), fmtTime(t.LastUsedAt), fmtTime(t.RevokedAt))
			}
			return write(e.stdout, format, tb, ts)
		}),
	}
	addFormatFlag(list, &format, "table")
	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "revoke a token for good",
		Args:  cobra.ExactArgs(1),
		RunE: e.withStoreID("token", func(cmd *cobra.Command, s reckon.Store, id int64) error {
			if err := s.RevokeToken(cmd.Context(), id); err != nil {
				return err
			}
			e.printf("token %d revoked\n", id)
			return nil
		}),
	}
	cmd.AddCommand(create, list, revoke)
	return cmd
}

func fmtTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04")
}
