#!/usr/bin/env bash
# Provides dev/k8s-check (strict offline validation of Kubernetes manifests) and prints its path on
# the last line of stdout: built from its own Go module into .tools/, in a directory named by its
# sources' hash so that a changed check is rebuilt. Dependencies come from the Go module proxy.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=go-tool.sh
source "$root/dev/go-tool.sh"
# shellcheck source=../deploy/temporal/versions.env
source "$root/deploy/temporal/versions.env"

src="$root/dev/k8s-check"
hash=$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-12)
status=0
# go install resolves the package inside its own module, so it runs from there.
(cd "$src" && go_tool "$root/.tools/k8s-check-$hash" "$src" 26) || status=$?
if [ "$status" -eq 2 ]; then
  echo "Install Go >= 1.26 to build dev/k8s-check." >&2
fi
exit "$status"
