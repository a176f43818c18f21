#!/usr/bin/env bash
# Back up the portal's database to one file (PostgreSQL's custom format,
# compressed): scripts/backup.sh <database-url> <file>. Restore it with
# scripts/restore.sh. Uploaded files and built reports live on disk
# (MEDIA_ROOT, REPORTS_ROOT) and are copied separately, e.g. with rsync.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <database-url> <backup-file>" >&2
  exit 2
fi
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$2" "$1"
echo "backed up to $2 ($(du -h "$2" | cut -f1))"
