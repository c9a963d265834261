"""Rankings and scorecards, shown through the publication rules of
indices.policies."""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from core.documents import document_context, official_pdf, pdf_response
from core.spreadsheets import xlsx_response

from .. import exports, policies, selectors
from ..models import AgencyGroup

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


def ranking_print_filters(ranking) -> list[tuple[str, object]]:
    filters = [
        (_("Year"), str(ranking.year)),
        (_("Group"), str(AgencyGroup(ranking.group).label)),
    ]
    if ranking.band:
        filters.append((_("Classification"), ranking.band))
    return filters


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
            openable_ids=policies.openable_agency_ids(user),
            query_without_sort=query.urlencode(),
            print_filters=ranking_print_filters(ranking),
            **kwargs,
        )


class RankingExportView(View):
    """The ranking as XLSX, exactly as the user may see it on the page."""

    def get(self, request):
        params = ranking_params(request)
        ranking = selectors.ranking_for_user(request.user, **params)
        if not ranking.is_full:
            raise Http404
        return xlsx_response(
            f"xep-hang-cchc-{ranking.year}-{ranking.group}.xlsx",
            [exports.ranking_sheet(ranking)],
        )


class ScorecardView(TemplateView):
    template_name = "indices/scorecard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        scorecard = selectors.scorecard_for_user(user, self.kwargs["assessment_id"])
        return super().get_context_data(
            scorecard=scorecard,
            assessment=scorecard.assessment,
            **kwargs,
        )


def _scorecard_filename(scorecard, extension: str) -> str:
    assessment = scorecard.assessment
    return f"phieu-diem-cchc-{assessment.year}-{assessment.agency.code}.{extension}"


class ScorecardExportView(View):
    """The scorecard's tree as XLSX: what the user sees on the scorecard page
    (self scores only while an agency's results are unpublished)."""

    def get(self, request, assessment_id):
        scorecard = selectors.scorecard_for_user(request.user, assessment_id)
        return xlsx_response(
            _scorecard_filename(scorecard, "xlsx"), [exports.scorecard_sheet(scorecard)]
        )


class ScorecardPdfView(View):
    """The scorecard as an official document (PDF, in Vietnamese)."""

    def get(self, request, assessment_id):
        scorecard = selectors.scorecard_for_user(request.user, assessment_id)
        assessment = scorecard.assessment
        with translation.override(settings.LANGUAGE_CODE):
            context = document_context(
                title=_("PAR index results %(year)s") % {"year": assessment.year}
            )
            context.update(
                scorecard=scorecard,
                assessment=assessment,
                summary=exports.scorecard_summary(scorecard),
            )
            pdf = official_pdf("documents/scorecard.html", context)
        return pdf_response(_scorecard_filename(scorecard, "pdf"), pdf)
