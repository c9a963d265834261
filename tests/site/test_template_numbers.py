"""Identifiers and years are never rendered with the locale's thousands separator.

With USE_THOUSAND_SEPARATOR, `{{ agency.pk }}` renders "1.234" once ids pass
1,000 and `{{ year }}` renders "2.024": a hidden input or a link built that way
breaks. Such values must go through `|stringformat:"d"` or `|unlocalize`.
"""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# A variable whose last name part is an identifier, a year or a version.
RISKY = r"[\w.]*(?:\.pk|\.id|_id|year|version)(?:\.value)?"
VARIABLE = re.compile(r"\{\{\s*(" + RISKY + r")\s*(\|[^}]*)?\}\}")
BLOCK_ARG = re.compile(r"\b\w+=(" + RISKY + r")(\|[\w:\"'-]+)*")


BLOCK_BODY = re.compile(
    r"(\{%\s*blocktranslate[^%]*%\}).*?\{%\s*endblocktranslate\s*%\}", re.S
)


def offending(text: str) -> list[str]:
    found = []
    # Inside a blocktranslate body, {{ name }} is a placeholder for a `with`
    # argument; the arguments themselves are checked below.
    outside = BLOCK_BODY.sub(lambda m: m.group(1), text)
    for match in VARIABLE.finditer(outside):
        filters = match.group(2) or ""
        if "id_for_label" in match.group(1):
            continue
        if not any(name in filters for name in ("stringformat", "unlocalize")):
            found.append(match.group(0))
    for tag in re.findall(r"\{%\s*blocktranslate[^%]*%\}", text):
        for match in BLOCK_ARG.finditer(tag):
            if not any(
                name in match.group(0) for name in ("stringformat", "unlocalize")
            ):
                found.append(f"{tag[:60]}… {match.group(0)}")
    return found


def test_no_template_renders_an_id_or_year_localized():
    problems = {}
    for path in (ROOT / "templates").rglob("*.html"):
        bad = offending(path.read_text(encoding="utf-8"))
        if bad:
            problems[str(path.relative_to(ROOT))] = bad
    assert not problems, problems


def test_the_check_catches_the_mistakes_it_is_for():
    assert offending('<input value="{{ agency.pk }}">')
    assert offending("{% blocktranslate with year=plan.year %}x{% endblocktranslate %}")
    assert not offending('<input value="{{ agency.pk|unlocalize }}">')
    assert not offending('{{ plan.year|stringformat:"d" }}')
