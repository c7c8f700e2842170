package postgres

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

var _ reckon.UserStore = (*Store)(nil)

// userView is what the audit log keeps of a user: never the hash.
func userView(u *reckon.User) map[string]any {
	return map[string]any{"name": u.Name, "role": u.Role, "disabled": u.Disabled}
}

// userNamesLock is the first key of the transaction-scoped advisory
// lock that makes the check of a new user name and its insert one step;
// the second is the schema's.
const userNamesLock = 0x72657573 // "reus"

// CreateUser implements [reckon.UserStore].
func (s *Store) CreateUser(ctx context.Context, u *reckon.User, passwordHash string) (err error) {
	defer wrap(&err, "create user")
	if err := u.Validate(); err != nil {
		return err
	}
	now := s.now()
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(COALESCE(current_schema(), '')))`, userNamesLock); err != nil {
			return err
		}
		if err := checkNewUserName(ctx, tx, u.Name); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			u.Name, string(u.Role), passwordHash, u.Disabled, now).Scan(&u.ID); err != nil {
			return err
		}
		u.CreatedAt = storerule.ParseTime(now)
		u.SessionGen = 0
		return s.record(ctx, tx, "user.create", "user", u.ID, nil, userView(u))
	})
	if isUnique(err) {
		return reckon.Errorf(reckon.ECONFLICT, "user %q exists already", u.Name)
	}
	return err
}

// checkNewUserName refuses a name that is taken or looks like one that
// is (see [reckon.CheckNewUserName]).
func checkNewUserName(ctx context.Context, tx pgx.Tx, name string) error {
	rows, err := tx.Query(ctx, `SELECT name FROM users`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var have string
		if err := rows.Scan(&have); err != nil {
			return err
		}
		if err := reckon.CheckNewUserName(have, name); err != nil {
			return err
		}
	}
	return rows.Err()
}

const userColumns = `id, name, role, disabled, created_at, session_gen`

func scanUser(row scanner) (*reckon.User, error) {
	var u reckon.User
	var role, created string
	if err := row.Scan(&u.ID, &u.Name, &role, &u.Disabled, &created, &u.SessionGen); err != nil {
		return nil, err
	}
	u.Role = reckon.Role(role)
	u.CreatedAt = storerule.ParseTime(created)
	return &u, nil
}

func userNotFound(err error, key any) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return reckon.Errorf(reckon.ENOTFOUND, "user %v not found", key)
	}
	return err
}

// UserByName implements [reckon.UserStore].
func (s *Store) UserByName(ctx context.Context, name string) (_ *reckon.User, err error) {
	defer wrap(&err, "user by name")
	var u *reckon.User
	err = s.withConn(ctx, func(c *pgx.Conn) (err error) {
		u, err = scanUser(c.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE name = $1`, name))
		return err
	})
	return u, userNotFound(err, name)
}

// Users implements [reckon.UserStore].
func (s *Store) Users(ctx context.Context) (_ []*reckon.User, err error) {
	defer wrap(&err, "users")
	return collect(ctx, s, scanUser, `SELECT `+userColumns+` FROM users ORDER BY name`)
}

// PasswordHash implements [reckon.UserStore].
func (s *Store) PasswordHash(ctx context.Context, userID int64) (_ string, err error) {
	defer wrap(&err, "password hash of user %d", userID)
	var h string
	err = s.withConn(ctx, func(c *pgx.Conn) error {
		return c.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&h)
	})
	return h, userNotFound(err, userID)
}

// UpdateUser implements [reckon.UserStore]. It first locks the rows of
// the enabled admins, in the order of their IDs, so that concurrent
// updates take turns: an update that waited sees the admins the one
// before it left (under READ COMMITTED, a locked row that no longer
// matches is skipped), and two admins demoting each other cannot both
// succeed.
func (s *Store) UpdateUser(ctx context.Context, u *reckon.User, passwordHash string) (err error) {
	defer wrap(&err, "update user")
	if err := u.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id FROM users WHERE role = $1 AND NOT disabled ORDER BY id FOR UPDATE`, string(reckon.RoleAdmin))
		if err != nil {
			return err
		}
		admins, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		old, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1 FOR UPDATE`, u.ID))
		if err != nil {
			return userNotFound(err, u.ID)
		}
		if reckon.RemovesAdmin(old, u) && !slices.ContainsFunc(admins, func(id int64) bool { return id != u.ID }) {
			return reckon.Errorf(reckon.ECONFLICT, "%s is the last admin: make another admin first", old.Name)
		}
		gen := old.SessionGen
		if old.Role != u.Role || old.Disabled != u.Disabled || passwordHash != "" {
			gen++
		}
		if passwordHash != "" {
			_, err = tx.Exec(ctx, `UPDATE users SET role = $1, disabled = $2, session_gen = $3, password_hash = $4 WHERE id = $5`,
				string(u.Role), u.Disabled, gen, passwordHash, u.ID)
		} else {
			_, err = tx.Exec(ctx, `UPDATE users SET role = $1, disabled = $2, session_gen = $3 WHERE id = $4`, string(u.Role), u.Disabled, gen, u.ID)
		}
		if err != nil {
			return err
		}
		u.SessionGen = gen
		after := userView(u)
		after["name"] = old.Name
		after["password_changed"] = passwordHash != ""
		return s.record(ctx, tx, "user.update", "user", u.ID, userView(old), after)
	})
}

