"""Scores cannot be changed behind a publication, lost to a colleague's save,
or computed from a half-finished concurrent save."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from indices import services
from indices.access import system_actor
from indices.models import Assessment, NodeScore
from indices.services import ScoreEntry
from tests.indices.builders import full_marks, make_framework, score
from tests.indices.factories import AgencyFactory

pytestmark = pytest.mark.django_db
D = Decimal


def row(assessment, code):
    return NodeScore.objects.get(assessment=assessment, node__code=code)


def node_id(framework, code):
    return framework.nodes.get(code=code).pk


def test_published_results_refuse_score_changes_until_withdrawn():
    framework = make_framework()
    assessment = score(framework, entries=full_marks(framework))
    services.framework_results_publish(
        framework=framework,
        published_on=datetime.date(2024, 3, 7),
        actor=system_actor(),
    )
    change = {
        node_id(framework, "1.2"): ScoreEntry(self_score=D("1"), appraised_score=D("1"))
    }
    with pytest.raises(ValidationError) as refused:
        services.assessment_scores_update(
            assessment=assessment, entries=change, actor=system_actor()
        )
    assert refused.value.code == "published"
    assert row(assessment, "1.2").appraised_score == D("2")
    with pytest.raises(ValidationError):
        services.assessment_open(
            framework=framework, agency=AgencyFactory(), actor=system_actor()
        )
    framework.refresh_from_db()
    services.framework_results_unpublish(framework=framework, actor=system_actor())
    services.assessment_scores_update(
        assessment=assessment, entries=change, actor=system_actor()
    )
    assert row(assessment, "1.2").appraised_score == D("1")


def test_published_year_refuses_a_score_import_naming_the_row():
    framework = make_framework()
    assessment = score(framework, entries=full_marks(framework))
    services.framework_results_publish(
        framework=framework,
        published_on=datetime.date(2024, 3, 7),
        actor=system_actor(),
    )
    data = f"agency,code,self_score,appraised_score,survey_score,not_applicable,note\n{assessment.agency.name},1.2,1,1,,,\n".encode()
    with pytest.raises(Exception) as refused:
        services.index_scores_import(
            data=data, filename="diem.csv", year=2023, actor=system_actor()
        )
    assert "2" in str(refused.value) and "agency" in str(refused.value)
    assert row(assessment, "1.2").appraised_score == D("2")


def test_a_stale_form_keeps_a_colleagues_edit_of_another_row():
    framework = make_framework()
    assessment = score(framework, entries=full_marks(framework))
    seen = {
        r.node_id: ScoreEntry.of(r).fingerprint() for r in assessment.node_scores.all()
    }
    everything = {
        r.node_id: ScoreEntry.of(r)
        for r in assessment.node_scores.filter(node__is_leaf=True)
    }
    # A colleague lowers 1.1.1 after this user opened the page.
    services.assessment_scores_update(
        assessment=assessment,
        entries={
            node_id(framework, "1.1.1"): ScoreEntry(
                self_score=D("1.5"), appraised_score=D("0")
            )
        },
        actor=system_actor(),
    )
    # This user changes only the note of 1.2 and posts every row of the stale page.
    mine = dict(everything)
    mine[node_id(framework, "1.2")] = ScoreEntry(
        self_score=D("2"), appraised_score=D("2"), appraiser_note="Đủ hồ sơ"
    )
    services.assessment_scores_update(
        assessment=assessment, entries=mine, seen=seen, actor=system_actor()
    )
    assert row(assessment, "1.1.1").appraised_score == D("0")
    assert row(assessment, "1.2").appraiser_note == "Đủ hồ sơ"


def test_both_changing_the_same_row_is_refused_then_an_informed_save_wins():
    framework = make_framework()
    assessment = score(framework, entries=full_marks(framework))
    target = node_id(framework, "1.1.1")
    seen = {
        r.node_id: ScoreEntry.of(r).fingerprint() for r in assessment.node_scores.all()
    }
    services.assessment_scores_update(
        assessment=assessment,
        entries={target: ScoreEntry(self_score=D("1.5"), appraised_score=D("0"))},
        actor=system_actor(),
    )
    mine = {target: ScoreEntry(self_score=D("1.5"), appraised_score=D("1"))}
    with pytest.raises(ValidationError) as refused:
        services.assessment_scores_update(
            assessment=assessment, entries=mine, seen=seen, actor=system_actor()
        )
    assert refused.value.code == "stale" and refused.value.params["codes"] == ["1.1.1"]
    assert row(assessment, "1.1.1").appraised_score == D("0")
    seen[target] = ScoreEntry.of(row(assessment, "1.1.1")).fingerprint()
    services.assessment_scores_update(
        assessment=assessment, entries=mine, seen=seen, actor=system_actor()
    )
    assert row(assessment, "1.1.1").appraised_score == D("1")


def test_score_page_shows_the_colleagues_value_and_keeps_the_users_input(snv_client):
    framework = make_framework()
    assessment = score(framework, entries=full_marks(framework))
    url = reverse("indices:score_entry", kwargs={"assessment_id": assessment.pk})
    form = snv_client.get(url).context["form"]
    data = {
        name: ("" if value is None else value) for name, value in form.initial.items()
    }
    data = {k: v for k, v in data.items() if v is not False}
    target = node_id(framework, "1.1.1")
    services.assessment_scores_update(
        assessment=assessment,
        entries={target: ScoreEntry(self_score=D("1.5"), appraised_score=D("0.25"))},
        actor=system_actor(),
    )
    data[f"n{target}_appraised"] = "1,25"
    response = snv_client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "1.1.1" in body and "0,25" in body and 'value="1,25"' in body
    assert row(assessment, "1.1.1").appraised_score == D("0.25")
    # Saving again is an informed choice: it now goes through.
    again = response.context["form"].data
    assert snv_client.post(url, again).status_code == 302
    assert row(assessment, "1.1.1").appraised_score == D("1.25")


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_in_one_group_are_serialised_and_ranks_stay_right():
    framework = make_framework()
    first = score(framework, entries=full_marks(framework))
    second = score(framework, entries=full_marks(framework))
    target = node_id(framework, "1.2")
    barrier = threading.Barrier(2)
    errors = []

    def save(assessment, points):
        try:
            barrier.wait(timeout=10)
            services.assessment_scores_update(
                assessment=Assessment.objects.get(pk=assessment.pk),
                entries={
                    target: ScoreEntry(self_score=D(points), appraised_score=D(points))
                },
                actor=system_actor(),
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(first, "0.5")),
        threading.Thread(target=save, args=(second, "1.5")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.percent, second.percent) == (D("85.00"), D("95.00"))
    assert (second.rank, first.rank) == (1, 2)
    framework.refresh_from_db()
    assert framework.average_percent == D("90.00")
