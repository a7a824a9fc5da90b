#!/bin/sh
# Creates and migrates the Temporal server's two PostgreSQL databases (temporal and
# temporal_visibility). Idempotent: it runs at every start, so a newer server's schema is applied.
# Run by `npm run stack` (dev/stack/postgres.ts) and by docker-compose's temporal-schema job.
#   SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD  where and as whom (read by the tool)
#   TEMPORAL_SQL_TOOL    the server's SQL tool (default: temporal-sql-tool, as in temporalio/admin-tools)
#   TEMPORAL_SCHEMA_DIR  the server module's schema/postgresql/v12 (the local stack); unset, the
#                        same schema embedded in the tool is used
#   TEMPORAL_DB, TEMPORAL_VISIBILITY_DB  the databases (temporal, temporal_visibility; the
#                        cluster's own in deploy/temporal/cluster/cluster.env)
set -eu
tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"

for pair in "${TEMPORAL_DB:-temporal}:temporal" "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}:visibility"; do
  db="${pair%%:*}"
  schema="${pair##*:}"
  if ! out=$("$tool" --db "$db" create-database 2>&1); then
    case "$out" in
      *"already exists"*) ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  fi
  "$tool" --db "$db" setup-schema -v 0.0
  if [ -n "${TEMPORAL_SCHEMA_DIR:-}" ]; then
    "$tool" --db "$db" update-schema -d "$TEMPORAL_SCHEMA_DIR/$schema/versioned"
  else
    "$tool" --db "$db" update-schema --schema-name "postgresql/v12/$schema"
  fi
  echo "database $db: created and migrated"
done
