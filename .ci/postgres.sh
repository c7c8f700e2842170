# .ci/postgres.sh: a throwaway PostgreSQL server for the store tests.
#
# Sourced by .ci/run (bash, as root on Debian) before `go test`:
#
#	source .ci/postgres.sh
#	trap reckon_pg_stop EXIT
#
# It finds initdb and pg_ctl (in /usr/lib/postgresql/*/bin or PATH; it
# runs `apt-get install postgresql` only when they are missing), makes a
# temporary folder owned by an unprivileged user (postgres, or a system
# user it creates), initdb there with a generated password, starts the
# server on 127.0.0.1 on a free port, creates a database and exports
#
#	RECKON_TEST_POSTGRES=postgres://reckon:PASSWORD@127.0.0.1:PORT/reckon_test?sslmode=disable
#
# reckon_pg_stop stops that server and removes its folder; it is safe to
# call twice. Sourcing the script again first stops the server it
# started before. Servers that an earlier run left behind (their shell is
# gone) are stopped and their folders removed; servers of shells that are
# still running are left alone, and the new one takes another port.

reckon_pg_log() { echo "postgres.sh: $*" >&2; }

# reckon_pg_bindir prints the folder holding initdb and pg_ctl, the newest
# version first, or fails.
reckon_pg_bindir() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -rV); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return 0
		fi
	done
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(command -v pg_ctl)"
		return 0
	fi
	return 1
}

# reckon_pg_as runs a command as the server's user.
reckon_pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$RECKON_PG_USER" -- "$@"
	else
		"$@"
	fi
}

# reckon_pg_reap stops servers left by runs whose shell is gone.
reckon_pg_reap() {
	local d owner
	for d in /tmp/reckon-pg.*; do
		[ -d "$d" ] || continue
		owner=$(cat "$d/owner" 2>/dev/null || echo "")
		if [ -n "$owner" ] && kill -0 "$owner" 2>/dev/null; then
			continue # its shell still runs: not ours to stop
		fi
		if [ -f "$d/data/postmaster.pid" ] && [ -x "$(cat "$d/bindir" 2>/dev/null)/pg_ctl" ]; then
			reckon_pg_log "stopping a server left by an earlier run in $d"
			runuser -u "$(stat -c %U "$d")" -- "$(cat "$d/bindir")/pg_ctl" -D "$d/data" -m immediate -w stop >/dev/null 2>&1 || true
		fi
		rm -rf "$d"
	done
}

reckon_pg_start() {
	local bindir port pw i
	if ! bindir=$(reckon_pg_bindir); then
		reckon_pg_log "no initdb/pg_ctl found: installing postgresql"
		apt-get update -qq >/dev/null || return 1
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
		bindir=$(reckon_pg_bindir) || { reckon_pg_log "postgresql installed but no initdb/pg_ctl found"; return 1; }
	fi
	if [ "$(id -u)" = 0 ]; then
		RECKON_PG_USER=postgres
		if ! id -u postgres >/dev/null 2>&1; then
			RECKON_PG_USER=reckonpg
			id -u reckonpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin reckonpg || return 1
		fi
		reckon_pg_reap
	else
		RECKON_PG_USER=$(id -un)
	fi

	RECKON_PG_DIR=$(mktemp -d /tmp/reckon-pg.XXXXXX) || return 1
	echo "$$" >"$RECKON_PG_DIR/owner"
	echo "$bindir" >"$RECKON_PG_DIR/bindir"
	pw=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
	printf '%s\n' "$pw" >"$RECKON_PG_DIR/pw"
	chmod 700 "$RECKON_PG_DIR"
	chmod 600 "$RECKON_PG_DIR/pw"
	if [ "$(id -u)" = 0 ]; then
		chown -R "$RECKON_PG_USER" "$RECKON_PG_DIR" || return 1
	fi

	# Loopback and a socket in the private folder only; password required
	# over TCP. fsync off: the data is thrown away.
	if ! reckon_pg_as "$bindir/initdb" -D "$RECKON_PG_DIR/data" -U reckon --pwfile="$RECKON_PG_DIR/pw" \
		--auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C --no-sync >"$RECKON_PG_DIR/initdb.log" 2>&1; then
		cat "$RECKON_PG_DIR/initdb.log" >&2
		return 1
	fi
	rm -f "$RECKON_PG_DIR/pw"

	port=""
	for i in $(seq 0 40); do
		local p=$((54329 + i))
		if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			continue # in use
		fi
		if reckon_pg_as "$bindir/pg_ctl" -D "$RECKON_PG_DIR/data" -l "$RECKON_PG_DIR/server.log" -w -t 60 \
			-o "-c listen_addresses=127.0.0.1 -p $p -k $RECKON_PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
			start >/dev/null; then
			port=$p
			break
		fi
		reckon_pg_as "$bindir/pg_ctl" -D "$RECKON_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
	done
	if [ -z "$port" ]; then
		reckon_pg_log "could not start a server; its log:"
		tail -n 20 "$RECKON_PG_DIR/server.log" >&2 || true
		return 1
	fi
	RECKON_PG_BINDIR=$bindir
	for i in $(seq 1 100); do
		PGPASSWORD=$pw "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U reckon -d postgres && break
		sleep 0.1
	done
	if ! PGPASSWORD=$pw "$bindir/createdb" -h 127.0.0.1 -p "$port" -U reckon reckon_test; then
		reckon_pg_log "could not create the database"
		return 1
	fi
	export RECKON_TEST_POSTGRES="postgres://reckon:$pw@127.0.0.1:$port/reckon_test?sslmode=disable"
	reckon_pg_log "PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port, data in $RECKON_PG_DIR"
}

# reckon_pg_stop stops the server this shell started and removes its
# folder.
reckon_pg_stop() {
	if [ -n "${RECKON_PG_DIR:-}" ] && [ -d "$RECKON_PG_DIR" ]; then
		if [ -f "$RECKON_PG_DIR/data/postmaster.pid" ]; then
			reckon_pg_as "$RECKON_PG_BINDIR/pg_ctl" -D "$RECKON_PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
				reckon_pg_as "$RECKON_PG_BINDIR/pg_ctl" -D "$RECKON_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
		fi
		rm -rf "$RECKON_PG_DIR"
	fi
	RECKON_PG_DIR=""
	unset RECKON_TEST_POSTGRES
	return 0
}

reckon_pg_stop
RECKON_PG_DIR=""
RECKON_PG_BINDIR=""
RECKON_PG_USER=""
reckon_pg_start || { reckon_pg_log "failed"; reckon_pg_stop; return 1 2>/dev/null || exit 1; }
