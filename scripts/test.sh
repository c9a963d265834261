#!/usr/bin/env bash
# make test: the whole suite on PostgreSQL, with Redis for the Celery worker
# tests and Chromium for the browser tests. Starts or installs what it can;
# names what it cannot. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
ensure_venv requirements-dev.txt

is_root() { [ "$(id -u)" = 0 ]; }
can_apt() { is_root && command -v apt-get >/dev/null 2>&1; }
apt_install() {
  echo "==> Installing $* from the system package manager"
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
pg_up() { .venv/bin/python - "$1" <<'PY' >/dev/null 2>&1
import sys, psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
params = conninfo_to_dict(sys.argv[1])
params["dbname"] = "postgres"
psycopg.connect(make_conninfo(**params), connect_timeout=3).close()
PY
}

# --- PostgreSQL ---------------------------------------------------------------
if [ -z "${DATABASE_URL:-}" ] && [ -f .env ]; then
  DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' .env | tail -n 1)
  [ -n "$DATABASE_URL" ] && export DATABASE_URL
fi
if [ -z "${DATABASE_URL:-}" ]; then
  candidates=("postgresql:///cchc" "postgresql://postgres@127.0.0.1:5432/cchc")
  found=""
  for url in "${candidates[@]}"; do pg_up "$url" && { found=$url; break; }; done
  if [ -z "$found" ]; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1 && can_apt; then
      apt_install postgresql
    fi
    if command -v pg_ctlcluster >/dev/null 2>&1 && is_root; then
      version=$(ls /etc/postgresql | sort -V | tail -n 1)
      echo "==> Starting PostgreSQL $version"
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
      runuser -u postgres -- psql -qtc "SELECT 1 FROM pg_roles WHERE rolname='$(id -un)'" | grep -q 1 ||
        runuser -u postgres -- psql -qc "CREATE ROLE \"$(id -un)\" SUPERUSER LOGIN"
      for url in "${candidates[@]}"; do pg_up "$url" && { found=$url; break; }; done
    fi
  fi
  if [ -z "$found" ]; then
    echo "error: no PostgreSQL server reachable. Install and start PostgreSQL (15 or newer)," >&2
    echo "       or set DATABASE_URL=postgres://user:password@host:5432/dbname." >&2
    exit 1
  fi
  export DATABASE_URL=$found
fi
echo "==> PostgreSQL: $DATABASE_URL (the suite uses test_<dbname>)"

# --- Redis (Celery worker tests) ---------------------------------------------------
export CCHC_TEST_REDIS_URL=${CCHC_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
redis_up() { .venv/bin/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_timeout=2).ping()" "$CCHC_TEST_REDIS_URL" >/dev/null 2>&1; }
if ! redis_up; then
  if ! command -v redis-server >/dev/null 2>&1 && can_apt; then apt_install redis-server; fi
  if command -v redis-server >/dev/null 2>&1; then
    echo "==> Starting Redis on 127.0.0.1:6379"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || true
    sleep 1
  fi
fi
redis_up && echo "==> Redis: $CCHC_TEST_REDIS_URL" ||
  echo "warning: Redis is not reachable at $CCHC_TEST_REDIS_URL; the Celery worker tests will be skipped (or fail with CI=true)." >&2

# --- Chromium (browser tests) ------------------------------------------------------
if [ -z "${CCHC_CHROMIUM:-}" ]; then
  if ! command -v chromium >/dev/null 2>&1 && can_apt; then apt_install chromium; fi
  if command -v chromium >/dev/null 2>&1; then export CCHC_CHROMIUM=$(command -v chromium); fi
fi
[ -n "${CCHC_CHROMIUM:-}" ] && echo "==> Chromium: $CCHC_CHROMIUM" ||
  echo "warning: Chromium not found; the browser tests will be skipped (or fail with CI=true). Install it (apt-get install chromium) or set CCHC_CHROMIUM." >&2

# One pytest process per CPU core (PYTEST_WORKERS=0 runs everything in this one).
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" "$@"
