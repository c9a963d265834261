"""Query counting for the "constant number of queries" tests of list pages."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def assert_constant_queries(
    action: Callable[[], object], grow: Callable[[], object], *, expected: int
) -> None:
    """`action` runs `expected` queries, and still as many after `grow` adds rows."""
    before = count_queries(action)
    grow()
    after = count_queries(action)
    assert (before, after) == (expected, expected), (
        f"queries: {before} before growing, {after} after; pinned at {expected}"
    )
