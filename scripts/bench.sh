#!/usr/bin/env bash
# make bench: run the benchmarks under bench/ on PostgreSQL, like make test
# (DATABASE_URL from the environment or .env; each benchmark works in its own
# throw-away database). Extra arguments go to every benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
ensure_venv requirements-dev.txt

if [ -z "${DATABASE_URL:-}" ] && [ -f .env ]; then
  DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' .env | tail -n 1)
fi
if [ -z "${DATABASE_URL:-}" ]; then
  for url in "postgresql:///cchc" "postgresql://postgres@127.0.0.1:5432/cchc"; do
    if .venv/bin/python -c "import psycopg,sys; psycopg.connect(sys.argv[1].replace('/cchc','/postgres'), connect_timeout=3).close()" "$url" 2>/dev/null; then
      DATABASE_URL=$url; break
    fi
  done
fi
case "${DATABASE_URL:-}" in
  postgres*) ;;
  *) echo "error: the benchmarks need PostgreSQL. Run 'make test' once (it starts PostgreSQL) or set DATABASE_URL=postgres://…" >&2; exit 1 ;;
esac
export DATABASE_URL
echo "==> PostgreSQL: $DATABASE_URL"
for bench in bench/*.py; do
  [ "$(basename "$bench")" = "__init__.py" ] && continue
  echo "==> $bench"
  .venv/bin/python "$bench" "$@"
done
