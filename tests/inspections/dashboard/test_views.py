"""The home page per role: what each role sees and does not see, and numbers
that link to the list showing exactly the rows they count."""

import html
import re

import pytest
from django.urls import reverse

from inspections.models import TaskSource, TaskStatus
from inspections.selectors.dashboard import TaskFigure
from inspections.views.home import chosen_year
from inspections.views.tasks import task_board_url

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
ACTION_URLS = [
    reverse("inspections:plan_create"),
    reverse("inspections:inspection_create"),
    reverse("inspections:task_create_from_low_scores"),
    reverse("inspections:directive_create"),
]


def _body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _links(body: str) -> dict[str, list[str]]:
    """{href: [link texts]} of the page (texts stripped of tags)."""
    found: dict[str, list[str]] = {}
    for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', body, re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        found.setdefault(html.unescape(href), []).append(text)
    return found


def _board_rows(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["paginator"].count


def _task_figures(dashboard) -> list[TaskFigure]:
    tasks = dashboard.tasks
    figures = [dashboard.headline.overdue, dashboard.headline.ahead]
    figures.append(dashboard.headline.submitted)
    for row in [*tasks.rows, tasks.overdue, tasks.totals]:
        figures += [*row.cells, row.total]
    figures += [dashboard.overdue.total, *(a.tasks for a in dashboard.overdue.agencies)]
    return figures


# --- Sở Nội vụ staff and leadership -----------------------------------------------------


def test_snv_dashboard_shows_every_panel_and_the_actions(snv_client, province):
    body = _body(snv_client.get(HOME))
    assert "điều hành công tác CCHC của tỉnh" in body  # the greeting names the role
    for heading in (
        f"Kiểm tra CCHC năm {province.year}",
        f"Nhiệm vụ giao trong năm {province.year}, theo trạng thái và nguồn",
        "Nhiệm vụ quá hạn theo cơ quan, đơn vị",
        "Đến hạn trong 14 ngày tới",
        "Chỉ số CCHC: kết quả công bố gần nhất",
        "Xếp hạng và chỉ số thành phần theo lĩnh vực (%), năm 2023",
    ):
        assert heading in body, heading
    assert "giảm 15,00 điểm" in body  # 85 % in 2023 against 100 % in 2022
    assert "Kết quả năm 2024 của nhóm" in body  # being scored, not published
    for url in ACTION_URLS[1:]:  # the plan exists: no "new plan" button
        assert f'href="{url}"' in body
    assert 'id="dashboard-charts"' in body and 'id="coverage-data"' in body


def test_leadership_sees_the_same_dashboard_without_actions(
    leader_client, snv_client, province
):
    leader = _body(leader_client.get(HOME))
    assert "chỉ xem" in leader
    for url in ACTION_URLS:
        assert f'href="{url}"' not in leader
    assert "Thao tác nhanh" not in leader
    # Every figure Sở Nội vụ sees, leadership sees too.
    snv = snv_client.get(HOME).context["dashboard"]
    theirs = leader_client.get(HOME).context["dashboard"]
    assert [f.count for f in _task_figures(theirs)] == [
        f.count for f in _task_figures(snv)
    ]


def test_year_selector_defaults_sensibly_and_keeps_a_chosen_year(snv_client, province):
    response = snv_client.get(HOME)
    assert response.context["dashboard"].year == province.year
    body = _body(snv_client.get(HOME, {"year": "2023"}))
    assert '<option value="2023" selected>' in body
    assert '<label for="dashboard-year"' in body
    # A year without plan says so, and offers Sở Nội vụ staff to create it.
    body = _body(snv_client.get(HOME, {"year": "2021"}))
    assert "Chưa có kế hoạch kiểm tra năm 2021." in body
    assert f'href="{ACTION_URLS[0]}"' in body
    assert "Chưa có kết quả Chỉ số CCHC nào được công bố cho năm 2021" in body
    assert "Không có nhiệm vụ khắc phục nào được giao trong năm 2021." in body


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023", 2023), ("", 2026), ("abc", 2026), ("1999", 2026), ("20230", 2026)],
)
def test_chosen_year_ignores_nonsense(text, expected):
    assert chosen_year(text, 2026) == expected


def test_every_task_figure_links_to_a_board_listing_exactly_its_rows(
    snv_client, province
):
    dashboard = snv_client.get(HOME).context["dashboard"]
    checked = 0
    for figure in _task_figures(dashboard):
        url = task_board_url(figure.filters)
        assert _board_rows(snv_client, url) == figure.count, url
        checked += 1
    assert checked > 30


