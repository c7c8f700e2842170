package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

var _ reckon.UserStore = (*Store)(nil)

// userView is what the audit log keeps of a user: never the hash.
func userView(u *reckon.User) map[string]any {
	return map[string]any{"name": u.Name, "role": u.Role, "disabled": u.Disabled}
}

// CreateUser implements [reckon.UserStore]. The write transaction
// holds the database's write lock, so the check of the name and the
// insert are one step.
func (s *Store) CreateUser(ctx context.Context, u *reckon.User, passwordHash string) (err error) {
	defer wrap(&err, "create user")
	if err := u.Validate(); err != nil {
		return err
	}
	now := s.now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkNewUserName(ctx, tx, u.Name); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?)`,
			u.Name, u.Role, passwordHash, u.Disabled, now)
		if isUnique(err) {
			return reckon.Errorf(reckon.ECONFLICT, "user %q exists already", u.Name)
		}
		if err != nil {
			return err
		}
		u.ID, _ = res.LastInsertId()
		u.CreatedAt = storerule.ParseTime(now)
		u.SessionGen = 0
		return s.record(ctx, tx, "user.create", "user", u.ID, nil, userView(u))
	})
}

// checkNewUserName refuses a name that is taken or looks like one that
// is (see [reckon.CheckNewUserName]).
func checkNewUserName(ctx context.Context, tx *sql.Tx, name string) error {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM users`)
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

func scanUser(row interface{ Scan(...any) error }) (*reckon.User, error) {
	var u reckon.User
	var created string
	if err := row.Scan(&u.ID, &u.Name, &u.Role, &u.Disabled, &created, &u.SessionGen); err != nil {
		return nil, err
	}
	u.CreatedAt = storerule.ParseTime(created)
	return &u, nil
}

// UserByName implements [reckon.UserStore].
func (s *Store) UserByName(ctx context.Context, name string) (_ *reckon.User, err error) {
	defer wrap(&err, "user by name")
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE name = ?`, name))
	return u, notFound(err, "user", name)
}

// Users implements [reckon.UserStore].
func (s *Store) Users(ctx context.Context) (_ []*reckon.User, err error) {
	defer wrap(&err, "users")
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// PasswordHash implements [reckon.UserStore].
func (s *Store) PasswordHash(ctx context.Context, userID int64) (_ string, err error) {
	defer wrap(&err, "password hash of user %d", userID)
	var h string
	err = s.queryRow(ctx, `SELECT password_hash FROM users WHERE id = ?`, userID).Scan(&h)
	return h, notFound(err, "user", userID)
}

// UpdateUser implements [reckon.UserStore]. The write transaction holds
// the database's write lock, so the count of admins it checks is the
// count its change leaves.
func (s *Store) UpdateUser(ctx context.Context, u *reckon.User, passwordHash string) (err error) {
	defer wrap(&err, "update user")
	if err := u.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, u.ID))
		if err != nil {
			return notFound(err, "user", u.ID)
		}
		if reckon.RemovesAdmin(old, u) {
			var others int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = ? AND NOT disabled AND id <> ?`,
				reckon.RoleAdmin, u.ID).Scan(&others); err != nil {
				return err
			}
			if others == 0 {
				return lastAdmin(old.Name)
			}
		}
		changed := old.Role != u.Role || old.Disabled != u.Disabled || passwordHash != ""
		gen := old.SessionGen
		if changed {
			gen++
		}
		q, args := `UPDATE users SET role = ?, disabled = ?, session_gen = ?`, []any{u.Role, u.Disabled, gen}
		if passwordHash != "" {
			q, args = q+`, password_hash = ?`, append(args, passwordHash)
		}
		if _, err := tx.ExecContext(ctx, q+` WHERE id = ?`, append(args, u.ID)...); err != nil {
			return err
		}
		u.SessionGen = gen
		after := userView(u)
		after["name"] = old.Name
		after["password_changed"] = passwordHash != ""
		return s.record(ctx, tx, "user.update", "user", u.ID, userView(old), after)
	})
}

