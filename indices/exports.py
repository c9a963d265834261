"""XLSX sheets of index results: the ranking of a year and group, and an
agency's scorecard. The views load the data through the user-scoped
selectors; these functions only lay it out (no queries here)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import percent as format_percent
from core.formatting import points as format_points
from core.formatting import short_date
from core.spreadsheets import Column, Sheet, Styled, bold_row, report_heading

from .models import AgencyGroup
from .selectors import Ranking, Scorecard

RANKING_SORT_LABELS = {
    "rank": gettext_lazy("rank, best first"),
    "-rank": gettext_lazy("rank, best last"),
    "name": gettext_lazy("agency name, A to Z"),
    "-name": gettext_lazy("agency name, Z to A"),
    "percent": gettext_lazy("index, lowest first"),
    "-percent": gettext_lazy("index, highest first"),
}


def _publication_line(framework) -> str:
    if framework.is_published:
        return _("Results published on %(day)s") % {
            "day": short_date(framework.published_on)
        }
    return _("Results not published yet (draft)")


def _framework_lines(framework) -> list[str]:
    lines = [framework.name]
    if framework.decision_reference:
        lines[0] += f" ({framework.decision_reference})"
    lines.append(_publication_line(framework))
    if framework.is_illustrative:
        lines.append(
            _(
                "Illustrative framework: the names of the criteria and the scores "
                "per criterion are demo data."
            )
        )
    return lines


def ranking_sheet(ranking: Ranking) -> Sheet:
    """The ranking as the ranking page shows it (full view only)."""
    framework = ranking.framework
    group_label = AgencyGroup(ranking.group).label
    filters = [(_("Group"), group_label)]
    if ranking.band:
        filters.append((_("Classification"), ranking.band))
    filters.append((_("Order"), RANKING_SORT_LABELS[ranking.sort]))
    yes = _("yes")
    notes = [
        _("Group average: %(average)s (%(count)s agencies ranked).")
        % {
            "average": format_percent(framework.average_percent),
            "count": framework.assessed_count,
        },
        _(
            "Index = points achieved ÷ applicable maximum × 100, two decimals "
            "rounded half-up; agencies with the same index share a rank."
        ),
    ]
    if ranking.bands:
        notes.append(
            _("Classification: %(bands)s.")
            % {
                "bands": "; ".join(
                    f"{band.label} ≥ {format_percent(band.min_percent)}"
                    for band in ranking.bands
                )
            }
        )
    if ranking.band:
        notes.append(
            _("%(shown)s of %(total)s agencies shown (classification filter).")
            % {"shown": len(ranking.rows), "total": ranking.total}
        )
    return Sheet(
        title=f"{ranking.year} {group_label}",
        heading=report_heading(
            _("PAR index results %(year)s – %(group)s")
            % {"year": ranking.year, "group": group_label},
            year=ranking.year,
            filters=filters,
            lines=_framework_lines(framework),
        ),
        columns=[
            Column(_("Rank"), 8, "int"),
            Column(_("Agency"), 45, wrap=True),
            Column(_("Points"), 11, "decimal"),
            Column(_("Applicable maximum"), 12, "decimal"),
            Column(_("Index (%)"), 11, "percent"),
            Column(_("Classification"), 14),
            Column(_("Illustrative figures"), 12),
            Column(_("Provisional (appraisal not finished)"), 14),
        ],
        rows=[
            [
                row.rank,
                row.agency.name,
                row.total_points,
                row.applicable_max,
                row.percent,
                row.band_label,
                yes if row.is_illustrative else "",
                yes if row.is_provisional else "",
            ]
            for row in ranking.rows
        ],
        notes=notes,
    )


def scorecard_summary(scorecard: Scorecard) -> list[str]:
    """The lines that sum an assessment up, as the scorecard page does."""
    assessment = scorecard.assessment
    lines = [
        _("Agency: %(agency)s (%(group)s)")
        % {
            "agency": assessment.agency.name,
            "group": assessment.agency.get_group_display(),
        }
    ]
    if scorecard.is_full:
        lines.append(
            _(
                "Points: %(points)s / %(maximum)s · Index: %(percent)s · "
                "Rank in the group: %(rank)s of %(count)s · Classification: %(band)s"
            )
            % {
                "points": format_points(assessment.total_points),
                "maximum": format_points(assessment.applicable_max),
                "percent": format_percent(assessment.percent),
                "rank": assessment.rank or "–",
                "count": assessment.framework.assessed_count,
                "band": assessment.band_label or "–",
            }
        )
        if assessment.is_provisional:
            lines.append(
                _(
                    "Provisional: some sub-criteria have no appraised score yet; "
                    "their self score is counted meanwhile."
                )
            )
    else:
        lines.append(
            _(
                "The results are not published yet: self-assessment only "
                "(%(points)s points excluding survey, %(percent)s)."
            )
            % {
                "points": format_points(assessment.self_total),
                "percent": format_percent(assessment.self_percent),
            }
        )
    if assessment.is_illustrative:
        lines.append(_("Illustrative figures, not the agency's published score."))
    return lines


def scorecard_sheet(scorecard: Scorecard) -> Sheet:
    """The field → criterion → sub-criterion tree of one assessment.

    Full view: maxima, self, appraised, survey and final points, not
    applicable, sub-index and the low-score flags. Self view (results not
    published, agency user): the self scores only, as on the page.
    """
    assessment = scorecard.assessment
    framework = assessment.framework
    full = scorecard.is_full
    columns = [
        Column(_("Code"), 9),
        Column(_("Field, criterion or sub-criterion"), 55, wrap=True),
        Column(_("Level"), 13),
        Column(_("Scoring method"), 16, wrap=True),
        Column(_("Maximum"), 10, "decimal"),
    ]
    if full:
        columns.append(Column(_("Applicable maximum"), 11, "decimal"))
    columns += [
        Column(_("Not applicable"), 11),
        Column(_("Self score"), 10, "decimal"),
    ]
    if full:
        columns += [
            Column(_("Appraised score"), 11, "decimal"),
            Column(_("Survey score"), 10, "decimal"),
            Column(_("Final points"), 10, "decimal"),
            Column(_("Sub-index (%)"), 11, "percent"),
            Column(_("Low score"), 12),
            Column(_("Also low last year"), 13),
        ]
    columns.append(Column(_("Agency's explanation"), 40, wrap=True))
    if full:
        columns.append(Column(_("Appraiser's note"), 40, wrap=True))

    rows = []
    for row in scorecard.rows:
        score, node = row.score, row.node
        leaf = node.is_leaf
        if row.is_survey:
            self_value = None
        else:
            self_value = score.self_score if leaf else row.self_points
        values: list[object] = [
            node.code,
            Styled(node.name, indent=node.level - 1),
            node.get_level_display(),
            node.get_method_display(),
            node.max_points,
        ]
        if full:
            values.append(score.applicable_max)
        values += [_("not applicable") if score.not_applicable else "", self_value]
        if full:
            values += [
                score.appraised_score if leaf else None,
                score.survey_score if leaf else None,
                None if score.not_applicable else score.points,
                score.percent,
                _("low score") if score.is_low else "",
                _("also low last year") if row.recurring else "",
            ]
        values.append(score.explanation if leaf else "")
        if full:
            values.append(score.appraiser_note if leaf else "")
        if node.level == 1:
            values = [
                value if isinstance(value, Styled) else Styled(value, bold=True)
                for value in values
            ]
            values[1] = Styled(node.name, bold=True)
        rows.append(values)
    if rows:
        total = ["", _("Total"), "", "", framework.total_points]
        if full:
            total.append(assessment.applicable_max)
        total += ["", assessment.self_total]
        if full:
            total += ["", "", assessment.total_points, assessment.percent, "", ""]
        total.append("")
        if full:
            total.append("")
        rows.append(bold_row(total))

    notes = []
    if full:
        notes.append(
            _(
                "Low score: a field, criterion or sub-criterion below %(threshold)s "
                "of its applicable maximum; “also low last year”: the same code was "
                "low in the agency's (or its predecessor's) previous assessment."
            )
            % {"threshold": format_percent(framework.low_score_threshold)}
        )
    notes.append(
        _(
            "Self score of a field or criterion: the sum of its appraised "
            "sub-criteria's self scores (survey nodes have no self score)."
        )
    )
    if not rows and assessment.source == "totals":
        notes.append(
            _("Only the published total is known for this year; there is no breakdown.")
        )
    return Sheet(
        title=_("Scorecard %(year)s") % {"year": assessment.year},
        heading=report_heading(
            _("PAR index scorecard %(year)s") % {"year": assessment.year},
            year=assessment.year,
            lines=[
                *scorecard_summary(scorecard),
                *_framework_lines(framework),
            ],
        ),
        columns=columns,
        rows=rows,
        notes=notes,
    )
