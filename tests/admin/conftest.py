"""Fixtures of the admin tests: a superuser's client (English, so assertions
read the msgids) and helpers to post admin forms as a browser would."""

import pytest
from django.conf import settings
from django.forms import MultiWidget
from django.test import Client
from django.utils import translation

from tests.indices.factories import UserFactory


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages raised outside a request are compared in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def superuser(db):
    return UserFactory(username="quantri", is_staff=True, is_superuser=True)


def english_client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def admin_client(superuser):
    return english_client(superuser)


def management(prefix: str, *, total: int, initial: int) -> dict[str, str]:
    """The management form of an inline formset."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_data(response) -> dict:
    """The values a browser would post back from an admin change page:
    every form field of the page's form and inline formsets, as rendered."""
    data = {}
    adminform = response.context["adminform"]
    forms = [adminform.form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {
                f"{formset.prefix}-{key}": value
                for key, value in formset.management_form.initial.items()
            }
        )
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            if value is None:
                continue
            key = form.add_prefix(name)
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, MultiWidget):
                parts = value if isinstance(value, list) else widget.decompress(value)
                for suffix, part in zip(widget.widgets_names, parts, strict=True):
                    if part is not None:
                        data[key + suffix] = str(part)
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)
    return data


@pytest.fixture
def messages_of():
    def read(response) -> list[str]:
        return (
            [str(m) for m in response.context["messages"]] if response.context else []
        )

    return read
