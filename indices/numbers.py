"""Numbers written into messages for people: the active language's decimal
mark (14,5 in Vietnamese), no trailing zeros."""

from decimal import Decimal

from django.utils.formats import number_format


def shown(value: Decimal | int | None) -> str:
    if value is None:
        return "–"
    value = Decimal(value)
    value = (
        value.quantize(Decimal(1))
        if value == value.to_integral()
        else value.normalize()
    )
    return number_format(value, use_l10n=True, force_grouping=True)
