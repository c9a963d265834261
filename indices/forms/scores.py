from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.formatting import shown
from core.forms.layout import fields_only_helper

from ..models import FrameworkNode, ScoringMethod
from ..services import ScoreEntry


def _score_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=7,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
    )


class ScoreEntryForm(forms.Form):
    """One row of inputs per scored (leaf) node: self, appraised or survey
    score, not applicable, the agency's explanation and the appraiser's note."""

    def __init__(self, *args, leaves: list[FrameworkNode], initial_entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaves = leaves
        for node in leaves:
            entry = initial_entries.get(node.pk, ScoreEntry())
            prefix = f"n{node.pk}"
            self.fields[f"{prefix}_self"] = _score_field(
                _("Self score of %(code)s") % {"code": node.code}
            )
            if node.method == ScoringMethod.SURVEY:
                self.fields[f"{prefix}_survey"] = _score_field(
                    _("Survey score of %(code)s") % {"code": node.code}
                )
            else:
                self.fields[f"{prefix}_appraised"] = _score_field(
                    _("Appraised score of %(code)s") % {"code": node.code}
                )
            self.fields[f"{prefix}_na"] = forms.BooleanField(
                label=_("%(code)s not applicable") % {"code": node.code}, required=False
            )
            self.fields[f"{prefix}_explanation"] = forms.CharField(
                label=_("Agency's explanation for %(code)s") % {"code": node.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            self.fields[f"{prefix}_note"] = forms.CharField(
                label=_("Appraiser's note for %(code)s") % {"code": node.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            # The row as this page showed it: a save can then tell this
            # user's edits from a colleague's in between.
            self.fields[f"{prefix}_seen"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
            self.initial.update(
                {
                    f"{prefix}_seen": entry.fingerprint(),
                    f"{prefix}_self": entry.self_score,
                    f"{prefix}_survey": entry.survey_score,
                    f"{prefix}_appraised": entry.appraised_score,
                    f"{prefix}_na": entry.not_applicable,
                    f"{prefix}_explanation": entry.explanation,
                    f"{prefix}_note": entry.appraiser_note,
                }
            )
        self.helper = fields_only_helper()

    def clean(self):
        cleaned = super().clean()
        for node in self.leaves:
            for suffix in ("self", "appraised", "survey"):
                name = f"n{node.pk}_{suffix}"
                value: Decimal | None = cleaned.get(name)
                if value is not None and not 0 <= value <= node.max_points:
                    self.add_error(
                        name,
                        _("%(code)s: enter a score between 0 and %(max)s.")
                        % {"code": node.code, "max": shown(node.max_points)},
                    )
        return cleaned

    def rows(self):
        """(node, bound fields) per leaf, for the template's table."""
        for node in self.leaves:
            prefix = f"n{node.pk}"
            yield {
                "node": node,
                "self": self[f"{prefix}_self"],
                "final": self[
                    f"{prefix}_survey"
                    if node.method == ScoringMethod.SURVEY
                    else f"{prefix}_appraised"
                ],
                "na": self[f"{prefix}_na"],
                "explanation": self[f"{prefix}_explanation"],
                "note": self[f"{prefix}_note"],
                "seen": self[f"{prefix}_seen"],
                "current": self.current_entries.get(node.pk),
            }

    current_entries: dict[int, ScoreEntry] = {}

    def seen(self) -> dict[int, str]:
        """Fingerprints of the rows as the page showed them (see ScoreEntry)."""
        return {
            node.pk: self.cleaned_data[f"n{node.pk}_seen"]
            for node in self.leaves
            if self.cleaned_data.get(f"n{node.pk}_seen")
        }

    def show_colleague_changes(self, current: dict[int, ScoreEntry], codes) -> None:
        """After a refused save: keep the user's input, show the stored values of
        the rows a colleague changed, and accept the next save of those rows."""
        self.current_entries = {
            node.pk: current[node.pk]
            for node in self.leaves
            if node.code in codes and node.pk in current
        }
        self.data = self.data.copy()
        for node_id, entry in self.current_entries.items():
            self.data[f"n{node_id}_seen"] = entry.fingerprint()

    def entries(self) -> dict[int, ScoreEntry]:
        data = self.cleaned_data
        return {
            node.pk: ScoreEntry(
                self_score=data.get(f"n{node.pk}_self"),
                appraised_score=data.get(f"n{node.pk}_appraised"),
                survey_score=data.get(f"n{node.pk}_survey"),
                not_applicable=bool(data.get(f"n{node.pk}_na")),
                explanation=data.get(f"n{node.pk}_explanation", "").strip(),
                appraiser_note=data.get(f"n{node.pk}_note", "").strip(),
            )
            for node in self.leaves
        }


class ScoresImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "One row per agency and sub-criterion with the header agency, code, "
            "self_score, appraised_score, survey_score, not_applicable, note "
            "(optionally explanation). Numbers may use a comma: 14,5."
        ),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()
