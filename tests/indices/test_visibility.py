"""Publication rules: before publication an agency user sees only its own
self scores; afterwards everyone signed in sees the ranking, while detailed
scorecards stay with the agency and Sở Nội vụ/leadership."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indices import policies, selectors, services
from indices.access import system_actor
from indices.services import ScoreEntry
from tests.indices.builders import full_marks, make_framework, score

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def results(agency_a, agency_b):
    framework = make_framework()
    marks = full_marks(framework)
    marks["1.2"] = ScoreEntry(self_score=D("2"), appraised_score=D("0.5"))
    mine = score(framework, agency=agency_a, entries=marks)
    theirs = score(framework, agency=agency_b, entries=full_marks(framework))
    return framework, mine, theirs


def publish(framework):
    services.framework_results_publish(
        framework=framework,
        published_on=datetime.date(2024, 3, 7),
        actor=system_actor(),
    )


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_before_publication_agency_users_see_only_their_self_assessment(
    results, user_a, client_a
):
    framework, mine, theirs = results
    ranking = selectors.ranking_for_user(user_a, year=2023, group="department")
    assert ranking.view == policies.ResultsView.SELF
    assert ranking.rows == [mine]
    page = text(
        client_a.get(reverse("indices:ranking") + "?year=2023&group=department")
    )
    assert "Sở Thử nghiệm B" not in page
    assert mine.get_absolute_url() in page
    scorecard = text(client_a.get(mine.get_absolute_url()))
    # Self total 10 of 6 appraisal points (survey excluded) shown; final 8,5 / rank not.
    assert "6,00" in scorecard
    assert "85,00" not in scorecard and "8,50" not in scorecard
    assert "0,50" not in scorecard  # the appraised score of 1.2
    assert client_a.get(theirs.get_absolute_url()).status_code == 404
    assert (
        client_a.get(
            reverse("indices:ranking_export") + "?year=2023&group=department"
        ).status_code
        == 404
    )
    assert selectors.low_scores_for_year(2023, user=user_a) == []


def test_after_publication_everyone_sees_the_ranking_but_not_others_scorecards(
    results, user_a, client_a, client_b
):
    framework, mine, theirs = results
    publish(framework)
    page = text(
        client_a.get(reverse("indices:ranking") + "?year=2023&group=department")
    )
    assert "Sở Thử nghiệm B" in page and "100,00 %" in page and "85,00 %" in page
    assert theirs.get_absolute_url() not in page  # no link to B's scorecard
    assert client_a.get(theirs.get_absolute_url()).status_code == 404
    card = text(client_a.get(mine.get_absolute_url()))
    assert "85,00 %" in card and "0,50" in card
    assert [
        item.node.code for item in selectors.low_scores_for_year(2023, user=user_a)
    ] == ["1.2"]
    xlsx = client_b.get(
        reverse("indices:ranking_export") + "?year=2023&group=department"
    )
    assert xlsx.status_code == 200


def test_snv_and_leadership_see_draft_results_in_full(
    results, snv_client, leader_client
):
    framework, mine, theirs = results
    for client in (snv_client, leader_client):
        page = text(
            client.get(reverse("indices:ranking") + "?year=2023&group=department")
        )
        assert "85,00 %" in page and "100,00 %" in page
        assert mine.get_absolute_url() in page and theirs.get_absolute_url() in page
        assert "0,50" in text(client.get(mine.get_absolute_url()))


def test_publication_needs_the_permission_and_finished_appraisal(
    results, snv_user, client_a
):
    framework, mine, _theirs = results
    url = reverse("indices:framework_publish", kwargs={"framework_id": framework.pk})
    assert client_a.post(url, {"published_on": "2024-03-07"}).status_code == 403
    services.assessment_scores_update(
        assessment=mine,
        entries={framework.nodes.get(code="1.2").pk: ScoreEntry(self_score=D(2))},
        actor=snv_user,
    )
    with pytest.raises(ValidationError) as error:
        publish(framework)
    assert "Sở Thử nghiệm A" in str(error.value)  # the agency still being appraised
    framework.refresh_from_db()
    assert not framework.is_published


def test_history_lines_of_predecessors_follow_publication(results, user_a, agency_a):
    framework, mine, theirs = results
    services.reorganisation_record(
        kind="merge",
        effective_date=datetime.date(2025, 3, 1),
        predecessors=[theirs.agency, agency_a],
        successors=[agency_a],
        actor=system_actor(),
    )
    lines = selectors.results_history_for_user(user_a, agency_a)
    assert [(line.assessment, line.view) for line in lines] == [(mine, "self")]
    publish(framework)
    lines = selectors.results_history_for_user(user_a, agency_a)
    assert {(line.assessment, line.view, line.is_predecessor) for line in lines} == {
        (mine, "full", False),
        (theirs, "full", True),
    }


def test_history_does_not_link_a_predecessors_scorecard_for_agency_staff(client):
    """The successor's page shows the predecessor's figures without a link the
    agency user could not open."""
    import datetime

    from django.urls import reverse

    from indices import selectors, services
    from indices.models import Reorganisation, ReorganisationKind
    from indices.roles import Role
    from tests.indices.builders import full_marks, make_framework, score
    from tests.indices.factories import AgencyFactory, make_user

    old, new = AgencyFactory(), AgencyFactory()
    framework = make_framework(year=2023)
    old_assessment = score(framework, agency=old, entries=full_marks(framework))
    services.framework_results_publish(
        framework=framework,
        published_on=datetime.date(2024, 3, 7),
        actor=system_actor(),
    )
    event = Reorganisation.objects.create(
        kind=ReorganisationKind.MERGE, effective_date=datetime.date(2025, 3, 1)
    )
    event.predecessors.set([old])
    event.successors.set([new])
    staff = make_user(Role.AGENCY_STAFF, agency=new)
    (line,) = selectors.results_history_for_user(staff, new)
    assert line.is_predecessor and not line.can_open
    client.force_login(staff)
    page = client.get(
        reverse("indices:agency_detail", kwargs={"agency_id": new.pk})
    ).content.decode()
    assert old.name in page  # the predecessor's figures are there…
    assert old_assessment.get_absolute_url() not in page  # …without a dead link
