#!/usr/bin/env bash
# Start the Debian PostgreSQL cluster on 127.0.0.1 and make a throw-away test database.
# Prints the SQLAlchemy URL of that database on stdout.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
command -v pg_lsclusters >/dev/null || { echo "PostgreSQL is not installed" >&2; exit 1; }
cluster=$(pg_lsclusters -h | head -n 1)
[ -n "$cluster" ] || { echo "no PostgreSQL cluster" >&2; exit 1; }
read -r version name port status _ <<<"$cluster"
if [ "$status" != online ]; then
  as_root pg_ctlcluster "$version" "$name" start >&2
fi
for _ in $(seq 1 30); do
  as_root su postgres -c "pg_isready -q -h 127.0.0.1 -p $port" && break
  sleep 1
done
as_root su postgres -c "psql -q -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='reviewer'\" | grep -q 1 || psql -q -p $port -c \"CREATE ROLE reviewer LOGIN SUPERUSER PASSWORD 'reviewer'\"" >&2
as_root su postgres -c "psql -q -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='reviewer_test'\" | grep -q 1 || createdb -p $port -O reviewer reviewer_test" >&2
echo "postgresql+psycopg://reviewer:reviewer@127.0.0.1:$port/reviewer_test"
