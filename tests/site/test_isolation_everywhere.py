"""One agency's users cannot reach another agency's objects anywhere.

Every URL pattern of both apps that takes an object id is filled with an
object of agency B: a user of agency A gets 403/404 (GET, and POST where only
POST is allowed), Sở Nội vụ staff get 200. A new pattern with an argument not
filled here fails the test, so no page can be added without this check.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indices.models import Reorganisation, ReorganisationKind
from inspections.models import InspectionStatus
from inspections.services import directives as directive_services
from inspections.services import tasks as task_services
from tests.indices.builders import full_marks, make_framework, score
from tests.inspections.factories import FindingFactory
from tests.inspections.files import pdf_upload
from tests.inspections.plan_helpers import draft_plan, item
from tests.isolation import NOT_AGENCY_OWNED, agency_urls, assert_isolated

pytestmark = pytest.mark.django_db

# Readable by every signed-in user on purpose: a framework is the province's
# public document and holds no agency's data (tests/indices/test_isolation.py).
PUBLIC = frozenset({"indices:framework_detail", "indices:framework_export"})


@pytest.fixture
def objects_of_b(agency_b, user_b, snv_user, private_media):
    framework = make_framework()
    assessment = score(framework, agency=agency_b, entries=full_marks(framework))
    plan = draft_plan()
    inspection = item(plan, agency_b, status=InspectionStatus.CONCLUDED)
    inspection.conclusion_file.save(
        "tb.pdf", SimpleUploadedFile("tb.pdf", pdf_upload("tb.pdf").read())
    )
    finding = FindingFactory(inspection=inspection)
    directive = directive_services.directive_create(
        number="16/UBND-NC",
        issued_on=datetime.date(2026, 3, 2),
        summary="Giao nhiệm vụ cho cơ quan B.",
        file=pdf_upload("chi-dao.pdf"),
        assignments=[
            directive_services.DirectiveAssignment(
                agency=agency_b,
                title="Việc của B",
                deadline_basis="working_days",
                deadline_days=20,
            )
        ],
        actor=snv_user,
    )
    task = directive.tasks.get()
    evidence = task_services.task_evidence_add(
        task=task, actor=user_b, upload=pdf_upload("minh-chung-b.pdf")
    )
    reorganisation = Reorganisation.objects.create(
        kind=ReorganisationKind.RENAME, effective_date=datetime.date(2026, 1, 1)
    )
    reorganisation.predecessors.set([agency_b])
    return {
        "agency_id": agency_b.pk,
        "assessment_id": assessment.pk,
        "framework_id": framework.pk,
        "node_id": framework.nodes.get(code="1.2").pk,
        "plan_id": plan.pk,
        "inspection_id": inspection.pk,
        "finding_id": finding.pk,
        "task_id": task.pk,
        "evidence_id": evidence.pk,
        "directive_id": directive.pk,
        "reorganisation_id": reorganisation.pk,
    }


def test_every_object_url_of_agency_b_is_closed_to_agency_a(
    objects_of_b, client_a, snv_client
):
    urls, unfilled = agency_urls(objects_of_b, skip=PUBLIC | NOT_AGENCY_OWNED)
    assert not unfilled, f"patterns this test cannot fill: {[p.name for p in unfilled]}"
    assert len(urls) >= 45
    assert_isolated(urls, outsider=client_a, insider=snv_client)
