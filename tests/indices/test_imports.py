"""Imports of published totals and per-node scores: good CSV and XLSX files,
and bad files that change nothing and name the row and column."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from indices import services
from indices.access import system_actor
from indices.models import Agency, AgencyGroup, Assessment, NodeScore
from tests.indices.builders import make_framework
from tests.indices.factories import AgencyFactory

pytestmark = pytest.mark.django_db
D = Decimal


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(tmp_path, name, content) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


def snapshot():
    """Everything an import may touch, to prove a refused file changed nothing."""
    return (
        list(Agency.objects.order_by("pk").values_list("pk", "name", "active_to")),
        list(
            Assessment.objects.order_by("pk").values_list(
                "pk", "total_points", "applicable_max", "percent", "rank"
            )
        ),
        list(
            NodeScore.objects.order_by("pk").values_list(
                "pk",
                "self_score",
                "appraised_score",
                "survey_score",
                "not_applicable",
                "points",
            )
        ),
    )


# --- Published totals -------------------------------------------------------------------

# A published results table of another province's departments for 2023 (constructed
# from the pattern of a neighbouring province's announcement: three agencies scored
# out of 71.5 and four out of 96.5, the rest out of 100; 69.25 / 71.5 = 96.85 %).
# Columns: agency, score, max, published percent, published rank.
ANOTHER_PROVINCE = [
    ("Sở Nội vụ tỉnh Mẫu", "69.25", "71.5", "96.85", 1),
    ("Sở Tư pháp tỉnh Mẫu", "96.85", "100", "96.85", 1),
    ("Sở Tài chính tỉnh Mẫu", "93.20", "96.5", "96.58", 3),
    ("Thanh tra tỉnh Mẫu", "68.10", "71.5", "95.24", 4),
    ("Sở Y tế tỉnh Mẫu", "90.75", "96.5", "94.04", 5),
    ("Ban Dân tộc tỉnh Mẫu", "66.40", "71.5", "92.87", 6),
    ("Sở Xây dựng tỉnh Mẫu", "92.87", "100", "92.87", 6),
    ("Sở Công Thương tỉnh Mẫu", "88.10", "96.5", "91.30", 8),
    ("Sở Ngoại vụ tỉnh Mẫu", "85.00", "96.5", "88.08", 9),
    ("Sở Giáo dục và Đào tạo tỉnh Mẫu", "80.50", "100", "80.50", 10),
    ("Sở Giao thông vận tải tỉnh Mẫu", "75.00", "100", "75.00", 11),
]


def test_another_provinces_published_table_comes_back_with_the_same_percents_and_ranks(
    tmp_path, capsys
):
    lines = ["agency,group,score,max_score,percent"]
    for name, points, maximum, percent, _rank in ANOTHER_PROVINCE:
        # Written as a Vietnamese spreadsheet would: decimal commas, quoted.
        lines.append(
            f'{name},department,"{points.replace(".", ",")}","{maximum.replace(".", ",")}","{percent.replace(".", ",")}"'
        )
    path = write(tmp_path, "tinh-mau-2023.csv", "\ufeff" + "\n".join(lines))
    call_command(
        "import_totals", path, year=2023, create_agencies=True, province="Tỉnh Mẫu"
    )
    assert "11 assessment(s) created" in capsys.readouterr().out
    assert set(Agency.objects.values_list("province", flat=True)) == {"Tỉnh Mẫu"}

    call_command("index_report", year=2023, format="csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    ranked = [r for r in rows if r["rank"].isdigit()]
    assert [
        (r["agency"], r["score"], r["max_score"], r["percent"], int(r["rank"]))
        for r in ranked
    ] == [
        (name, f"{D(points):.2f}", f"{D(maximum):.2f}", percent, rank)
        for name, points, maximum, percent, rank in ANOTHER_PROVINCE
    ]
    average = next(r for r in rows if r["rank"] == "average")
    expected = sum(D(p) for _n, _s, _m, p, _r in ANOTHER_PROVINCE) / len(
        ANOTHER_PROVINCE
    )
    assert average["percent"] == f"{expected.quantize(D('0.01'), 'ROUND_HALF_UP')}"
    highest = [r["agency"] for r in rows if r["rank"] == "highest"]
    assert highest == ["Sở Nội vụ tỉnh Mẫu", "Sở Tư pháp tỉnh Mẫu"]  # a tie

    # Importing the same table again updates, it does not duplicate.
    call_command("import_totals", path, year=2023)
    assert Assessment.objects.count() == 11 and Agency.objects.count() == 11


def test_totals_xlsx_matches_agencies_by_name_ignoring_case_and_spaces(tmp_path):
    agency = AgencyFactory(name="Sở Tư pháp")
    data = xlsx(
        [
            ["Agency", "Group", "Score", "Max_score"],
            ["  sở tư PHÁP ", "department", 88.5, 100],
        ]
    )
    call_command("import_totals", write(tmp_path, "tong.xlsx", data), year=2023)
    assessment = Assessment.objects.get(agency=agency)
    assert (assessment.total_points, assessment.percent, assessment.rank) == (
        D("88.5"),
        D("88.50"),
        1,
    )
    assert assessment.band_label == "Khá"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "agency,group,score,max_score\nSở Tư pháp,department,101,100\n",
            "row 2, column C (“score”): found 101, expected a score between 0 and the maximum 100",
        ),
        (
            "agency,group,score,max_score\nSở Tư pháp,department,90,100\nSở Không Có,department,80,100\n",
            "row 3, column A (“agency”): found “Sở Không Có”, expected the name of a registered agency",
        ),
        (
            "agency,group,score,max_score\nSở Tư pháp,department,chín mươi,100\n",
            "row 2, column C (“score”): found “chín mươi”, expected a number such as 14,5 or 14.5",
        ),
        (
            "agency,nhom,score,max_score\nSở Tư pháp,department,90,100\n",
            "row 1",
        ),
        (
            "agency,group,score,max_score,percent\nSở Tư pháp,department,90,100,91\n",
            "row 2, column E (“percent”): found 91, but 90 ÷ 100 × 100 = 90",
        ),
    ],
    ids=[
        "above-maximum",
        "unknown-agency",
        "text-in-number",
        "wrong-header",
        "percent-mismatch",
    ],
)
def test_bad_totals_file_changes_nothing_and_names_row_and_column(
    tmp_path, content, expected
):
    AgencyFactory(name="Sở Tư pháp")
    before = snapshot()
    with pytest.raises(CommandError) as error:
        call_command("import_totals", write(tmp_path, "tong.csv", content), year=2023)
    assert f"tong.csv, {expected}" in str(error.value)
    assert "nothing was saved" in str(error.value)
    assert snapshot() == before


def test_wrong_header_names_missing_and_unknown_columns(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command(
            "import_totals",
            write(tmp_path, "t.csv", "agency,nhom,score,max_score\nA,department,1,2\n"),
            year=2023,
        )
    message = str(error.value)
    assert "column(s)" in message and "group" in message
    assert "column B (“nhom”): unknown column" in message


def test_semicolon_csv_from_a_vietnamese_excel_is_read(tmp_path):
    AgencyFactory(name="Sở Tư pháp")
    content = "agency;group;score;max_score\nSở Tư pháp;department;88,25;100\n"
    call_command("import_totals", write(tmp_path, "t.csv", content), year=2023)
    assert Assessment.objects.get().total_points == D("88.25")


# --- Per-node scores ------------------------------------------------------------------------

HEADER = "agency,code,self_score,appraised_score,survey_score,not_applicable,note"


@pytest.fixture
def scored_setup():
    framework = make_framework()
    agencies = [AgencyFactory(name="Sở Tư pháp"), AgencyFactory(name="Sở Y tế")]
    return framework, agencies


def test_scores_csv_creates_assessments_and_results(tmp_path, scored_setup, capsys):
    framework, (justice, health) = scored_setup
    content = "\n".join(
        [
            "\ufeff" + HEADER,
            'Sở Tư pháp,1.1.1,"1,5","1,25",,,Thiếu tài liệu',
            "Sở Tư pháp,1.1.2,2.5,2.5,,,",
            "Sở Tư pháp,1.2,2,2,,,",
            "Sở Tư pháp,2,,,3,,",
            "sở y tế,1.1.1,,,,x,",
            "Sở Y tế,1.1.2,2,2,,,",
            "Sở Y tế,1.2,2,1,,,",
            "Sở Y tế,2,,,4,,",
        ]
    )
    call_command("import_scores", write(tmp_path, "diem.csv", content), year=2023)
    assert (
        "8 row(s) read; 8 node score(s) changed for 2 agency(ies)"
        in capsys.readouterr().out
    )
    first = Assessment.objects.get(agency=justice)
    second = Assessment.objects.get(agency=health)
    assert (first.total_points, first.applicable_max, first.percent) == (
        D("8.75"),
        D("10"),
        D("87.50"),
    )
    assert (second.total_points, second.applicable_max, second.percent) == (
        D("7"),
        D("8.5"),
        D("82.35"),
    )
    assert (first.rank, second.rank) == (1, 2)
    note = NodeScore.objects.get(assessment=first, node__code="1.1.1")
    assert note.appraiser_note == "Thiếu tài liệu" and note.self_score == D("1.5")


def test_scores_xlsx_updates_only_the_rows_given_and_empty_cells_clear(
    tmp_path, scored_setup
):
    framework, (justice, _health) = scored_setup
    first = xlsx(
        [
            HEADER.split(","),
            ["Sở Tư pháp", "1.2", 2, 1.5, None, None, None],
            ["Sở Tư pháp", "2", None, None, 3.5, 0, None],
        ]
    )
    call_command("import_scores", write(tmp_path, "a.xlsx", first), year=2023)
    second = xlsx([HEADER.split(","), ["Sở Tư pháp", "1.2", 2, None, None, None, None]])
    plan = services.index_scores_import_preview(
        data=second, filename="b.xlsx", year=2023, actor=system_actor()
    )
    (change,) = plan.agencies[0].changes
    assert (
        change.before.appraised_score == D("1.5")
        and change.after.appraised_score is None
    )
    call_command("import_scores", write(tmp_path, "b.xlsx", second), year=2023)
    rows = {
        r.node.code: r
        for r in NodeScore.objects.filter(assessment__agency=justice).select_related(
            "node"
        )
    }
    assert rows["1.2"].appraised_score is None and rows["1.2"].self_score == D(2)
    assert rows["2"].survey_score == D("3.5")
    assert Assessment.objects.get(agency=justice).is_provisional


def _existing_scores(tmp_path):
    call_command(
        "import_scores",
        write(tmp_path, "ok.csv", f"{HEADER}\nSở Tư pháp,1.2,2,2,,,\n"),
        year=2023,
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "Sở Tư pháp,1.1.1,1,1.75,,,",
            "row 3, column D (“appraised_score”): found 1.75, expected a score between 0 and the maximum 1.5 of 1.1.1",
        ),
        (
            "Sở Không Có,1.2,1,1,,,",
            "row 3, column A (“agency”): found “Sở Không Có”, expected the name of a registered agency",
        ),
        (
            "Sở Tư pháp,1.1.1,một,1,,,",
            "row 3, column C (“self_score”): found “một”, expected a number such as 14,5 or 14.5",
        ),
        (
            "Sở Tư pháp,9.9,1,1,,,",
            "row 3, column B (“code”): found “9.9”, expected a code of the framework",
        ),
        ("Sở Tư pháp,1.1,1,1,,,", "row 3, column B (“code”): 1.1 has sub-criteria"),
        ("Sở Tư pháp,1.1.1,1,1,,có lẽ,", "row 3, column F (“not_applicable”)"),
    ],
    ids=[
        "above-maximum",
        "unknown-agency",
        "text-in-number",
        "unknown-code",
        "not-a-leaf",
        "bad-flag",
    ],
)
def test_bad_scores_file_changes_nothing_and_names_row_and_column(
    tmp_path, scored_setup, row, expected
):
    _existing_scores(tmp_path)
    before = snapshot()
    content = f"{HEADER}\nSở Y tế,1.2,2,2,,,\n{row}\n"
    with pytest.raises(CommandError) as error:
        call_command("import_scores", write(tmp_path, "diem.csv", content), year=2023)
    assert f"diem.csv, {expected}" in str(error.value)
    assert snapshot() == before
    assert not Assessment.objects.filter(agency__name="Sở Y tế").exists()


def test_scores_file_with_a_wrong_header_changes_nothing(tmp_path, scored_setup):
    _existing_scores(tmp_path)
    before = snapshot()
    content = "agency,code,self,appraised_score,survey_score,not_applicable,note\nSở Y tế,1.2,2,2,,,\n"
    with pytest.raises(CommandError) as error:
        call_command("import_scores", write(tmp_path, "diem.csv", content), year=2023)
    message = str(error.value)
    assert "diem.csv, row 1" in message and "self_score" in message
    assert "column C (“self”): unknown column" in message
    assert snapshot() == before


def test_every_bad_row_is_reported_at_once(scored_setup):
    content = f"{HEADER}\nSở Tư pháp,1.2,9,,,,\nSở Tư pháp,1.2,1,,,,\nAi đó,2,,,1,,\n".encode()
    with pytest.raises(ValidationError) as error:
        services.index_scores_import(
            data=content, filename="f.csv", year=2023, actor=system_actor()
        )
    messages = error.value.messages
    assert len(messages) == 3
    assert any("row 3" in m and "already appears on row 2" in m for m in messages)


def test_a_file_that_is_not_a_spreadsheet_is_refused():
    with pytest.raises(ValidationError, match="not a CSV or XLSX"):
        services.index_scores_import(
            data=b"%PDF-1.7\x00\x00binary",
            filename="x.pdf",
            year=2023,
            actor=system_actor(),
        )


def test_score_import_for_a_year_without_framework_names_the_problem(scored_setup):
    content = f"{HEADER}\nSở Tư pháp,1.2,2,2,,,\n".encode()
    with pytest.raises(ValidationError, match="2031 has no framework"):
        services.index_scores_import(
            data=content, filename="f.csv", year=2031, actor=system_actor()
        )


def test_agencies_of_another_group_use_their_groups_framework(tmp_path, scored_setup):
    make_framework(group=AgencyGroup.DISTRICT)
    district = AgencyFactory(name="UBND huyện Mẫu", group=AgencyGroup.DISTRICT)
    content = f"{HEADER}\nUBND huyện Mẫu,1.2,2,2,,,\nSở Tư pháp,1.2,2,1,,,\n"
    call_command("import_scores", write(tmp_path, "d.csv", content), year=2023)
    assert (
        Assessment.objects.get(agency=district).framework.group == AgencyGroup.DISTRICT
    )
    assert Assessment.objects.get(agency=district).rank == 1
    assert Assessment.objects.get(agency__name="Sở Tư pháp").rank == 1
