#!/usr/bin/env bash
# make run: set up and start the site on embedded defaults (SQLite, Celery's
# filesystem transport, mail written to var/mail/). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
ensure_venv requirements.txt

export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
export PYTHONUNBUFFERED=1
mkdir -p var/log

echo "==> Migrating the database"
.venv/bin/python manage.py migrate --noinput
echo "==> Loading the demo data"
.venv/bin/python manage.py seed_demo

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "==> Stopping web server and Celery"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

echo "==> Starting the Celery worker with embedded beat (log: var/log/celery.log)"
.venv/bin/celery -A cchc_site worker --beat --loglevel INFO --concurrency 1 \
  --schedule var/celerybeat-schedule >var/log/celery.log 2>&1 &
pids+=($!)

echo "==> Starting the web server"
.venv/bin/python manage.py runserver 127.0.0.1:8000 --noreload &
pids+=($!)

sleep 2
cat <<MSG

  Site:  http://127.0.0.1:8000/   (Ctrl-C stops the site and the worker)
  Admin: http://127.0.0.1:8000/admin/
  Demo logins are listed above (and in README.md).

MSG
# Runs until Ctrl-C; if either process stops on its own, stop the other too.
set +e
wait -n "${pids[@]}"
status=$?
echo "A process stopped (exit $status); see the output above and var/log/celery.log." >&2
exit $status
