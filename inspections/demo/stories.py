"""The story of a demo task: workflow services run one after another, each
recorded step then dated to the day the story says it happened, and the
small PDF files standing in for evidence and documents."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from indices.models import Agency, User

from ..models import Evidence, RemediationTask, TaskEvent
from ..services import tasks as task_services

# Every demo text says it is illustrative.
DEMO_LABEL = "Dữ liệu minh họa (demo)."


# --- A tiny real PDF for the evidence files --------------------------------------------------


def demo_pdf(*lines: str) -> bytes:
    """A one-page PDF showing `lines` (ASCII), small enough for a demo."""
    text = " ".join(
        f"({line.replace(chr(92), '').replace('(', '[').replace(')', ']')}) Tj 0 -18 Td"
        for line in lines
    )
    stream = f"BT /F1 12 Tf 56 780 Td {text} ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _evidence_file(task: RemediationTask, name: str) -> SimpleUploadedFile:
    content = demo_pdf(
        "TAI LIEU KIEM CHUNG - DU LIEU MINH HOA (DEMO)",
        f"Nhiem vu so {task.pk}",
        name,
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- Steps of a task's story, each dated ------------------------------------------------------


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Story:
    """Runs workflow services on one task and dates each recorded step."""

    def __init__(self, task: RemediationTask, agency_user, snv_user):
        self.task = task
        self.agency_user = agency_user
        self.snv = snv_user

    def _dated(self, when: datetime.date, call: Callable[[], object], **fields):
        result = call()
        # One time of day per step, so the timeline and the task's own
        # timestamps agree (uploads in the morning, the rest in the afternoon).
        hour = 10 if isinstance(result, Evidence) else 15
        self.task.refresh_from_db()
        event = TaskEvent.objects.filter(task=self.task).order_by("-pk").first()
        TaskEvent.objects.filter(pk=event.pk).update(created_at=_at(when, hour))
        if fields:
            RemediationTask.objects.filter(pk=self.task.pk).update(
                **{name: _at(when, hour) for name in fields}
            )
        if isinstance(result, Evidence):
            Evidence.objects.filter(pk=result.pk).update(uploaded_at=_at(when, hour))
        self.task.refresh_from_db()
        return result

    def created(self, when: datetime.date) -> Story:
        TaskEvent.objects.filter(task=self.task).update(created_at=_at(when, 8))
        return self

    def progress(self, when, percent, note) -> Story:
        self._dated(
            when,
            lambda: task_services.task_progress_report(
                task=self.task,
                actor=self.agency_user,
                expected_version=self.task.version,
                percent=percent,
                note=f"{note} ({DEMO_LABEL})",
            ),
        )
        return self

    def evidence(self, when, name) -> Story:
        self._dated(
            when,
            lambda: task_services.task_evidence_add(
                task=self.task,
                actor=self.agency_user,
                upload=_evidence_file(self.task, name),
                description=DEMO_LABEL,
            ),
        )
        return self

    def submit(
        self, when, report="Đã hoàn thành khắc phục, gửi kèm tài liệu kiểm chứng."
    ) -> Story:
        self._dated(
            when,
            lambda: task_services.task_submit(
                task=self.task,
                actor=self.agency_user,
                expected_version=self.task.version,
                report=f"{report} ({DEMO_LABEL})",
            ),
            submitted_at=True,
        )
        return self

    def verify(self, when) -> Story:
        self._dated(
            when,
            lambda: task_services.task_verify(
                task=self.task,
                actor=self.snv,
                expected_version=self.task.version,
                note="Kết quả khắc phục đạt yêu cầu.",
            ),
            verified_at=True,
        )
        return self

    def give_back(self, when, reason) -> Story:
        self._dated(
            when,
            lambda: task_services.task_return(
                task=self.task,
                actor=self.snv,
                expected_version=self.task.version,
                reason=reason,
            ),
        )
        return self

    def extend(self, when, new_deadline, reference="") -> Story:
        self._dated(
            when,
            lambda: task_services.task_deadline_change(
                task=self.task,
                actor=self.snv,
                expected_version=self.task.version,
                new_deadline=new_deadline,
                reason="Cơ quan đề nghị gia hạn do chờ hướng dẫn của bộ, ngành "
                f"({DEMO_LABEL})",
                granted_by_chair=bool(reference),
                directive_reference=reference,
            ),
        )
        return self

    def cancel(self, when, reason) -> Story:
        self._dated(
            when,
            lambda: task_services.task_cancel(
                task=self.task,
                actor=self.snv,
                expected_version=self.task.version,
                reason=reason,
            ),
        )
        return self


def agency_user(agency: Agency, snv: User) -> User:
    """The demo account of the agency if there is one, else Sở Nội vụ (who may
    report on an agency's behalf, e.g. from a paper report)."""
    return (
        User.objects.filter(agency=agency, is_active=True).order_by("pk").first() or snv
    )
