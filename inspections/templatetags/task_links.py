"""Addresses of the task board for figures that count tasks (no queries)."""

from django import template

from ..selectors.tasks import TaskFilters
from ..views.tasks import task_board_url as board_url

register = template.Library()


@register.filter
def task_board_url(filters: TaskFilters) -> str:
    """`{{ figure.filters|task_board_url }}`: the board listing those tasks."""
    return board_url(filters)
