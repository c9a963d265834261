"""Writes to the agency registry."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from core.history import record_actor
from core.policies import require

from .. import policies
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
    actor,
    **details: str,
) -> tuple[Agency, bool]:
    """Create the agency, or update the one with the same code; returns (agency, created).

    `details` are other Agency fields (short_name, contact_emails, head_name…).
    """
    code = code or agency_code_from_name(name)
    agency = Agency.objects.filter(code=code).first()
    created = agency is None
    require(
        policies.may_add_agency(actor)
        if created
        else policies.may_change_agency(actor, agency)
    )
    if created:
        agency = Agency(code=code)
    agency.name = name
    agency.group = group
    agency.active_from = active_from
    agency.active_to = active_to
    for field, value in details.items():
        setattr(agency, field, value)
    agency.full_clean()
    record_actor(agency, actor)
    agency.save()
    return agency, created


AGENCY_EDITABLE_FIELDS = [
    "name",
    "short_name",
    "group",
    "province",
    "active_from",
    "active_to",
    "contact_emails",
    "head_name",
    "head_email",
    "focal_name",
    "focal_email",
    "focal_phone",
    "snv_liaison",
]


def _with_history(agency: Agency, actor, reason: str) -> None:
    record_actor(agency, actor)
    if reason:
        agency._change_reason = reason


@transaction.atomic
def agency_create(*, actor, code: str = "", **values) -> Agency:
    """Register an agency; the code is derived from the name when not given.

    `values` are fields of AGENCY_EDITABLE_FIELDS. Raises ValidationError
    naming the field (duplicate code, end before start, bad e-mail…).
    """
    require(policies.may_add_agency(actor))
    unknown = set(values) - set(AGENCY_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    agency = Agency(
        code=code or agency_code_from_name(values.get("name", "")), **values
    )
    agency.full_clean()
    _with_history(agency, actor, "")
    agency.save()
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, actor, reason: str = "", **values) -> Agency:
    """Change an agency's registry details; the change is kept in its history.

    The group cannot change once the agency has assessments (its results are
    ranked in that group).
    """
    require(policies.may_change_agency(actor, agency))
    unknown = set(values) - set(AGENCY_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if (
        "group" in values
        and values["group"] != agency.group
        and agency.assessments.exists()
    ):
        raise ValidationError(
            {
                "group": _(
                    "The agency already has index results in its group; register "
                    "a reorganisation instead of changing the group."
                )
            }
        )
    changed = [name for name, value in values.items() if getattr(agency, name) != value]
    for name in changed:
        setattr(agency, name, values[name])
    if not changed:
        return agency
    agency.full_clean()
    _with_history(agency, actor, reason)
    agency.save(update_fields=[*changed, "updated_at"])
    return agency


@transaction.atomic
def agency_deactivate(
    *, agency: Agency, active_to: datetime.date, actor, reason: str = ""
) -> Agency:
    """Record the agency's last day. Agencies are never deleted: their scores,
    inspections and tasks stay attached to them."""
    require(policies.may_change_agency(actor, agency))
    if agency.active_from and active_to < agency.active_from:
        raise ValidationError(
            {"active_to": _("The last day is before the agency's start date.")}
        )
    agency.active_to = active_to
    agency.full_clean()
    _with_history(agency, actor, reason)
    agency.save(update_fields=["active_to", "updated_at"])
    return agency


def agency_delete_refusal(agency: Agency) -> str | None:
    """Why the agency cannot be deleted (what refers to it), or None."""
    referring = []
    for relation in Agency._meta.related_objects:
        model = relation.related_model
        if model._default_manager.filter(**{relation.field.name: agency}).exists():
            referring.append(str(model._meta.verbose_name_plural))
    if not referring:
        return None
    return _(
        "%(agency)s cannot be deleted: %(records)s refer to it. Record its last "
        "day instead (deactivate it); it then stays in the registry with its history."
    ) % {"agency": agency, "records": ", ".join(referring)}


@transaction.atomic
def agency_delete(*, agency: Agency, actor) -> None:
    """Delete an agency registered by mistake, to which nothing refers yet.

    Agencies with results, inspections, tasks, users or reorganisations are
    never deleted (see agency_deactivate); raises ValidationError naming what
    refers to the agency.
    """
    require(policies.may_delete_agency(actor, agency))
    refusal = agency_delete_refusal(agency)
    if refusal:
        raise ValidationError(refusal, code="protected")
    try:
        with transaction.atomic():
            record_actor(agency, actor)
            agency.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            _("%(agency)s cannot be deleted: other records refer to it.")
            % {"agency": agency},
            code="protected",
        ) from None
