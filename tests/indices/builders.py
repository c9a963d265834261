"""Builders for index data through the services, so tests see the stored
results exactly as production computes them. They act as the system (like the
demo) unless given another `actor`."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from indices import services
from indices.access import system_actor
from indices.models import Agency, AgencyGroup, Assessment, Framework
from indices.services import ScoreEntry
from tests.indices.factories import AgencyFactory

D = Decimal

# A small framework: two fields; field 1 has a criterion with two
# sub-criteria and a criterion scored directly; field 2 is one survey node.
SMALL_TREE = [
    ("1", "", "6", "appraisal"),
    ("1.1", "1", "4", "appraisal"),
    ("1.1.1", "1.1", "1.5", "appraisal"),
    ("1.1.2", "1.1", "2.5", "appraisal"),
    ("1.2", "1", "2", "appraisal"),
    ("2", "", "4", "survey"),
]


def make_framework(
    *,
    year: int = 2023,
    group: str = AgencyGroup.DEPARTMENT,
    tree: Sequence[tuple[str, str, str, str]] = SMALL_TREE,
    total: str | None = None,
    actor=None,
    **kwargs,
) -> Framework:
    actor = actor or system_actor()
    fields_total = sum(D(m) for c, p, m, _ in tree if not p)
    framework = services.framework_create(
        year=year,
        group=group,
        name=f"Bộ chỉ số {year}",
        total_points=D(total) if total else fields_total,
        actor=actor,
        **kwargs,
    )
    for code, parent, max_points, method in tree:
        services.framework_node_add(
            framework=framework,
            code=code,
            parent_code=parent,
            name=f"Tiêu chí {code}",
            max_points=D(max_points),
            method=method,
            actor=actor,
        )
    return framework


def score(
    framework: Framework,
    agency: Agency | None = None,
    entries: dict[str, ScoreEntry] | None = None,
    actor=None,
    **kwargs,
) -> Assessment:
    """Open an assessment and enter `entries` ({code: entry}); returns it fresh."""
    actor = actor or system_actor()
    agency = agency or AgencyFactory(group=framework.group)
    assessment = services.assessment_open(
        framework=framework, agency=agency, actor=actor, **kwargs
    )
    nodes = {n.code: n.pk for n in framework.nodes.all()}
    services.assessment_scores_update(
        assessment=assessment,
        entries={nodes[code]: entry for code, entry in (entries or {}).items()},
        actor=actor,
    )
    assessment.refresh_from_db()
    return assessment


def appraised(**points: str) -> dict[str, ScoreEntry]:
    """Entries from code=points keywords, code written with underscores (1_1_1)."""
    return {
        code.replace("_", "."): ScoreEntry(
            self_score=D(value), appraised_score=D(value)
        )
        for code, value in points.items()
    }


def full_marks(framework: Framework, **overrides: ScoreEntry) -> dict[str, ScoreEntry]:
    """Every leaf at its maximum (appraised or survey), with overrides by code."""
    entries = {}
    for node in framework.nodes.filter(is_leaf=True):
        if node.method == "survey":
            entries[node.code] = ScoreEntry(survey_score=node.max_points)
        else:
            entries[node.code] = ScoreEntry(
                self_score=node.max_points, appraised_score=node.max_points
            )
    entries.update({code.replace("_", "."): e for code, e in overrides.items()})
    return entries
