"""Reads of frameworks. Frameworks are public documents of the province: every
signed-in user may browse them (agencies self-assess against them)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from ..models import Band, Framework, FrameworkNode
from ..services.framework_structure import (
    StructureProblem,
    framework_has_scores,
    structure_problems,
)


def framework_list(*, year: int | None = None, group: str = "") -> QuerySet[Framework]:
    """Frameworks, newest first, with their node count (one query)."""
    frameworks = Framework.objects.annotate(node_count=Count("nodes"))
    if year:
        frameworks = frameworks.filter(year=year)
    if group:
        frameworks = frameworks.filter(group=group)
    return frameworks.order_by("-year", "group")


@dataclass
class FrameworkDetail:
    framework: Framework
    nodes: list[FrameworkNode]
    bands: list[Band]
    problems: list[StructureProblem]
    is_locked: bool

    @property
    def problem_codes(self) -> set[str]:
        return {code for problem in self.problems for code in problem.codes}

    @property
    def survey_points(self):
        return sum(
            n.max_points for n in self.nodes if n.is_leaf and n.method == "survey"
        )


def framework_get(framework_id: int) -> Framework:
    return get_object_or_404(
        Framework.objects.select_related("copied_from"), pk=framework_id
    )


def framework_detail(framework_id: int) -> FrameworkDetail:
    """The framework with its tree (tree order), bands, structural problems and
    whether scores lock it (five queries whatever the number of nodes)."""
    framework = framework_get(framework_id)
    nodes = list(framework.nodes.select_related("parent").order_by("order"))
    problems = structure_problems(
        [(n.code, n.parent.code if n.parent else None, n.max_points) for n in nodes],
        total_points=framework.total_points,
    )
    return FrameworkDetail(
        framework=framework,
        nodes=nodes,
        bands=list(framework.bands.all()),
        problems=problems,
        is_locked=framework_has_scores(framework),
    )


def framework_node_get(framework_id: int, node_id: int) -> FrameworkNode:
    return get_object_or_404(
        FrameworkNode.objects.select_related("framework", "parent"),
        pk=node_id,
        framework_id=framework_id,
    )
