"""Inspection records: ad hoc creation, details, and the status workflow
planned → conducted → concluded (or planned → cancelled, with a reason).

Who may do each and in which status: `inspections.policies.inspections`,
asked before every write.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import short_date
from core.history import record_actor
from core.uploads import DOCUMENT_KINDS, check_upload
from indices.models import Agency

from ..models import (
    INSPECTION_SCHEDULE_FIELDS,
    Inspection,
    InspectionStatus,
)
from ..policies.inspections import (
    InspectionAction,
    inspection_refusal,
    require_inspection_action,
    require_may_create_inspections,
)
from .schedule import (
    agency_existence_error,
    planned_inspection_save,
    schedule_values,
)

# Kept importable from here for callers of the former location.
__all__ = [
    "InspectionAction",
    "inspection_ad_hoc_create",
    "inspection_cancel",
    "inspection_conclude",
    "inspection_conduct",
    "inspection_delete",
    "inspection_refusal",
    "inspection_update",
]


def _save(inspection: Inspection, actor, fields: list[str]) -> None:
    inspection.full_clean()
    record_actor(inspection, actor)
    inspection.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def inspection_ad_hoc_create(
    *,
    agency: Agency,
    kind: str,
    planned_date: datetime.date,
    actor,
    combined_with: str = "",
    team_lead: str = "",
    team_members: str = "",
    topics: str = "",
    is_illustrative: bool = False,
) -> Inspection:
    """Record an inspection outside the plan, in status planned, for the year
    of its date. It counts toward that year's coverage like a plan item."""
    require_may_create_inspections(actor)
    if planned_date is None:
        raise ValidationError({"planned_date": _("Enter the date of the inspection.")})
    return planned_inspection_save(
        plan=None,
        agency=agency,
        year=planned_date.year,
        kind=kind,
        combined_with=combined_with,
        planned_month=None,
        planned_date=planned_date,
        team_lead=team_lead,
        team_members=team_members,
        topics=topics,
        is_illustrative=is_illustrative,
        actor=actor,
    )


@transaction.atomic
def inspection_update(
    *,
    inspection: Inspection,
    actor,
    kind: str,
    combined_with: str = "",
    planned_month: int | None = None,
    planned_date: datetime.date | None = None,
    team_lead: str = "",
    team_members: str = "",
    topics: str = "",
) -> Inspection:
    """Change the kind, schedule, team and topics of a planned or conducted
    inspection. A plan item keeps its plan's year; an ad hoc inspection
    takes the year of its (required) date."""
    require_inspection_action(actor, inspection, InspectionAction.UPDATE)
    if inspection.plan_id is None:
        if planned_date is None:
            raise ValidationError(
                {"planned_date": _("Enter the date of the inspection.")}
            )
        if inspection.status == InspectionStatus.PLANNED:
            inspection.year = planned_date.year
    values = schedule_values(
        agency=inspection.agency,
        year=inspection.year,
        kind=kind,
        combined_with=combined_with,
        planned_month=planned_month,
        planned_date=planned_date,
        team_lead=team_lead,
        team_members=team_members,
        topics=topics,
    )
    for name, value in values.items():
        setattr(inspection, name, value)
    _save(inspection, actor, ["year", *INSPECTION_SCHEDULE_FIELDS])
    return inspection


