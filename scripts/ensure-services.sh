#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer, starting
# them when they are installed but stopped. Tests use these real services, never mocks.
set -uo pipefail

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || (echo > /dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG || (echo > /dev/tcp/127.0.0.1/6379) 2>/dev/null; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "services: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "services: PostgreSQL is not reachable on 127.0.0.1:5432 and could not be started (set TEST_DATABASE_URL to another server)"; exit 1; }
fi

if ! redis_up; then
  if command -v redis-server >/dev/null; then
    echo "services: starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  fi
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
  redis_up || { echo "services: Redis is not reachable on 127.0.0.1:6379 and could not be started (install redis-server or set TEST_REDIS_URL)"; exit 1; }
fi
echo "services: PostgreSQL and Redis are up"
