#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on this machine, starting them where
# they are installed and stopped. Under CI (CI=true) a service that cannot be
# reached fails the run; it never silently skips.
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}

postgres_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

wait_for() {  # wait_for NAME CHECK
  for _ in $(seq 1 30); do
    if "$2"; then return 0; fi
    sleep 1
  done
  echo "services: $1 did not come up" >&2
  return 1
}

if ! postgres_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "services: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
    wait_for PostgreSQL postgres_up
  else
    echo "services: PostgreSQL is not reachable on $PGHOST:$PGPORT and is not installed here" >&2
    exit 1
  fi
fi

if ! redis_up; then
  if command -v redis-server >/dev/null; then
    echo "services: starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no
    wait_for Redis redis_up
  else
    echo "services: Redis is not reachable on 127.0.0.1:$REDIS_PORT and is not installed here" >&2
    exit 1
  fi
fi
echo "services: PostgreSQL and Redis are up"
