"""Every page except login, the language switch and static files needs login."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

# Pages that must answer anonymous visitors.
PUBLIC = {"login", "set_language", "admin:login"}
# Token-protected feeds answer anonymous requests but check their own token.
TOKEN_PROTECTED: set[str] = {"inspections:calendar_feed_ics"}


def all_url_names():
    names = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                regex = entry.pattern.regex
                named = sorted(regex.groupindex) or sorted(entry.pattern.converters)
                positional = 0 if named else regex.groups
                names.append((f"{prefix}{entry.name}", named, positional))

    walk(get_resolver().url_patterns, "")
    return names


def sample_url(name, arguments, positional):
    if positional:
        return reverse(name, args=["1"] * positional)
    for value in (1, "x", "indices"):
        try:
            return reverse(name, kwargs=dict.fromkeys(arguments, value))
        except NoReverseMatch:
            continue
    raise AssertionError(f"cannot build a URL for {name}")


def test_anonymous_visitors_are_sent_to_login_from_every_page(client, db):
    checked = 0
    for name, arguments, positional in all_url_names():
        if name in PUBLIC | TOKEN_PROTECTED:
            continue
        url = sample_url(name, arguments, positional)
        response = client.get(url)
        location = response.headers.get("Location", "")
        assert response.status_code == 302 and "login" in location, (
            f"{name} ({url}) answered {response.status_code} without login"
        )
        checked += 1
    assert checked >= 5


def test_public_pages_answer_anonymous_visitors(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302


def test_static_files_do_not_need_login(client):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/bootstrap/bootstrap.min.css")
    assert finders.find("vendor/chartjs/chart.umd.min.js")
