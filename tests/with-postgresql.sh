#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs COMMAND… with a throwaway PostgreSQL cluster: initdb in a temporary
# folder, a server on a free loopback port, SERTEL_TEST_PG set to a libpq
# connection string for it; the cluster is stopped and removed afterwards.
#   tests/with-postgresql.sh meson test -C _build
# initdb refuses to run as root, so as root the cluster belongs to the
# "postgres" user (Debian's postgresql package creates it).
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS…]" >&2
  exit 2
fi

bindir=
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && bindir=$d
done
if [ -z "$bindir" ]; then
  bindir=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
fi
if [ ! -x "$bindir/initdb" ]; then
  echo "$0: PostgreSQL's initdb was not found; install it (Debian: apt-get install postgresql)" >&2
  exit 1
fi

as_owner=()
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sertel-pg-XXXXXX")
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$tmp"
  as_owner=(runuser -u postgres --)
fi

# A free port: bind to 0 and read it back.
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 130' INT TERM

"${as_owner[@]}" "$bindir/initdb" -D "$tmp/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 ||
  { cat "$tmp/initdb.log" >&2; exit 1; }
# fsync off: a throwaway cluster need not survive a power cut; every test
# makes its own database, so allow plenty of connections.
"${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -w -l "$tmp/server.log" \
  -o "-k $tmp -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300" \
  start >/dev/null || { cat "$tmp/server.log" >&2; exit 1; }

export SERTEL_TEST_PG="host=127.0.0.1 port=$port user=postgres dbname=postgres"
export SERTEL_TEST_PG_DATA="$tmp/data"
export SERTEL_TEST_PG_BINDIR="$bindir"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for the tests" >&2

status=0
"$@" || status=$?
if [ $status -ne 0 ]; then
  echo "--- the end of the PostgreSQL server's log ---" >&2
  tail -n 40 "$tmp/server.log" >&2 || true
fi
exit $status
