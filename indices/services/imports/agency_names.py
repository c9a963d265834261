"""Agencies named in import files, found by name as people type them."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from core import tabular

from ...models import Agency, AgencyGroup


class AgencyDirectory:
    """Agencies looked up by name, ignoring case, spacing and Unicode form.

    One query; when several agencies share a name, the one active in the year
    wins.
    """

    def __init__(self, year: int):
        self.year = year
        self.active_ids = set(
            Agency.objects.active_in_year(year).values_list("pk", flat=True)
        )
        self.by_key: dict[str, list[Agency]] = defaultdict(list)
        for agency in Agency.objects.all():
            self.by_key[tabular.name_key(agency.name)].append(agency)

    def find(self, name: str) -> tuple[Agency | None, str]:
        """(agency, problem message)."""
        found = self.by_key.get(tabular.name_key(name), [])
        active = [a for a in found if a.pk in self.active_ids]
        if len(found) == 1:
            agency = found[0]
            if agency.pk not in self.active_ids:
                return None, _("“%(name)s” did not exist in %(year)s.") % {
                    "name": name,
                    "year": self.year,
                }
            return agency, ""
        if len(active) == 1:
            return active[0], ""
        if not found:
            return None, _(
                "found “%(name)s”, expected the name of a registered agency."
            ) % {"name": name}
        return None, _("“%(name)s” matches several agencies (%(codes)s).") % {
            "name": name,
            "codes": ", ".join(a.code for a in found),
        }

    def add(self, agency: Agency) -> None:
        self.by_key[tabular.name_key(agency.name)].append(agency)
        self.active_ids.add(agency.pk)


def group_of(text: str) -> AgencyGroup | None:
    key = tabular.name_key(text)
    for group in AgencyGroup:
        if key in (group.value, tabular.name_key(str(group.label))):
            return group
    return None
