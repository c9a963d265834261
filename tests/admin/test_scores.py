"""Scores in the admin: inputs through the scoring service (stored results
recomputed, history kept), results read-only, import and export of the
per-node file."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indices.access import system_actor
from indices.models import Assessment, NodeScore
from tests.indices.builders import appraised, full_marks, make_framework, score
from tests.indices.factories import AgencyFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db

D = Decimal
IMPORT_FILE = reverse("admin:indices_nodescore_import_file")
HEADER = "agency,code,self_score,appraised_score,survey_score,not_applicable,note"


@pytest.fixture
def scored():
    framework = make_framework()
    assessment = score(
        framework,
        agency=AgencyFactory(name="Sở Tư pháp"),
        entries=full_marks(framework),
    )
    return framework, assessment


def node_score(assessment, code) -> NodeScore:
    return NodeScore.objects.get(assessment=assessment, node__code=code)


def test_a_score_changed_on_its_page_recomputes_the_stored_results(
    admin_client, superuser, scored
):
    _framework, assessment = scored
    row = node_score(assessment, "1.2")
    url = reverse("admin:indices_nodescore_change", args=[row.pk])
    data = form_data(admin_client.get(url))
    data.update(appraised_score="0.5", points="2", percent="100")  # results ignored
    assert admin_client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert (row.appraised_score, row.points, row.percent, row.is_low) == (
        D("0.5"),
        D("0.5"),
        D("25.00"),
        True,
    )
    assessment.refresh_from_db()
    assert (assessment.total_points, assessment.percent) == (D("8.5"), D("85.00"))
    assert assessment.band_label == "Khá"
    latest = row.history.order_by("-history_date").first()
    assert latest.history_user == superuser


def test_an_out_of_range_score_is_refused_and_nothing_changes(admin_client, scored):
    _framework, assessment = scored
    row = node_score(assessment, "1.2")
    url = reverse("admin:indices_nodescore_change", args=[row.pk])
    data = form_data(admin_client.get(url))
    data["appraised_score"] = "3"  # maximum 2
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "1.2 – appraised score: 3 is outside 0 – 2." in str(
        response.context["adminform"].form.non_field_errors()
    )
    row.refresh_from_db()
    assert row.appraised_score == D("2")


def test_results_and_non_leaf_scores_are_read_only(admin_client, scored):
    _framework, assessment = scored
    field_row = node_score(assessment, "1")
    response = admin_client.get(
        reverse("admin:indices_nodescore_change", args=[field_row.pk])
    )
    form_fields = response.context["adminform"].form.fields
    assert "points" not in form_fields and "appraised_score" not in form_fields
    leaf = node_score(assessment, "1.2")
    response = admin_client.get(
        reverse("admin:indices_nodescore_change", args=[leaf.pk])
    )
    assert "appraised_score" in response.context["adminform"].form.fields
    assert "percent" not in response.context["adminform"].form.fields


def test_scores_changed_in_the_assessment_inline_are_recomputed(admin_client, scored):
    _framework, assessment = scored
    url = reverse("admin:indices_assessment_change", args=[assessment.pk])
    response = admin_client.get(url)
    inline = response.context["inline_admin_formsets"][0].formset
    assert [f.instance.node.code for f in inline.forms] == [
        "1.1.1",
        "1.1.2",
        "1.2",
        "2",
    ]
    data = form_data(response)
    row = node_score(assessment, "2")
    key = next(k for k, v in data.items() if k.endswith("-id") and v == str(row.pk))
    data[key.replace("-id", "-survey_score")] = "2"
    data[key.replace("-id", "-appraiser_note")] = "Khảo sát lại"
    data["note"] = "Đã thẩm định lại"
    assert admin_client.post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.total_points, assessment.note) == (D("8"), "Đã thẩm định lại")
    assert node_score(assessment, "2").appraiser_note == "Khảo sát lại"


def test_an_assessment_opened_in_the_admin_has_a_row_per_node(admin_client):
    framework = make_framework()
    agency = AgencyFactory(name="Sở Mới")
    response = admin_client.post(
        reverse("admin:indices_assessment_add"),
        {"framework": framework.pk, "agency": agency.pk, "note": ""},
    )
    assert response.status_code == 302, response.context["errors"]
    assessment = Assessment.objects.get(agency=agency)
    assert assessment.year == 2023
    assert assessment.node_scores.count() == framework.nodes.count()
    assert assessment.rank == 1


def test_assessments_are_never_deleted(admin_client, scored):
    _framework, assessment = scored
    url = reverse("admin:indices_assessment_delete", args=[assessment.pk])
    assert admin_client.get(url).status_code == 403


def _scores_file(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "diem.csv", "\n".join([HEADER, *rows]).encode("utf-8"), content_type="text/csv"
    )


def test_import_of_a_good_scores_file_previews_then_saves(admin_client, scored):
    _framework, assessment = scored
    preview = admin_client.post(
        IMPORT_FILE,
        {"year": "2023", "file": _scores_file("Sở Tư pháp,1.2,2,1,,,Thiếu hồ sơ")},
    )
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert plan.change_count == 1
    assert node_score(assessment, "1.2").appraised_score == D("2")  # not yet
    response = admin_client.post(IMPORT_FILE, {"step": "confirm"})
    assert response.status_code == 302
    row = node_score(assessment, "1.2")
    assert (row.appraised_score, row.appraiser_note) == (D("1"), "Thiếu hồ sơ")
    assessment.refresh_from_db()
    assert assessment.total_points == D("9")


def test_import_of_a_bad_scores_file_saves_nothing_and_names_row_and_column(
    admin_client, scored
):
    _framework, assessment = scored
    response = admin_client.post(
        IMPORT_FILE,
        {
            "year": "2023",
            "file": _scores_file(
                "Sở Tư pháp,1.2,2,1,,,",
                "Sở Tư pháp,1.1.1,1,9,,,",
                "Sở Không Có,1.2,1,1,,,",
            ),
        },
    )
    assert response.status_code == 200 and response.context["plan"] is None
    errors = " ".join(response.context["form"].non_field_errors())
    assert "diem.csv, row 3, column D (“appraised_score”)" in errors
    assert "diem.csv, row 4, column A (“agency”)" in errors
    assert node_score(assessment, "1.2").appraised_score == D("2")
    # Confirming without a checked file does nothing either.
    admin_client.post(IMPORT_FILE, {"step": "confirm"})
    assert node_score(assessment, "1.2").appraised_score == D("2")


def test_exported_scores_have_the_import_columns_and_only_leaves(admin_client, scored):
    _framework, assessment = scored
    changelist = admin_client.get(reverse("admin:indices_nodescore_changelist"))
    assert IMPORT_FILE in changelist.content.decode()
    url = reverse("admin:indices_nodescore_export")
    form = admin_client.get(url).context["form"]
    data = {"format": "1", "resource": "0"}
    data.update(
        {
            n: "on"
            for n, f in form.fields.items()
            if getattr(f, "is_selectable_field", False)
        }
    )
    content = admin_client.post(url, data).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == [*HEADER.split(","), "explanation"]
    assert sorted(r[1] for r in rows[1:]) == ["1.1.1", "1.1.2", "1.2", "2"]
    # The file goes back in unchanged: nothing to change.
    preview = admin_client.post(
        IMPORT_FILE,
        {"year": "2023", "file": SimpleUploadedFile("lai.csv", content)},
    )
    assert preview.context["plan"].change_count == 0


def test_history_page_of_a_score_lists_the_change(admin_client, scored):
    _framework, assessment = scored
    row = node_score(assessment, "1.2")
    score_again = appraised(**{"1_2": "1"})
    from indices import services

    services.assessment_scores_update(
        assessment=assessment,
        entries={row.node_id: score_again["1.2"]},
        reason="Thẩm định vòng 2",
        actor=system_actor(),
    )
    response = admin_client.get(
        reverse("admin:indices_nodescore_history", args=[row.pk])
    )
    assert response.status_code == 200
    assert "Thẩm định vòng 2" in response.content.decode()


def test_recompute_action_restores_stored_results(admin_client, scored):
    _framework, assessment = scored
    Assessment.objects.filter(pk=assessment.pk).update(percent=D("1"), rank=9)
    response = admin_client.post(
        reverse("admin:indices_assessment_changelist"),
        {"action": "recompute", "_selected_action": [assessment.pk]},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.percent, assessment.rank) == (D("100.00"), 1)
