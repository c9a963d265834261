"""Settings for the test suite: the real settings plus speed and isolation knobs.

The suite runs on PostgreSQL only (constraints and transactions must behave as
in production); `make test` provides DATABASE_URL.
"""

import os
import tempfile

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789"
)

from .settings import *  # noqa: E402,F403
from .settings import DATABASES, STORAGES  # noqa: E402

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise RuntimeError(
        "The test suite runs on PostgreSQL: set DATABASE_URL=postgres://… in the "
        "environment or in .env (make test does this for you)."
    )
DATABASES["default"]["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Hashed static names 404 under live_server; serve plain files.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files go to a throw-away folder; tests that inspect them use the
# `private_media` fixture, which points this at their own tmp_path.
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="cchc-test-media-")
STORAGES["default"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
LOGGING = {"version": 1, "disable_existing_loggers": False}
