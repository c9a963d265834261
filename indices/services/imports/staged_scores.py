"""The score import of the site and the admin: the uploaded file is staged
for its uploader (services.staged_files), previewed (what would change, or
every problem of the file), then confirmed or cancelled."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from core.policies import require

from ... import policies
from .. import staged_files
from .scores import ScoresImportPlan, index_scores_import, plan_of


@dataclass(frozen=True)
class StagedScoresImport:
    """A scores file waiting for its uploader's confirmation, with what
    importing it would change (`plan`) or why it cannot be imported (`error`)."""

    token: str
    filename: str
    year: int
    plan: ScoresImportPlan | None
    error: ValidationError | None

    @property
    def errors(self) -> list[str]:
        return self.error.messages if self.error else []


def index_scores_import_stage(*, file: UploadedFile, year: int, actor) -> str:
    """Keep an uploaded scores file for `actor` until confirmed; returns its
    token. Raises ValidationError when the file is too large or not a
    spreadsheet (its rows are checked by the preview)."""
    require(policies.may_enter_scores(actor))
    return staged_files.staged_file_save(owner=actor, upload=file, year=year).token


def index_scores_import_staged(
    *, token: str | None, actor
) -> StagedScoresImport | None:
    """The file `actor` staged under `token`, previewed; None when there is none."""
    require(policies.may_enter_scores(actor))
    staged = staged_files.staged_file_get(owner=actor, token=token)
    if staged is None:
        return None
    year = staged.details["year"]
    plan, error = None, None
    try:
        plan = plan_of(data=staged.data, filename=staged.filename, year=year)
    except ValidationError as problem:
        error = problem
    return StagedScoresImport(
        token=staged.token, filename=staged.filename, year=year, plan=plan, error=error
    )


def index_scores_import_confirm(*, token: str | None, actor) -> ScoresImportPlan | None:
    """Import the file `actor` staged under `token` (index_scores_import), then
    discard it; None when no file is staged. A refused import raises
    ValidationError and keeps the file."""
    require(policies.may_enter_scores(actor))
    staged = staged_files.staged_file_get(owner=actor, token=token)
    if staged is None:
        return None
    plan = index_scores_import(
        data=staged.data,
        filename=staged.filename,
        year=staged.details["year"],
        actor=actor,
    )
    staged_files.staged_file_discard(owner=actor, token=token)
    return plan


def index_scores_import_discard(*, token: str | None, actor) -> None:
    """Forget the file `actor` staged under `token` (cancelled), if any."""
    staged_files.staged_file_discard(owner=actor, token=token)
