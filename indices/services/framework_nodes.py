"""The node tree of a framework: adding, changing and removing fields,
criteria and sub-criteria, and keeping order, levels and leaves right.

Structural changes are refused once the framework has scores
(framework_structure.require_unlocked); names and guidance can always be
corrected.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core.policies import require

from .. import policies
from ..models import Framework, FrameworkNode, NodeLevel, NodeScore, ScoringMethod
from .framework_structure import code_sort_key, require_unlocked
from .results_store import store_assessment_results, store_group_results

_CODE = re.compile(r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$")


def framework_tree_refresh(framework: Framework) -> list[FrameworkNode]:
    """Recompute `order` (tree order, siblings by natural code order), `level`
    and `is_leaf` of every node; returns the nodes in tree order."""
    nodes = list(framework.nodes.all())
    children: dict[int | None, list[FrameworkNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[FrameworkNode] = []
    changed = []

    def visit(parent_id: int | None, level: int) -> None:
        for node in sorted(
            children.get(parent_id, []), key=lambda n: code_sort_key(n.code)
        ):
            new = (len(ordered), level, node.pk not in children)
            if (node.order, node.level, node.is_leaf) != new:
                node.order, node.level, node.is_leaf = new
                changed.append(node)
            ordered.append(node)
            visit(node.pk, level + 1)

    visit(None, NodeLevel.FIELD)
    FrameworkNode.objects.bulk_update(changed, ["order", "level", "is_leaf"])
    return ordered


def _recompute_open_assessments(framework: Framework) -> None:
    assessments = list(framework.assessments.select_related("framework"))
    if assessments:
        store_assessment_results(assessments)
        store_group_results(framework)


@transaction.atomic
def framework_node_add(
    *,
    framework: Framework,
    code: str,
    name: str,
    max_points: Decimal,
    parent_code: str = "",
    method: ScoringMethod | str = ScoringMethod.APPRAISAL,
    guidance: str = "",
    actor,
) -> FrameworkNode:
    """Add a field (no parent), criterion or sub-criterion.

    Refused once the framework has scores. Open assessments get an empty score
    row for the new node and are recomputed.
    """
    require(policies.may_change_framework(actor, framework))
    require_unlocked(framework)
    code = code.strip()
    parent = None
    if parent_code.strip():
        parent = framework.nodes.filter(code=parent_code.strip()).first()
        if parent is None:
            raise ValidationError(
                {
                    "parent": _("No node with code %(code)s in this framework.")
                    % {"code": parent_code}
                }
            )
        if parent.level >= NodeLevel.SUBCRITERION:
            raise ValidationError(
                {
                    "parent": _(
                        "%(code)s is a sub-criterion; the tree has at most three levels."
                    )
                    % {"code": parent.code}
                }
            )
    if not _CODE.match(code):
        raise ValidationError(
            {"code": _("Codes are numbers separated by dots, e.g. 1, 1.2 or 1.2.3.")}
        )
    node = FrameworkNode(
        framework=framework,
        parent=parent,
        code=code,
        name=name.strip(),
        max_points=max_points,
        method=method,
        guidance=guidance.strip(),
        level=parent.level + 1 if parent else NodeLevel.FIELD,
    )
    node.full_clean()
    node.save()
    framework_tree_refresh(framework)
    # The parent stops being scored directly: its (empty) inputs no longer count.
    _recompute_open_assessments(framework)
    node.refresh_from_db()
    return node


@transaction.atomic
def framework_node_update(
    *,
    node: FrameworkNode,
    name: str,
    max_points: Decimal,
    method: ScoringMethod | str,
    guidance: str = "",
    actor,
) -> FrameworkNode:
    """Change a node. Name and guidance can always be corrected; the maximum
    and the method are structure, refused once the framework has scores."""
    require(policies.may_change_framework(actor, node.framework))
    structural = node.max_points != max_points or node.method != method
    if structural:
        require_unlocked(node.framework)
    node.name = name.strip()
    node.max_points = max_points
    node.method = method
    node.guidance = guidance.strip()
    node.full_clean()
    node.save(update_fields=["name", "max_points", "method", "guidance"])
    if structural:
        _recompute_open_assessments(node.framework)
    return node


@transaction.atomic
def framework_node_remove(*, node: FrameworkNode, actor) -> None:
    """Delete the node and its subtree; refused once the framework has scores."""
    framework = node.framework
    require(policies.may_change_framework(actor, framework))
    require_unlocked(framework)
    subtree = _subtree_ids(node)
    try:
        with transaction.atomic():
            NodeScore.objects.filter(node_id__in=subtree).delete()
            for level in (NodeLevel.SUBCRITERION, NodeLevel.CRITERION, NodeLevel.FIELD):
                FrameworkNode.objects.filter(pk__in=subtree, level=level).delete()
    except ProtectedError:
        raise ValidationError(
            _("%(code)s is referred to by inspection findings; it cannot be removed.")
            % {"code": node.code}
        )
    framework_tree_refresh(framework)
    _recompute_open_assessments(framework)


def _subtree_ids(node: FrameworkNode) -> set[int]:
    pairs = list(node.framework.nodes.values_list("pk", "parent_id"))
    found = {node.pk}
    grew = True
    while grew:
        grew = False
        for pk, parent_id in pairs:
            if parent_id in found and pk not in found:
                found.add(pk)
                grew = True
    return found