// EndSessions implements [reckon.UserStore].
func (s *Store) EndSessions(ctx context.Context, userID int64) (err error) {
	defer wrap(&err, "end sessions of user %d", userID)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var gen int64
		err := tx.QueryRow(ctx, `UPDATE users SET session_gen = session_gen + 1 WHERE id = $1 RETURNING session_gen`, userID).Scan(&gen)
		if err != nil {
			return userNotFound(err, userID)
		}
		return s.record(ctx, tx, "user.end_sessions", "user", userID, nil, map[string]any{"session_gen": gen})
	})
}

// CreateToken implements [reckon.UserStore].
func (s *Store) CreateToken(ctx context.Context, t *reckon.Token, secretHash string) (err error) {
	defer wrap(&err, "create token")
	if t.Name == "" {
		return reckon.Errorf(reckon.EINVALID, "a token needs a name that says what it is for")
	}
	now := s.now()
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO tokens (user_id, name, secret_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			t.UserID, t.Name, secretHash, now).Scan(&t.ID); err != nil {
			return err
		}
		t.CreatedAt = storerule.ParseTime(now)
		return s.record(ctx, tx, "token.create", "token", t.ID, nil, map[string]any{"user_id": t.UserID, "name": t.Name})
	})
	if isForeignKey(err) {
		return reckon.Errorf(reckon.ENOTFOUND, "user %d not found", t.UserID)
	}
	return err
}

const tokenColumns = `t.id, t.user_id, t.name, t.created_at, t.revoked_at, t.last_used_at`

func scanToken(row scanner, extra ...any) (*reckon.Token, error) {
	var t reckon.Token
	var created string
	var revoked, used *string
	if err := row.Scan(append([]any{&t.ID, &t.UserID, &t.Name, &created, &revoked, &used}, extra...)...); err != nil {
		return nil, err
	}
	t.CreatedAt = storerule.ParseTime(created)
	if revoked != nil {
		r := storerule.ParseTime(*revoked)
		t.RevokedAt = &r
	}
	if used != nil {
		u := storerule.ParseTime(*used)
		t.LastUsedAt = &u
	}
	return &t, nil
}

// TokenUser implements [reckon.UserStore].
func (s *Store) TokenUser(ctx context.Context, secretHash string) (_ *reckon.Token, _ *reckon.User, err error) {
	defer wrap(&err, "token user")
	var t *reckon.Token
	var u reckon.User
	err = s.withConn(ctx, func(c *pgx.Conn) error {
		var role, created string
		var err error
		t, err = scanToken(c.QueryRow(ctx, `SELECT `+tokenColumns+`, u.id, u.name, u.role, u.disabled, u.created_at, u.session_gen
			FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled`, secretHash),
			&u.ID, &u.Name, &role, &u.Disabled, &created, &u.SessionGen)
		if err != nil {
			return err
		}
		u.Role, u.CreatedAt = reckon.Role(role), storerule.ParseTime(created)
		// The time of use is kept to the minute, not written per request.
		now := s.Now()
		if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
			if _, err := c.Exec(ctx, `UPDATE tokens SET last_used_at = $1 WHERE id = $2`, storerule.FormatTime(now), t.ID); err != nil {
				return err
			}
			t.LastUsedAt = &now
		}
		return nil
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, reckon.Errorf(reckon.ENOTFOUND, "unknown or revoked token")
	}
	if err != nil {
		return nil, nil, err
	}
	return t, &u, nil
}

// Tokens implements [reckon.UserStore].
func (s *Store) Tokens(ctx context.Context, userID int64) (_ []*reckon.Token, err error) {
	defer wrap(&err, "tokens of user %d", userID)
	return collect(ctx, s, func(row scanner) (*reckon.Token, error) { return scanToken(row) },
		`SELECT `+tokenColumns+` FROM tokens t WHERE t.user_id = $1 ORDER BY t.id`, userID)
}

// RevokeToken implements [reckon.UserStore].
func (s *Store) RevokeToken(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "revoke token %d", id)
	now := s.now()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, now, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return reckon.Errorf(reckon.ENOTFOUND, "token %d not found (or revoked already)", id)
		}
		return s.record(ctx, tx, "token.revoke", "token", id, nil, nil)
	})
}
