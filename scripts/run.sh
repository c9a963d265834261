#!/usr/bin/env bash
# make run: set up and start the site on embedded defaults (SQLite, Celery's
# filesystem transport, mail written to var/mail/). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
ensure_venv requirements.txt

PORT=${PORT:-8000}
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
export PYTHONUNBUFFERED=1
mkdir -p var/log

# A local .env (never committed) on first start, so that every command the
# README shows (manage.py index_report, send_reminders, ...) works as written
# in this checkout: development mode and a key generated for this machine.
if [ ! -f .env ]; then
  echo "==> Writing .env for local development (DJANGO_DEBUG=1, a generated DJANGO_SECRET_KEY)"
  {
    echo "# Written by make run for local development; see .env.example for every variable."
    echo "DJANGO_DEBUG=1"
    echo "DJANGO_SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
  } >.env
fi
export SITE_BASE_URL=${SITE_BASE_URL:-http://127.0.0.1:$PORT}
# The development server opens a connection per request thread; keeping them
# open (CONN_MAX_AGE) would exhaust a shared PostgreSQL server.
export DJANGO_CONN_MAX_AGE=${DJANGO_CONN_MAX_AGE:-0}

echo "==> Migrating the database"
.venv/bin/python manage.py migrate --noinput
echo "==> Loading the demo data"
.venv/bin/python manage.py seed_demo

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
# Ctrl-C (or a TERM) is the normal way to stop: not an error.
requested_stop() {
  trap - INT TERM EXIT
  echo
  echo "==> Stopping web server and Celery"
  stop_all
  exit 0
}
trap requested_stop INT TERM
trap stop_all EXIT

echo "==> Starting the Celery worker with embedded beat (log: var/log/celery.log)"
.venv/bin/celery -A cchc_site worker --beat --loglevel INFO --concurrency 1 \
  --schedule var/celerybeat-schedule >var/log/celery.log 2>&1 &
pids+=($!)

echo "==> Starting the web server"
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload &
pids+=($!)

sleep 2
cat <<MSG

  Site:  http://127.0.0.1:$PORT/   (Ctrl-C stops the site and the worker)
  Admin: http://127.0.0.1:$PORT/admin/
  Demo logins are listed above (and in README.md).

MSG
# Runs until Ctrl-C; if either process stops on its own, stop the other too.
set +e
wait -n "${pids[@]}"
status=$?
trap - EXIT
stop_all
echo "A process stopped on its own (exit $status); see the output above and var/log/celery.log." >&2
exit $status
