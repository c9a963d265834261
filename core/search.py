"""Search boxes over Vietnamese text: "noi vu" finds "Sở Nội vụ".

On PostgreSQL the `unaccent` extension (created by migration 0002) compares
both sides without diacritics ("Đ" included) and ignoring case. Elsewhere (the
SQLite database of `make run`) the search falls back to a plain
case-insensitive `icontains`, so it still works, only accent-sensitively.

Every word of the search text must occur in at least one of the fields, as in
Django's admin; "quoted phrases" count as one word.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, Model, Q, TextField
from django.utils.text import smart_split, unescape_string_literal

_PREFIX_LOOKUPS = {"^": "istartswith", "=": "iexact"}


def unaccent_available(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database compares text without diacritics (PostgreSQL with
    django.contrib.postgres, whose `__unaccent` lookup the migration backs)."""
    return connections[using].vendor == "postgresql" and apps.is_installed(
        "django.contrib.postgres"
    )


def search_words(text: str) -> list[str]:
    """The words of a search box, "quoted phrases" kept whole."""
    words = []
    for bit in smart_split(text):
        if bit[:1] in "\"'" and bit[-1:] == bit[:1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if bit.strip():
            words.append(bit)
    return words


def _is_text(model: type[Model], path: str) -> bool:
    """Whether `path` (field names joined by __) ends on a text field."""
    opts = model._meta
    field = None
    for part in path.split("__"):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.is_relation:
            if field.related_model is None:
                return False
            opts = field.related_model._meta
    return isinstance(field, (CharField, TextField))


def field_lookup(model: type[Model], field: str, *, unaccent: bool) -> str:
    """The ORM lookup for a search field written as in `search_fields`
    ("name", "^code", "=year", "agency__name")."""
    lookup = _PREFIX_LOOKUPS.get(field[:1], "icontains")
    path = field.lstrip("^=")
    if unaccent and _is_text(model, path):
        return f"{path}__unaccent__{lookup}"
    return f"{path}__{lookup}"


def text_search_q(
    model: type[Model],
    fields: Sequence[str],
    text: str,
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> Q:
    """A filter requiring every word of `text` in one of `fields`; an empty Q
    (no filter) for a blank text."""
    unaccent = unaccent_available(using)
    lookups = [field_lookup(model, field, unaccent=unaccent) for field in fields]
    condition = Q()
    for word in search_words(text):
        any_field = Q()
        for lookup in lookups:
            any_field |= Q(**{lookup: word})
        condition &= any_field
    return condition