@transaction.atomic
def inspection_conduct(
    *,
    inspection: Inspection,
    actor,
    start_date: datetime.date,
    end_date: datetime.date,
    team_lead: str,
    team_members: str = "",
    summary: str = "",
    today: datetime.date | None = None,
) -> Inspection:
    """Record that the team visited the agency (planned → conducted), or
    correct that record.

    The visit must have started in the inspection's year, on a day the agency
    existed, and be over (no end date in the future).
    """
    require_inspection_action(actor, inspection, InspectionAction.CONDUCT)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if start_date is None:
        errors["start_date"] = _("Enter the first day of the inspection.")
    elif start_date.year != inspection.year:
        errors["start_date"] = _(
            "The inspection belongs to %(year)s: its start date must be in %(year)s."
        ) % {"year": inspection.year}
    elif not inspection.agency.is_active_on(start_date):
        errors["start_date"] = agency_existence_error(
            inspection.agency, start_date, start_date
        )
    if end_date is None:
        errors["end_date"] = _("Enter the last day of the inspection.")
    elif start_date and end_date < start_date:
        errors["end_date"] = _("The end date is before the start date.")
    elif end_date > today:
        errors["end_date"] = _(
            "The end date %(day)s is in the future: record the inspection once it "
            "has taken place."
        ) % {"day": short_date(end_date)}
    if not team_lead.strip():
        errors["team_lead"] = _("Enter the head of the inspection team.")
    if errors:
        raise ValidationError(errors)
    inspection.status = InspectionStatus.CONDUCTED
    inspection.start_date = start_date
    inspection.end_date = end_date
    inspection.team_lead = team_lead
    inspection.team_members = team_members
    inspection.summary = summary
    _save(
        inspection,
        actor,
        ["status", "start_date", "end_date", "team_lead", "team_members", "summary"],
    )
    return inspection


@transaction.atomic
def inspection_conclude(
    *,
    inspection: Inspection,
    actor,
    conclusion_number: str,
    conclusion_date: datetime.date,
    conclusion_file: UploadedFile | None = None,
    summary: str = "",
    today: datetime.date | None = None,
) -> Inspection:
    """Record the conclusion notice (conducted → concluded), or correct it.

    The notice needs a number and a date, not before the end of the
    inspection nor in the future. An attached file must be a PDF or DOCX by
    its content; it is stored privately under a name derived from the
    inspection. Without a new file the one already attached is kept.
    """
    require_inspection_action(actor, inspection, InspectionAction.CONCLUDE)
    today = today or timezone.localdate()
    errors: dict[str, str | list[str]] = {}
    if not conclusion_number.strip():
        errors["conclusion_number"] = _("Enter the number of the conclusion notice.")
    last_day = inspection.end_date or inspection.start_date
    if conclusion_date is None:
        errors["conclusion_date"] = _("Enter the date of the conclusion notice.")
    elif last_day and conclusion_date < last_day:
        errors["conclusion_date"] = _(
            "The notice cannot be dated before the end of the inspection (%(day)s)."
        ) % {"day": short_date(last_day)}
    elif conclusion_date > today:
        errors["conclusion_date"] = _("The notice date is in the future.")
    if conclusion_file:
        try:
            checked = check_upload(conclusion_file, kinds=DOCUMENT_KINDS)
        except ValidationError as error:
            errors["conclusion_file"] = error.messages
        else:
            conclusion_file.name = (
                f"thong-bao-ket-luan-{inspection.pk}.{checked.kind.extension}"
            )
    if errors:
        raise ValidationError(errors)
    inspection.status = InspectionStatus.CONCLUDED
    inspection.conclusion_number = conclusion_number.strip()
    inspection.conclusion_date = conclusion_date
    inspection.summary = summary
    fields = ["status", "conclusion_number", "conclusion_date", "summary"]
    if conclusion_file:
        inspection.conclusion_file = conclusion_file
        fields.append("conclusion_file")
    _save(inspection, actor, fields)
    return inspection


@transaction.atomic
def inspection_cancel(*, inspection: Inspection, actor, reason: str) -> Inspection:
    """Drop a planned inspection (planned → cancelled), keeping why.

    A cancelled inspection no longer counts toward coverage.
    """
    require_inspection_action(actor, inspection, InspectionAction.CANCEL)
    if not reason.strip():
        raise ValidationError(
            {"cancellation_reason": _("Give the reason for cancelling.")}
        )
    inspection.status = InspectionStatus.CANCELLED
    inspection.cancellation_reason = reason.strip()
    _save(inspection, actor, ["status", "cancellation_reason"])
    return inspection


@transaction.atomic
def inspection_delete(*, inspection: Inspection, actor) -> None:
    """Remove a planned inspection entered by mistake: an item of a draft plan
    or an ad hoc inspection that has not taken place."""
    require_inspection_action(actor, inspection, InspectionAction.DELETE)
    record_actor(inspection, actor)
    inspection.delete()
