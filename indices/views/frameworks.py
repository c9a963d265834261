"""The framework browser (every signed-in user) and framework management,
publication and assessments (Sở Nội vụ staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView, View

from core.spreadsheets import XLSX_CONTENT_TYPE
from core.views.guards import RuleRequiredMixin
from core.views.service_forms import ServiceFormView

from .. import selectors, services
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
            **kwargs,
        )


class FrameworkDetailView(TemplateView):
    template_name = "indices/framework_detail.html"

    def get_context_data(self, **kwargs):
        detail = selectors.framework_detail(self.kwargs["framework_id"])
        return super().get_context_data(
            detail=detail, framework=detail.framework, **kwargs
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


class _FrameworkMixin(RuleRequiredMixin):
    """Pages acting on one framework; the success page is the framework's."""

    required_rule = "indices.framework.change"

    def dispatch(self, request, *args, **kwargs):
        self.framework = selectors.framework_get(kwargs["framework_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(framework=self.framework, **kwargs)

    def get_success_url(self):
        return self.framework.get_absolute_url()


class _ConfirmedActionView(TemplateView):
    """A confirmation page whose POST makes one service call (`perform()`);
    a refusal is shown as error messages. Both go back to `get_success_url()`."""

    success_message = ""

    def perform(self):
        raise NotImplementedError

    def get_success_message(self, result) -> str:
        return str(self.success_message)

    def post(self, request, *args, **kwargs):
        try:
            result = self.perform()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, self.get_success_message(result))
        return redirect(self.get_success_url())


class FrameworkCreateView(RuleRequiredMixin, ServiceFormView):
    required_rule = "indices.framework.add"
    template_name = "indices/framework_form.html"
    form_class = FrameworkCreateForm
    success_message = gettext_lazy("The framework was created with the default bands.")

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def perform(self, form):
        return services.framework_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.result.get_absolute_url()


class FrameworkUpdateView(_FrameworkMixin, ServiceFormView):
    template_name = "indices/framework_form.html"
    form_class = FrameworkUpdateForm
    success_message = gettext_lazy("The framework settings were saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": selectors.framework_get(self.framework.pk),
        }

    def get_context_data(self, **kwargs):
        bands = getattr(self, "bands", None)
        if bands is None:
            bands = band_formset(
                self.framework,
                self.request.POST if self.request.method == "POST" else None,
            )
        return super().get_context_data(bands=bands, **kwargs)

    def form_valid(self, form):
        self.bands = band_formset(self.framework, self.request.POST)
        if not self.bands.is_valid():
            return self.form_invalid(form)
        return super().form_valid(form)

    def perform(self, form):
        # A copy: a refused save leaves the page's framework as stored.
        return services.framework_settings_update(
            framework=selectors.framework_get(self.framework.pk),
            bands=bands_of(self.bands),
            actor=self.request.user,
            **form.cleaned_data,
        )


class FrameworkImportView(RuleRequiredMixin, ServiceFormView):
    required_rule = "indices.framework.add"
    template_name = "indices/framework_import.html"
    form_class = FrameworkImportForm
    success_message = gettext_lazy("The framework was imported.")

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def perform(self, form):
        return services.framework_import_upload(
            actor=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return self.result.get_absolute_url()


class FrameworkCopyView(_FrameworkMixin, ServiceFormView):
    required_rule = "indices.framework.add"
    template_name = "indices/framework_copy.html"
    form_class = FrameworkCopyForm
    success_message = gettext_lazy("The framework was copied; no score was copied.")

    def get_initial(self):
        return {"year": self.framework.year + 1}

    def perform(self, form):
        return services.framework_copy(
            framework=self.framework,
            year=form.cleaned_data["year"],
            name=form.cleaned_data["name"],
            actor=self.request.user,
        )

    def get_success_url(self):
        return self.result.get_absolute_url()


class NodeCreateView(_FrameworkMixin, ServiceFormView):
    template_name = "indices/node_form.html"
    form_class = NodeCreateForm
    success_message = gettext_lazy("The node was added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "framework": self.framework}

    def get_initial(self):
        return {"parent": self.request.GET.get("parent", "")}

    def perform(self, form):
        data = form.cleaned_data
        return services.framework_node_add(
            framework=self.framework,
            parent_code=data["parent"],
            code=data["code"],
            name=data["name"],
            max_points=data["max_points"],
            method=data["method"],
            guidance=data["guidance"],
            actor=self.request.user,
        )


class _NodeMixin(_FrameworkMixin):
    def dispatch(self, request, *args, **kwargs):
        self.node = selectors.framework_node_get(
            kwargs["framework_id"], kwargs["node_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(node=self.node, **kwargs)


class NodeUpdateView(_NodeMixin, ServiceFormView):
    template_name = "indices/node_form.html"
    form_class = NodeUpdateForm
    success_message = gettext_lazy("The node was saved.")

    def get_form_kwargs(self):
        copy = selectors.framework_node_get(self.framework.pk, self.node.pk)
        return {**super().get_form_kwargs(), "instance": copy}

    def perform(self, form):
        return services.framework_node_update(
            node=self.node, actor=self.request.user, **form.cleaned_data
        )


class NodeDeleteView(_NodeMixin, _ConfirmedActionView):
    template_name = "indices/node_confirm_delete.html"
    success_message = gettext_lazy("The node and its sub-nodes were removed.")

    def perform(self):
        services.framework_node_remove(node=self.node, actor=self.request.user)


class FrameworkAssessmentsView(_FrameworkMixin, _ConfirmedActionView):
    """Assessments of the framework's year and group, for score entry; the
    POST opens the missing ones."""

    required_rule = "indices.scores.enter"
    template_name = "indices/framework_assessments.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assessments=selectors.assessments_of_framework(self.framework),
            missing=selectors.agencies_without_assessment(self.framework),
            **kwargs,
        )

    def perform(self):
        return services.framework_assessments_open(
            framework=self.framework, actor=self.request.user
        )

    def get_success_message(self, result) -> str:
        return _("%(count)s assessments were opened.") % {"count": len(result)}

    def get_success_url(self):
        return reverse(
            "indices:framework_assessments", kwargs={"framework_id": self.framework.pk}
        )


class FrameworkPublishView(_FrameworkMixin, ServiceFormView):
    required_rule = "indices.results.publish"
    template_name = "indices/framework_publish.html"
    form_class = PublishForm
    success_message = gettext_lazy(
        "The results were published: every signed-in user now sees the ranking."
    )

    def get_initial(self):
        return {"published_on": timezone.localdate()}

    def perform(self, form):
        return services.framework_results_publish(
            framework=self.framework,
            published_on=form.cleaned_data["published_on"],
            actor=self.request.user,
        )


class FrameworkUnpublishView(_FrameworkMixin, _ConfirmedActionView):
    required_rule = "indices.results.publish"
    template_name = "indices/framework_unpublish.html"
    success_message = gettext_lazy("The results are back to draft.")

    def perform(self):
        services.framework_results_unpublish(
            framework=self.framework, actor=self.request.user
        )
