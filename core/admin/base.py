"""Building blocks shared by the admin pages of both apps.

- `UnaccentSearchMixin`: search boxes that ignore diacritics (core.search).
- `ServiceAdminMixin`: writes go through the services. A ModelAdmin overrides
  `save_model`/`delete_model`, and its inlines `save_formset_through_services`,
  wrapping service calls in `refusals()`. When a service refuses, the whole
  save is rolled back (the admin saves in one transaction) and the posted form
  is shown again with the service's message on it, like any validation error.
- `ServiceInlineMixin`: inlines whose foreign keys use autocomplete without a
  query per row (the selected option's label comes from the row's preloaded
  object).
- `ReadOnlyAdminMixin`: rows written only by the site's workflows.
- `confirm_action`: the confirmation step of actions with consequences.
"""

from __future__ import annotations

from contextlib import contextmanager

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from ..forms.service_errors import add_service_errors
from ..search import text_search_q, unaccent_available


class ServiceRefusal(Exception):
    """A service refused an admin write; carries its ValidationError."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


@contextmanager
def refusals():
    """Turn a service's ValidationError into a ServiceRefusal, which the admin
    views below show on the form (Django's own ValidationErrors stay apart)."""
    try:
        yield
    except ValidationError as error:
        raise ServiceRefusal(error) from error


# --- Search -------------------------------------------------------------------------


class UnaccentSearchMixin:
    """`search_fields` matched without diacritics on PostgreSQL ("noi vu" finds
    "Sở Nội vụ"); Django's own search (icontains) elsewhere."""

    def get_search_results(self, request, queryset, search_term):
        search_fields = self.get_search_fields(request)
        if not (
            search_term.strip() and search_fields and unaccent_available(queryset.db)
        ):
            return super().get_search_results(request, queryset, search_term)
        condition = text_search_q(
            queryset.model, search_fields, search_term, using=queryset.db
        )
        may_have_duplicates = any(
            lookup_spawns_duplicates(self.opts, field.lstrip("^="))
            for field in search_fields
        )
        return queryset.filter(condition), may_have_duplicates


# --- Writes through services ----------------------------------------------------------


def _form_with_refusal(form_class, error: ValidationError):
    class RefusedForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            add_service_errors(self, error)

    RefusedForm.__name__ = form_class.__name__
    return RefusedForm


class ServiceAdminMixin:
    """Admin writes through the services (see the module docstring)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "_service_refusal", None)
        return form_class if error is None else _form_with_refusal(form_class, error)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefusal as refusal:
            # The first pass was rolled back; this one only shows the posted
            # form again, now invalid with the service's message.
            request._service_refusal = refusal.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceRefusal as refusal:
            for message in refusal.error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                    args=[object_id],
                    current_app=self.admin_site.name,
                )
            )

    def get_actions(self, request):
        # Bulk deletion would bypass delete_model; delete one row at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_formset(self, request, form, formset, change):
        inline = getattr(formset, "admin_inline", None)
        save = getattr(inline, "save_formset_through_services", None)
        if save is None:
            return super().save_formset(request, form, formset, change)
        new, changed, deleted = formset_changes(formset)
        with refusals():
            save(
                request,
                form.instance,
                formset=formset,
                new=new,
                changed=changed,
                deleted=deleted,
            )


def formset_changes(formset):
    """The (new, changed, deleted) forms of a valid formset, recorded on it as
    `formset.save()` would, for the admin's change message."""
    deleted = list(formset.deleted_forms) if formset.can_delete else []
    new = [f for f in formset.extra_forms if f.has_changed() and f not in deleted]
    changed = [f for f in formset.initial_forms if f.has_changed() and f not in deleted]
    formset.new_objects = [f.instance for f in new]
    formset.changed_objects = [(f.instance, f.changed_data) for f in changed]
    formset.deleted_objects = [f.instance for f in deleted]
    return new, changed, deleted


class HistoryAdminMixin:
    """Change history for reading: a "revert" would write past the services
    (SIMPLE_HISTORY_REVERT_DISABLED hides the button; this refuses the POST)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class CchcModelAdmin(UnaccentSearchMixin, ServiceAdminMixin, admin.ModelAdmin):
    """A model whose admin writes go through services."""


class CchcHistoryAdmin(
    UnaccentSearchMixin, ServiceAdminMixin, HistoryAdminMixin, SimpleHistoryAdmin
):
    """A model with change history whose admin writes go through services."""


class ReadOnlyAdminMixin:
    """Rows written only by the site's workflows: look, never edit here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Inlines --------------------------------------------------------------------------


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """Autocomplete that shows the row's current choice from an object already
    loaded with the row (select_related), instead of querying it per row."""

    preloaded: tuple[object, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = {
            str(v) for v in value if str(v) not in self.choices.field.empty_values
        }
        if self.preloaded is None or selected != {str(self.preloaded[0])}:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        pk, label = self.preloaded
        options.append(self.create_option(name, pk, label, True, len(options)))
        return [(None, options, 0)]


class ServiceInlineMixin:
    """Inline whose formsets are saved by `save_formset_through_services(request,
    parent, formset=…, new=…, changed=…, deleted=…)` (lists of forms), and
    whose autocomplete foreign keys cost no query per row.

    `fixed_fields` are shown but cannot change once the row exists (the
    services have no operation changing them).
    """

    fixed_fields: tuple[str, ...] = ()

    def get_queryset(self, request):
        related = [
            name
            for name in self.get_autocomplete_fields(request)
            if self.model._meta.get_field(name).many_to_one
        ]
        queryset = super().get_queryset(request)
        return queryset.select_related(*related) if related else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.admin_inline = self
        formset.form = _row_form(
            formset.form, self.get_autocomplete_fields(request), self.fixed_fields
        )
        return formset


def _row_form(form_class, autocomplete_fields, fixed_fields):
    class RowForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            instance = self.instance
            for name in autocomplete_fields:
                field = self.fields.get(name)
                if field is None or not getattr(instance, f"{name}_id", None):
                    continue
                related = getattr(instance, name)
                widget = getattr(field.widget, "widget", field.widget)
                if isinstance(widget, PreloadedAutocompleteSelect):
                    widget.preloaded = (related.pk, field.label_from_instance(related))
            if instance.pk:
                for name in fixed_fields:
                    if name in self.fields:
                        self.fields[name].disabled = True

    RowForm.__name__ = form_class.__name__
    return RowForm


# --- Actions ----------------------------------------------------------------------------


def confirm_action(
    modeladmin,
    request,
    queryset,
    *,
    action: str,
    title: str,
    intro: str,
    rows: list[tuple[object, str]],
    form: forms.Form | None = None,
    confirm_label: str,
    hidden: list[tuple[str, object]] = (),
):
    """The page asking to confirm `action` on the selected rows.

    `rows` are (object, note) pairs, the note saying e.g. why a row will be
    skipped; `hidden` are extra (name, value) inputs, e.g. the versions the
    user saw. The page posts back to the changelist with `post=yes`.
    """
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "rows": rows,
        "form": form,
        "action": action,
        "selected": [obj.pk for obj in queryset],
        "confirm_label": confirm_label,
        "hidden": list(hidden),
        "opts": modeladmin.opts,
        "media": modeladmin.media + (form.media if form else forms.Media()),
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/cchc/confirm_action.html", context)


def is_confirmed(request) -> bool:
    return request.POST.get("post") == "yes"


def report_skipped(modeladmin, request, skipped: list[tuple[object, str]]) -> None:
    """One warning listing each row an action left alone, and why."""
    if skipped:
        modeladmin.message_user(
            request,
            _("Skipped: %(rows)s")
            % {"rows": "; ".join(f"“{obj}” ({why})" for obj, why in skipped)},
            messages.WARNING,
        )
