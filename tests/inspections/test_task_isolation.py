"""Agency A cannot reach agency B's tasks, evidence, directives or findings.

The URL list is generated from the `inspections` URL patterns (tests/isolation.py):
a new pattern whose argument is not filled here makes the test fail.
"""

import datetime

import pytest
from django.urls import reverse

from indices.models import Reorganisation, ReorganisationKind
from inspections.models import RemediationTask
from inspections.services import directives as directive_services
from inspections.services import tasks as task_services
from tests.inspections.factories import FindingFactory, InspectionFactory
from tests.inspections.files import pdf_upload
from tests.isolation import agency_urls, assert_isolated

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects_of_b(agency_b, user_b, snv_user, private_media):
    directive = directive_services.directive_create(
        number="15/UBND-NC",
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
    finding = FindingFactory(inspection=InspectionFactory(agency=agency_b))
    reorganisation = Reorganisation.objects.create(
        kind=ReorganisationKind.RENAME, effective_date=datetime.date(2026, 1, 1)
    )
    return {
        "task_id": task.pk,
        "evidence_id": evidence.pk,
        "directive_id": directive.pk,
        "finding_id": finding.pk,
        "reorganisation_id": reorganisation.pk,
    }


def test_every_url_of_agency_b_is_closed_to_agency_a_and_open_to_snv(
    objects_of_b, client_a, snv_client
):
    # Patterns taking other arguments (plans, inspections) are covered by their
    # own tests and by tests/site/test_isolation_everywhere.py.
    urls, _others = agency_urls(objects_of_b, namespaces=("inspections",))
    assert len(urls) >= 15
    assert_isolated(urls, outsider=client_a, insider=snv_client)


def test_post_endpoints_refuse_agency_a_and_change_nothing(objects_of_b, client_a):
    task = RemediationTask.objects.get(pk=objects_of_b["task_id"])
    urls, _unfilled = agency_urls(objects_of_b, namespaces=("inspections",))
    for url in urls:
        status = client_a.post(
            url,
            {"version": task.version, "percent": 90, "note": "x", "reason": "x"},
        ).status_code
        # 405: a download, which only answers GET.
        assert status in (403, 404, 405), f"POST {url} -> {status}"
    after = RemediationTask.objects.get(pk=task.pk)
    assert (after.version, after.progress_percent) == (
        task.version,
        task.progress_percent,
    )


def test_agency_b_itself_reaches_its_own_objects(objects_of_b, client_b):
    for name, key in (
        ("task_detail", "task_id"),
        ("evidence_download", "evidence_id"),
        ("directive_detail", "directive_id"),
        ("directive_file", "directive_id"),
    ):
        url = reverse(f"inspections:{name}", kwargs={key: objects_of_b[key]})
        assert client_b.get(url).status_code == 200, url


def test_directive_list_shows_agency_a_only_directives_assigning_it_tasks(
    objects_of_b, client_a, client_b
):
    url = reverse("inspections:directive_list")
    assert "15/UBND-NC" not in client_a.get(url).content.decode()
    assert "15/UBND-NC" in client_b.get(url).content.decode()
