"""Rankings and scorecards, shown through the publication rules of
indices.selectors.visibility."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from .. import selectors
from ..access import acts_for_all_agencies, own_agency_id, sees_all_agencies
from ..models import AgencyGroup
from ..spreadsheets import Column, Sheet, xlsx_response

SORT_LABELS = {"rank": "rank", "name": "name", "percent": "-percent"}


def ranking_params(request) -> dict:
    """Year, group, sort and band from the query string (whitelisted); the
    defaults are looked up only when the year or group is missing."""
    year_text, group = request.GET.get("year", ""), request.GET.get("group", "")
    # A year is four digits; anything else falls back to the default.
    year_ok = year_text.isdigit() and len(year_text) == 4
    if not year_ok or group not in AgencyGroup.values:
        default_year, default_group = selectors.default_ranking_choice(request.user)
        year_text = year_text if year_ok else str(default_year or 0)
        group = group if group in AgencyGroup.values else default_group
    sort = request.GET.get("sort", "rank")
    return {
        "year": int(year_text),
        "group": group,
        "sort": sort if sort in selectors.RANKING_SORTS else "rank",
        "band": request.GET.get("band", "").strip(),
    }


class RankingView(TemplateView):
    template_name = "indices/ranking.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        params = ranking_params(self.request)
        ranking = selectors.ranking_for_user(user, **params)
        query = self.request.GET.copy()
        query.pop("sort", None)
        return super().get_context_data(
            ranking=ranking,
            years=selectors.result_years(),
            groups=AgencyGroup.choices,
            openable_ids=None if sees_all_agencies(user) else {own_agency_id(user)},
            can_manage=acts_for_all_agencies(user),
            query_without_sort=query.urlencode(),
            **kwargs,
        )


class RankingExportView(View):
    """The ranking as XLSX, exactly as the user may see it on the page."""

    def get(self, request):
        params = ranking_params(request)
        ranking = selectors.ranking_for_user(request.user, **params)
        if not ranking.is_full:
            raise Http404
        group_label = AgencyGroup(ranking.group).label
        sheet = Sheet(
            title=f"{ranking.year} {group_label}",
            heading=[
                _("PAR index %(year)s – %(group)s")
                % {"year": ranking.year, "group": group_label},
                _("Published")
                if ranking.framework.is_published
                else _("Draft, not published"),
            ],
            columns=[
                Column(_("Rank"), 8, "int"),
                Column(_("Agency"), 45),
                Column(_("Points"), 10, "decimal"),
                Column(_("Applicable maximum"), 12, "decimal"),
                Column(_("Index (%)"), 10, "percent"),
                Column(_("Classification"), 14),
                Column(_("Note"), 30),
            ],
            rows=[
                [
                    row.rank,
                    row.agency.name,
                    row.total_points,
                    row.applicable_max,
                    row.percent,
                    row.band_label,
                    ", ".join(
                        str(label)
                        for flag, label in (
                            (row.is_illustrative, _("illustrative")),
                            (row.is_provisional, _("provisional")),
                        )
                        if flag
                    ),
                ]
                for row in ranking.rows
            ],
        )
        return xlsx_response(
            f"xep-hang-cchc-{ranking.year}-{ranking.group}.xlsx", [sheet]
        )


class ScorecardView(TemplateView):
    template_name = "indices/scorecard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        scorecard = selectors.scorecard_for_user(user, self.kwargs["assessment_id"])
        return super().get_context_data(
            scorecard=scorecard,
            assessment=scorecard.assessment,
            can_enter_scores=acts_for_all_agencies(user)
            and user.has_perm("indices.change_nodescore"),
            **kwargs,
        )
