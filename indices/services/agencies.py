"""Writes to the agency registry."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.db import transaction

from ..models import Agency, AgencyGroup


def agency_code_from_name(name: str) -> str:
    """A stable ASCII code for a Vietnamese agency name: "Sở Nội vụ" → "so-noi-vu".

    Django's slugify drops "đ" (it has no decomposition), so map it first.
    """
    text = name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text[:60].rstrip("-")


@transaction.atomic
def agency_upsert(
    *,
    name: str,
    group: AgencyGroup | str,
    code: str = "",
    active_from: datetime.date | None = None,
    active_to: datetime.date | None = None,
    **details: str,
) -> tuple[Agency, bool]:
    """Create the agency, or update the one with the same code; returns (agency, created).

    `details` are other Agency fields (short_name, contact_emails, head_name…).
    """
    code = code or agency_code_from_name(name)
    agency = Agency.objects.filter(code=code).first()
    created = agency is None
    if created:
        agency = Agency(code=code)
    agency.name = name
    agency.group = group
    agency.active_from = active_from
    agency.active_to = active_to
    for field, value in details.items():
        setattr(agency, field, value)
    agency.full_clean()
    agency.save()
    return agency, created
