#!/usr/bin/env bash
# Provides the standalone Temporal Web UI server (the version of deploy/temporal/versions.env, the
# one the CLI embeds) and prints its path on the last line of stdout: the cached build in .tools/,
# or a build from the Go module proxy (needs Go >= 1.24; a minute or two the first time), the same
# build dev/temporal-stack.sh makes. The demo runs it instead of the CLI's embedded UI, whose
# codec settings cannot include the browser's credentials (see docs/operations.md, "Web UI").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=go-tool.sh
source "$root/dev/go-tool.sh"
# shellcheck source=../deploy/temporal/versions.env
source "$root/deploy/temporal/versions.env"

status=0
go_tool "$root/.tools/temporal-ui-server-v$TEMPORAL_UI_VERSION" "github.com/temporalio/ui-server/v2/cmd/server@v$TEMPORAL_UI_VERSION" 24 || status=$?
if [ "$status" -eq 2 ]; then
  echo "Install Go >= 1.24 to build the Temporal Web UI server once." >&2
fi
exit "$status"
