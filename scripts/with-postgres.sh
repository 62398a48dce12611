#!/usr/bin/env bash
# Runs a command with KRETSLOPP_TEST_DATABASE_URL pointing at a PostgreSQL server. Uses
# the one given in that variable if set; otherwise starts a throwaway cluster on a
# loopback port (Debian's postgresql package; `scripts/bootstrap.sh test` installs it)
# and removes it afterwards. Each test backend creates its own database on it.
# Usage: scripts/with-postgres.sh CMD...
set -euo pipefail
if [ -n "${KRETSLOPP_TEST_DATABASE_URL:-}" ]; then
  exec "$@"
fi
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed: run scripts/bootstrap.sh test" >&2
  exit 1
fi
dir="$(mktemp -d)"
# Below Linux's ephemeral range (32768–60999): the tests before this open thousands of
# loopback connections, and one of them can hold a port up there when the cluster starts.
port="${KRETSLOPP_TEST_PG_PORT:-25432}"
# initdb refuses to run as root; the package's postgres user owns the cluster then.
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U kretslopp --auth=trust -E UTF8 >/dev/null
# A port left busy by something else must not fail the run: try the next ones, and say why
# a start failed (the cluster's log goes away with its directory).
started=""
for attempt in 0 1 2 3 4; do
  try_port=$((port + attempt))
  if "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $try_port -k $dir -c fsync=off -c max_connections=400" \
    start >/dev/null; then
    started="$try_port"
    break
  fi
  echo "PostgreSQL did not start on port $try_port:" >&2
  tail -n 5 "$dir/server.log" >&2 || true
done
if [ -z "$started" ]; then
  echo "PostgreSQL could not be started; see the log lines above." >&2
  exit 1
fi
export KRETSLOPP_TEST_DATABASE_URL="postgres://kretslopp@127.0.0.1:$started/postgres"
"$@"
