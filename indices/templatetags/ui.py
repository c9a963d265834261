"""Presentational template helpers shared by both apps (no queries here)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

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
    if value is None or value == "":
        return "–"
    return f"{number_format(Decimal(value), decimal_pos=places, use_l10n=True, force_grouping=True)} %"


@register.filter
def points(value, places: int = 2):
    """Format points with the locale's separators: 14,50."""
    if value is None or value == "":
        return "–"
    return number_format(
        Decimal(value), decimal_pos=places, use_l10n=True, force_grouping=True
    )


@register.filter
def official_date(day) -> str:
    """The date line of an administrative document: "ngày 05 tháng 3 năm 2026".

    Days below 10 and the months 1 and 2 take a leading zero (Nghị định
    30/2020/NĐ-CP on administrative documents).
    """
    if not day:
        return ""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
