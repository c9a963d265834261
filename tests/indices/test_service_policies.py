"""The indices services enforce indices.policies themselves: an actor whose
role does not allow the write is refused (PermissionDenied) and nothing is
written, whatever the entry point; the system actor of commands and the demo
is allowed; a staged upload is read back only by the user who staged it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from indices import services
from indices.access import system_actor
from indices.models import Agency, AgencyGroup, Framework, NodeScore, ResultsState
from indices.services import staged_files
from tests.indices.builders import full_marks, make_framework, score
from tests.indices.factories import AgencyFactory

pytestmark = pytest.mark.django_db
D = Decimal
HEADER = "agency,code,self_score,appraised_score,survey_score,not_applicable,note"


@pytest.fixture(params=["leader_user", "user_a"])
def not_snv(request):
    """Leadership (sees everything, changes nothing) and an agency's staff."""
    return request.getfixturevalue(request.param)


def test_only_snv_staff_register_agencies(not_snv, snv_user):
    before = Agency.objects.count()
    with pytest.raises(PermissionDenied):
        services.agency_create(
            name="Sở Mới", group=AgencyGroup.DEPARTMENT, actor=not_snv
        )
    assert Agency.objects.count() == before
    created = services.agency_create(
        name="Sở Mới", group=AgencyGroup.DEPARTMENT, actor=snv_user
    )
    assert created.history.get().history_user == snv_user


def test_only_snv_staff_publish_results(not_snv, snv_user):
    framework = make_framework()
    score(framework, entries=full_marks(framework))
    with pytest.raises(PermissionDenied):
        services.framework_results_publish(
            framework=framework, published_on=datetime.date(2024, 3, 1), actor=not_snv
        )
    framework.refresh_from_db()
    assert framework.results_state == ResultsState.DRAFT
    services.framework_results_publish(
        framework=framework, published_on=datetime.date(2024, 3, 1), actor=snv_user
    )
    framework.refresh_from_db()
    assert framework.results_state == ResultsState.PUBLISHED


def test_only_snv_staff_import_scores(not_snv, snv_user):
    framework = make_framework()
    assessment = score(framework, agency=AgencyFactory(name="Sở Tư pháp"))
    data = f"{HEADER}\nSở Tư pháp,1.2,2,1.5,,,\n".encode()
    for service in (services.index_scores_import, services.index_scores_import_preview):
        with pytest.raises(PermissionDenied):
            service(data=data, filename="diem.csv", year=2023, actor=not_snv)
    row = NodeScore.objects.get(assessment=assessment, node__code="1.2")
    assert row.appraised_score is None
    services.index_scores_import(
        data=data, filename="diem.csv", year=2023, actor=snv_user
    )
    row.refresh_from_db()
    assert row.appraised_score == D("1.5")


def test_score_entry_framework_changes_and_recomputes_refuse_other_roles(not_snv):
    framework = make_framework()
    assessment = score(framework, entries=full_marks(framework))
    node = framework.nodes.get(code="1.2")
    refused = [
        lambda: services.assessment_scores_update(
            assessment=assessment, entries={}, actor=not_snv
        ),
        lambda: services.framework_node_update(
            node=node,
            name="Đổi tên",
            max_points=node.max_points,
            method=node.method,
            actor=not_snv,
        ),
        lambda: services.framework_create(
            year=2030, group=AgencyGroup.DEPARTMENT, name="Bộ 2030", actor=not_snv
        ),
        lambda: services.framework_scores_recompute(framework=framework, actor=not_snv),
        lambda: services.framework_assessments_open(framework=framework, actor=not_snv),
        lambda: services.reorganisation_record(
            kind="rename",
            effective_date=datetime.date(2025, 3, 1),
            predecessors=[assessment.agency],
            successors=[AgencyFactory()],
            actor=not_snv,
        ),
    ]
    for call in refused:
        with pytest.raises(PermissionDenied):
            call()
    node.refresh_from_db()
    assert node.name != "Đổi tên"
    assert not Framework.objects.filter(year=2030).exists()


def test_the_system_actor_of_commands_and_the_demo_may_write():
    actor = system_actor()
    assert not actor.is_active and not actor.has_usable_password()
    agency = services.agency_create(
        name="Sở Hệ thống", group=AgencyGroup.DEPARTMENT, actor=actor
    )
    assert agency.history.get().history_user.username == "system"


def test_a_staged_upload_is_read_back_only_by_its_uploader(snv_user, private_media):
    other = system_actor()
    upload = SimpleUploadedFile("diem.csv", f"{HEADER}\n".encode())
    staged = staged_files.staged_file_save(owner=snv_user, upload=upload, year=2023)
    assert staged_files.staged_file_get(owner=other, token=staged.token) is None
    staged_files.staged_file_discard(owner=other, token=staged.token)
    mine = staged_files.staged_file_get(owner=snv_user, token=staged.token)
    assert (mine.filename, mine.details, mine.data) == (
        "diem.csv",
        {"year": 2023},
        f"{HEADER}\n".encode(),
    )
    assert staged_files.staged_file_get(owner=snv_user, token="../../etc") is None
    staged_files.staged_file_discard(owner=snv_user, token=staged.token)
    assert staged_files.staged_file_get(owner=snv_user, token=staged.token) is None
    assert not list(private_media.rglob("*.*"))