def test_status_and_overdue_by_agency_links_are_on_the_page(snv_client, province):
    body = _body(snv_client.get(HOME))
    links = _links(body)
    year = province.year
    # Tasks of the year in progress (all sources): 3.
    in_progress = f"/tasks/?year={year}&status=in_progress"
    assert links[in_progress] == ["3"]
    assert _board_rows(snv_client, in_progress) == 3
    # Open tasks from a directive: 3.
    open_directive = f"/tasks/?year={year}&source=directive&status=open"
    assert links[open_directive] == ["3"]
    board = snv_client.get(open_directive).content.decode()
    for key in ("a_overdue", "b_later", "c_today"):
        assert f"Nhiệm vụ {key}<" in board
    # Agency B has two overdue tasks (one assigned the year before).
    b_overdue = f"/tasks/?agency={province.agency_b.pk}&overdue=on"
    assert links[b_overdue] == ["2"]
    board = snv_client.get(b_overdue).content.decode()
    assert "Nhiệm vụ b_old_overdue<" in board and "Nhiệm vụ b_overdue<" in board
    assert _board_rows(snv_client, b_overdue) == 2
    # Deadlines within 14 days.
    ahead = [href for href in links if "deadline_to=" in href]
    assert ahead and all("status=pending" in href for href in ahead)
    assert _board_rows(snv_client, ahead[0]) == 3


def test_index_figures_link_to_ranking_and_scorecards(snv_client, province):
    links = _links(_body(snv_client.get(HOME)))
    ranking = reverse("indices:ranking")
    assert any(
        text.startswith("Trung bình nhóm 85,00 %")
        for text in links[f"{ranking}?year=2023&group=department"]
    )
    scorecard_b = province.assessment_b_2023.get_absolute_url()
    assert links[scorecard_b] == ["70,00"]
    assert links[f"{scorecard_b}#node-1"] == ["66,67"]
    assert links[f"{scorecard_b}#node-2"] == ["75,00"]
    assert province.plan.get_absolute_url() + "#coverage" in links


def test_heatmap_marks_low_cells_in_words_and_has_a_legend(snv_client, province):
    body = _body(snv_client.get(HOME))
    cell = re.search(r'<td class="heat-weak">(.*?)</td>', body, re.S).group(1)
    assert "66,67" in cell and "điểm thấp" in cell
    assert 'aria-label="Chú giải"' in body and "Dưới 70 %" in body


# --- Agency staff ----------------------------------------------------------------------


def test_agency_dashboard_shows_only_its_own_agency(client_a, province):
    body = _body(client_a.get(HOME))
    assert "Sở Thử nghiệm A" in body
    assert "Nhiệm vụ a_overdue" in body and "Nhiệm vụ a_ahead" in body
    # Another agency's tasks, results, scorecard and inspections: nowhere.
    assert "Sở Thử nghiệm B" not in body
    assert "UBND huyện Thử nghiệm" not in body
    for key in province.tasks:
        if not key.startswith("a_"):
            assert f"Nhiệm vụ {key}" not in body
    assert province.assessment_b_2023.get_absolute_url() not in body
    # And nothing of the oversight dashboard.
    assert "dashboard" not in client_a.get(HOME).context
    assert 'name="year"' not in body


def test_agency_b_sees_its_low_nodes_and_figures_link_to_its_rows(client_b, province):
    response = client_b.get(HOME)
    body = _body(response)
    assert "Sở Thử nghiệm A" not in body
    assert "Nhiệm vụ a_overdue" not in body
    links = _links(body)
    scorecard = province.assessment_b_2023.get_absolute_url()
    assert f"{scorecard}#node-1.1.2" in links
    assert "Chỉ số năm 2023 70,00 %" in " ".join(links[scorecard])
    d = response.context["agency_dashboard"]
    for figure in (
        d.tasks.overdue,
        d.tasks.due_soon,
        d.tasks.pending,
        d.tasks.submitted,
        d.tasks.verified,
    ):
        url = task_board_url(figure.filters)
        assert _board_rows(client_b, url) == figure.count, url
    assert links["/tasks/?overdue=on"][0].startswith("Quá hạn 2")
    # (the menu links to the inspection list too)
    assert "Tất cả 1 cuộc kiểm tra" in links[reverse("inspections:inspection_list")]


def test_agency_sees_its_unpublished_self_assessment_only(client_a, province):
    body = _body(client_a.get(HOME))
    assert "Kết quả năm 2024 chưa được công bố" in body
    assert "100,00 %" in body
    assert province.assessment_a_2024.get_absolute_url() in body


def test_agency_dashboard_empty_states(client_a):
    body = _body(client_a.get(HOME))
    assert "Không có nhiệm vụ quá hạn hoặc sắp đến hạn." in body
    assert "Chưa có kết quả được công bố của cơ quan, đơn vị." in body
    assert "Cơ quan, đơn vị chưa được kiểm tra." in body


def test_user_without_role_gets_no_dashboard(client, db):
    from tests.indices.factories import make_user

    client.force_login(make_user(None))
    response = client.get(HOME)
    body = _body(response)
    assert "chưa được phân vai trò" in body
    assert "dashboard" not in response.context
    assert "agency_dashboard" not in response.context
    assert "chart.umd.min.js" not in body


def test_task_status_values_used_by_the_links_exist():
    # The board's status filter accepts every status the dashboard links to.
    from inspections.forms.tasks import TaskFilterForm

    values = {value for value, _label in TaskFilterForm.STATUS_CHOICES}
    assert set(TaskStatus.values) | {"pending"} <= values
    assert set(TaskSource.values) <= {
        value for value, _label in TaskFilterForm().fields["source"].choices
    }
