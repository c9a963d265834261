"""Uploaded files kept between a preview and its confirmation.

An import that shows what it will change before saving keeps the uploaded
file in private storage (default_storage, under `indices/imports/`) and gives
the page a token. Only the user who uploaded the file reads it back with the
token; confirming or cancelling discards it. The site and the admin keep only
the token (in the session), so both stage files the same way.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core import tabular

FOLDER = "indices/imports"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class StagedFile:
    token: str
    filename: str
    data: bytes = field(repr=False)
    # What the upload form said besides the file (e.g. the year), JSON values.
    details: dict = field(default_factory=dict)


def _read_upload(upload: UploadedFile) -> tuple[bytes, str]:
    if upload.size > tabular.MAX_UPLOAD_BYTES:
        raise tabular.file_error(
            upload.name,
            _("the file is larger than %(limit)s MB.")
            % {"limit": tabular.MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    data = upload.read()
    return data, tabular.detect_kind(data, upload.name)


def upload_read(upload: UploadedFile) -> bytes:
    """The content of an uploaded spreadsheet; raises TableInvalid when it is
    too large or not a CSV or XLSX file."""
    return _read_upload(upload)[0]


def _meta_path(token: str) -> str:
    return f"{FOLDER}/{token}.json"


def staged_file_save(*, owner, upload: UploadedFile, **details) -> StagedFile:
    """Check and keep `upload` for `owner` until it is confirmed or cancelled.
    `details` (JSON values) come back with the file."""
    data, kind = _read_upload(upload)
    token = uuid.uuid4().hex
    path = default_storage.save(f"{FOLDER}/{token}.{kind}", ContentFile(data))
    meta = {
        "owner": owner.pk,
        "path": path,
        "filename": upload.name,
        "details": details,
    }
    default_storage.save(_meta_path(token), ContentFile(json.dumps(meta).encode()))
    return StagedFile(token=token, filename=upload.name, data=data, details=details)


def _meta(owner, token: str | None) -> dict | None:
    if not token or not _TOKEN.match(token):
        return None
    meta_path = _meta_path(token)
    if not default_storage.exists(meta_path):
        return None
    with default_storage.open(meta_path, "rb") as file:
        meta = json.loads(file.read())
    if meta.get("owner") != owner.pk or not meta["path"].startswith(
        f"{FOLDER}/{token}."
    ):
        return None
    return meta


def staged_file_get(*, owner, token: str | None) -> StagedFile | None:
    """The file `owner` staged under `token`, or None (unknown, discarded, or
    staged by someone else)."""
    meta = _meta(owner, token)
    if meta is None or not default_storage.exists(meta["path"]):
        return None
    with default_storage.open(meta["path"], "rb") as file:
        data = file.read()
    return StagedFile(
        token=token, filename=meta["filename"], data=data, details=meta["details"]
    )


def staged_file_discard(*, owner, token: str | None) -> None:
    """Delete the file `owner` staged under `token`, if there is one."""
    meta = _meta(owner, token)
    if meta is None:
        return
    for path in (meta["path"], _meta_path(token)):
        if default_storage.exists(path):
            default_storage.delete(path)
