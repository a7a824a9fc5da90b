#!/usr/bin/env bash
# Provides what the demo and `npm test` run on, built once into .tools/ from the Go module proxy
# (deploy/temporal/versions.env): the Temporal server we ship (the dev server is that server on
# SQLite, dev/dev-server.ts), the standalone Web UI server, and the CLI for operators' commands.
set -euo pipefail
dev="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for part in temporal-server temporal-ui temporal-cli; do
  echo "$part: $(bash "$dev/$part.sh" | tail -1)"
done
