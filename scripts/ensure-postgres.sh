#!/usr/bin/env bash
# The PostgreSQL tests need a server. Use HULL_TEST_POSTGRES_URL if set; otherwise make sure the
# machine's local cluster (127.0.0.1:5432, trust auth, database `test`) is up, starting it if needed.
set -u
if [ -n "${HULL_TEST_POSTGRES_URL:-}" ]; then exit 0; fi
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then exit 0; fi
if command -v pg_ctlcluster >/dev/null; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 0.5; done
fi
echo "PostgreSQL is not reachable on 127.0.0.1:5432; its tests will be skipped." \
     "Set HULL_TEST_POSTGRES_URL to point them at another server." >&2
exit 0
