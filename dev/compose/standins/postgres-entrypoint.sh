#!/bin/sh
# A first start makes the cluster: superuser POSTGRES_USER with POSTGRES_PASSWORD, reachable by
# password from the compose network; then PostgreSQL runs as PID 1 (it handles SIGTERM itself),
# with the service's command as the official image takes it (`postgres -c name=value ...`).
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
  pwfile="$(mktemp)"
  printf '%s' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$PGDATA" -U "${POSTGRES_USER:-postgres}" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
fi
[ "${1:-}" = postgres ] && shift
exec postgres -D "$PGDATA" "$@"
