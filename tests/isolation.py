"""Proof that one agency's users cannot reach another agency's data.

`agency_urls` enumerates the site's URL patterns and fills each pattern's
arguments with the ids of objects that belong to one agency, so a new page is
covered as soon as it exists: a pattern with an argument the caller did not
provide makes the test fail instead of being left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

APP_NAMESPACES = ("indices", "inspections")
# Pages of a user's own objects rather than an agency's (notifications, the
# token-protected calendar feed): tested per user by their features' tests.
NOT_AGENCY_OWNED = frozenset(
    {"inspections:notification_read", "inspections:calendar_feed_ics"}
)


@dataclass(frozen=True)
class NamedPattern:
    name: str  # "namespace:name"
    arguments: frozenset[str]


def named_patterns(namespaces=APP_NAMESPACES) -> list[NamedPattern]:
    found: list[NamedPattern] = []

    def walk(patterns, namespace: str | None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif (
                isinstance(entry, URLPattern) and entry.name and namespace in namespaces
            ):
                found.append(
                    NamedPattern(
                        f"{namespace}:{entry.name}",
                        frozenset(entry.pattern.converters),
                    )
                )

    walk(get_resolver().url_patterns, None)
    return found


def agency_urls(
    ids: dict[str, int],
    *,
    namespaces=APP_NAMESPACES,
    skip: frozenset[str] = NOT_AGENCY_OWNED,
) -> tuple[list[str], list[NamedPattern]]:
    """URLs of every pattern that takes arguments, filled from `ids`.

    Returns the URLs and the patterns whose arguments `ids` cannot fill (the
    caller asserts that this second list is empty). Patterns named in `skip`
    are left out on purpose (e.g. token-protected feeds, tested elsewhere).
    """
    urls, unfilled = [], []
    for pattern in named_patterns(namespaces):
        if not pattern.arguments or pattern.name in skip:
            continue
        if not pattern.arguments <= ids.keys():
            unfilled.append(pattern)
            continue
        urls.append(
            reverse(pattern.name, kwargs={arg: ids[arg] for arg in pattern.arguments})
        )
    return urls, unfilled


def assert_isolated(urls, *, outsider, insider) -> None:
    """`outsider` gets 403/404 on every URL (GET, and POST where only POST is
    allowed); `insider` (Sở Nội vụ) gets 200 on every URL that answers GET."""
    assert urls, "no URL to check"
    problems = []
    for url in urls:
        got = outsider.get(url).status_code
        if got == 405:
            got = outsider.post(url, {}).status_code
            if got not in (403, 404):
                problems.append(f"outsider POST {url} -> {got}")
            continue
        if got not in (403, 404):
            problems.append(f"outsider GET {url} -> {got}")
        seen = insider.get(url).status_code
        if seen != 200:
            problems.append(f"insider GET {url} -> {seen}")
    assert not problems, "isolation broken:\n" + "\n".join(problems)
