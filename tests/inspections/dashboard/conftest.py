"""Fixtures of the dashboard tests."""

import pytest

from .province import Province, build_province


@pytest.fixture
def province(agency_a, agency_b) -> Province:
    return build_province(agency_a, agency_b)
