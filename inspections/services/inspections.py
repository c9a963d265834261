"""Inspection records: ad hoc creation, details, and the status workflow
planned → conducted → concluded (or planned → cancelled, with a reason)."""

from __future__ import annotations

import datetime
import enum

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import short_date
from core.uploads import DOCUMENT_KINDS, check_upload
from indices.models import Agency

from ..models import Inspection, InspectionKind, InspectionStatus
from .schedule import (
    agency_existence_error,
    check_schedule,
    planned_inspection_save,
)


class InspectionAction(enum.StrEnum):
    UPDATE = "update"
    CONDUCT = "conduct"
    CONCLUDE = "conclude"
    CANCEL = "cancel"
    DELETE = "delete"
    RECORD_FINDINGS = "record_findings"


_ALLOWED = {
    InspectionAction.UPDATE: {InspectionStatus.PLANNED, InspectionStatus.CONDUCTED},
    # Recording conduct again, or the conclusion again, corrects it.
    InspectionAction.CONDUCT: {InspectionStatus.PLANNED, InspectionStatus.CONDUCTED},
    InspectionAction.CONCLUDE: {InspectionStatus.CONDUCTED, InspectionStatus.CONCLUDED},
    InspectionAction.CANCEL: {InspectionStatus.PLANNED},
    InspectionAction.DELETE: {InspectionStatus.PLANNED},
    InspectionAction.RECORD_FINDINGS: {
        InspectionStatus.CONDUCTED,
        InspectionStatus.CONCLUDED,
    },
}


def inspection_refusal(inspection: Inspection, action: InspectionAction) -> str | None:
    """Why `action` is not possible in the inspection's current state, or None."""
    status = inspection.status
    if status not in _ALLOWED[action]:
        return {
            InspectionAction.UPDATE: _(
                "A concluded or cancelled inspection can no longer be changed."
            ),
            InspectionAction.CONDUCT: _(
                "Only a planned inspection can be recorded as conducted; "
                "this one is %(status)s."
            ),
            InspectionAction.CONCLUDE: _(
                "Record the inspection as conducted before concluding it; "
                "this one is %(status)s."
            ),
            InspectionAction.CANCEL: _(
                "Only a planned inspection can be cancelled; this one is %(status)s."
            ),
            InspectionAction.DELETE: _(
                "Only a planned inspection can be removed; this one is %(status)s."
            ),
            InspectionAction.RECORD_FINDINGS: _(
                "Findings are recorded once the inspection has been conducted."
            ),
        }[action] % {"status": inspection.get_status_display().lower()}
    if (
        action == InspectionAction.DELETE
        and inspection.plan_id
        and inspection.plan.is_approved
    ):
        return _(
            "An item of an approved plan cannot be removed; cancel it with a "
            "reason instead."
        )
    return None


def _refuse_unless_allowed(inspection: Inspection, action: InspectionAction) -> None:
    refusal = inspection_refusal(inspection, action)
    if refusal:
        raise ValidationError(refusal, code="status")


@transaction.atomic
def inspection_ad_hoc_create(
    *,
    agency: Agency,
    kind: str,
    planned_date: datetime.date,
    combined_with: str = "",
    team_lead: str = "",
    team_members: str = "",
    topics: str = "",
    is_illustrative: bool = False,
) -> Inspection:
    """Record an inspection outside the plan, in status planned, for the year
    of its date. It counts toward that year's coverage like a plan item."""
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
    )


@transaction.atomic
def inspection_update(
    *,
    inspection: Inspection,
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
    _refuse_unless_allowed(inspection, InspectionAction.UPDATE)
    if inspection.plan_id is None:
        if planned_date is None:
            raise ValidationError(
                {"planned_date": _("Enter the date of the inspection.")}
            )
        if inspection.status == InspectionStatus.PLANNED:
            inspection.year = planned_date.year
    planned_month = check_schedule(
        agency=inspection.agency,
        year=inspection.year,
        planned_month=planned_month,
        planned_date=planned_date,
    )
    inspection.kind = kind
    inspection.combined_with = combined_with if kind == InspectionKind.COMBINED else ""
    inspection.planned_month = planned_month
    inspection.planned_date = planned_date
    inspection.team_lead = team_lead
    inspection.team_members = team_members
    inspection.topics = topics
    inspection.full_clean()
    inspection.save(
        update_fields=[
            "year",
            "kind",
            "combined_with",
            "planned_month",
            "planned_date",
            "team_lead",
            "team_members",
            "topics",
            "updated_at",
        ]
    )
    return inspection


@transaction.atomic
def inspection_conduct(
    *,
    inspection: Inspection,
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
    _refuse_unless_allowed(inspection, InspectionAction.CONDUCT)
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
    inspection.full_clean()
    inspection.save(
        update_fields=[
            "status",
            "start_date",
            "end_date",
            "team_lead",
            "team_members",
            "summary",
            "updated_at",
        ]
    )
    return inspection


@transaction.atomic
def inspection_conclude(
    *,
    inspection: Inspection,
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
    _refuse_unless_allowed(inspection, InspectionAction.CONCLUDE)
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
    update_fields = [
        "status",
        "conclusion_number",
        "conclusion_date",
        "summary",
        "updated_at",
    ]
    if conclusion_file:
        inspection.conclusion_file = conclusion_file
        update_fields.append("conclusion_file")
    inspection.full_clean()
    inspection.save(update_fields=update_fields)
    return inspection


@transaction.atomic
def inspection_cancel(*, inspection: Inspection, reason: str) -> Inspection:
    """Drop a planned inspection (planned → cancelled), keeping why.

    A cancelled inspection no longer counts toward coverage.
    """
    _refuse_unless_allowed(inspection, InspectionAction.CANCEL)
    if not reason.strip():
        raise ValidationError(
            {"cancellation_reason": _("Give the reason for cancelling.")}
        )
    inspection.status = InspectionStatus.CANCELLED
    inspection.cancellation_reason = reason.strip()
    inspection.full_clean()
    inspection.save(update_fields=["status", "cancellation_reason", "updated_at"])
    return inspection


@transaction.atomic
def inspection_delete(*, inspection: Inspection) -> None:
    """Remove a planned inspection entered by mistake: an item of a draft plan
    or an ad hoc inspection that has not taken place."""
    _refuse_unless_allowed(inspection, InspectionAction.DELETE)
    inspection.delete()
