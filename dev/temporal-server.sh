#!/usr/bin/env bash
# Provides the Temporal server we ship (deploy/temporal/versions.env) and prints its path on the
# last line of stdout: the cached build in .tools/, or a build from the Go module proxy (a few
# minutes the first time). The demo's and the tests' dev server is this binary on SQLite
# (dev/dev-server.ts); the stack runs it on PostgreSQL (dev/temporal-stack.sh builds the same).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=go-tool.sh
source "$root/dev/go-tool.sh"
# shellcheck source=../deploy/temporal/versions.env
source "$root/deploy/temporal/versions.env"

version="${1:-$TEMPORAL_SERVER_VERSION}"
status=0
go_tool "$root/.tools/temporal-server-v$version" "go.temporal.io/server/cmd/server@v$version" 25 || status=$?
if [ "$status" -eq 2 ]; then
  echo "Install Go >= 1.21 (it fetches $GO_TOOLCHAIN itself) to build the Temporal server once." >&2
fi
exit "$status"
