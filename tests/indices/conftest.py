import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages are asserted on their English msgids; pages still render
    in the language the request asks for (Vietnamese by default)."""
    with translation.override("en"):
        yield
