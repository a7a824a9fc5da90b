#!/usr/bin/env bash
# Provides Helm for the chart's offline checks (test/deploy/helm-chart.test.ts) and prints its path
# on the last line of stdout. Order: $HELM_PATH, a cached build in .tools/, a build from the Go
# module proxy (as dev/temporal-cli.sh does). Nothing ever downloads a prebuilt binary.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=go-tool.sh
source "$root/dev/go-tool.sh"
# shellcheck source=../deploy/temporal/versions.env
source "$root/deploy/temporal/versions.env"

if [ -n "${HELM_PATH:-}" ]; then
  [ -x "$HELM_PATH" ] || { echo "HELM_PATH=$HELM_PATH is not executable" >&2; exit 1; }
  echo "$HELM_PATH"; exit 0
fi

# The newest v3 release on the module proxy (v4 changed the CLI).
HELM_VERSION=3.22.0

status=0
go_tool "$root/.tools/helm-v$HELM_VERSION" "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION" 24 || status=$?
if [ "$status" -eq 2 ]; then
  echo "Install Go >= 1.24, or set HELM_PATH." >&2
fi
exit "$status"
