"""Scoring services: stored results (totals, sub-indices, flags, ranks, bands,
group average) are computed on every change, with N/A, ties and provisional
results handled as the domain says."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indices import services
from indices.access import system_actor
from indices.models import AgencyGroup, Assessment, NodeScore
from indices.services import ScoreEntry
from tests.indices.builders import appraised, full_marks, make_framework, score
from tests.indices.factories import AgencyFactory

pytestmark = pytest.mark.django_db
D = Decimal


def node_scores(assessment):
    return {ns.node.code: ns for ns in assessment.node_scores.select_related("node")}


def test_results_are_stored_for_every_node_with_not_applicable_removed():
    framework = make_framework()
    assessment = score(
        framework,
        entries={
            **appraised(**{"1_1_1": "1", "1_2": "2"}),
            "1.1.2": ScoreEntry(not_applicable=True, explanation="Không có nhiệm vụ"),
            "2": ScoreEntry(survey_score=D("3")),
        },
    )
    rows = node_scores(assessment)
    assert (rows["1.1"].points, rows["1.1"].applicable_max) == (D("1"), D("1.5"))
    assert rows["1.1"].percent == D("66.67") and rows["1.1"].is_low
    assert (rows["1"].points, rows["1"].applicable_max) == (D("3"), D("3.5"))
    assert rows["1"].percent == D("85.71") and not rows["1"].is_low
    assert rows["1.1.2"].percent is None and not rows["1.1.2"].is_low
    assert (assessment.total_points, assessment.applicable_max) == (D("6"), D("7.5"))
    assert assessment.percent == D("80.00")
    assert assessment.rank == 1 and assessment.band_label == "Khá"


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    framework = make_framework()
    marks = full_marks(framework)
    first = score(framework, entries=marks)
    tied = [
        score(framework, entries={**marks, **appraised(**{"1_2": "1"})})
        for _ in range(2)
    ]
    last = score(framework, entries={**marks, **appraised(**{"1_2": "0"})})
    ranks = dict(
        Assessment.objects.filter(
            pk__in=[first.pk, *[t.pk for t in tied], last.pk]
        ).values_list("pk", "rank")
    )
    assert ranks == {first.pk: 1, tied[0].pk: 2, tied[1].pk: 2, last.pk: 4}
    framework.refresh_from_db()
    # (100 + 90 + 90 + 80) / 4
    assert framework.average_percent == D("90.00")
    assert framework.assessed_count == 4


def test_bands_come_from_the_framework_and_follow_a_change_of_bands():
    framework = make_framework()
    assessment = score(
        framework, entries=full_marks(framework, **appraised(**{"1_2": "0"}))
    )
    assert assessment.percent == D("80.00") and assessment.band_label == "Khá"
    services.framework_bands_set(
        framework=framework,
        bands=[("Xuất sắc", D("80")), ("Kém", D("0"))],
        actor=system_actor(),
    )
    assessment.refresh_from_db()
    assert assessment.band_label == "Xuất sắc"


def test_bands_must_start_at_zero_and_be_distinct():
    framework = make_framework()
    with pytest.raises(ValidationError, match="start at 0"):
        services.framework_bands_set(
            framework=framework, bands=[("Tốt", D("90"))], actor=system_actor()
        )
    with pytest.raises(ValidationError, match="same label"):
        services.framework_bands_set(
            framework=framework,
            bands=[("Tốt", D("90")), ("Tốt", D("0"))],
            actor=system_actor(),
        )
    assert framework.bands.count() == 4


def test_missing_appraisal_counts_self_score_and_marks_provisional():
    framework = make_framework()
    marks = full_marks(framework)
    marks["1.2"] = ScoreEntry(self_score=D("2"))
    assessment = score(framework, entries=marks)
    assert assessment.is_provisional
    assert assessment.total_points == D("10")
    services.assessment_scores_update(
        assessment=assessment,
        entries={
            framework.nodes.get(code="1.2").pk: ScoreEntry(
                self_score=D("2"), appraised_score=D("1.5")
            )
        },
        actor=system_actor(),
    )
    assessment.refresh_from_db()
    assert not assessment.is_provisional
    assert assessment.total_points == D("9.5")
    assert assessment.self_total == D("6")  # appraisal leaves only
    assert assessment.self_percent == D("100.00")


def test_score_above_the_maximum_is_refused_naming_the_code_and_nothing_changes():
    framework = make_framework()
    assessment = score(framework, entries=full_marks(framework))
    node = framework.nodes.get(code="1.1.1")
    with pytest.raises(ValidationError) as error:
        services.assessment_scores_update(
            assessment=assessment,
            entries={
                node.pk: ScoreEntry(appraised_score=D("1.75")),
                framework.nodes.get(code="1.2").pk: ScoreEntry(appraised_score=D("1")),
            },
            actor=system_actor(),
        )
    assert "1.1.1" in str(error.value) and "1,5" in str(error.value).replace(".", ",")
    assert NodeScore.objects.get(assessment=assessment, node=node).appraised_score == D(
        "1.5"
    )
    assert NodeScore.objects.get(
        assessment=assessment, node__code="1.2"
    ).appraised_score == D("2")


def test_scores_on_a_criterion_with_sub_criteria_and_wrong_method_are_refused():
    framework = make_framework()
    assessment = score(framework)
    with pytest.raises(ValidationError, match="1.1 has sub-criteria"):
        services.assessment_scores_update(
            assessment=assessment,
            entries={framework.nodes.get(code="1.1").pk: ScoreEntry(self_score=D(1))},
            actor=system_actor(),
        )
    with pytest.raises(ValidationError, match="sociological survey"):
        services.assessment_scores_update(
            assessment=assessment,
            entries={
                framework.nodes.get(code="2").pk: ScoreEntry(appraised_score=D(1))
            },
            actor=system_actor(),
        )


def test_score_changes_are_kept_in_history_with_the_user(snv_user):
    framework = make_framework()
    assessment = score(framework, entries=full_marks(framework))
    node = framework.nodes.get(code="1.2")
    services.assessment_scores_update(
        assessment=assessment,
        entries={node.pk: ScoreEntry(self_score=D(2), appraised_score=D("1.25"))},
        actor=snv_user,
    )
    latest = NodeScore.history.filter(assessment_id=assessment.pk, node_id=node.pk)[0]
    assert latest.appraised_score == D("1.25") and latest.history_user == snv_user


def test_low_flags_follow_the_framework_threshold():
    framework = make_framework()
    assessment = score(
        framework, entries=full_marks(framework, **appraised(**{"1_2": "1.5"}))
    )
    assert not node_scores(assessment)["1.2"].is_low  # 75 %
    services.framework_update(
        framework=framework,
        name=framework.name,
        total_points=framework.total_points,
        low_score_threshold=D("80"),
        is_illustrative=False,
        actor=system_actor(),
    )
    assert node_scores(assessment)["1.2"].is_low


def test_assessment_must_match_the_framework_group_and_be_unique():
    framework = make_framework()
    district = AgencyFactory(group=AgencyGroup.DISTRICT)
    with pytest.raises(ValidationError, match="group"):
        services.assessment_open(
            framework=framework, agency=district, actor=system_actor()
        )
    agency = AgencyFactory()
    services.assessment_open(framework=framework, agency=agency, actor=system_actor())
    with pytest.raises(ValidationError, match="already has an assessment"):
        services.assessment_open(
            framework=framework, agency=agency, actor=system_actor()
        )


def test_open_assessments_for_every_active_agency_of_the_group():
    import datetime

    framework = make_framework()
    active = AgencyFactory()
    AgencyFactory(active_to=datetime.date(2022, 12, 31))  # gone before 2023
    AgencyFactory(group=AgencyGroup.DISTRICT)
    opened = services.framework_assessments_open(
        framework=framework, actor=system_actor()
    )
    assert [a.agency for a in opened] == [active]
    assert opened[0].node_scores.count() == framework.nodes.count()
    assert (
        services.framework_assessments_open(framework=framework, actor=system_actor())
        == []
    )


def test_published_totals_rank_with_node_scored_assessments():
    framework = make_framework(total="10")
    scored = score(framework, entries=full_marks(framework))  # 100 %
    totals, created = services.assessment_totals_set(
        framework=framework,
        agency=AgencyFactory(),
        total_points=D("6.9"),
        applicable_max=D("7.15"),
        actor=system_actor(),
    )
    assert created and totals.percent == D("96.50")
    totals.refresh_from_db()
    scored.refresh_from_db()
    assert (scored.rank, totals.rank) == (1, 2)
    with pytest.raises(ValidationError, match="per-node scores"):
        services.assessment_totals_set(
            framework=framework,
            agency=scored.agency,
            total_points=D(1),
            applicable_max=D(10),
            actor=system_actor(),
        )
