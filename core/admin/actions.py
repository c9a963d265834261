"""Admin bulk actions as one pattern: confirm, apply one operation per row,
report what was done and what was skipped, and why.

An action describes itself with a `BulkOperation` (texts, optional form, the
per-row operation, which is one service call) and hands it to
`run_bulk_operation`, so no action writes its own loop, confirm page or
message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from .base import confirm_action, is_confirmed, report_skipped


@dataclass(frozen=True)
class BulkOperation:
    title: str
    intro: str
    confirm_label: str
    # apply(obj, cleaned_data, request): one service call; a ValidationError
    # or PermissionDenied skips the row with its message.
    apply: Callable[..., object]
    # done(count) -> the success message (ngettext of the count).
    done: Callable[[int], str]
    form_class: type[forms.Form] | None = None
    form_initial: dict = field(default_factory=dict)
    # note(obj) -> a remark shown beside the row on the confirm page.
    note: Callable[[object], str] = lambda obj: ""
    # skip(obj) -> why the row is left alone without being tried ("" to try).
    skip: Callable[[object], str] = lambda obj: ""
    # hidden(obj) -> extra inputs carried through the confirm page, e.g. the
    # version the user saw; read back with `posted`.
    hidden: Callable[[object], Iterable[tuple[str, object]]] = lambda obj: ()


def posted(request, name: str, default=None):
    return request.POST.get(name, default)


def run_bulk_operation(
    modeladmin, request, queryset, *, action: str, operation: BulkOperation
):
    rows = list(queryset)
    skips = {obj.pk: operation.skip(obj) for obj in rows}
    form = None
    if operation.form_class is not None:
        form = operation.form_class(
            request.POST if is_confirmed(request) else None,
            initial=operation.form_initial,
        )
    if not is_confirmed(request) or (form is not None and not form.is_valid()):
        return confirm_action(
            modeladmin,
            request,
            queryset,
            action=action,
            title=operation.title,
            intro=operation.intro,
            rows=[(obj, skips[obj.pk] or operation.note(obj)) for obj in rows],
            form=form,
            confirm_label=operation.confirm_label,
            hidden=[
                pair
                for obj in rows
                if not skips[obj.pk]
                for pair in operation.hidden(obj)
            ],
        )
    cleaned = form.cleaned_data if form is not None else {}
    done, skipped = 0, []
    for obj in rows:
        if skips[obj.pk]:
            skipped.append((obj, skips[obj.pk]))
            continue
        try:
            operation.apply(obj, cleaned, request)
        except PermissionDenied:
            skipped.append((obj, _("you may not do this")))
        except ValidationError as error:
            skipped.append((obj, " ".join(error.messages)))
        else:
            done += 1
    modeladmin.message_user(
        request,
        operation.done(done),
        messages.SUCCESS if done else messages.WARNING,
    )
    report_skipped(modeladmin, request, skipped)
    return None
