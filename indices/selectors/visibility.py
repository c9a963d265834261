"""Who sees which index results: the one place for the publication rules.

- Sở Nội vụ staff and leadership see every result, published or not.
- Before a group's results are published, an agency user sees only its own
  agency's self-assessment: no appraised score, no rank, no other agency.
- After publication every signed-in user sees the ranking (other agencies'
  totals, percentages, ranks and bands), while an agency's detailed scorecard
  stays visible to that agency's users (and Sở Nội vụ staff and leadership).
"""

from __future__ import annotations

import enum

from ..access import can_see_agency, own_agency_id, sees_all_agencies
from ..models import Assessment, Framework


class ResultsView(enum.StrEnum):
    FULL = "full"  # final scores, sub-indices, flags, rank, band
    SELF = "self"  # the agency's own self scores only


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
