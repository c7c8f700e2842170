-- The session generation of each user: a session cookie carries the
-- generation it was issued at and is refused once this moves on (a
-- password, role or disabled flag changed, the user signed out, or an
-- admin ended their sessions).
ALTER TABLE users ADD COLUMN session_gen bigint NOT NULL DEFAULT 0;
