"""The inspection workflow (planned → conducted → concluded, or cancelled),
the conclusion notice upload, and findings linked to the framework."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from indices.models import AgencyGroup, User
from inspections.models import (
    Finding,
    FindingSeverity,
    Inspection,
    InspectionKind,
    InspectionStatus,
    PlanStatus,
    TaskSource,
)
from inspections.services.findings import finding_create, finding_delete, finding_update
from inspections.services.inspections import (
    InspectionAction,
    inspection_ad_hoc_create,
    inspection_cancel,
    inspection_conclude,
    inspection_conduct,
    inspection_delete,
    inspection_refusal,
    inspection_update,
)
from tests.indices.factories import (
    AgencyFactory,
    FrameworkFactory,
    FrameworkNodeFactory,
)
from tests.inspections.factories import RemediationTaskFactory
from tests.inspections.plan_helpers import D, departments, draft_plan, in_english, item

pytestmark = pytest.mark.django_db
TODAY = D(2024, 12, 1)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english():
    with in_english():
        yield


@pytest.fixture(autouse=True)
def snv(snv_user):
    """Sở Nội vụ staff, the actor of the services tested here."""
    return snv_user


def _snv():
    return User.objects.get(username="snv")


@pytest.fixture
def planned():
    plan = draft_plan()
    (agency,) = departments(1)
    return item(plan, agency, month=5)


def _conduct(inspection, **kwargs):
    values = {
        "start_date": D(2024, 5, 14),
        "end_date": D(2024, 5, 15),
        "team_lead": "Nguyễn Văn Hùng",
        "today": TODAY,
    }
    return inspection_conduct(
        actor=_snv(), inspection=inspection, **{**values, **kwargs}
    )


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --- Transitions --------------------------------------------------------------------


def test_conduct_then_conclude(planned, private_media):
    _conduct(planned)
    planned.refresh_from_db()
    assert planned.status == InspectionStatus.CONDUCTED
    assert (planned.start_date, planned.end_date) == (D(2024, 5, 14), D(2024, 5, 15))
    inspection_conclude(
        actor=_snv(),
        inspection=planned,
        conclusion_number="45/TB-SNV",
        conclusion_date=D(2024, 6, 3),
        conclusion_file=SimpleUploadedFile("tb.pdf", PDF),
        today=TODAY,
    )
    planned.refresh_from_db()
    assert planned.status == InspectionStatus.CONCLUDED
    assert planned.conclusion_file.name.endswith(f"thong-bao-ket-luan-{planned.pk}.pdf")
    assert planned.conclusion_file.read() == PDF
    assert str(private_media) in planned.conclusion_file.path


def test_conclude_is_refused_before_conduct(planned):
    with pytest.raises(ValidationError, match="Record the inspection as conducted"):
        inspection_conclude(
            actor=_snv(),
            inspection=planned,
            conclusion_number="1/TB",
            conclusion_date=D(2024, 6, 3),
            today=TODAY,
        )
    planned.refresh_from_db()
    assert planned.status == InspectionStatus.PLANNED


def test_conduct_is_refused_once_concluded_or_cancelled(planned):
    inspection_cancel(actor=_snv(), inspection=planned, reason="Đơn vị sáp nhập")
    with pytest.raises(ValidationError, match="Only a planned inspection"):
        _conduct(planned)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"start_date": D(2025, 1, 3), "end_date": D(2025, 1, 3)},
            "start_date",
            "must be in 2024",
        ),
        ({"end_date": D(2024, 5, 1)}, "end_date", "before the start date"),
        ({"end_date": D(2024, 12, 5)}, "end_date", "in the future"),
        ({"team_lead": " "}, "team_lead", "head of the inspection team"),
    ],
)
def test_conduct_refuses_bad_input_naming_the_field(planned, changes, field, message):
    with pytest.raises(ValidationError) as error:
        _conduct(planned, **changes)
    assert message in " ".join(error.value.message_dict[field])
    planned.refresh_from_db()
    assert planned.status == InspectionStatus.PLANNED


def test_conduct_refuses_a_day_the_agency_did_not_exist():
    plan = draft_plan()
    agency = AgencyFactory(group=AgencyGroup.DEPARTMENT, active_to=D(2024, 5, 10))
    inspection = item(plan, agency, month=5)
    with pytest.raises(ValidationError) as error:
        _conduct(inspection)
    assert "ceased to exist on 10/05/2024" in error.value.message_dict["start_date"][0]


def test_conclusion_date_not_before_end_of_inspection(planned):
    _conduct(planned)
    with pytest.raises(ValidationError) as error:
        inspection_conclude(
            actor=_snv(),
            inspection=planned,
            conclusion_number="",
            conclusion_date=D(2024, 5, 10),
            today=TODAY,
        )
    assert set(error.value.message_dict) == {"conclusion_number", "conclusion_date"}


def test_cancel_needs_a_reason_and_only_planned(planned):
    with pytest.raises(ValidationError) as error:
        inspection_cancel(actor=_snv(), inspection=planned, reason="  ")
    assert "cancellation_reason" in error.value.message_dict
    inspection_cancel(
        actor=_snv(), inspection=planned, reason="Trùng lịch thanh tra chuyên ngành"
    )
    planned.refresh_from_db()
    assert planned.status == InspectionStatus.CANCELLED
    assert planned.cancellation_reason == "Trùng lịch thanh tra chuyên ngành"
    other = item(planned.plan, departments(1)[0], status=InspectionStatus.CONDUCTED)
    with pytest.raises(
        ValidationError, match="Only a planned inspection can be cancelled"
    ):
        inspection_cancel(actor=_snv(), inspection=other, reason="x")


def test_delete_only_from_a_draft_plan(planned):
    plan = planned.plan
    inspection_delete(actor=_snv(), inspection=planned)
    assert not Inspection.objects.filter(pk=planned.pk).exists()
    kept = item(plan, departments(1)[0])
    plan.status, plan.approved_on = PlanStatus.APPROVED, D(2024, 1, 20)
    plan.save()
    kept.refresh_from_db()
    with pytest.raises(ValidationError, match="cancel it with a reason instead"):
        inspection_delete(actor=_snv(), inspection=kept)
    assert Inspection.objects.filter(pk=kept.pk).exists()


def test_refusal_describes_every_impossible_action(planned):
    assert inspection_refusal(planned, InspectionAction.CONDUCT) is None
    assert "conducted" in inspection_refusal(planned, InspectionAction.CONCLUDE)
    assert "once the inspection has been conducted" in inspection_refusal(
        planned, InspectionAction.RECORD_FINDINGS
    )


def test_ad_hoc_inspection_takes_the_year_of_its_date():
    (agency,) = departments(1)
    inspection = inspection_ad_hoc_create(
        actor=_snv(),
        agency=agency,
        kind=InspectionKind.UNANNOUNCED,
        planned_date=D(2024, 7, 23),
    )
    assert inspection.plan is None
    assert (inspection.year, inspection.planned_month) == (2024, 7)


def test_update_keeps_plan_items_in_their_year(planned):
    with pytest.raises(ValidationError) as error:
        inspection_update(
            actor=_snv(),
            inspection=planned,
            kind=InspectionKind.THEMATIC,
            planned_date=D(2025, 2, 1),
        )
    assert "planned_date" in error.value.message_dict
    inspection_update(
        actor=_snv(), inspection=planned, kind=InspectionKind.THEMATIC, planned_month=9
    )
    planned.refresh_from_db()
    assert (planned.kind, planned.planned_month) == (InspectionKind.THEMATIC, 9)


# --- Conclusion notice upload ---------------------------------------------------------


def _conclude_with(inspection, upload):
    return inspection_conclude(
        actor=_snv(),
        inspection=inspection,
        conclusion_number="45/TB-SNV",
        conclusion_date=D(2024, 6, 3),
        conclusion_file=upload,
        today=TODAY,
    )


def test_upload_refuses_a_renamed_executable(planned, private_media):
    _conduct(planned)
    fake = SimpleUploadedFile("thong-bao.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError) as error:
        _conclude_with(planned, fake)
    message = error.value.message_dict["conclusion_file"][0]
    assert "thong-bao.pdf" in message and "Accepted types: PDF, DOCX" in message
    planned.refresh_from_db()
    assert planned.status == InspectionStatus.CONDUCTED and not planned.conclusion_file


def test_upload_refuses_an_image_for_a_notice(planned, private_media):
    _conduct(planned)
    png = SimpleUploadedFile("tb.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(ValidationError, match="Accepted types: PDF, DOCX"):
        _conclude_with(planned, png)


def test_upload_refuses_an_oversized_file(planned, private_media, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    _conduct(planned)
    big = SimpleUploadedFile("tb.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationError) as error:
        _conclude_with(planned, big)
    assert "at most" in error.value.message_dict["conclusion_file"][0]


def test_upload_accepts_docx_by_content(planned, private_media):
    _conduct(planned)
    _conclude_with(planned, SimpleUploadedFile("tb.bin", _docx()))
    planned.refresh_from_db()
    assert planned.conclusion_file.name.endswith(".docx")


def test_correcting_the_notice_keeps_the_file(planned, private_media):
    _conduct(planned)
    _conclude_with(planned, SimpleUploadedFile("tb.pdf", PDF))
    name = Inspection.objects.get(pk=planned.pk).conclusion_file.name
    inspection_conclude(
        actor=_snv(),
        inspection=planned,
        conclusion_number="46/TB-SNV",
        conclusion_date=D(2024, 6, 4),
        today=TODAY,
    )
    planned.refresh_from_db()
    assert planned.conclusion_number == "46/TB-SNV"
    assert planned.conclusion_file.name == name


# --- Findings -------------------------------------------------------------------------


@pytest.fixture
def conducted(planned):
    return _conduct(planned)


def test_finding_is_recorded_only_once_conducted(planned):
    with pytest.raises(ValidationError, match="once the inspection has been conducted"):
        finding_create(
            actor=_snv(),
            inspection=planned,
            description="x",
            severity=FindingSeverity.MINOR,
        )


def test_finding_links_a_node_of_the_agency_framework_for_the_year(conducted):
    framework = FrameworkFactory(year=2024, group=AgencyGroup.DEPARTMENT)
    node = FrameworkNodeFactory(framework=framework, code="3.2", level=2)
    finding = finding_create(
        actor=_snv(),
        inspection=conducted,
        description="Hồ sơ trễ hạn",
        severity=FindingSeverity.SERIOUS,
        node=node,
    )
    assert finding.node == node


@pytest.mark.parametrize(
    ("year", "group"),
    [(2023, AgencyGroup.DEPARTMENT), (2024, AgencyGroup.DISTRICT)],
)
def test_finding_refuses_a_node_of_another_framework(conducted, year, group):
    FrameworkFactory(year=2024, group=AgencyGroup.DEPARTMENT)
    other = FrameworkNodeFactory(framework=FrameworkFactory(year=year, group=group))
    with pytest.raises(ValidationError) as error:
        finding_create(
            actor=_snv(),
            inspection=conducted,
            description="x",
            severity=FindingSeverity.MINOR,
            node=other,
        )
    assert "is not a node of" in error.value.message_dict["node"][0]
    assert not Finding.objects.exists()


def test_finding_node_refused_when_no_framework_exists(conducted):
    node = FrameworkNodeFactory(framework=FrameworkFactory(year=2023))
    with pytest.raises(ValidationError) as error:
        finding_create(
            actor=_snv(),
            inspection=conducted,
            description="x",
            severity="minor",
            node=node,
        )
    assert "There is no 2024 framework" in error.value.message_dict["node"][0]
    # Without a node the finding is recorded.
    assert finding_create(
        actor=_snv(), inspection=conducted, description="x", severity="minor"
    ).pk


def test_finding_update_and_delete(conducted):
    finding = finding_create(
        actor=_snv(), inspection=conducted, description="x", severity="minor"
    )
    finding_update(
        actor=_snv(),
        finding=finding,
        description="Niêm yết TTHC chưa đầy đủ",
        severity=FindingSeverity.MODERATE,
        recommendation="Cập nhật niêm yết",
    )
    finding.refresh_from_db()
    assert finding.severity == FindingSeverity.MODERATE
    finding_delete(actor=_snv(), finding=finding)
    assert not Finding.objects.exists()


def test_finding_with_tasks_cannot_be_deleted(conducted):
    finding = finding_create(
        actor=_snv(), inspection=conducted, description="x", severity="minor"
    )
    RemediationTaskFactory(
        agency=conducted.agency, source=TaskSource.FINDING, finding=finding
    )
    with pytest.raises(ValidationError, match="has remediation tasks"):
        finding_delete(actor=_snv(), finding=finding)
    assert Finding.objects.filter(pk=finding.pk).exists()
