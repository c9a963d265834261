"""The framework browser (every signed-in user) and framework management,
publication and assessments (Sở Nội vụ staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from core.forms.service_errors import add_service_errors
from core.spreadsheets import XLSX_CONTENT_TYPE

from .. import selectors, services
from ..access import acts_for_all_agencies
from ..forms.frameworks import (
    FrameworkCopyForm,
    FrameworkCreateForm,
    FrameworkImportForm,
    FrameworkUpdateForm,
    NodeCreateForm,
    NodeUpdateForm,
    PublishForm,
    band_formset,
    bands_of,
)
from ..models import AgencyGroup
from ._access import SnvRequiredMixin


class FrameworkListView(ListView):
    template_name = "indices/framework_list.html"
    context_object_name = "frameworks"
    paginate_by = 50

    def get_queryset(self):
        year_text = self.request.GET.get("year", "")
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else 0
        group = self.request.GET.get("group", "")
        return selectors.framework_list(
            year=year, group=group if group in AgencyGroup.values else ""
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            years=selectors.result_years(),
            groups=AgencyGroup.choices,
            selected_year=self.request.GET.get("year", ""),
            selected_group=self.request.GET.get("group", ""),
            can_manage=acts_for_all_agencies(self.request.user)
            and self.request.user.has_perm("indices.add_framework"),
            **kwargs,
        )


class FrameworkDetailView(TemplateView):
    template_name = "indices/framework_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        detail = selectors.framework_detail(self.kwargs["framework_id"])
        return super().get_context_data(
            detail=detail,
            framework=detail.framework,
            can_manage=acts_for_all_agencies(user)
            and user.has_perm("indices.change_framework"),
            can_publish=acts_for_all_agencies(user)
            and user.has_perm("indices.publish_results"),
            **kwargs,
        )


class FrameworkExportView(View):
    """The framework as CSV (default) or XLSX; frameworks are public documents."""

    def get(self, request, framework_id):
        framework = selectors.framework_get(framework_id)
        name = f"bo-chi-so-{framework.year}-{framework.group}"
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(
                services.framework_xlsx_bytes(framework), content_type=XLSX_CONTENT_TYPE
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        else:
            response = HttpResponse(
                services.framework_csv_bytes(framework),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


class _FrameworkMixin(SnvRequiredMixin):
    permission_required = "indices.change_framework"

    def dispatch(self, request, *args, **kwargs):
        self.framework = selectors.framework_get(kwargs["framework_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(framework=self.framework, **kwargs)


class FrameworkCreateView(SnvRequiredMixin, FormView):
    permission_required = "indices.add_framework"
    template_name = "indices/framework_form.html"
    form_class = FrameworkCreateForm

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def form_valid(self, form):
        try:
            framework = services.framework_create(
                actor=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The framework was created with the default bands.")
        )
        return redirect(framework)


class FrameworkUpdateView(_FrameworkMixin, FormView):
    template_name = "indices/framework_form.html"
    form_class = FrameworkUpdateForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": selectors.framework_get(self.framework.pk),
        }

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "bands",
            band_formset(
                self.framework,
                self.request.POST if self.request.method == "POST" else None,
            ),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        bands = band_formset(self.framework, self.request.POST)
        if not bands.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, bands=bands)
            )
        try:
            services.framework_update(
                framework=self.framework, actor=self.request.user, **form.cleaned_data
            )
            services.framework_bands_set(
                framework=self.framework, bands=bands_of(bands)
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(
                self.get_context_data(form=form, bands=bands)
            )
        messages.success(self.request, _("The framework settings were saved."))
        return redirect(self.framework)


class FrameworkImportView(SnvRequiredMixin, FormView):
    permission_required = "indices.add_framework"
    template_name = "indices/framework_import.html"
    form_class = FrameworkImportForm

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def form_valid(self, form):
        data = form.cleaned_data
        upload = data["file"]
        try:
            framework = services.framework_import(
                data=upload.read(),
                filename=upload.name,
                year=data["year"],
                group=data["group"],
                name=data["name"],
                is_illustrative=data["is_illustrative"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The framework was imported."))
        return redirect(framework)


class FrameworkCopyView(_FrameworkMixin, FormView):
    permission_required = "indices.add_framework"
    template_name = "indices/framework_copy.html"
    form_class = FrameworkCopyForm

    def get_initial(self):
        return {"year": self.framework.year + 1}

    def form_valid(self, form):
        try:
            copy = services.framework_copy(
                framework=self.framework,
                year=form.cleaned_data["year"],
                name=form.cleaned_data["name"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The framework was copied; no score was copied.")
        )
        return redirect(copy)


class NodeCreateView(_FrameworkMixin, FormView):
    template_name = "indices/node_form.html"
    form_class = NodeCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "framework": self.framework}

    def get_initial(self):
        return {"parent": self.request.GET.get("parent", "")}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.framework_node_add(
                framework=self.framework,
                parent_code=data["parent"],
                code=data["code"],
                name=data["name"],
                max_points=data["max_points"],
                method=data["method"],
                guidance=data["guidance"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The node was added."))
        return redirect(self.framework)


class _NodeMixin(_FrameworkMixin):
    def dispatch(self, request, *args, **kwargs):
        self.node = selectors.framework_node_get(
            kwargs["framework_id"], kwargs["node_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(node=self.node, **kwargs)


class NodeUpdateView(_NodeMixin, FormView):
    template_name = "indices/node_form.html"
    form_class = NodeUpdateForm

    def get_form_kwargs(self):
        copy = selectors.framework_node_get(self.framework.pk, self.node.pk)
        return {**super().get_form_kwargs(), "instance": copy}

    def form_valid(self, form):
        try:
            services.framework_node_update(node=self.node, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The node was saved."))
        return redirect(self.framework)


class NodeDeleteView(_NodeMixin, TemplateView):
    template_name = "indices/node_confirm_delete.html"

    def post(self, request, *args, **kwargs):
        try:
            services.framework_node_remove(node=self.node)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.framework)
        messages.success(request, _("The node and its sub-nodes were removed."))
        return redirect(self.framework)


class FrameworkAssessmentsView(_FrameworkMixin, TemplateView):
    """Assessments of the framework's year and group, for score entry."""

    permission_required = "indices.change_nodescore"
    template_name = "indices/framework_assessments.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assessments=selectors.assessments_of_framework(self.framework),
            missing=selectors.agencies_without_assessment(self.framework),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        opened = services.framework_assessments_open(framework=self.framework)
        messages.success(
            request,
            _("%(count)s assessments were opened.") % {"count": len(opened)},
        )
        return redirect("indices:framework_assessments", framework_id=self.framework.pk)


class FrameworkPublishView(_FrameworkMixin, FormView):
    permission_required = "indices.publish_results"
    template_name = "indices/framework_publish.html"
    form_class = PublishForm

    def get_initial(self):
        return {"published_on": timezone.localdate()}

    def form_valid(self, form):
        try:
            services.framework_results_publish(
                framework=self.framework,
                published_on=form.cleaned_data["published_on"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The results were published: every signed-in user now sees the ranking."),
        )
        return redirect(self.framework)


class FrameworkUnpublishView(_FrameworkMixin, TemplateView):
    permission_required = "indices.publish_results"
    template_name = "indices/framework_unpublish.html"

    def post(self, request, *args, **kwargs):
        try:
            services.framework_results_unpublish(
                framework=self.framework, actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The results are back to draft."))
        return redirect(self.framework)
