"""Presentational template helpers shared by both apps (no queries here)."""

from django import template

from .. import formatting

register = template.Library()


@register.inclusion_tag("includes/_pagination.html", takes_context=True)
def pagination(context, page_obj):
    """Render page links that keep the current filters in the query string."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page_obj": page_obj,
        "page_range": page_obj.paginator.get_elided_page_range(page_obj.number),
        "query_without_page": query.urlencode(),
    }


@register.filter
def percent(value, places: int = 2):
    """Format a percentage with the locale's separators: 96,85 %."""
    return formatting.percent(value, places)


@register.filter
def points(value, places: int = 2):
    """Format points with the locale's separators: 14,50."""
    return formatting.points(value, places)


@register.filter
def official_date(day) -> str:
    """The date line of an administrative document: "ngày 05 tháng 3 năm 2026"."""
    return formatting.official_date(day)


@register.filter
def short_date(day) -> str:
    return formatting.short_date(day)
