"""Who may do what with agencies, frameworks, scores and results: the one
place that answers for the indices app.

Each answer combines what the role grants (a Django permission, asked through
`access.holds`) with *which agencies* the user acts for (`indices.access`).
Views, templates (`{% allowed %}` with the rule names below), the menu, the
admin and the services ask these functions; every service that writes calls
`core.policies.require(may_…(actor))` before it writes. The system actor (commands, Celery, the demo) is
allowed everything.

Result visibility:
- Sở Nội vụ staff and leadership see every result, published or not.
- Before a group's results are published, an agency user sees only its own
  agency's self-assessment: no appraised score, no rank, no other agency.
- After publication every signed-in user sees the ranking (other agencies'
  totals, percentages, ranks and bands), while an agency's detailed scorecard
  stays visible to that agency's users (and Sở Nội vụ staff and leadership).
"""

from __future__ import annotations

import enum

from core.policies import rule

from .access import (
    acts_for_all_agencies,
    can_see_agency,
    holds,
    own_agency_id,
    sees_all_agencies,
)
from .models import Assessment, Framework

# --- The site ------------------------------------------------------------------------


@rule("site.member")
def is_member(user) -> bool:
    """The user has a role: sees every agency, or belongs to one."""
    return sees_all_agencies(user) or own_agency_id(user) is not None


@rule("admin.enter")
def may_enter_admin(user) -> bool:
    """The admin lists every agency's rows unfiltered, so only users who see
    every agency may enter it, even if an agency user is given staff status
    by mistake. What each one may do inside is then decided by permissions."""
    return bool(user.is_active and user.is_staff and sees_all_agencies(user))


def _oversees(user, permission: str) -> bool:
    """Sở Nội vụ work: acts for every agency and holds the permission. A
    missing actor (None) is refused, never an error."""
    return user is not None and acts_for_all_agencies(user) and holds(user, permission)


# --- Registry ------------------------------------------------------------------------


@rule("indices.agency.add")
def may_add_agency(user) -> bool:
    return _oversees(user, "indices.add_agency")


@rule("indices.agency.change")
def may_change_agency(user, agency=None) -> bool:
    return _oversees(user, "indices.change_agency")


def may_delete_agency(user, agency=None) -> bool:
    return _oversees(user, "indices.delete_agency")


def may_view_change_history(user) -> bool:
    """Who changed an agency's registry details, and when: Sở Nội vụ staff and
    leadership (it names officials)."""
    return sees_all_agencies(user)


@rule("indices.reorganisation.add")
def may_reorganise(user) -> bool:
    """Record a merger, split, rename or dissolution."""
    return _oversees(user, "indices.add_reorganisation")


# --- Frameworks ----------------------------------------------------------------------


@rule("indices.framework.add")
def may_add_framework(user) -> bool:
    return _oversees(user, "indices.add_framework")


@rule("indices.framework.change")
def may_change_framework(user, framework: Framework | None = None) -> bool:
    return _oversees(user, "indices.change_framework")


def may_delete_framework(user, framework: Framework | None = None) -> bool:
    return _oversees(user, "indices.delete_framework")


@rule("indices.results.publish")
def may_publish_results(user, framework: Framework | None = None) -> bool:
    return _oversees(user, "indices.publish_results")


# --- Scores --------------------------------------------------------------------------


@rule("indices.scores.enter")
def may_enter_scores(user, obj=None) -> bool:
    """Type or import scores of any agency (Sở Nội vụ)."""
    return _oversees(user, "indices.change_nodescore")


def may_open_assessments(user, framework: Framework | None = None) -> bool:
    """Open an agency's assessment of a year (with empty score rows)."""
    return _oversees(user, "indices.add_assessment")


def may_manage_assessments(user, assessment: Assessment | None = None) -> bool:
    """Correct an assessment's note and markers (the admin's score pages)."""
    return _oversees(user, "indices.change_assessment")


def may_recompute_results(user, obj=None) -> bool:
    """Recompute and store results from the recorded scores (they are normally
    kept current by every write; this repairs them after a code change)."""
    return _oversees(user, "indices.change_assessment")


# --- Results -------------------------------------------------------------------------


class ResultsView(enum.StrEnum):
    FULL = "full"  # final scores, sub-indices, flags, rank, band
    SELF = "self"  # the agency's own self scores only


@rule("indices.ranking.view")
def may_view_rankings(user) -> bool:
    return is_member(user)


def ranking_visible(user, framework: Framework) -> bool:
    """Whether the user may see every agency's results for the framework."""
    return bool(user.is_authenticated) and (
        framework.is_published or sees_all_agencies(user)
    )


def ranking_view(user, framework: Framework) -> ResultsView | None:
    """How the ranking page shows the framework's results to the user, if at all."""
    if ranking_visible(user, framework):
        return ResultsView.FULL
    if own_agency_id(user) is not None:
        return ResultsView.SELF
    return None


def assessment_view(user, assessment: Assessment) -> ResultsView | None:
    """How the user may see one assessment's scorecard; None means not at all (404)."""
    if not can_see_agency(user, assessment.agency_id):
        return None
    if sees_all_agencies(user) or assessment.framework.is_published:
        return ResultsView.FULL
    return ResultsView.SELF


def summary_visible(user, assessment: Assessment) -> ResultsView | None:
    """How a year-over-year line of an agency (or a predecessor) is shown."""
    if assessment.framework.is_published or sees_all_agencies(user):
        return ResultsView.FULL
    if own_agency_id(user) == assessment.agency_id:
        return ResultsView.SELF
    return None


def openable_agency_ids(user) -> set[int] | None:
    """Agencies whose scorecards the user may open from a ranking; None: all."""
    return None if sees_all_agencies(user) else {own_agency_id(user)}
