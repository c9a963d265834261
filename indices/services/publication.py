"""Publishing a year's results for a group (draft → published) and withdrawing
them for a correction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import record_actor
from core.policies import require

from .. import policies
from ..models import AssessmentSource, Framework, ResultsState
from .framework_structure import framework_validate
from .results_store import store_framework_results


@transaction.atomic
def framework_results_publish(
    *, framework: Framework, published_on: datetime.date | None = None, actor
) -> Framework:
    """Publish the group's results: every signed-in user then sees the ranking.

    Refused while the results are empty, an appraisal is unfinished
    (provisional results) or the structure of a scored framework is invalid.
    Results are recomputed first, so what is published is current.
    """
    require(policies.may_publish_results(actor, framework))
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.is_published:
        raise ValidationError(_("These results are already published."))
    store_framework_results(framework)
    assessments = list(framework.assessments.select_related("agency"))
    problems = []
    if not any(a.percent is not None for a in assessments):
        problems.append(_("There are no results to publish yet."))
    provisional = sorted(a.agency.name for a in assessments if a.is_provisional)
    if provisional:
        problems.append(
            _("The appraisal is not finished for: %(agencies)s.")
            % {"agencies": ", ".join(provisional)}
        )
    if any(a.source == AssessmentSource.NODE_SCORES for a in assessments):
        problems.extend(str(p) for p in framework_validate(framework))
    if problems:
        raise ValidationError(problems)
    framework.results_state = ResultsState.PUBLISHED
    framework.published_on = published_on or timezone.localdate()
    framework.full_clean()
    record_actor(framework, actor)
    framework.save(update_fields=["results_state", "published_on", "updated_at"])
    return framework


@transaction.atomic
def framework_results_unpublish(*, framework: Framework, actor) -> Framework:
    """Take published results back to draft (e.g. to correct a score): agency
    users then see only their own self-assessment again."""
    require(policies.may_publish_results(actor, framework))
    if not framework.is_published:
        raise ValidationError(_("These results are not published."))
    framework.results_state = ResultsState.DRAFT
    framework.published_on = None
    record_actor(framework, actor)
    framework.save(update_fields=["results_state", "published_on", "updated_at"])
    return framework
