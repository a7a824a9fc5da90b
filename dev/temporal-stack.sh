#!/usr/bin/env bash
# Installs what the local production-like stack (`npm run stack`) runs on, and prints where it is
# as KEY=VALUE lines on stdout:
#   - Debian's PostgreSQL (apt-get, when no /usr/lib/postgresql/*/bin/initdb is here);
#   - the Temporal server, its SQL tool and the standalone Web UI server, built from their Go
#     modules into .tools/<name>-v<version>/ once (versions in deploy/temporal/versions.env);
#   - the server's PostgreSQL schema, copied from its Go module next to the server binary.
# STACK_SERVER_VERSION picks another server release (the upgrade test's previous one).
# Running the cluster, migrating the databases and registering the namespace and search
# attributes is dev/stack/ (`npm run stack`), which calls this first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=go-tool.sh
source "$root/dev/go-tool.sh"
# shellcheck source=../deploy/temporal/versions.env
source "$root/deploy/temporal/versions.env"
TEMPORAL_SERVER_VERSION="${STACK_SERVER_VERSION:-$TEMPORAL_SERVER_VERSION}"
tools="$root/.tools"

pg_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
  # The newest installed major version.
  find /usr/lib/postgresql -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -1 | xargs -r dirname
}

if [ -z "$(pg_bindir)" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed; run as root once, or: sudo apt-get install -y postgresql" >&2
    exit 2
  fi
  echo "Installing Debian's postgresql (apt-get)..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
fi
bindir="$(pg_bindir)"
[ -x "$bindir/initdb" ] || { echo "no initdb in $bindir" >&2; exit 2; }

server_dir="$tools/temporal-server-v$TEMPORAL_SERVER_VERSION"
server=$(go_tool "$server_dir" "go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION" 25)
sql_tool=$(go_tool "$tools/temporal-sql-tool-v$TEMPORAL_SERVER_VERSION" "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION" 25)
ui_server=$(go_tool "$tools/temporal-ui-server-v$TEMPORAL_UI_VERSION" "github.com/temporalio/ui-server/v2/cmd/server@v$TEMPORAL_UI_VERSION" 24)

# The schema ships inside the server's module (now in Go's module cache); keep a copy with the
# binary so a cleaned module cache does not break a later `npm run stack`.
schema="$server_dir/schema/postgresql/v12"
if [ ! -f "$schema/temporal/schema.sql" ]; then
  module="$(go env GOMODCACHE)/go.temporal.io/server@v$TEMPORAL_SERVER_VERSION"
  if [ ! -d "$module/schema/postgresql/v12" ]; then
    GOFLAGS=-mod=mod go mod download "go.temporal.io/server@v$TEMPORAL_SERVER_VERSION" >&2
  fi
  mkdir -p "$schema"
  cp -R "$module/schema/postgresql/v12/." "$schema/"
  chmod -R u+w "$schema"
fi

echo "PG_BINDIR=$bindir"
echo "TEMPORAL_SERVER_BIN=$server"
echo "TEMPORAL_SQL_TOOL_BIN=$sql_tool"
echo "TEMPORAL_UI_SERVER_BIN=$ui_server"
echo "TEMPORAL_SCHEMA_DIR=$schema"
