"""Uploaded documents: type checked from content, stored privately, served
only by views that have checked access first."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str
    # For Office files (zip containers): a member every genuine file has.
    zip_member: str = ""


PDF = FileKind("pdf", "application/pdf", "PDF")
DOCX = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "DOCX",
    "word/document.xml",
)
XLSX = FileKind(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "XLSX",
    "xl/workbook.xml",
)
JPG = FileKind("jpg", "image/jpeg", "JPG")
PNG = FileKind("png", "image/png", "PNG")

EVIDENCE_KINDS = (PDF, DOCX, XLSX, JPG, PNG)
DOCUMENT_KINDS = (PDF, DOCX)


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind
    size: int
    sha256: str


def check_upload(
    upload: UploadedFile,
    *,
    kinds: tuple[FileKind, ...] = EVIDENCE_KINDS,
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Accept the file only if its content is one of `kinds` and it is small enough.

    The name's extension is ignored: a renamed executable is refused by what
    it contains. Raises ValidationError with a message naming the file.
    """
    max_bytes = settings.EVIDENCE_MAX_BYTES if max_bytes is None else max_bytes
    accepted = ", ".join(kind.label for kind in kinds)
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s MB; files may be at most %(limit)s MB.")
            % {
                "name": upload.name,
                "size": _megabytes(upload.size),
                "limit": _megabytes(max_bytes),
            },
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(
            _("“%(name)s” is empty.") % {"name": upload.name}, code="empty"
        )
    upload.seek(0)
    head = upload.read(8192)
    guessed = filetype.guess(head)
    kind = next(
        (k for k in kinds if guessed and guessed.extension == k.extension), None
    )
    if (
        kind is not None
        and kind.zip_member
        and not _zip_has_member(upload, kind.zip_member)
    ):
        kind = None
    if kind is None:
        raise ValidationError(
            _(
                "“%(name)s” is not an accepted document: its content is %(detected)s. "
                "Accepted types: %(accepted)s."
            )
            % {
                "name": upload.name,
                "detected": guessed.mime if guessed else _("not a recognised document"),
                "accepted": accepted,
            },
            code="type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(kind=kind, size=upload.size, sha256=digest.hexdigest())


def _zip_has_member(upload: UploadedFile, member: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def _megabytes(size: int) -> str:
    from django.utils.formats import number_format

    return number_format(round(size / (1024 * 1024), 1), decimal_pos=1)


def private_file_response(
    field_file: FieldFile, *, download_name: str, content_type: str = ""
) -> FileResponse:
    """Stream a stored private file as a download.

    Call only after the caller has checked the user may see the owning object.
    """
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=download_name,
        content_type=content_type or None,
    )
    # A stored file is never rendered in the site's origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