// lastAdmin is the error for a change that would leave no enabled admin.
func lastAdmin(name string) error {
	return reckon.Errorf(reckon.ECONFLICT, "%s is the last admin: make another admin first", name)
}

// EndSessions implements [reckon.UserStore].
func (s *Store) EndSessions(ctx context.Context, userID int64) (err error) {
	defer wrap(&err, "end sessions of user %d", userID)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var gen int64
		err := tx.QueryRowContext(ctx, `UPDATE users SET session_gen = session_gen + 1 WHERE id = ? RETURNING session_gen`, userID).Scan(&gen)
		if err != nil {
			return notFound(err, "user", userID)
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
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO tokens (user_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?)`, t.UserID, t.Name, secretHash, now)
		if err != nil {
			if isForeignKey(err) {
				return reckon.Errorf(reckon.ENOTFOUND, "user %d not found", t.UserID)
			}
			return err
		}
		t.ID, _ = res.LastInsertId()
		t.CreatedAt = storerule.ParseTime(now)
		return s.record(ctx, tx, "token.create", "token", t.ID, nil, map[string]any{"user_id": t.UserID, "name": t.Name})
	})
}

const tokenColumns = `t.id, t.user_id, t.name, t.created_at, t.revoked_at, t.last_used_at`

func scanToken(row interface{ Scan(...any) error }, extra ...any) (*reckon.Token, error) {
	var t reckon.Token
	var created string
	var revoked, used sql.NullString
	if err := row.Scan(append([]any{&t.ID, &t.UserID, &t.Name, &created, &revoked, &used}, extra...)...); err != nil {
		return nil, err
	}
	t.CreatedAt = storerule.ParseTime(created)
	if revoked.Valid {
		r := storerule.ParseTime(revoked.String)
		t.RevokedAt = &r
	}
	if used.Valid {
		u := storerule.ParseTime(used.String)
		t.LastUsedAt = &u
	}
	return &t, nil
}

// TokenUser implements [reckon.UserStore].
func (s *Store) TokenUser(ctx context.Context, secretHash string) (_ *reckon.Token, _ *reckon.User, err error) {
	defer wrap(&err, "token user")
	var u reckon.User
	var created string
	t, err := scanToken(s.queryRow(ctx, `SELECT `+tokenColumns+`, u.id, u.name, u.role, u.disabled, u.created_at, u.session_gen
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.secret_hash = ? AND t.revoked_at IS NULL AND NOT u.disabled`, secretHash),
		&u.ID, &u.Name, &u.Role, &u.Disabled, &created, &u.SessionGen)
	if err == sql.ErrNoRows {
		return nil, nil, reckon.Errorf(reckon.ENOTFOUND, "unknown or revoked token")
	}
	if err != nil {
		return nil, nil, err
	}
	u.CreatedAt = storerule.ParseTime(created)
	// The time of use is kept to the minute: a write per request would
	// make every API call take the database's write lock.
	now := s.Now()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		if _, err := s.db.ExecContext(ctx, `UPDATE tokens SET last_used_at = ? WHERE id = ?`, storerule.FormatTime(now), t.ID); err != nil {
			return nil, nil, err
		}
		t.LastUsedAt = &now
	}
	return t, &u, nil
}

// Tokens implements [reckon.UserStore].
func (s *Store) Tokens(ctx context.Context, userID int64) (_ []*reckon.Token, err error) {
	defer wrap(&err, "tokens of user %d", userID)
	rows, err := s.query(ctx, `SELECT `+tokenColumns+` FROM tokens t WHERE t.user_id = ? ORDER BY t.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken implements [reckon.UserStore].
func (s *Store) RevokeToken(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "revoke token %d", id)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return reckon.Errorf(reckon.ENOTFOUND, "token %d not found (or revoked already)", id)
		}
		return s.record(ctx, tx, "token.revoke", "token", id, nil, nil)
	})
}
