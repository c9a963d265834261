"""Typed and imported scores: the inputs of a scored (leaf) node, their
checks, and saving them with history while keeping every result current."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core.formatting import shown
from core.policies import require

from .. import arithmetic, policies
from ..models import (
    Assessment,
    AssessmentSource,
    FrameworkNode,
    NodeScore,
    ScoringMethod,
)
from .results_store import (
    framework_lock_for_scoring,
    framework_nodes,
    store_assessment_results,
    store_group_results,
)

INPUT_FIELDS = [
    "self_score",
    "appraised_score",
    "survey_score",
    "not_applicable",
    "explanation",
    "appraiser_note",
]
SCORE_FIELDS = ("self_score", "appraised_score", "survey_score")


@dataclass(frozen=True)
class ScoreEntry:
    """The inputs of one scored (leaf) node, as typed or imported."""

    self_score: Decimal | None = None
    appraised_score: Decimal | None = None
    survey_score: Decimal | None = None
    not_applicable: bool = False
    explanation: str = ""
    appraiser_note: str = ""

    @classmethod
    def of(cls, node_score: NodeScore) -> ScoreEntry:
        return cls(**{f.name: getattr(node_score, f.name) for f in fields(cls)})

    def changed_fields(self, other: ScoreEntry) -> list[str]:
        return [
            f.name
            for f in fields(self)
            if getattr(self, f.name) != getattr(other, f.name)
        ]

    def fingerprint(self) -> str:
        """A short digest of the inputs, equal for equal values (14.5 == 14.50).

        Score forms carry the fingerprint of each row as the user saw it, so a
        save can tell the user's own edits from a colleague's meanwhile.
        """
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = value.quantize(Decimal("0.01"))
            elif isinstance(value, str):
                value = value.strip()
            parts.append(f"{f.name}={value}")
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def entry_problems(node: FrameworkNode, entry: ScoreEntry) -> list[tuple[str, str]]:
    """Why `entry` is not acceptable for `node`: (input field, message) pairs."""
    problems = []
    labels = {
        "self_score": _("self score"),
        "appraised_score": _("appraised score"),
        "survey_score": _("survey score"),
    }
    for name in SCORE_FIELDS:
        value = getattr(entry, name)
        if value is None:
            continue
        if value < 0 or value > node.max_points:
            problems.append(
                (
                    name,
                    _("%(code)s – %(field)s: %(value)s is outside 0 – %(max)s.")
                    % {
                        "code": node.code,
                        "field": labels[name],
                        "value": shown(value),
                        "max": shown(node.max_points),
                    },
                )
            )
        elif value != value.quantize(arithmetic.CENT):
            problems.append(
                (
                    name,
                    _("%(code)s – %(field)s: at most two decimals.")
                    % {"code": node.code, "field": labels[name]},
                )
            )
    if node.method == ScoringMethod.SURVEY and entry.appraised_score is not None:
        problems.append(
            (
                "appraised_score",
                _(
                    "%(code)s is scored by the sociological survey: enter a survey "
                    "score, not an appraised score."
                )
                % {"code": node.code},
            )
        )
    if node.method == ScoringMethod.APPRAISAL and entry.survey_score is not None:
        problems.append(
            (
                "survey_score",
                _("%(code)s is scored by appraisal: a survey score is not accepted.")
                % {"code": node.code},
            )
        )
    return problems


def apply_entries(
    *,
    assessment: Assessment,
    entries: Mapping[int, ScoreEntry],
    nodes_by_id: Mapping[int, FrameworkNode],
    actor,
    reason: str = "",
) -> list[NodeScore]:
    """Write the changed inputs of `entries` ({node id: entry}) with history.

    Validates every entry first (leaf of the framework, 0 ≤ score ≤ maximum)
    and raises one ValidationError listing every problem. Does not recompute.
    A building block of the services (typed scores, imports): it checks no
    policy and takes no lock; the caller does both.
    """
    problems = []
    for node_id, entry in entries.items():
        node = nodes_by_id.get(node_id)
        if node is None or node.framework_id != assessment.framework_id:
            problems.append(_("A node is not part of the assessment's framework."))
        elif not node.is_leaf:
            problems.append(
                _("%(code)s has sub-criteria: scores are entered on its sub-criteria.")
                % {"code": node.code}
            )
        else:
            problems.extend(message for _field, message in entry_problems(node, entry))
    if problems:
        raise ValidationError(problems)
    rows = {
        row.node_id: row
        for row in NodeScore.objects.filter(assessment=assessment, node_id__in=entries)
    }
    changed = []
    for node_id, entry in entries.items():
        row = rows.get(node_id) or NodeScore(assessment=assessment, node_id=node_id)
        if row.pk and not entry.changed_fields(ScoreEntry.of(row)):
            continue
        for name in INPUT_FIELDS:
            setattr(row, name, getattr(entry, name))
        if row.pk is None:
            row.save()
        changed.append(row)
    if changed:
        bulk_update_with_history(
            changed,
            NodeScore,
            INPUT_FIELDS,
            default_user=actor,
            default_change_reason=reason or None,
        )
    return changed


@transaction.atomic
def assessment_scores_update(
    *,
    assessment: Assessment,
    entries: Mapping[int, ScoreEntry],
    actor,
    reason: str = "",
    seen: Mapping[int, str] | None = None,
) -> list[NodeScore]:
    """Save typed scores of an assessment and bring every result up to date.

    `entries` maps node ids (leaves of the assessment's framework) to their new
    inputs. Raises ValidationError naming each node code whose score is out of
    0 – maximum, and refuses changes to published results. Returns the rows
    whose inputs changed; history is kept.

    `seen` (node id → `ScoreEntry.fingerprint()` of the row as the form showed
    it) makes the save safe against a colleague's edit in between: a row the
    user left as seen is not written (their edit stays), a row only the user
    changed is written, and a row both changed refuses the whole save with
    code "stale", naming the nodes, so nothing is silently overwritten.
    """
    require(policies.may_enter_scores(actor, assessment))
    if assessment.source != AssessmentSource.NODE_SCORES:
        raise ValidationError(
            _("This assessment holds published totals only; it has no per-node scores.")
        )
    framework_lock_for_scoring(assessment.framework_id)
    nodes = framework_nodes(assessment.framework)
    if seen is not None:
        entries = _entries_changed_since_seen(assessment, entries, seen, nodes)
    changed = apply_entries(
        assessment=assessment,
        entries=entries,
        nodes_by_id={node.pk: node for node in nodes},
        actor=actor,
        reason=reason,
    )
    store_assessment_results([assessment], nodes)
    store_group_results(assessment.framework)
    return changed


def _entries_changed_since_seen(
    assessment: Assessment,
    entries: Mapping[int, ScoreEntry],
    seen: Mapping[int, str],
    nodes: Sequence[FrameworkNode],
) -> dict[int, ScoreEntry]:
    """The entries the user changed, refusing rows a colleague changed too."""
    stored = {
        row.node_id: ScoreEntry.of(row)
        for row in NodeScore.objects.filter(assessment=assessment, node_id__in=entries)
    }
    codes = {node.pk: node.code for node in nodes}
    wanted, conflicts = {}, []
    for node_id, entry in entries.items():
        before = seen.get(node_id)
        if before is not None and entry.fingerprint() == before:
            continue  # untouched by this user
        current = stored.get(node_id, ScoreEntry())
        if before is None or current.fingerprint() == before:
            wanted[node_id] = entry
        elif current != entry:
            conflicts.append(codes.get(node_id, "?"))
    if conflicts:
        raise ValidationError(
            _(
                "Someone else changed %(codes)s after you opened this page. The "
                "form now shows their values beside yours: check them and save again."
            )
            % {"codes": ", ".join(sorted(conflicts))},
            code="stale",
            params={"codes": conflicts},
        )
    return wanted
