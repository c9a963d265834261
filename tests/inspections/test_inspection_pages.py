"""Inspection and finding pages: isolation between agencies, read-only roles,
the workflow through the pages, the notice download, and query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indices.models import AgencyGroup
from inspections.models import (
    Finding,
    FindingSeverity,
    Inspection,
    InspectionKind,
    InspectionStatus,
)
from tests.indices.factories import FrameworkFactory, FrameworkNodeFactory
from tests.inspections.factories import FindingFactory
from tests.inspections.plan_helpers import D, ad_hoc, departments, draft_plan, item
from tests.isolation import agency_urls, assert_isolated, named_patterns
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
# URL arguments of the plan, inspection and finding pages.
OWN_ARGUMENTS = {"plan_id", "inspection_id", "finding_id"}


def _concluded_with_file(agency):
    plan = draft_plan()
    inspection = item(plan, agency, status=InspectionStatus.CONCLUDED)
    inspection.conclusion_file.save("tb.pdf", SimpleUploadedFile("tb.pdf", PDF))
    finding = FindingFactory(inspection=inspection)
    return plan, inspection, finding


def test_every_page_of_agency_b_is_refused_to_agency_a_and_open_to_snv(
    agency_b, client_a, snv_client, private_media
):
    plan, inspection, finding = _concluded_with_file(agency_b)
    ids = {"plan_id": plan.pk, "inspection_id": inspection.pk, "finding_id": finding.pk}
    # Every pattern of the namespace taking only these arguments, whoever adds it;
    # patterns with other arguments (tasks, directives…) are tested by their owners.
    urls, _others = agency_urls(ids, namespaces=("inspections",))
    names = {
        p.name
        for p in named_patterns(("inspections",))
        if p.arguments and p.arguments <= OWN_ARGUMENTS
    }
    assert len(urls) == len(names)
    assert {
        "inspections:plan_detail",
        "inspections:plan_suggestion_add",
        "inspections:inspection_detail",
        "inspections:inspection_conclude",
        "inspections:inspection_conclusion_download",
        "inspections:finding_detail",
        "inspections:finding_delete",
    } <= names
    assert_isolated(urls, outsider=client_a, insider=snv_client)


def test_agency_user_sees_own_inspection_and_finding_read_only(
    agency_a, client_a, private_media
):
    _plan, inspection, finding = _concluded_with_file(agency_a)
    detail = client_a.get(inspection.get_absolute_url())
    assert detail.status_code == 200
    body = detail.content.decode()
    assert finding.get_absolute_url() in body
    assert reverse("inspections:finding_create", args=[inspection.pk]) not in body
    assert client_a.get(finding.get_absolute_url()).status_code == 200
    download = client_a.get(
        reverse("inspections:inspection_conclusion_download", args=[inspection.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    for name in (
        "inspection_update",
        "inspection_conduct",
        "inspection_conclude",
        "inspection_cancel",
        "inspection_delete",
        "finding_create",
    ):
        url = reverse(f"inspections:{name}", kwargs={"inspection_id": inspection.pk})
        assert client_a.get(url).status_code == 403, name
        assert client_a.post(url, {}).status_code == 403, name
    for name in ("finding_update", "finding_delete"):
        url = reverse(f"inspections:{name}", kwargs={"finding_id": finding.pk})
        assert client_a.post(url, {}).status_code == 403, name
    assert Finding.objects.filter(pk=finding.pk).exists()


def test_leadership_reads_inspections_but_changes_nothing(leader_client):
    inspection = item(draft_plan(), departments(1)[0])
    assert leader_client.get(inspection.get_absolute_url()).status_code == 200
    url = reverse("inspections:inspection_cancel", args=[inspection.pk])
    assert leader_client.post(url, {"cancellation_reason": "x"}).status_code == 403
    assert (
        leader_client.get(reverse("inspections:inspection_create")).status_code == 403
    )
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED


def test_unannounced_inspection_is_hidden_from_the_agency_until_conducted(
    agency_a, client_a
):
    surprise = ad_hoc(agency_a, kind=InspectionKind.UNANNOUNCED)
    assert client_a.get(surprise.get_absolute_url()).status_code == 404
    listing = client_a.get(reverse("inspections:inspection_list")).content.decode()
    assert surprise.get_absolute_url() not in listing
    surprise.status, surprise.start_date = InspectionStatus.CONDUCTED, D(2024, 7, 1)
    surprise.save()
    assert client_a.get(surprise.get_absolute_url()).status_code == 200


def test_agency_user_lists_only_own_inspections(agency_a, agency_b, client_a):
    plan = draft_plan()
    mine = item(plan, agency_a)
    theirs = item(plan, agency_b)
    body = client_a.get(reverse("inspections:inspection_list")).content.decode()
    assert mine.get_absolute_url() in body
    assert theirs.get_absolute_url() not in body
    assert 'name="agency"' not in body  # nothing to choose from


def test_list_filters_and_search(snv_client):
    plan = draft_plan()
    a, b, c = departments(3)
    a.name = "Sở Y tế"
    a.save()
    done = item(plan, a, status=InspectionStatus.CONCLUDED)
    planned = item(plan, b)
    outside = ad_hoc(c, kind=InspectionKind.UNANNOUNCED)
    url = reverse("inspections:inspection_list")

    def shown(**params):
        body = snv_client.get(url, params).content.decode()
        return {i for i in (done, planned, outside) if i.get_absolute_url() in body}

    assert shown() == {done, planned, outside}
    assert shown(status="concluded") == {done}
    assert shown(origin="ad_hoc") == {outside}
    assert shown(kind="unannounced") == {outside}
    assert shown(q="y tế") == {done}
    assert shown(agency=b.pk) == {planned}
    assert shown(year=2023) == {done, planned, outside}  # not a listed year: ignored
    assert shown(group=AgencyGroup.DISTRICT) == set()


def test_inspection_export_is_an_xlsx_of_what_the_user_sees(client_a, agency_a):
    item(draft_plan(), agency_a)
    response = client_a.get(reverse("inspections:inspection_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# --- The workflow through the pages -------------------------------------------------


def test_record_conduct_then_conclude_with_upload(snv_client, private_media):
    inspection = item(draft_plan(), departments(1)[0], month=5)
    response = snv_client.post(
        reverse("inspections:inspection_conduct", args=[inspection.pk]),
        {
            "start_date": "14/05/2024",
            "end_date": "15/05/2024",
            "team_lead": "Nguyễn Văn Hùng",
        },
    )
    assert response.status_code == 302
    conclude_url = reverse("inspections:inspection_conclude", args=[inspection.pk])
    page = snv_client.get(conclude_url).content.decode()
    assert "15 ngày làm việc" in page and "15/05/2024" in page
    response = snv_client.post(
        conclude_url,
        {
            "conclusion_number": "45/TB-SNV",
            "conclusion_date": "2024-06-03",
            "conclusion_file": SimpleUploadedFile("tb.pdf", PDF),
        },
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CONCLUDED
    download = snv_client.get(
        reverse("inspections:inspection_conclusion_download", args=[inspection.pk])
    )
    assert b"".join(download.streaming_content) == PDF


def test_action_forms_start_from_what_is_known(snv_client):
    inspection = item(
        draft_plan(),
        departments(1)[0],
        planned_date=D(2024, 5, 14),
        team_lead="Trần An",
    )
    page = snv_client.get(
        reverse("inspections:inspection_conduct", args=[inspection.pk])
    ).content.decode()
    assert 'value="14/05/2024"' in page and 'value="Trần An"' in page
    page = snv_client.get(reverse("inspections:inspection_create")).content.decode()
    assert '<option value="unannounced" selected>' in page


def test_conclude_page_refuses_a_renamed_executable(snv_client, private_media):
    inspection = item(
        draft_plan(), departments(1)[0], status=InspectionStatus.CONDUCTED
    )
    response = snv_client.post(
        reverse("inspections:inspection_conclude", args=[inspection.pk]),
        {
            "conclusion_number": "45/TB-SNV",
            "conclusion_date": "2024-06-03",
            "conclusion_file": SimpleUploadedFile("tb.pdf", b"MZ\x90\x00" * 64),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "tb.pdf" in body and "PDF, DOCX" in body
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CONDUCTED
    assert not inspection.conclusion_file


def test_pages_explain_why_an_action_is_impossible(snv_client):
    inspection = item(draft_plan(), departments(1)[0])
    page = snv_client.get(
        reverse("inspections:inspection_conclude", args=[inspection.pk])
    ).content.decode()
    assert "Cần ghi nhận đã kiểm tra trước khi kết luận" in page
    assert '<form method="post" enctype' not in page
    response = snv_client.post(
        reverse("inspections:inspection_conclude", args=[inspection.pk]),
        {"conclusion_number": "1", "conclusion_date": "2024-06-03"},
    )
    assert "Cần ghi nhận đã kiểm tra trước khi kết luận" in response.content.decode()


def test_cancel_through_the_page_keeps_the_reason(snv_client):
    inspection = item(draft_plan(), departments(1)[0])
    page = snv_client.get(
        reverse("inspections:inspection_cancel", args=[inspection.pk])
    ).content.decode()
    assert "data-confirm=" in page
    snv_client.post(
        reverse("inspections:inspection_cancel", args=[inspection.pk]),
        {"cancellation_reason": "Đơn vị đã sáp nhập"},
    )
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CANCELLED
    assert (
        "Đơn vị đã sáp nhập"
        in snv_client.get(inspection.get_absolute_url()).content.decode()
    )


def test_ad_hoc_inspection_created_from_the_list(snv_client):
    (agency,) = departments(1)
    response = snv_client.post(
        reverse("inspections:inspection_create"),
        {"agency": agency.pk, "kind": "unannounced", "planned_date": "23/07/2024"},
    )
    inspection = Inspection.objects.get()
    assert response["Location"] == inspection.get_absolute_url()
    assert inspection.plan is None and inspection.year == 2024


def test_finding_form_offers_nodes_of_the_framework_or_says_there_is_none(snv_client):
    inspection = item(
        draft_plan(), departments(1)[0], status=InspectionStatus.CONDUCTED
    )
    url = reverse("inspections:finding_create", args=[inspection.pk])
    page = snv_client.get(url).content.decode()
    assert "Chưa có Bộ chỉ số năm 2024" in page
    framework = FrameworkFactory(year=2024, group=AgencyGroup.DEPARTMENT)
    node = FrameworkNodeFactory(framework=framework, code="3.2", level=2)
    other = FrameworkNodeFactory(framework=FrameworkFactory(year=2023))
    page = snv_client.get(url).content.decode()
    assert f'value="{node.pk}"' in page and f'value="{other.pk}"' not in page
    response = snv_client.post(
        url,
        {"description": "Hồ sơ trễ hạn", "severity": "serious", "node": other.pk},
    )
    assert response.status_code == 200 and not Finding.objects.exists()
    response = snv_client.post(
        url,
        {"description": "Hồ sơ trễ hạn", "severity": "serious", "node": node.pk},
    )
    assert response.status_code == 302
    assert Finding.objects.get().node == node


def test_finding_edit_and_delete_with_confirmation(snv_client):
    inspection = item(
        draft_plan(), departments(1)[0], status=InspectionStatus.CONDUCTED
    )
    finding = FindingFactory(inspection=inspection)
    snv_client.post(
        reverse("inspections:finding_update", args=[finding.pk]),
        {"description": "Đã sửa", "severity": FindingSeverity.MINOR},
    )
    finding.refresh_from_db()
    assert finding.description == "Đã sửa"
    delete_url = reverse("inspections:finding_delete", args=[finding.pk])
    assert "data-confirm=" in snv_client.get(delete_url).content.decode()
    response = snv_client.post(delete_url)
    assert response["Location"].endswith("#findings")
    assert not Finding.objects.exists()


# --- Query counts ---------------------------------------------------------------------


def test_inspection_list_query_count_is_constant(snv_client):
    plan = draft_plan()

    def grow(n):
        def add():
            for agency in departments(n):
                FindingFactory.create_batch(
                    2, inspection=item(plan, agency, status=InspectionStatus.CONDUCTED)
                )

        return add

    grow(5)()
    assert_constant_queries(
        lambda: snv_client.get(reverse("inspections:inspection_list")),
        grow(45),
        expected=10,
    )


def test_inspection_detail_query_count_is_constant(snv_client):
    inspection = item(
        draft_plan(), departments(1)[0], status=InspectionStatus.CONDUCTED
    )
    FindingFactory.create_batch(5, inspection=inspection)
    assert_constant_queries(
        lambda: snv_client.get(inspection.get_absolute_url()),
        lambda: FindingFactory.create_batch(45, inspection=inspection),
        expected=9,
    )
