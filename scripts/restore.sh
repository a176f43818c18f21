#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database:
# scripts/restore.sh <backup-file> <database-url>. Create the database first
# (createdb); restoring over a database that holds the portal is refused.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <backup-file> <database-url>" >&2
  exit 2
fi
tables=$(psql "$2" -qAt -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "refusing to restore: the target database already has $tables tables" >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --jobs=2 --dbname="$2" "$1"
echo "restored $1"
