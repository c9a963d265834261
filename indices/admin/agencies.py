"""The agency registry and its reorganisations."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import ImportExportMixin

from core.admin.actions import BulkOperation, run_bulk_operation
from core.admin.base import (
    CchcHistoryAdmin,
    ReadOnlyAdminMixin,
    refusals,
)
from core.admin.files import FileTransferMixin, SafeExportResource
from core.formatting import short_date

from .. import policies, services
from ..forms.agencies import AgencyDeactivateForm
from ..models import Agency, Reorganisation
from ..services.agencies import AGENCY_EDITABLE_FIELDS
from .permissions import PolicyPermissionsMixin

AGENCY_COLUMNS = ["code", *[f for f in AGENCY_EDITABLE_FIELDS if f != "snv_liaison"]]


class AgencyResource(SafeExportResource):
    """Agencies as spreadsheet rows, matched by code; saved through the agency
    services, so an import validates and keeps history like the site's forms.

    Only the columns present in the file are changed; a row whose agency does
    not exist yet registers it.
    """

    class Meta:
        model = Agency
        fields = AGENCY_COLUMNS
        export_order = AGENCY_COLUMNS
        import_id_fields = ["code"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        # The services validate (full_clean) and raise errors naming the field.
        clean_model_instances = False

    def save_instance(self, instance, is_create, row, **kwargs):
        actor = kwargs.get("user")
        values = {
            name: getattr(instance, name)
            for name in AGENCY_EDITABLE_FIELDS
            if name in row and name in AGENCY_COLUMNS
        }
        if is_create:
            saved = services.agency_create(actor=actor, code=instance.code, **values)
        else:
            saved = services.agency_update(
                agency=Agency.objects.get(pk=instance.pk),
                actor=actor,
                reason=_("Import of %(file)s")
                % {"file": (kwargs.get("file_name") or "")[:60]},
                **values,
            )
        instance.pk = saved.pk


@admin.register(Agency)
class AgencyAdmin(
    PolicyPermissionsMixin, FileTransferMixin, ImportExportMixin, CchcHistoryAdmin
):
    add_policy = staticmethod(policies.may_add_agency)
    change_policy = staticmethod(policies.may_change_agency)
    delete_policy = staticmethod(policies.may_delete_agency)
    resource_classes = [AgencyResource]
    list_display = [
        "name",
        "code",
        "group",
        "active_from",
        "active_to",
        "focal_name",
        "snv_liaison",
    ]
    list_filter = ["group", "province", "active_to"]
    list_select_related = ["snv_liaison"]
    search_fields = ["name", "short_name", "code", "focal_name", "head_name"]
    autocomplete_fields = ["snv_liaison"]
    ordering = ["group", "name"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["deactivate"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "code", "group", "province"]}),
        (
            gettext_lazy("Existence"),
            {
                "fields": ["active_from", "active_to"],
                "description": gettext_lazy(
                    "An agency is never deleted once anything refers to it: "
                    "record its last day instead."
                ),
            },
        ),
        (
            gettext_lazy("Contacts for reminders"),
            {
                "fields": [
                    "contact_emails",
                    "head_name",
                    "head_email",
                    "focal_name",
                    "focal_email",
                    "focal_phone",
                    "snv_liaison",
                ]
            },
        ),
        (gettext_lazy("Record details"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The code identifies the agency in files and URLs; it never changes.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "code"] if obj is not None else readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "code" in form.base_fields:
            form.base_fields["code"].required = False
            form.base_fields["code"].help_text = _(
                "Stable identifier, e.g. so-noi-vu. Left empty, it is made from the name."
            )
        return form

    def save_model(self, request, obj, form, change):
        values = {
            name: form.cleaned_data[name]
            for name in AGENCY_EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        with refusals():
            if change:
                saved = services.agency_update(
                    agency=Agency.objects.get(pk=obj.pk), actor=request.user, **values
                )
            else:
                saved = services.agency_create(
                    actor=request.user, code=form.cleaned_data.get("code", ""), **values
                )
        obj.pk, obj.code = saved.pk, saved.code
        obj._state.adding = False

    def delete_view(self, request, object_id, extra_context=None):
        agency = self.get_object(request, unquote(object_id))
        refusal = agency and services.agency_delete_refusal(agency)
        if refusal:
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    refusal,
                    reverse(
                        "indices:agency_deactivate", kwargs={"agency_id": agency.pk}
                    ),
                    _("Record the last day"),
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse("admin:indices_agency_change", args=[agency.pk])
            )
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        with refusals():
            services.agency_delete(agency=obj, actor=request.user)

    @admin.action(
        description=gettext_lazy(
            "Deactivate the selected agencies (record the last day)"
        ),
        permissions=["change"],
    )
    def deactivate(self, request, queryset):
        return run_bulk_operation(
            self,
            request,
            queryset,
            action="deactivate",
            operation=BulkOperation(
                title=_("Deactivate agencies"),
                intro=_(
                    "These agencies will stop existing after the day you give. They "
                    "stay in the registry with their results, inspections and tasks."
                ),
                confirm_label=_("Record the last day"),
                form_class=AgencyDeactivateForm,
                apply=lambda agency, data, request: services.agency_deactivate(
                    agency=agency,
                    active_to=data["active_to"],
                    reason=data["reason"],
                    actor=request.user,
                ),
                done=lambda count: (
                    ngettext(
                        "The last day of %(count)d agency was recorded.",
                        "The last day of %(count)d agencies was recorded.",
                        count,
                    )
                    % {"count": count}
                ),
                note=lambda agency: (
                    _("already ended on %(day)s")
                    % {"day": short_date(agency.active_to)}
                    if agency.active_to
                    else ""
                ),
            ),
        )


@admin.register(Reorganisation)
class ReorganisationAdmin(ReadOnlyAdminMixin, CchcHistoryAdmin):
    """Reorganisations are recorded on the site (Agencies › Reorganisation),
    which also moves the open tasks of the agencies concerned."""

    list_display = [
        "effective_date",
        "kind",
        "predecessor_names",
        "successor_names",
        "decision_reference",
    ]
    list_filter = ["kind"]
    search_fields = [
        "decision_reference",
        "note",
        "predecessors__name",
        "successors__name",
    ]
    date_hierarchy = "effective_date"
    ordering = ["-effective_date", "-pk"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).prefetch_related("predecessors", "successors")
        )

    @admin.display(description=gettext_lazy("predecessors"))
    def predecessor_names(self, obj):
        return format_html_join(", ", "{}", ((a.name,) for a in obj.predecessors.all()))

    @admin.display(description=gettext_lazy("successors"))
    def successor_names(self, obj):
        return format_html_join(", ", "{}", ((a.name,) for a in obj.successors.all()))
