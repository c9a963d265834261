"""Recording reorganisations: shapes, active dates, atomicity, and the
history views that follow the lineage."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indices import selectors, services
from indices.access import system_actor
from indices.models import Agency, Reorganisation, ReorganisationKind
from tests.indices.builders import full_marks, make_framework, score
from tests.indices.factories import AgencyFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 3, 1)
LAST_DAY = datetime.date(2025, 2, 28)


def record(kind, predecessors=(), successors=(), **kwargs):
    return services.reorganisation_record(
        kind=kind,
        effective_date=kwargs.pop("effective_date", DAY),
        predecessors=predecessors,
        successors=successors,
        actor=kwargs.pop("actor", None) or system_actor(),
        **kwargs,
    )


def test_merge_into_a_continuing_agency_ends_only_the_absorbed_one(snv_user):
    planning, finance = AgencyFactory(), AgencyFactory()
    event = record(
        ReorganisationKind.MERGE,
        [planning, finance],
        [finance],
        decision_reference="Nghị định 45/2025/NĐ-CP",
        actor=snv_user,
    )
    planning.refresh_from_db()
    finance.refresh_from_db()
    assert planning.active_to == LAST_DAY
    assert (finance.active_from, finance.active_to) == (None, None)
    assert set(event.predecessors.all()) == {planning, finance}
    assert planning.history.first().history_user == snv_user
    assert selectors.agency_lineage_ids(finance.pk) == {finance.pk, planning.pk}


def test_merge_into_a_new_agency_starts_it_on_the_effective_date():
    a, b = AgencyFactory(), AgencyFactory()
    new = AgencyFactory()
    record(ReorganisationKind.MERGE, [a, b], [new])
    new.refresh_from_db()
    assert new.active_from == DAY
    assert not Agency.objects.active_on(DAY).filter(pk__in=[a.pk, b.pk]).exists()
    assert (
        Agency.objects.active_in_year(2025).filter(pk__in=[a.pk, b.pk, new.pk]).count()
        == 3
    )


@pytest.mark.parametrize(
    ("kind", "shape", "field"),
    [
        (ReorganisationKind.MERGE, (1, 0, 1), "predecessors"),  # one agency only
        (ReorganisationKind.MERGE, (2, 0, 2), "successors"),
        (ReorganisationKind.SPLIT, (2, 0, 2), "predecessors"),
        (ReorganisationKind.SPLIT, (1, 0, 1), "successors"),
        (ReorganisationKind.RENAME, (2, 0, 1), "predecessors"),
        (ReorganisationKind.RENAME, (1, 0, 2), "successors"),
        (ReorganisationKind.DISSOLVE, (0, 0, 0), "predecessors"),
        (ReorganisationKind.DISSOLVE, (1, 0, 1), "successors"),
        (ReorganisationKind.ESTABLISH, (1, 0, 1), "predecessors"),
        (ReorganisationKind.ESTABLISH, (0, 0, 0), "successors"),
    ],
)
def test_wrong_shapes_are_refused_naming_the_field_and_nothing_changes(
    kind, shape, field
):
    predecessors_count, _, successors_count = shape
    predecessors = [AgencyFactory() for _ in range(predecessors_count)]
    successors = [AgencyFactory() for _ in range(successors_count)]
    if kind == ReorganisationKind.MERGE and shape == (1, 0, 1):
        successors = predecessors  # the agency merged into itself
    with pytest.raises(ValidationError) as error:
        record(kind, predecessors, successors)
    assert field in error.value.message_dict
    assert not Reorganisation.objects.exists()
    assert not Agency.objects.filter(active_to__isnull=False).exists()


def test_split_rename_dissolve_and_establish():
    old = AgencyFactory()
    left, right = AgencyFactory(), AgencyFactory()
    record(ReorganisationKind.SPLIT, [old], [left, right])
    renamed = AgencyFactory()
    record(
        ReorganisationKind.RENAME,
        [left],
        [renamed],
        effective_date=datetime.date(2025, 6, 1),
    )
    record(
        ReorganisationKind.DISSOLVE,
        [right],
        [],
        effective_date=datetime.date(2025, 7, 1),
    )
    born = AgencyFactory()
    record(
        ReorganisationKind.ESTABLISH,
        [],
        [born],
        effective_date=datetime.date(2025, 7, 1),
    )
    for agency in (old, left, right, renamed, born):
        agency.refresh_from_db()
    assert old.active_to == LAST_DAY
    assert (left.active_from, left.active_to) == (DAY, datetime.date(2025, 5, 31))
    assert right.active_to == datetime.date(2025, 6, 30)
    assert renamed.active_from == datetime.date(2025, 6, 1)
    assert born.active_from == datetime.date(2025, 7, 1)
    assert selectors.agency_lineage_ids(renamed.pk) == {renamed.pk, left.pk, old.pk}


def test_dates_that_contradict_the_event_are_refused():
    ended = AgencyFactory(active_to=datetime.date(2024, 12, 31))
    other = AgencyFactory()
    with pytest.raises(ValidationError, match="already ended"):
        record(ReorganisationKind.MERGE, [ended, other], [other])
    scored = AgencyFactory()
    score(make_framework(), agency=scored)
    with pytest.raises(ValidationError, match="list it among the predecessors"):
        record(ReorganisationKind.MERGE, [AgencyFactory(), AgencyFactory()], [scored])
    assert not Reorganisation.objects.exists()


def test_successor_pages_show_the_event_and_the_predecessors_results(
    snv_client, snv_user
):
    framework = make_framework()
    planning, finance = (
        AgencyFactory(name="Sở Kế hoạch và Đầu tư"),
        AgencyFactory(name="Sở Tài chính"),
    )
    old = score(framework, agency=planning, entries=full_marks(framework))
    record(
        ReorganisationKind.MERGE,
        [planning, finance],
        [finance],
        decision_reference="Nghị định 45/2025/NĐ-CP",
    )
    body = snv_client.get(
        reverse("indices:agency_detail", kwargs={"agency_id": finance.pk})
    ).content.decode()
    assert "Nghị định 45/2025/NĐ-CP" in body and "01/03/2025" in body
    assert "Sở Kế hoạch và Đầu tư" in body
    assert old.get_absolute_url() in body  # the predecessor's scorecard, year-over-year
    old_page = snv_client.get(
        reverse("indices:agency_detail", kwargs={"agency_id": planning.pk})
    ).content.decode()
    assert "28/02/2025" in old_page  # its last day
