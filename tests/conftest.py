"""Fixtures shared by every test module."""

import os
import shutil

import pytest
from django.test import Client

from indices.roles import Role
from tests.indices.factories import AgencyFactory, make_user

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(available: bool, message: str) -> None:
    """Skip when a service is missing, except under CI=true, where it fails."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{message} (CI=true: nothing that should run may be skipped)")
    pytest.skip(message)


@pytest.fixture
def agency_a(db):
    return AgencyFactory(name="Sở Thử nghiệm A", code="so-thu-nghiem-a")


@pytest.fixture
def agency_b(db):
    return AgencyFactory(name="Sở Thử nghiệm B", code="so-thu-nghiem-b")


@pytest.fixture
def snv_user(db):
    return make_user(Role.SNV_STAFF, username="snv")


@pytest.fixture
def leader_user(db):
    return make_user(Role.LEADERSHIP, username="lanhdao")


@pytest.fixture
def user_a(agency_a):
    return make_user(Role.AGENCY_STAFF, agency=agency_a, username="canbo_a")


@pytest.fixture
def user_b(agency_b):
    return make_user(Role.AGENCY_STAFF, agency=agency_b, username="canbo_b")


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def snv_client(snv_user):
    return _client_for(snv_user)


@pytest.fixture
def leader_client(leader_user):
    return _client_for(leader_user)


@pytest.fixture
def client_a(user_a):
    return _client_for(user_a)


@pytest.fixture
def client_b(user_b):
    return _client_for(user_b)


@pytest.fixture
def private_media(settings, tmp_path):
    """Point private uploads at this test's own folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    # Django's setting_changed handler resets the cached default storage.
    return tmp_path


@pytest.fixture(scope="session")
def chromium_path():
    path = (
        os.environ.get("CCHC_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    require_service(
        bool(path),
        "Chromium is not installed (apt-get install chromium); make test installs it as root",
    )
    return path
