#!/usr/bin/env bash
# Provides the Temporal CLI (dev server + Web UI) and prints its path on the last line of stdout.
# Order: $TEMPORAL_CLI_PATH, `temporal` on PATH, a cached build in .tools/, a build from the Go
# module proxy (needs Go >= 1.25; a few minutes the first time). Nothing ever downloads a prebuilt
# binary; with neither a CLI nor Go it says what to install and exits 2.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=go-tool.sh
source "$root/dev/go-tool.sh"
# shellcheck source=../deploy/temporal/versions.env
source "$root/deploy/temporal/versions.env"

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  [ -x "$TEMPORAL_CLI_PATH" ] || { echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not executable" >&2; exit 1; }
  echo "$TEMPORAL_CLI_PATH"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi

status=0
go_tool "$root/.tools" "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION" 25 || status=$?
if [ "$status" -eq 2 ]; then
  echo "Install the Temporal CLI (https://docs.temporal.io/cli) or Go >= 1.25, or set TEMPORAL_CLI_PATH." >&2
fi
exit "$status"
