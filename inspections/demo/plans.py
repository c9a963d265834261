"""Demo inspection plan of Bình Phước for 2024, its inspections and findings.

Everything here is illustrative (document numbers, dates, teams, findings) and
marked `is_illustrative`, so the pages label it. It is loaded through the same
services as the pages use, once: a second run finds the plan and stops.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from indices.access import system_actor
from indices.models import Agency, Framework, FrameworkNode, User

from ..models import FindingSeverity, InspectionKind, InspectionPlan
from ..services.findings import finding_create
from ..services.inspections import (
    inspection_ad_hoc_create,
    inspection_cancel,
    inspection_conclude,
    inspection_conduct,
)
from ..services.plans import plan_approve, plan_create, plan_item_add

YEAR = 2024
D = datetime.date
TEAM_LEAD = "Nguyễn Văn Hùng – Phó Giám đốc Sở Nội vụ"
TEAM = (
    "Trần Thị Mai – Trưởng phòng CCHC, Sở Nội vụ\n"
    "Lê Quang Vinh – Sở Tư pháp\n"
    "Phạm Thu Trang – Sở Thông tin và Truyền thông"
)
TOPICS = (
    "Chỉ đạo, điều hành CCHC; cải cách thể chế; cải cách TTHC và cơ chế một cửa, "
    "một cửa liên thông; cải cách tổ chức bộ máy; công vụ; tài chính công; "
    "chính quyền số."
)


@dataclass(frozen=True)
class DemoFinding:
    description: str
    recommendation: str
    severity: str
    node_code: str  # looked up in the 2024 framework of the agency's group


@dataclass(frozen=True)
class DemoInspection:
    agency: str
    month: int
    kind: str = InspectionKind.SCHEDULED
    combined_with: str = ""
    status: str = "planned"  # planned / conducted / concluded / cancelled
    start: datetime.date | None = None
    end: datetime.date | None = None
    notice: tuple[str, datetime.date] | None = None
    cancel_reason: str = ""
    in_plan: bool = True
    with_file: bool = False
    findings: list[DemoFinding] = field(default_factory=list)


INSPECTIONS = [
    DemoInspection(
        "Sở Tài nguyên và Môi trường",
        4,
        status="concluded",
        start=D(2024, 4, 16),
        end=D(2024, 4, 17),
        notice=("45/TB-SNV", D(2024, 5, 6)),
        with_file=True,
        findings=[
            DemoFinding(
                "Kế hoạch CCHC năm 2024 của Sở ban hành chậm so với thời hạn của UBND tỉnh.",
                "Ban hành kế hoạch CCHC hằng năm đúng thời hạn; phân công rõ đơn vị chủ trì.",
                FindingSeverity.MODERATE,
                "1.1",
            ),
            DemoFinding(
                "Tỷ lệ hồ sơ thủ tục hành chính lĩnh vực đất đai giải quyết trễ hạn còn cao.",
                "Rà soát quy trình nội bộ, xin lỗi người dân khi trễ hạn, báo cáo kết quả khắc phục.",
                FindingSeverity.SERIOUS,
                "3.2",
            ),
            DemoFinding(
                "Chưa số hóa đầy đủ kết quả giải quyết thủ tục hành chính còn hiệu lực.",
                "Xây dựng lộ trình số hóa, hoàn thành trong năm.",
                FindingSeverity.MODERATE,
                "7.2",
            ),
        ],
    ),
    DemoInspection(
        "Sở Y tế",
        6,
        kind=InspectionKind.COMBINED,
        combined_with="Kiểm tra công vụ, kỷ luật, kỷ cương hành chính",
        status="concluded",
        start=D(2024, 6, 11),
        end=D(2024, 6, 12),
        notice=("71/TB-SNV", D(2024, 6, 28)),
        findings=[
            DemoFinding(
                "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa chưa đầy đủ, chưa cập nhật.",
                "Cập nhật niêm yết theo danh mục TTHC đã công bố.",
                FindingSeverity.MINOR,
                "3.1",
            ),
            DemoFinding(
                "Một số công chức chưa đeo thẻ công chức khi thi hành công vụ.",
                "Chấn chỉnh việc chấp hành quy chế văn hóa công sở.",
                FindingSeverity.MINOR,
                "5.2",
            ),
        ],
    ),
    DemoInspection(
        "Sở Nông nghiệp và Phát triển nông thôn",
        5,
        kind=InspectionKind.THEMATIC,
        status="concluded",
        start=D(2024, 5, 21),
        end=D(2024, 5, 21),
        notice=("60/TB-SNV", D(2024, 6, 7)),
        findings=[
            DemoFinding(
                "Chưa kiểm tra công tác CCHC đối với các đơn vị trực thuộc theo kế hoạch.",
                "Tổ chức kiểm tra ít nhất 30 % đơn vị trực thuộc trong năm.",
                FindingSeverity.MODERATE,
                "1.3",
            ),
        ],
    ),
    DemoInspection(
        "Sở Giao thông vận tải",
        8,
        status="concluded",
        start=D(2024, 8, 13),
        end=D(2024, 8, 14),
        notice=("98/TB-SNV", D(2024, 8, 30)),
        findings=[
            DemoFinding(
                "Việc tự kiểm tra văn bản quy phạm pháp luật chưa được thực hiện thường xuyên.",
                "Thực hiện tự kiểm tra văn bản ngay sau khi ban hành.",
                FindingSeverity.MINOR,
                "2.1",
            ),
        ],
    ),
    DemoInspection(
        "Sở Khoa học và Công nghệ",
        9,
        status="conducted",
        start=D(2024, 9, 17),
        end=D(2024, 9, 18),
    ),
    DemoInspection(
        "Sở Tư pháp",
        10,
        status="conducted",
        start=D(2024, 10, 22),
        end=D(2024, 10, 23),
    ),
    DemoInspection("Ban Quản lý khu kinh tế", 11, kind=InspectionKind.THEMATIC),
    DemoInspection(
        "Sở Xây dựng",
        7,
        status="cancelled",
        cancel_reason=(
            "Trùng thời gian thanh tra chuyên ngành của Bộ Xây dựng; chuyển sang kế "
            "hoạch kiểm tra năm 2025."
        ),
    ),
    DemoInspection(
        "UBND huyện Bù Gia Mập",
        3,
        status="concluded",
        start=D(2024, 3, 19),
        end=D(2024, 3, 20),
        notice=("32/TB-SNV", D(2024, 4, 5)),
        findings=[
            DemoFinding(
                "Chưa triển khai đo lường sự hài lòng của người dân tại cấp xã.",
                "Tổ chức khảo sát sự hài lòng tại tất cả các xã trong quý III.",
                FindingSeverity.MODERATE,
                "8.1",
            ),
            DemoFinding(
                "Cơ sở vật chất Bộ phận Một cửa một số xã chưa bảo đảm theo quy định.",
                "Bố trí kinh phí nâng cấp trang thiết bị Bộ phận Một cửa cấp xã.",
                FindingSeverity.SERIOUS,
                "3.3",
            ),
        ],
    ),
    DemoInspection(
        "UBND huyện Hớn Quản",
        5,
        kind=InspectionKind.THEMATIC,
        status="concluded",
        start=D(2024, 5, 14),
        end=D(2024, 5, 14),
        notice=("58/TB-SNV", D(2024, 5, 31)),
        findings=[
            DemoFinding(
                "Phản ánh, kiến nghị của người dân trên hệ thống chưa được xử lý kịp thời.",
                "Phân công đầu mối theo dõi, xử lý phản ánh trong thời hạn quy định.",
                FindingSeverity.MODERATE,
                "3.4",
            ),
        ],
    ),
    DemoInspection(
        "UBND thị xã Phước Long",
        10,
        status="conducted",
        start=D(2024, 10, 8),
        end=D(2024, 10, 9),
    ),
    DemoInspection(
        "UBND huyện Bù Đốp",
        11,
        kind=InspectionKind.COMBINED,
        combined_with="Kiểm tra công tác kiểm soát thủ tục hành chính",
    ),
    DemoInspection(
        "UBND huyện Lộc Ninh",
        7,
        kind=InspectionKind.UNANNOUNCED,
        in_plan=False,
        status="concluded",
        start=D(2024, 7, 23),
        end=D(2024, 7, 23),
        notice=("88/TB-SNV", D(2024, 8, 2)),
        findings=[
            DemoFinding(
                "Công chức Bộ phận Một cửa vắng mặt trong giờ làm việc không có lý do.",
                "Kiểm điểm trách nhiệm, chấn chỉnh kỷ luật, kỷ cương hành chính.",
                FindingSeverity.SERIOUS,
                "5.3",
            ),
        ],
    ),
]


@transaction.atomic
def seed_inspection_plans() -> InspectionPlan | None:
    """The approved 2024 plan with inspections in every status; None when the
    agencies it needs are missing. Does nothing if the 2024 plan exists."""
    existing = InspectionPlan.objects.filter(year=YEAR).first()
    if existing is not None:
        return existing
    agencies = {a.name: a for a in Agency.objects.filter(name__in=_names())}
    if not agencies:
        return None
    # Sở Nội vụ's demo account records the plan (it shows as the approver);
    # without it, the system does.
    actor = User.objects.filter(username="snv").first() or system_actor()
    plan = plan_create(
        year=YEAR,
        actor=actor,
        title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2024",
        document_number="15/KH-UBND",
        document_date=D(2024, 1, 26),
        note=(
            "Dữ liệu minh họa: số, ngày văn bản, đoàn kiểm tra và kết quả kiểm tra "
            "là ví dụ, không phải văn bản thật của tỉnh."
        ),
        is_illustrative=True,
    )
    made = []
    for demo in INSPECTIONS:
        agency = agencies.get(demo.agency)
        if agency is None:
            continue
        common = {
            "agency": agency,
            "kind": demo.kind,
            "combined_with": demo.combined_with,
            "team_lead": TEAM_LEAD,
            "team_members": TEAM,
            "topics": TOPICS,
        }
        if demo.in_plan:
            inspection = plan_item_add(
                plan=plan, planned_month=demo.month, actor=actor, **common
            )
        else:
            inspection = inspection_ad_hoc_create(
                planned_date=demo.start, is_illustrative=True, actor=actor, **common
            )
        made.append((demo, inspection))
    plan_approve(plan=plan, actor=actor, approved_on=D(2024, 1, 26))
    for demo, inspection in made:
        _advance(demo, inspection, actor)
    return plan


def _advance(demo: DemoInspection, inspection, actor) -> None:
    if demo.status == "cancelled":
        inspection_cancel(inspection=inspection, actor=actor, reason=demo.cancel_reason)
        return
    if demo.status in ("conducted", "concluded"):
        inspection_conduct(
            inspection=inspection,
            actor=actor,
            start_date=demo.start,
            end_date=demo.end,
            team_lead=TEAM_LEAD,
            team_members=TEAM,
            summary=(
                "Đoàn làm việc với lãnh đạo đơn vị, kiểm tra hồ sơ, tài liệu và Bộ "
                "phận Một cửa (minh họa)."
            ),
        )
    if demo.status == "concluded":
        number, day = demo.notice
        nodes = _nodes(inspection.agency.group)
        for finding in demo.findings:
            finding_create(
                inspection=inspection,
                actor=actor,
                description=finding.description,
                severity=finding.severity,
                recommendation=finding.recommendation,
                node=nodes.get(finding.node_code),
            )
        inspection_conclude(
            inspection=inspection,
            actor=actor,
            conclusion_number=number,
            conclusion_date=day,
            conclusion_file=_notice_pdf(number) if demo.with_file else None,
            summary=(
                "Đơn vị đã triển khai cơ bản các nhiệm vụ CCHC; còn một số tồn tại, "
                "hạn chế nêu dưới đây (minh họa)."
            ),
        )


def _names() -> list[str]:
    return [demo.agency for demo in INSPECTIONS]


def _nodes(group: str) -> dict[str, FrameworkNode]:
    """The group's 2024 framework nodes by code; empty without a framework, so
    the findings are then left unlinked."""
    framework = Framework.objects.filter(year=YEAR, group=group).first()
    if framework is None:
        return {}
    return {node.code: node for node in framework.nodes.all()}


def _notice_pdf(number: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a signed notice (ASCII text only)."""
    text = f"THONG BAO KET LUAN KIEM TRA {number} - TAI LIEU MINH HOA (DEMO)"
    stream = f"BT /F1 14 Tf 60 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number_, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number_, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return SimpleUploadedFile(
        "thong-bao-ket-luan.pdf", bytes(out), content_type="application/pdf"
    )
