#!/usr/bin/env bash
# Provides the Temporal CLI (dev server + Web UI) and prints its path on the last line of stdout.
# Order: $TEMPORAL_CLI_PATH, `temporal` on PATH, a cached build in .tools/, a build from the Go
# module proxy (needs Go >= 1.25; a few minutes the first time). Tests and CI never download a
# binary; where neither Go nor a CLI is present, the SDK's own download is the fallback on a
# machine with internet (see test/support/temporal-server.ts).
set -euo pipefail
VERSION=v1.5.1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  [ -x "$TEMPORAL_CLI_PATH" ] || { echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not executable" >&2; exit 1; }
  echo "$TEMPORAL_CLI_PATH"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [ -x "$tools/temporal" ]; then echo "$tools/temporal"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  echo "No Temporal CLI found and no Go toolchain to build one." >&2
  echo "Install the Temporal CLI (https://docs.temporal.io/cli) or Go >= 1.25, or set TEMPORAL_CLI_PATH." >&2
  exit 2
fi
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ "${go_minor:-0}" -lt 25 ]; then
  echo "Go $(go env GOVERSION) is too old to build the Temporal CLI $VERSION (need >= 1.25)." >&2
  exit 2
fi

mkdir -p "$tools"
echo "Building the Temporal CLI $VERSION with $(go env GOVERSION) into .tools/ (first time only; a few minutes)..." >&2
start=$(date +%s)
# -x would be too noisy; a heartbeat shows the build is alive.
( while sleep 20; do echo "  ...still building ($(( $(date +%s) - start ))s)" >&2; done ) &
beat=$!
trap 'kill $beat 2>/dev/null || true' EXIT
GOBIN="$tools" go install "github.com/temporalio/cli/cmd/temporal@$VERSION" >&2
kill $beat 2>/dev/null || true
echo "Built the Temporal CLI in $(( $(date +%s) - start ))s: $tools/temporal" >&2
echo "$tools/temporal"
