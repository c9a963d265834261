"""Demo remediation tasks and a chair's directive for `manage.py seed_demo`.

Everything here is illustrative and says so in its text. It goes through the
same services as the site (so events, history and deadlines are real), then
moves the timestamps of the recorded steps back to the dates the story
happened on, so that 2024 work reads as 2024 work. Dates of the directive are
relative to the day the demo is loaded, so the demo always has overdue and
due-soon tasks.

Runs after the agencies, the indices demo (2023 scores, the 2025
reorganisation) and the plans demo (findings); whatever of those is missing
is skipped. Running it again creates nothing new.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from indices.models import Agency, AgencyGroup, NodeScore, Reorganisation, User
from indices.models.agencies import ReorganisationKind

from ..models import (
    PENDING_STATUSES,
    DeadlineBasis,
    Directive,
    Finding,
    InspectionStatus,
    RemediationTask,
)
from ..services import directives as directive_services
from ..services import tasks as task_services
from ..services.reorganisations import tasks_transfer_to_successor
from .stories import DEMO_LABEL, Story, agency_user, demo_pdf

__all__ = ["DIRECTIVE_NUMBER", "DemoTasksSummary", "demo_pdf", "seed_tasks"]

D = datetime.date
DIRECTIVE_NUMBER = "1868/UBND-NC"
LOW_SCORE_YEAR = 2023
# The province announced the 2023 results on 07/03/2024; tasks follow a week later.
LOW_SCORE_START = D(2024, 3, 15)
LOW_SCORE_DEADLINE = D(2024, 9, 30)
# District committees ceased on 01/07/2025: their demo tasks are closed before.
DISTRICTS_END = D(2025, 6, 30)
DIRECTIVE_AGENCIES = [
    "Sở Y tế",
    "Sở Tư pháp",
    "Sở Giáo dục và Đào tạo",
    "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh",
    "Sở Công Thương",
    "Sở Văn hóa - Thể thao và Du lịch",
    "Sở Xây dựng",
]


@dataclass
class DemoTasksSummary:
    low_score_tasks: int = 0
    finding_tasks: int = 0
    directive_tasks: int = 0
    transferred: int = 0
    skipped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.low_score_tasks} from 2023 low scores, {self.finding_tasks} from "
            f"findings, {self.directive_tasks} from the chair's directive, "
            f"{self.transferred} moved to successor agencies"
        )
        return text + (f" (skipped: {'; '.join(self.skipped)})" if self.skipped else "")


# --- Tasks from the 2023 low-score flags ------------------------------------------------------


def _closed_before(story: Story, end: datetime.date, late: bool) -> None:
    """Evidence, report and verification, all before `end`."""
    submitted = D(2024, 10, 14) if late else D(2024, 9, 20)
    story.progress(D(2024, 6, 10), 50, "Đã xây dựng kế hoạch khắc phục")
    story.evidence(submitted - datetime.timedelta(days=2), "ke-hoach-khac-phuc.pdf")
    story.submit(submitted)
    story.verify(min(submitted + datetime.timedelta(days=12), end))


def _low_score_story(index: int, story: Story, today: datetime.date) -> None:
    task = story.task
    story.created(LOW_SCORE_START)
    if task.agency.group == AgencyGroup.DISTRICT or index % 6 in (0, 5):
        _closed_before(story, DISTRICTS_END, late=index % 4 == 1)
    elif index % 6 == 1:
        _closed_before(story, DISTRICTS_END, late=True)
    elif index % 6 == 2:
        story.progress(D(2024, 7, 1), 40, "Đang rà soát quy trình nội bộ")
        story.extend(
            D(2024, 9, 25), today + datetime.timedelta(days=5), "Công văn 3021/UBND-NC"
        )
    elif index % 6 == 3:
        story.progress(D(2024, 8, 5), 70, "Đã hoàn thành phần lớn nội dung")
        story.extend(D(2024, 9, 26), today - datetime.timedelta(days=12))
    else:
        story.evidence(D(2024, 9, 18), "bao-cao-ket-qua.pdf")
        story.extend(D(2024, 9, 19), today + datetime.timedelta(days=25))
        story.submit(today - datetime.timedelta(days=3))


def seed_low_score_tasks(
    snv: User, today: datetime.date, summary: DemoTasksSummary
) -> None:
    if not NodeScore.objects.filter(
        assessment__year=LOW_SCORE_YEAR, is_low=True
    ).exists():
        summary.skipped.append(
            f"no {LOW_SCORE_YEAR} low-score flags (indices demo absent)"
        )
        return
    result = task_services.tasks_create_from_low_scores(
        year=LOW_SCORE_YEAR,
        actor=snv,
        start_date=LOW_SCORE_START,
        deadline_basis=DeadlineBasis.DATE,
        deadline=LOW_SCORE_DEADLINE,
        instructions="Báo cáo kết quả khắc phục về Sở Nội vụ. " + DEMO_LABEL,
    )
    for index, task in enumerate(sorted(result.created, key=lambda t: t.pk)):
        _low_score_story(index, Story(task, agency_user(task.agency, snv), snv), today)
    summary.low_score_tasks = len(result.created)


# --- Tasks from inspection findings -------------------------------------------------------------


def seed_finding_tasks(
    snv: User, today: datetime.date, summary: DemoTasksSummary
) -> None:
    """A task per finding of the concluded inspections, recorded at the time
    for the inspected agency; most were fixed and verified, every third
    department's is still open after an extension."""
    if not Finding.objects.exists():
        summary.skipped.append("no inspection findings (plans demo absent)")
        return
    findings = (
        Finding.objects.filter(
            inspection__status=InspectionStatus.CONCLUDED,
            inspection__conclusion_date__isnull=False,
            tasks__isnull=True,
        )
        .select_related("inspection__agency")
        .order_by("inspection__conclusion_date", "pk")
    )
    for index, finding in enumerate(findings):
        start = finding.inspection.conclusion_date
        agency = finding.inspection.agency
        if not agency.is_active_on(start):
            continue
        defaults = task_services.finding_task_defaults(finding)
        task = task_services.task_create_from_finding(
            finding=finding,
            actor=snv,
            agency=agency,
            description=f"{defaults['description']}\n{DEMO_LABEL}",
        )
        story = Story(task, agency_user(agency, snv), snv).created(start)
        deadline = task.deadline
        stays_open = agency.group != AgencyGroup.DISTRICT and index % 3 == 2
        if deadline + datetime.timedelta(days=7) >= today:
            story.progress(
                min(start + datetime.timedelta(days=3), today), 20, "Đang khắc phục"
            )
        elif stays_open:
            story.progress(start + datetime.timedelta(days=5), 40, "Đang khắc phục")
            story.extend(deadline, today + datetime.timedelta(days=15))
        elif agency.group == AgencyGroup.DISTRICT and deadline >= DISTRICTS_END:
            story.cancel(
                DISTRICTS_END, "UBND cấp huyện kết thúc hoạt động từ 01/07/2025."
            )
        else:
            story.progress(deadline - datetime.timedelta(days=10), 60, "Đã chấn chỉnh")
            story.evidence(
                deadline - datetime.timedelta(days=3), "bien-ban-khac-phuc.pdf"
            )
            story.submit(deadline - datetime.timedelta(days=1))
            story.verify(deadline + datetime.timedelta(days=7))
        summary.finding_tasks += 1


