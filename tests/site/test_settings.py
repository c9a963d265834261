"""Settings come from the environment and fail fast in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3v!x9q#T2m@Lr7z$Wp4&Yc8^Nd6*Hs1%Gf5(Jb0)Qa-Ue=Ro+Vi[Xt]Kl{Pw}"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "cchc_site.settings"
    # An empty .env beside manage.py must not leak a developer's settings in.
    clean["DJANGO_READ_DOT_ENV"] = "0"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_stops_startup_with_a_clear_message():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_runs_without_a_secret_key_on_sqlite_by_default(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'].endswith('var/db.sqlite3'), settings.CELERY_BROKER_URL,"
        " settings.EMAIL_BACKEND, settings.LANGUAGE_CODE, settings.TIME_ZONE)",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-6:] == [
        "django.db.backends.sqlite3",
        "True",
        "filesystem://",
        "django.core.mail.backends.filebased.EmailBackend",
        "vi",
        "Asia/Ho_Chi_Minh",
    ]


def test_deploy_check_is_clean_with_production_environment():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="cchc.snv.example.gov.vn",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://cchc.snv.example.gov.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "setting", "expected"),
    [
        (
            "EMAIL_URL",
            "smtp+tls://mailer:secret@smtp.example.gov.vn:587",
            "EMAIL_HOST",
            "smtp.example.gov.vn",
        ),
        (
            "CELERY_BROKER_URL",
            "redis://127.0.0.1:6379/0",
            "CELERY_BROKER_URL",
            "redis://127.0.0.1:6379/0",
        ),
        (
            "DJANGO_ALLOWED_HOSTS",
            "a.example,b.example",
            "ALLOWED_HOSTS",
            "['a.example', 'b.example']",
        ),
    ],
)
def test_environment_variables_reach_settings(variable, value, setting, expected):
    result = run_manage(
        "shell",
        "-c",
        f"from django.conf import settings; print(settings.{setting})",
        DJANGO_DEBUG="1",
        **{variable: value},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_env_example_lists_every_variable_the_settings_read():
    import re

    read = set(
        re.findall(
            r'env\.\w+\(\s*"([A-Z_]+)"', (ROOT / "cchc_site/settings.py").read_text()
        )
    )
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no variable found in settings.py"
    assert read <= listed, f"missing from .env.example: {sorted(read - listed)}"
