"""Frameworks in the admin: the node tree and bands through the framework
services, import and export of the tree, publication with confirmation, and
the way to tasks from low-score flags."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indices import services
from indices.access import system_actor
from indices.models import AgencyGroup, Framework, FrameworkNode, ResultsState
from tests.indices.builders import appraised, full_marks, make_framework, score

from .conftest import form_data, management

pytestmark = pytest.mark.django_db

D = Decimal
CHANGELIST = reverse("admin:indices_framework_changelist")
IMPORT_FILE = reverse("admin:indices_framework_import_file")


def change_url(framework):
    return reverse("admin:indices_framework_change", args=[framework.pk])


def node_rows(framework):
    return list(
        framework.nodes.order_by("order").values_list(
            "code", "parent__code", "level", "is_leaf", "order"
        )
    )


def _new_node(prefix, index, code, parent, max_points, method="appraisal"):
    return {
        f"{prefix}-{index}-code": code,
        f"{prefix}-{index}-parent_code": parent,
        f"{prefix}-{index}-name": f"Tiêu chí {code}",
        f"{prefix}-{index}-max_points": max_points,
        f"{prefix}-{index}-method": method,
    }


def test_a_framework_added_with_its_tree_goes_through_the_services(admin_client):
    data = {
        "year": "2026",
        "group": AgencyGroup.DEPARTMENT,
        "name": "Bộ chỉ số 2026",
        "decision_reference": "",
        "total_points": "10",
        "low_score_threshold": "70",
        **management("bands", total=0, initial=0),
        **management("nodes", total=4, initial=0),
        # Children listed before their parents: the admin adds parents first.
        **_new_node("nodes", 0, "1.2", "1", "4"),
        **_new_node("nodes", 1, "1.1", "1", "2"),
        **_new_node("nodes", 2, "1", "", "6"),
        **_new_node("nodes", 3, "2", "", "4", "survey"),
    }
    response = admin_client.post(reverse("admin:indices_framework_add"), data)
    assert response.status_code == 302, response.context["errors"]
    framework = Framework.objects.get(year=2026)
    assert node_rows(framework) == [
        ("1", None, 1, False, 0),
        ("1.1", "1", 2, True, 1),
        ("1.2", "1", 2, True, 2),
        ("2", None, 1, True, 3),
    ]
    assert list(framework.bands.values_list("label", flat=True)) == [
        "Tốt",
        "Khá",
        "Trung bình",
        "Yếu",
    ]
    assert services.framework_validate(framework) == []


def test_a_refused_node_saves_nothing_and_the_form_says_why(admin_client):
    framework = make_framework()
    before = node_rows(framework)
    data = form_data(admin_client.get(change_url(framework)))
    data["name"] = "Tên mới"
    data.update(_new_node("nodes", 6, "3", "", "1"))
    data.update(_new_node("nodes", 7, "9.1", "9", "1"))
    data["nodes-TOTAL_FORMS"] = "8"
    response = admin_client.post(change_url(framework), data)
    assert response.status_code == 200
    assert "No node with code 9 in this framework." in str(
        response.context["adminform"].form.non_field_errors()
    )
    framework.refresh_from_db()
    assert framework.name == "Bộ chỉ số 2023"  # the whole save was rolled back
    assert node_rows(framework) == before


def test_removing_a_node_in_the_inline_removes_its_subtree_and_reorders(admin_client):
    framework = make_framework()
    data = form_data(admin_client.get(change_url(framework)))
    one_one = framework.nodes.get(code="1.1")
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("nodes-") and key.endswith("-id") and value == str(one_one.pk)
    )
    data[f"nodes-{index}-DELETE"] = "on"
    response = admin_client.post(change_url(framework), data)
    assert response.status_code == 302
    assert node_rows(framework) == [
        ("1", None, 1, False, 0),
        ("1.2", "1", 2, True, 1),
        ("2", None, 1, True, 2),
    ]


def test_a_scored_framework_offers_no_structural_change(admin_client):
    framework = make_framework()
    score(framework, entries=appraised(**{"1_2": "2"}))
    response = admin_client.get(change_url(framework))
    inline = next(
        i
        for i in response.context["inline_admin_formsets"]
        if i.formset.prefix == "nodes"
    )
    assert not inline.has_add_permission and not inline.has_delete_permission
    assert "max_points" in inline.readonly_fields
    # Names can still be corrected, through framework_node_update.
    data = form_data(response)
    node = framework.nodes.get(code="1.2")
    key = next(k for k, v in data.items() if k.endswith("-id") and v == str(node.pk))
    data[key.replace("-id", "-name")] = "Tên đã sửa"
    assert admin_client.post(change_url(framework), data).status_code == 302
    node.refresh_from_db()
    assert (node.name, node.max_points) == ("Tên đã sửa", D("2"))


def test_the_node_page_refuses_a_structural_change_on_a_scored_framework(admin_client):
    framework = make_framework()
    score(framework, entries=appraised(**{"1_2": "2"}))
    node = framework.nodes.get(code="1.2")
    url = reverse("admin:indices_frameworknode_change", args=[node.pk])
    response = admin_client.get(url)
    assert "max_points" not in response.context["adminform"].form.fields


def test_bands_are_replaced_together_and_results_rebanded(admin_client):
    framework = make_framework()
    assessment = score(
        framework, entries=full_marks(framework, **appraised(**{"1_2": "0"}))
    )
    assert assessment.band_label == "Khá"  # 8 of 10
    data = form_data(admin_client.get(change_url(framework)))
    good = next(k for k, v in data.items() if k.startswith("bands-") and v == "Khá")
    data[good.replace("-label", "-min_percent")] = "75"
    data[good] = "Đạt"
    assert admin_client.post(change_url(framework), data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.band_label == "Đạt"
    assert set(framework.bands.values_list("label", flat=True)) == {
        "Tốt",
        "Đạt",
        "Trung bình",
        "Yếu",
    }


def _upload(text: str, name="bo-chi-so.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


GOOD_TREE = (
    "code,parent_code,name,max_points,method\n"
    "1,,Công tác chỉ đạo,60,appraisal\n"
    "1.1,1,Kế hoạch CCHC,60,appraisal\n"
    "2,,Khảo sát,40,survey\n"
)


def test_import_of_a_good_framework_file(admin_client, superuser):
    response = admin_client.post(
        IMPORT_FILE,
        {"file": _upload(GOOD_TREE), "year": "2027", "group": AgencyGroup.DEPARTMENT},
    )
    framework = Framework.objects.get(year=2027)
    assert response.status_code == 302
    assert response["Location"] == change_url(framework)
    assert [c for c, *_rest in node_rows(framework)] == ["1", "1.1", "2"]
    assert framework.history.get().history_user == superuser


def test_import_of_a_bad_framework_file_saves_nothing_and_names_row_and_column(
    admin_client,
):
    bad = GOOD_TREE.replace("1.1,1,Kế hoạch CCHC,60", "1.1,1,Kế hoạch CCHC,abc")
    response = admin_client.post(
        IMPORT_FILE,
        {"file": _upload(bad), "year": "2027", "group": AgencyGroup.DEPARTMENT},
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "bo-chi-so.csv, row 3, column D (“max_points”)" in errors
    assert not Framework.objects.filter(year=2027).exists()


def test_exported_nodes_import_again_as_the_same_tree(admin_client):
    framework = make_framework()
    make_framework(year=2024)  # not exported: the export follows the filter
    url = reverse("admin:indices_frameworknode_export")
    query = f"?framework__id__exact={framework.pk}"
    form = admin_client.get(url + query).context["form"]
    data = {"format": "1", "resource": "0"}
    data.update(
        {
            n: "on"
            for n, f in form.fields.items()
            if getattr(f, "is_selectable_field", False)
        }
    )
    exported = admin_client.post(url + query, data).content
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert rows[0] == [
        "code",
        "parent_code",
        "name",
        "max_points",
        "method",
        "guidance",
    ]
    copy = services.framework_import(
        data=exported,
        filename="xuat.csv",
        year=2030,
        group=AgencyGroup.DEPARTMENT,
        total_points=D("10"),
        actor=system_actor(),
    )
    assert [(c, p) for c, p, *_rest in node_rows(copy)] == [
        (c, p) for c, p, *_rest in node_rows(framework)
    ]


def test_publish_action_confirms_then_publishes_through_the_service(admin_client):
    ready = make_framework()
    score(ready, entries=full_marks(ready))
    unfinished = make_framework(year=2024)
    score(unfinished, entries={})  # nothing appraised yet
    selected = {
        "action": "publish_results",
        "_selected_action": [ready.pk, unfinished.pk],
    }
    page = admin_client.post(CHANGELIST, selected)
    assert page.status_code == 200 and "Publish results" in page.content.decode()
    response = admin_client.post(
        CHANGELIST,
        {**selected, "post": "yes", "published_on": "2024-03-07"},
        follow=True,
    )
    ready.refresh_from_db()
    unfinished.refresh_from_db()
    assert ready.results_state == ResultsState.PUBLISHED
    assert ready.published_on == datetime.date(2024, 3, 7)
    assert unfinished.results_state == ResultsState.DRAFT
    text = " ".join(str(m) for m in response.context["messages"])
    assert "The results of 1 framework were published." in text
    assert "Skipped" in text and "The appraisal is not finished for" in text


def test_low_score_action_leads_to_the_preview_of_the_year(admin_client):
    framework = make_framework(year=2024)
    response = admin_client.post(
        CHANGELIST,
        {"action": "tasks_from_low_scores", "_selected_action": [framework.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("inspections:task_create_from_low_scores") + "?year=2024"
    )
    preview = admin_client.get(response["Location"])
    assert preview.status_code == 200 and preview.context["year"] == 2024


def test_low_score_action_is_offered_on_assessments_too(admin_client):
    framework = make_framework(year=2024)
    assessment = score(framework)
    response = admin_client.post(
        reverse("admin:indices_assessment_changelist"),
        {"action": "tasks_from_low_scores", "_selected_action": [assessment.pk]},
    )
    assert response["Location"].endswith("?year=2024")


def test_low_score_action_needs_a_single_year(admin_client):
    first, second = make_framework(year=2023), make_framework(year=2024)
    response = admin_client.post(
        CHANGELIST,
        {"action": "tasks_from_low_scores", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "a single year" in " ".join(str(m) for m in response.context["messages"])


def test_node_added_on_its_own_page_goes_through_the_service(admin_client):
    framework = make_framework()
    response = admin_client.post(
        reverse("admin:indices_frameworknode_add"),
        {
            "framework": framework.pk,
            "parent_code": "1.1",
            "code": "1.1.3",
            "name": "Mới",
            "max_points": "1",
            "method": "appraisal",
            "guidance": "",
        },
    )
    assert response.status_code == 302
    node = FrameworkNode.objects.get(framework=framework, code="1.1.3")
    assert (node.parent.code, node.level, node.is_leaf) == ("1.1", 3, True)


def test_recompute_action_restores_the_groups_results(admin_client):
    framework = make_framework()
    score(framework, entries=full_marks(framework))
    Framework.objects.filter(pk=framework.pk).update(average_percent=D("1"))
    admin_client.post(
        CHANGELIST, {"action": "recompute_results", "_selected_action": [framework.pk]}
    )
    framework.refresh_from_db()
    assert framework.average_percent == D("100.00")
