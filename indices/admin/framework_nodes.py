"""Framework nodes and bands on their own pages: the node list (filtered by
framework, exported in the framework file format) and a node's page, both
writing through the framework services; bands are read here and edited
under their framework."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy
from import_export import fields
from import_export.admin import ExportMixin

from core.admin.base import CchcModelAdmin, ReadOnlyAdminMixin, refusals
from core.admin.files import FileTransferMixin, SafeExportResource

from .. import policies, services
from ..models import Band, FrameworkNode
from ..services.framework_files import FRAMEWORK_COLUMNS, OPTIONAL_COLUMNS
from .frameworks import framework_locked
from .permissions import PolicyPermissionsMixin


def _may_change_tree(user, node=None) -> bool:
    return policies.may_change_framework(user, node.framework if node else None)


class FrameworkNodeResource(SafeExportResource):
    """Nodes in the framework file format (see indices.services.framework_files)."""

    parent_code = fields.Field(attribute="parent__code", column_name="parent_code")

    class Meta:
        model = FrameworkNode
        fields = [*FRAMEWORK_COLUMNS, *OPTIONAL_COLUMNS]
        export_order = [*FRAMEWORK_COLUMNS, *OPTIONAL_COLUMNS]

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("parent").order_by("framework", "order")


class NodeAddForm(forms.ModelForm):
    parent_code = forms.CharField(
        label=gettext_lazy("parent code"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Empty for a field."),
    )

    class Meta:
        model = FrameworkNode
        fields = ["framework", "code", "name", "max_points", "method", "guidance"]


@admin.register(FrameworkNode)
class FrameworkNodeAdmin(
    PolicyPermissionsMixin, FileTransferMixin, ExportMixin, CchcModelAdmin
):
    add_policy = change_policy = delete_policy = staticmethod(_may_change_tree)
    resource_classes = [FrameworkNodeResource]
    list_display = [
        "code",
        "name",
        "framework",
        "level",
        "max_points",
        "method",
        "is_leaf",
    ]
    list_filter = ["framework__year", "framework__group", "level", "method", "is_leaf"]
    list_select_related = ["framework"]
    search_fields = ["code", "name", "framework__name"]
    autocomplete_fields = ["framework"]
    ordering = ["-framework__year", "framework__group", "order"]
    readonly_fields = ["parent", "level", "order", "is_leaf"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = NodeAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "framework",
                "parent_code",
                "code",
                "name",
                "max_points",
                "method",
                "guidance",
            ]
        return [
            "framework",
            "parent",
            "code",
            "name",
            "max_points",
            "method",
            "guidance",
            "level",
            "order",
            "is_leaf",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = [*self.readonly_fields, "framework", "code"]
        if framework_locked(request, obj.framework):
            readonly += ["max_points", "method"]
        return readonly

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        with refusals():
            if change:
                node = FrameworkNode.objects.select_related("framework").get(pk=obj.pk)
                saved = services.framework_node_update(
                    node=node,
                    name=data["name"],
                    max_points=data.get("max_points", node.max_points),
                    method=data.get("method", node.method),
                    guidance=data["guidance"],
                    actor=request.user,
                )
            else:
                saved = services.framework_node_add(
                    framework=data["framework"],
                    code=data["code"],
                    parent_code=data["parent_code"],
                    name=data["name"],
                    max_points=data["max_points"],
                    method=data["method"],
                    guidance=data["guidance"],
                    actor=request.user,
                )
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        with refusals():
            services.framework_node_remove(node=obj, actor=request.user)


@admin.register(Band)
class BandAdmin(ReadOnlyAdminMixin, CchcModelAdmin):
    """Bands are edited under their framework (replaced together)."""

    list_display = ["label", "min_percent", "framework"]
    list_filter = ["framework__year", "framework__group"]
    list_select_related = ["framework"]
    search_fields = ["label", "framework__name"]
    ordering = ["-framework__year", "framework__group", "-min_percent"]