# --- One directive of the provincial chair -----------------------------------------------------


def _directive_agencies(today: datetime.date) -> list[Agency]:
    active = {a.name: a for a in Agency.objects.active_on(today)}
    chosen = [active[name] for name in DIRECTIVE_AGENCIES if name in active]
    if len(chosen) < len(DIRECTIVE_AGENCIES):
        extra = [
            a
            for a in Agency.objects.active_on(today).order_by("group", "name")
            if a not in chosen
        ]
        chosen += extra[: len(DIRECTIVE_AGENCIES) - len(chosen)]
    return chosen


def seed_directive(snv: User, today: datetime.date, summary: DemoTasksSummary) -> None:
    if Directive.objects.filter(number=DIRECTIVE_NUMBER).exists():
        return
    agencies = _directive_agencies(today)
    if not agencies:
        summary.skipped.append("no agency active today for the demo directive")
        return
    issued = today - datetime.timedelta(days=60)

    def day(offset: int) -> datetime.date:
        return today + datetime.timedelta(days=offset)

    # (title, deadline, story) per agency, in DIRECTIVE_AGENCIES order.
    lines = [
        (
            "Rà soát, công bố đầy đủ thủ tục hành chính trên Cổng dịch vụ công",
            day(-10),
            lambda s: s.progress(day(-30), 60, "Đã rà soát 42/70 thủ tục"),
        ),
        ("Khắc phục tình trạng hồ sơ trễ hạn tại bộ phận một cửa", day(3), lambda s: s),
        (
            "Hoàn thiện quy chế làm việc theo mô hình tổ chức mới",
            day(6),
            lambda s: s.progress(day(-20), 30, "Đã có dự thảo quy chế"),
        ),
        (
            "Báo cáo kết quả thực hiện kiến nghị sau kiểm tra CCHC",
            day(30),
            lambda s: s.evidence(day(-6), "bao-cao-kien-nghi.pdf").submit(day(-5)),
        ),
        (
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            day(-20),
            lambda s: (
                s.evidence(day(-27), "ket-qua-so-hoa.pdf")
                .submit(day(-25))
                .verify(day(-22))
            ),
        ),
        (
            "Niêm yết công khai địa chỉ tiếp nhận phản ánh, kiến nghị",
            day(-30),
            lambda s: (
                s.evidence(day(-26), "anh-niem-yet.pdf")
                .submit(day(-25))
                .verify(day(-21))
            ),
        ),
        (
            "Cập nhật kế hoạch CCHC năm theo chỉ đạo của UBND tỉnh",
            day(12),
            lambda s: (
                s.evidence(day(-15), "ke-hoach-cchc.pdf")
                .submit(day(-14))
                .give_back(
                    day(-10),
                    "Kế hoạch chưa có phân công, thời hạn cụ thể; đề nghị bổ sung.",
                )
                .progress(day(-4), 80, "Đang bổ sung phân công")
            ),
        ),
        (
            "Rà soát chức năng, nhiệm vụ trùng lặp (đã giao cho cơ quan khác)",
            day(20),
            lambda s: s.cancel(
                day(-40), "Nội dung trùng với nhiệm vụ đã giao tại văn bản khác."
            ),
        ),
    ]
    assignments = [
        directive_services.DirectiveAssignment(
            agency=agency,
            title=f"{title} (minh họa)",
            deadline_basis=DeadlineBasis.DATE,
            deadline=deadline,
        )
        for agency, (title, deadline, _story) in zip(agencies, lines, strict=False)
    ]
    pdf = SimpleUploadedFile(
        "chi-dao.pdf",
        demo_pdf(
            "UY BAN NHAN DAN TINH - VAN BAN CHI DAO (MINH HOA, DEMO)",
            f"So {DIRECTIVE_NUMBER}",
            "Ve viec khac phuc ton tai, han che trong cong tac CCHC",
        ),
        content_type="application/pdf",
    )
    directive = directive_services.directive_create(
        number=DIRECTIVE_NUMBER,
        issued_on=issued,
        summary=(
            "Về việc khắc phục tồn tại, hạn chế trong công tác cải cách hành chính "
            "và nâng cao Chỉ số CCHC. " + DEMO_LABEL
        ),
        file=pdf,
        assignments=assignments,
        actor=snv,
    )
    tasks = {task.agency_id: task for task in directive.tasks.all()}
    for agency, (_title, _deadline, story) in zip(agencies, lines, strict=False):
        task = tasks[agency.pk]
        story(Story(task, agency_user(agency, snv), snv).created(issued))
    summary.directive_tasks = len(tasks)


# --- After the reorganisation ------------------------------------------------------------------


def transfer_after_reorganisations(snv: User, summary: DemoTasksSummary) -> None:
    """Apply the task transfer for the demo's mergers and renames (idempotent)."""
    for event in Reorganisation.objects.filter(
        kind__in=(ReorganisationKind.MERGE, ReorganisationKind.RENAME)
    ).order_by("effective_date", "pk"):
        summary.transferred += len(
            tasks_transfer_to_successor(reorganisation=event, actor=snv).moved
        )


@transaction.atomic
def seed_tasks(*, today: datetime.date | None = None) -> DemoTasksSummary:
    today = today or timezone.localdate()
    summary = DemoTasksSummary()
    snv = User.objects.filter(username="snv").first()
    if snv is None:
        summary.skipped.append("no Sở Nội vụ demo user")
        return summary
    seed_low_score_tasks(snv, today, summary)
    seed_finding_tasks(snv, today, summary)
    seed_directive(snv, today, summary)
    transfer_after_reorganisations(snv, summary)
    left = RemediationTask.objects.filter(
        status__in=PENDING_STATUSES, agency__active_to__lt=today
    ).count()
    if left:
        summary.skipped.append(f"{left} open tasks of agencies that no longer exist")
    return summary
