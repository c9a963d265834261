"""Recording mergers, splits, renames, dissolutions and establishments.

Scores stay with the agency that earned them; the event links predecessors to
successors so history views and recurring-weakness checks can follow the
lineage. Moving open remediation tasks is the inspections app's business.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.history import record_actor
from core.policies import require

from .. import policies
from ..models import Agency, Assessment, Reorganisation, ReorganisationKind


def _shape_problem(
    kind: str, predecessors: set[Agency], successors: set[Agency]
) -> dict[str, str] | None:
    involved = predecessors | successors
    ending = predecessors - successors
    if kind == ReorganisationKind.MERGE:
        if len(successors) != 1:
            return {"successors": _("A merger has exactly one successor.")}
        if len(involved) < 2 or not ending:
            return {
                "predecessors": _(
                    "A merger involves at least two agencies: name the agencies "
                    "that are merged (and the successor, if it already exists)."
                )
            }
    elif kind == ReorganisationKind.SPLIT:
        if len(predecessors) != 1:
            return {"predecessors": _("A split has exactly one predecessor.")}
        if len(successors) < 2:
            return {"successors": _("A split has at least two successors.")}
    elif kind == ReorganisationKind.RENAME:
        if len(predecessors) != 1:
            return {"predecessors": _("A rename has exactly one predecessor.")}
        if len(successors) != 1 or successors == predecessors:
            return {
                "successors": _(
                    "A rename has exactly one successor, registered as another agency."
                )
            }
    elif kind == ReorganisationKind.DISSOLVE:
        if not predecessors:
            return {"predecessors": _("Name the dissolved agency or agencies.")}
        if successors:
            return {"successors": _("A dissolution has no successor.")}
    elif kind == ReorganisationKind.ESTABLISH:
        if predecessors:
            return {"predecessors": _("An establishment has no predecessor.")}
        if not successors:
            return {"successors": _("Name the established agency or agencies.")}
    else:
        return {"kind": _("Unknown kind of reorganisation.")}
    return None


def _date_problems(
    effective_date: datetime.date,
    ending: set[Agency],
    starting: set[Agency],
    continuing: set[Agency],
) -> list[str]:
    last_day = effective_date - datetime.timedelta(days=1)
    problems = []
    day = date_format(effective_date, "SHORT_DATE_FORMAT")
    for agency in sorted(ending, key=lambda a: a.name):
        if agency.active_from and agency.active_from > last_day:
            problems.append(
                _(
                    "%(agency)s only starts on %(start)s, after the reorganisation of %(day)s."
                )
                % {
                    "agency": agency,
                    "start": date_format(agency.active_from, "SHORT_DATE_FORMAT"),
                    "day": day,
                }
            )
        if agency.active_to and agency.active_to != last_day:
            problems.append(
                _("%(agency)s already ended on %(end)s.")
                % {
                    "agency": agency,
                    "end": date_format(agency.active_to, "SHORT_DATE_FORMAT"),
                }
            )
    earlier_results = set(
        Assessment.objects.filter(
            agency__in=starting, year__lt=effective_date.year
        ).values_list("agency_id", flat=True)
    )
    for agency in sorted(starting, key=lambda a: a.name):
        if agency.active_from and agency.active_from > effective_date:
            problems.append(
                _(
                    "%(agency)s only starts on %(start)s, after the reorganisation of %(day)s."
                )
                % {
                    "agency": agency,
                    "start": date_format(agency.active_from, "SHORT_DATE_FORMAT"),
                    "day": day,
                }
            )
        if agency.active_from is None and agency.pk in earlier_results:
            problems.append(
                _(
                    "%(agency)s has results from before %(day)s: if it continues "
                    "after absorbing others, list it among the predecessors too."
                )
                % {"agency": agency, "day": day}
            )
    for agency in sorted(starting | continuing, key=lambda a: a.name):
        if agency.active_to and agency.active_to < effective_date:
            problems.append(
                _("%(agency)s ended on %(end)s, before the reorganisation of %(day)s.")
                % {
                    "agency": agency,
                    "end": date_format(agency.active_to, "SHORT_DATE_FORMAT"),
                    "day": day,
                }
            )
    return problems


@transaction.atomic
def reorganisation_record(
    *,
    kind: ReorganisationKind | str,
    effective_date: datetime.date,
    predecessors: Iterable[Agency],
    successors: Iterable[Agency],
    decision_reference: str = "",
    note: str = "",
    actor,
) -> Reorganisation:
    """Record a reorganisation and update the agencies' active dates.

    Shapes: merge – at least two agencies involved and exactly one successor;
    split – one predecessor, at least two successors; rename – one to one;
    dissolve – at least one predecessor, no successor; establish – no
    predecessor, at least one successor. An agency that absorbs others and
    continues is listed on both sides and keeps its dates.

    Predecessors that do not continue end the day before `effective_date`;
    successors that are new start on it (where no start date is set). Raises
    ValidationError naming the field; nothing is saved then.
    """
    require(policies.may_reorganise(actor))
    predecessors = set(predecessors)
    successors = set(successors)
    problem = _shape_problem(kind, predecessors, successors)
    if problem:
        raise ValidationError(problem)
    ending = predecessors - successors
    starting = successors - predecessors
    continuing = predecessors & successors
    problems = _date_problems(effective_date, ending, starting, continuing)
    if problems:
        raise ValidationError({"effective_date": problems})
    event = Reorganisation(
        kind=kind,
        effective_date=effective_date,
        decision_reference=decision_reference.strip(),
        note=note.strip(),
    )
    event.full_clean()
    record_actor(event, actor)
    event.save()
    event.predecessors.set(predecessors)
    event.successors.set(successors)
    reason = (
        f"{event.get_kind_display()} {date_format(effective_date, 'SHORT_DATE_FORMAT')}"
    )
    last_day = effective_date - datetime.timedelta(days=1)
    for agency in ending:
        _set_date(agency, "active_to", last_day, actor, reason)
    for agency in starting:
        if agency.active_from is None:
            _set_date(agency, "active_from", effective_date, actor, reason)
    return event


def _set_date(
    agency: Agency, field: str, day: datetime.date, actor, reason: str
) -> None:
    setattr(agency, field, day)
    agency.full_clean()
    record_actor(agency, actor)
    agency._change_reason = reason[:100]
    agency.save(update_fields=[field, "updated_at"])
