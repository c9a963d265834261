"""Form widgets shared by both apps."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DayInput(forms.DateInput):
    """A date typed as dd/mm/yyyy, whatever the browser's language.

    Browsers draw <input type="date"> in their own locale (mm/dd/yyyy on an
    English system), so dates are plain text in the Vietnamese order; the
    formats module also accepts 5-3-2026 and ISO dates.
    """

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": 10,
            "maxlength": 10,
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")
