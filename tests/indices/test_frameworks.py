"""Framework services: tree upkeep, validation, structure lock, copy, and the
CSV/XLSX round trip with its commands."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from indices import services
from indices.access import system_actor
from indices.models import Band, Framework, FrameworkNode
from indices.services import ScoreEntry
from tests.indices.builders import full_marks, make_framework, score

pytestmark = pytest.mark.django_db
D = Decimal


def test_tree_order_levels_and_leaves_are_maintained():
    framework = make_framework(
        tree=[
            ("1", "", "10", "appraisal"),
            ("1.10", "1", "4", "appraisal"),
            ("1.2", "1", "6", "appraisal"),
            ("1.2.1", "1.2", "6", "appraisal"),
        ]
    )
    nodes = list(framework.nodes.order_by("order"))
    assert [n.code for n in nodes] == ["1", "1.2", "1.2.1", "1.10"]
    assert [n.level for n in nodes] == [1, 2, 3, 2]
    assert [n.is_leaf for n in nodes] == [False, False, True, True]


def test_a_fourth_level_is_refused():
    framework = make_framework()
    with pytest.raises(ValidationError, match="at most three levels"):
        services.framework_node_add(
            framework=framework,
            code="1.1.1.1",
            parent_code="1.1.1",
            name="x",
            max_points=D(1),
            actor=system_actor(),
        )


def test_default_bands_and_low_score_rule():
    framework = make_framework()
    assert list(framework.bands.values_list("label", "min_percent")) == [
        ("Tốt", D("90")),
        ("Khá", D("80")),
        ("Trung bình", D("65")),
        ("Yếu", D("0")),
    ]
    assert framework.low_score_threshold == D("70")


def test_validation_lists_every_problem_with_its_codes():
    framework = make_framework(
        tree=[
            ("1", "", "10", "appraisal"),
            ("1.1", "1", "4", "appraisal"),
            ("1.2", "1", "5", "appraisal"),
            ("2", "", "80", "appraisal"),
            ("2.1", "2", "80", "appraisal"),
        ],
        total="100",
    )
    problems = services.framework_validate(framework)
    assert len(problems) == 2
    assert problems[0].codes == ("1", "2")
    assert "90" in str(problems[0]) and "100" in str(problems[0])
    assert problems[1].codes == ("1", "1.1", "1.2")
    assert "9" in str(problems[1])
    assert services.framework_validate(make_framework(year=2024)) == []


def test_structure_is_locked_once_scored_but_names_can_be_corrected():
    framework = make_framework()
    node = framework.nodes.get(code="1.2")
    score(framework)  # an empty assessment does not lock
    services.framework_node_update(
        node=node,
        name="Tên mới",
        max_points=D(2),
        method="appraisal",
        actor=system_actor(),
    )
    score(framework, entries={"1.2": ScoreEntry(self_score=D(1))})
    for attempt in (
        lambda: services.framework_node_add(
            framework=framework,
            code="3",
            name="x",
            max_points=D(1),
            actor=system_actor(),
        ),
        lambda: services.framework_node_remove(node=node, actor=system_actor()),
        lambda: services.framework_node_update(
            node=node,
            name="Tên",
            max_points=D(3),
            method="appraisal",
            actor=system_actor(),
        ),
    ):
        with pytest.raises(ValidationError, match="already has scores"):
            attempt()
    services.framework_node_update(
        node=node,
        name="Tên đã sửa",
        max_points=D(2),
        method="appraisal",
        guidance="…",
        actor=system_actor(),
    )
    node.refresh_from_db()
    assert node.name == "Tên đã sửa" and framework.nodes.count() == 6


def test_adding_and_removing_nodes_keeps_open_assessments_consistent():
    framework = make_framework()
    assessment = score(framework)
    services.framework_node_add(
        framework=framework,
        code="1.2.1",
        parent_code="1.2",
        name="x",
        max_points=D(2),
        actor=system_actor(),
    )
    assert assessment.node_scores.count() == 7
    assert not framework.nodes.get(code="1.2").is_leaf
    services.framework_node_remove(
        node=framework.nodes.get(code="1.2"), actor=system_actor()
    )
    assert set(framework.nodes.values_list("code", flat=True)) == {
        "1",
        "1.1",
        "1.1.1",
        "1.1.2",
        "2",
    }
    assert assessment.node_scores.count() == 5


def test_copy_takes_nodes_bands_and_rule_but_no_scores():
    framework = make_framework()
    services.framework_bands_set(
        framework=framework, bands=[("A", D(90)), ("B", D(0))], actor=system_actor()
    )
    score(framework, entries=full_marks(framework))
    copy = services.framework_copy(framework=framework, year=2024, actor=system_actor())
    assert copy.copied_from == framework and copy.year == 2024
    original = list(
        framework.nodes.values_list("code", "max_points", "method", "level", "order")
    )
    copied = list(
        copy.nodes.values_list("code", "max_points", "method", "level", "order")
    )
    assert copied == original
    assert {n.parent.code for n in copy.nodes.filter(parent__isnull=False)} <= {
        "1",
        "1.1",
    }
    assert all(
        n.parent.framework_id == copy.pk for n in copy.nodes.exclude(parent=None)
    )
    assert list(copy.bands.values_list("label", flat=True)) == ["A", "B"]
    assert copy.assessments.count() == 0
    with pytest.raises(ValidationError, match="already has a framework"):
        services.framework_copy(framework=framework, year=2024, actor=system_actor())


CSV = (
    "code,parent_code,name,max_points,method,guidance\n"
    '1,,Chỉ đạo điều hành,"14,5",appraisal,\n'
    "1.1,1,Kế hoạch,10,appraisal,Đúng hạn: 1 điểm\n"
    "1.2,1,Báo cáo,4.5,appraisal,\n"
    "2,,Tác động,85.5,survey,\n"
)


def test_import_csv_and_export_both_formats_round_trip(tmp_path, capsys):
    path = tmp_path / "khung.csv"
    path.write_bytes(("\ufeff" + CSV).encode())
    call_command("import_framework", str(path), year=2025, group="department")
    assert "with 4 nodes" in capsys.readouterr().out
    framework = Framework.objects.get(year=2025, group="department")
    assert framework.nodes.get(code="1").max_points == D("14.5")
    assert framework.nodes.get(code="2").method == "survey"
    assert framework.nodes.get(code="1.1").guidance == "Đúng hạn: 1 điểm"
    assert Band.objects.filter(framework=framework).count() == 4

    call_command("export_framework", year=2025, group="department")
    exported = capsys.readouterr().out
    assert (
        exported.splitlines()[0] == "code,parent_code,name,max_points,method,guidance"
    )
    assert "1,,Chỉ đạo điều hành,14.50,appraisal," in exported

    out = tmp_path / "khung.xlsx"
    call_command(
        "export_framework",
        year=2025,
        group="department",
        format="xlsx",
        output=str(out),
    )
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == (
        "code",
        "parent_code",
        "name",
        "max_points",
        "method",
        "guidance",
    )
    assert rows[1][:5] == ("1", None, "Chỉ đạo điều hành", 14.5, "appraisal")

    # The XLSX export imports back as an identical framework.
    call_command("import_framework", str(out), year=2026, group="department")
    again = Framework.objects.get(year=2026)
    assert list(again.nodes.values_list("code", "max_points", "method")) == list(
        framework.nodes.values_list("code", "max_points", "method")
    )


def test_bad_framework_file_lists_every_problem_and_creates_nothing(tmp_path):
    path = tmp_path / "sai.csv"
    path.write_text(
        "code,parent_code,name,max_points,method\n"
        "1,,A,mười,appraisal\n"
        "1.1,9,B,4,appraisal\n"
        "1.2,1,C,4,phỏng vấn\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("import_framework", str(path), year=2025, group="department")
    message = str(error.value)
    assert "sai.csv, row 2, column D (“max_points”)" in message and "mười" in message
    assert "row 3, column B (“parent_code”)" in message
    assert "row 4, column E (“method”)" in message
    assert not Framework.objects.exists() and not FrameworkNode.objects.exists()


def test_framework_whose_maxima_do_not_add_up_is_refused(tmp_path):
    path = tmp_path / "khung.csv"
    path.write_text(CSV.replace("85.5", "80"), encoding="utf-8")
    with pytest.raises(CommandError, match="add up to 94.5 points"):
        call_command("import_framework", str(path), year=2025, group="department")
    assert not Framework.objects.exists()


def test_export_of_a_missing_framework_says_so():
    with pytest.raises(CommandError, match="No framework"):
        call_command(
            "export_framework", year=1999, group="department", stdout=io.StringIO()
        )
