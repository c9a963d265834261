import datetime

import factory

from inspections.models import (
    Directive,
    Finding,
    Inspection,
    InspectionPlan,
    RemediationTask,
    TaskSource,
)
from tests.indices.factories import AgencyFactory


class InspectionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionPlan
        django_get_or_create = ("year",)

    year = 2024
    document_number = factory.Sequence(lambda n: f"{n + 100}/KH-UBND")


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    plan = factory.SubFactory(InspectionPlanFactory)
    agency = factory.SubFactory(AgencyFactory)
    year = factory.LazyAttribute(lambda i: i.plan.year if i.plan else 2024)
    planned_month = 5


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    description = "Chưa cập nhật kịp thời thủ tục hành chính trên Cổng dịch vụ công."
    recommendation = "Rà soát, cập nhật đầy đủ thủ tục hành chính."


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    number = factory.Sequence(lambda n: f"{n + 1000}/UBND-NC")
    issued_on = datetime.date(2024, 3, 20)
    summary = "Đôn đốc khắc phục tồn tại sau kiểm tra CCHC."


class RemediationTaskFactory(factory.django.DjangoModelFactory):
    """A task from a directive unless another source is given."""

    class Meta:
        model = RemediationTask

    agency = factory.SubFactory(AgencyFactory)
    title = factory.Sequence(lambda n: f"Nhiệm vụ khắc phục số {n + 1}")
    source = TaskSource.DIRECTIVE
    directive = factory.Maybe(
        factory.LazyAttribute(lambda t: t.source == TaskSource.DIRECTIVE),
        yes_declaration=factory.SubFactory(DirectiveFactory),
        no_declaration=None,
    )
    start_date = datetime.date(2024, 4, 1)
    deadline = datetime.date(2024, 6, 30)
