# The two commands a new user needs are `make run` and `make test`.
.PHONY: run test ci lint format messages vendor-static bench

run:  ## Set up (.venv, .env, migrate, demo data) and start web + Celery worker/beat (PORT=8000)
	PORT=$(or $(PORT),8000) ./scripts/run.sh

test:  ## Run the whole test suite on PostgreSQL (starts/installs services it needs)
	./scripts/test.sh $(ARGS)

ci:  ## What CI runs
	./.ci/run

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

messages:  ## Refresh the Vietnamese catalogue after changing strings, then compile it
	DJANGO_DEBUG=1 .venv/bin/python manage.py makemessages -l vi --no-obsolete --add-location file
	DJANGO_DEBUG=1 .venv/bin/python manage.py compilemessages -l vi --ignore=.venv

vendor-static:  ## Refresh static/vendor from the npm registry (needs npm)
	./scripts/vendor_static.sh

bench:  ## Run the benchmarks under bench/ (on PostgreSQL)
	./scripts/bench.sh
