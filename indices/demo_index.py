"""Demo PAR index data: frameworks, scores, publication and the 2025
reorganisation of Bình Phước. Run again, it changes nothing.

What is real and what is illustrative:
- Real (demo_data/binhphuoc_2023_published.csv, announcement of 07/03/2024):
  the 2023 group averages (departments 88.05 %, districts 89.33 %) and the
  highest and lowest agency of each group with their percentages. Those six
  assessments are not marked illustrative; their per-node breakdown is.
- Real (domain brief): the 2022 group averages (92.51 %, 92.47 %) and each
  agency's 2022 band; the 2022 percentages themselves are illustrative.
- Field maxima follow the national provincial framework (QĐ 2948/QĐ-BNV);
  field 1's first criteria use Cà Mau's rubric (QĐ 1880/QĐ-UBND, 2013); every
  other node name and every other score is illustrative, and the frameworks
  are marked so.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

from django.db import transaction

from . import arithmetic
from .access import system_actor
from .models import (
    Agency,
    AgencyGroup,
    Assessment,
    Framework,
    FrameworkNode,
    Reorganisation,
    ReorganisationKind,
    ScoringMethod,
)
from .services import (
    ScoreEntry,
    agency_upsert,
    assessment_open,
    assessments_recompute,
    framework_copy,
    framework_import,
    framework_results_publish,
    framework_results_recompute,
    reorganisation_record,
)
from .services.agencies import agency_code_from_name
from .services.score_entry import apply_entries

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
STEP = Decimal("0.25")
CENT = Decimal("0.01")

PUBLISHED_2023 = {
    "Sở Kế hoạch và Đầu tư": Decimal("93.96"),
    "Sở Tài nguyên và Môi trường": Decimal("73.00"),
    "UBND thành phố Đồng Xoài": Decimal("95.30"),
    "UBND huyện Bù Gia Mập": Decimal("84.06"),
}

# Target percentages; the last agency of each group takes the remainder so
# that the group average comes out exactly as published.
TARGETS: dict[int, dict[str, dict[str, str]]] = {
    2023: {
        AgencyGroup.DEPARTMENT: {
            "Sở Kế hoạch và Đầu tư": "93.96",
            "Sở Tài nguyên và Môi trường": "73.00",
            "Sở Văn hóa - Thể thao và Du lịch": "90.12",
            "Sở Thông tin và Truyền thông": "92.85",
            "Sở Giao thông vận tải": "89.40",
            "Sở Công Thương": "88.75",
            "Sở Xây dựng": "87.60",
            "Sở Ngoại vụ": "91.30",
            "Văn phòng UBND tỉnh": "93.10",
            "Sở Giáo dục và Đào tạo": "86.95",
            "Sở Nội vụ": "92.40",
            "Sở Lao động - Thương binh và Xã hội": "88.20",
            "Ban Dân tộc": "85.70",
            "Sở Tư pháp": "90.85",
            "Thanh tra tỉnh": "87.15",
            "Sở Tài chính": "91.75",
            "Ban Quản lý khu kinh tế": "84.30",
            "Sở Khoa học và Công nghệ": "83.90",
            "Sở Nông nghiệp và Phát triển nông thôn": "82.45",
            "Sở Y tế": "",
        },
        AgencyGroup.DISTRICT: {
            "UBND thành phố Đồng Xoài": "95.30",
            "UBND huyện Bù Gia Mập": "84.06",
            "UBND huyện Lộc Ninh": "90.45",
            "UBND huyện Phú Riềng": "89.10",
            "UBND thị xã Bình Long": "91.20",
            "UBND huyện Đồng Phú": "88.65",
            "UBND huyện Bù Đốp": "87.90",
            "UBND huyện Bù Đăng": "89.75",
            "UBND thị xã Chơn Thành": "92.60",
            "UBND thị xã Phước Long": "86.40",
            "UBND huyện Hớn Quản": "",
        },
    },
    2022: {
        AgencyGroup.DEPARTMENT: {
            "Sở Văn hóa - Thể thao và Du lịch": "94.10",
            "Sở Thông tin và Truyền thông": "95.30",
            "Sở Giao thông vận tải": "93.20",
            "Sở Công Thương": "93.85",
            "Sở Xây dựng": "92.40",
            "Sở Ngoại vụ": "94.75",
            "Văn phòng UBND tỉnh": "96.20",
            "Sở Kế hoạch và Đầu tư": "95.60",
            "Sở Giáo dục và Đào tạo": "92.90",
            "Sở Nội vụ": "95.90",
            "Sở Lao động - Thương binh và Xã hội": "93.40",
            "Ban Dân tộc": "92.10",
            "Sở Tư pháp": "94.60",
            "Thanh tra tỉnh": "93.05",
            "Ban Quản lý khu kinh tế": "88.10",
            "Sở Khoa học và Công nghệ": "87.45",
            "Sở Nông nghiệp và Phát triển nông thôn": "86.90",
            "Sở Tài nguyên và Môi trường": "85.60",
            "Sở Y tế": "88.70",
            "Sở Tài chính": "",
        },
        AgencyGroup.DISTRICT: {
            "UBND thành phố Đồng Xoài": "96.40",
            "UBND huyện Lộc Ninh": "94.80",
            "UBND huyện Phú Riềng": "93.70",
            "UBND thị xã Bình Long": "95.10",
            "UBND huyện Đồng Phú": "93.20",
            "UBND huyện Bù Đốp": "92.90",
            "UBND huyện Bù Đăng": "93.60",
            "UBND thị xã Phước Long": "88.40",
            "UBND huyện Hớn Quản": "87.95",
            "UBND huyện Bù Gia Mập": "86.80",
            "UBND thị xã Chơn Thành": "",
        },
    },
}
AVERAGES = {
    (2023, AgencyGroup.DEPARTMENT): Decimal("88.05"),
    (2023, AgencyGroup.DISTRICT): Decimal("89.33"),
    (2022, AgencyGroup.DEPARTMENT): Decimal("92.51"),
    (2022, AgencyGroup.DISTRICT): Decimal("92.47"),
}
PUBLISHED_ON = {2023: datetime.date(2024, 3, 7), 2022: datetime.date(2023, 3, 1)}

# Sub-criteria that do not apply to an agency (illustrative): the agency's
# maximum shrinks by their points.
NOT_APPLICABLE = {
    "Ban Dân tộc": ["3.3.1", "3.3.2"],
    "Thanh tra tỉnh": ["6.2"],
    "UBND huyện Bù Đốp": ["7.3"],
}
APPRAISER_NOTES = [
    "Thiếu tài liệu kiểm chứng.",
    "Thực hiện chậm so với thời hạn quy định.",
    "Chưa đạt chỉ tiêu của kế hoạch năm.",
    "Báo cáo chưa đầy đủ nội dung theo hướng dẫn.",
]


# --- Frameworks --------------------------------------------------------------------------


def seed_frameworks() -> dict[tuple[int, str], Framework]:
    """2022 and 2023 frameworks imported from demo_data, 2024 copied from 2023."""
    actor = system_actor()
    frameworks = {}
    for group in (AgencyGroup.DEPARTMENT, AgencyGroup.DISTRICT):
        for year in (2022, 2023):
            framework = Framework.objects.filter(year=year, group=group).first()
            if framework is None:
                path = DATA_DIR / f"framework_{group}.csv"
                framework = framework_import(
                    data=path.read_bytes(),
                    filename=path.name,
                    year=year,
                    group=group,
                    name=f"Bộ chỉ số CCHC {year} – "
                    + (
                        "sở, ban, ngành"
                        if group == AgencyGroup.DEPARTMENT
                        else "UBND cấp huyện"
                    )
                    + " (minh họa)",
                    is_illustrative=True,
                    actor=actor,
                )
            frameworks[(year, group)] = framework
        copy = Framework.objects.filter(year=2024, group=group).first()
        if copy is None:
            copy = framework_copy(
                framework=frameworks[(2023, group)], year=2024, actor=actor
            )
        frameworks[(2024, group)] = copy
    return frameworks


# --- Scores ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    agency: Agency
    points: Decimal
    not_applicable: frozenset[str]


def _targets(year: int, group: str, nodes: list[FrameworkNode]) -> list[Target]:
    """Points for each agency so that the percentages average exactly as published."""
    agencies = {a.name: a for a in Agency.objects.filter(group=group)}
    maxima = {n.code: n.max_points for n in nodes}
    total = sum((n.max_points for n in nodes if n.level == 1), Decimal(0))
    names = list(TARGETS[year][group])
    wanted_sum = AVERAGES[(year, group)] * len(names)
    targets, percent_sum = [], Decimal(0)
    for name in names:
        na = frozenset(NOT_APPLICABLE.get(name, ()))
        applicable = total - sum((maxima[c] for c in na), Decimal(0))
        text = TARGETS[year][group][name]
        if text:
            percent = Decimal(text)
        else:  # the remainder: no N/A here, so points = percent
            assert not na
            percent = wanted_sum - percent_sum
        points = arithmetic.quantize(percent * applicable / 100)
        percent_sum += arithmetic.percent_of(points, applicable)
        targets.append(Target(agencies[name], points, na))
    return targets


def _leaf_entries(
    target: Target, leaves: list[FrameworkNode], year: int
) -> dict[int, ScoreEntry]:
    """Leaf scores adding up exactly to the target: deficits in quarter points
    on appraisal leaves (a few chronic weak ones per agency, so low scores
    recur from year to year) and the rest on the survey leaves."""
    agency = target.agency
    chronic = random.Random(agency.code)
    rng = random.Random(f"{agency.code}-{year}")
    applicable = [leaf for leaf in leaves if leaf.code not in target.not_applicable]
    appraisal = [leaf for leaf in applicable if leaf.method == ScoringMethod.APPRAISAL]
    survey = [leaf for leaf in applicable if leaf.method == ScoringMethod.SURVEY]
    deficit = sum((leaf.max_points for leaf in applicable), Decimal(0)) - target.points
    survey_capacity = sum((leaf.max_points for leaf in survey), Decimal(0))
    survey_share = min(
        deficit * Decimal(rng.randint(25, 45)) / 100, survey_capacity * Decimal("0.3")
    )
    appraisal_deficit = ((deficit - survey_share) / STEP).to_integral_value(
        rounding=ROUND_FLOOR
    ) * STEP
    lost = {leaf.pk: Decimal(0) for leaf in applicable}
    weak = chronic.sample(sorted(appraisal, key=lambda n: n.order), 2)
    weak.append(rng.choice(appraisal))
    remaining = appraisal_deficit
    for leaf in weak:
        take = min(
            remaining,
            leaf.max_points - lost[leaf.pk],
            leaf.max_points * Decimal("0.5") + STEP * rng.randint(0, 2),
        )
        take = (take / STEP).to_integral_value(rounding=ROUND_FLOOR) * STEP
        lost[leaf.pk] += take
        remaining -= take
    others = sorted(appraisal, key=lambda n: n.order)
    rng.shuffle(others)
    # Small deductions elsewhere keep a leaf at 75 % or more (not flagged low)
    # as long as the deficit allows.
    for cap in (Decimal("0.25"), Decimal("1")):
        while remaining > 0:
            progressed = False
            for leaf in others:
                take = min(remaining, leaf.max_points * cap - lost[leaf.pk], STEP)
                if remaining > 0 and take >= STEP:
                    lost[leaf.pk] += take
                    remaining -= take
                    progressed = True
            if not progressed:
                break
    assert remaining == 0, (agency, remaining)
    survey_deficit = deficit - appraisal_deficit
    weights = [leaf.max_points * Decimal(rng.randint(80, 120)) for leaf in survey]
    for index, leaf in enumerate(survey):
        if index == len(survey) - 1:
            share = survey_deficit - sum((lost[s.pk] for s in survey[:-1]), Decimal(0))
        else:
            share = (survey_deficit * weights[index] / sum(weights)).quantize(CENT)
        lost[leaf.pk] = share
    entries = {}
    for leaf in leaves:
        if leaf.code in target.not_applicable:
            entries[leaf.pk] = ScoreEntry(
                not_applicable=True,
                explanation="Đơn vị không thực hiện nhiệm vụ này (minh họa).",
            )
            continue
        score = leaf.max_points - lost[leaf.pk]
        assert 0 <= score <= leaf.max_points, (agency, leaf.code, score)
        if leaf.method == ScoringMethod.SURVEY:
            entries[leaf.pk] = ScoreEntry(survey_score=score)
            continue
        reduced = lost[leaf.pk] > 0
        claimed = leaf.max_points if reduced and rng.random() < 0.6 else score
        entries[leaf.pk] = ScoreEntry(
            self_score=claimed,
            appraised_score=score,
            appraiser_note=rng.choice(APPRAISER_NOTES) if reduced else "",
        )
    return entries


@transaction.atomic
def seed_scores(frameworks: dict[tuple[int, str], Framework]) -> int:
    """Per-sub-criterion scores of every agency for 2022 and 2023, published."""
    actor = system_actor()
    created = 0
    for year in (2022, 2023):
        for group in (AgencyGroup.DEPARTMENT, AgencyGroup.DISTRICT):
            framework = frameworks[(year, group)]
            if framework.assessments.exists():
                continue
            nodes = list(framework.nodes.order_by("order"))
            leaves = [n for n in nodes if n.is_leaf]
            by_id = {n.pk: n for n in nodes}
            assessments = []
            for target in _targets(year, group, nodes):
                is_real = (
                    year == 2023 and PUBLISHED_2023.get(target.agency.name) is not None
                )
                assessment = assessment_open(
                    framework=framework,
                    agency=target.agency,
                    nodes=nodes,
                    is_illustrative=not is_real,
                    note=(
                        "Tổng điểm theo kết quả công bố ngày 07/03/2024; điểm từng "
                        "tiêu chí là minh họa."
                        if is_real
                        else "Số liệu minh họa."
                    ),
                    actor=actor,
                )
                apply_entries(
                    assessment=assessment,
                    entries=_leaf_entries(target, leaves, year),
                    nodes_by_id=by_id,
                    actor=actor,
                )
                assessments.append(assessment)
                created += 1
            assessments_recompute(assessments=assessments, nodes=nodes, actor=actor)
            framework_results_recompute(framework=framework, actor=actor)
            framework.refresh_from_db()
            if framework.average_percent != AVERAGES[(year, group)]:
                raise RuntimeError(
                    f"demo {year} {group}: average {framework.average_percent}, "
                    f"published {AVERAGES[(year, group)]}"
                )
            framework_results_publish(
                framework=framework, published_on=PUBLISHED_ON[year], actor=actor
            )
    return created


# --- Reorganisation ----------------------------------------------------------------------

DECREE_45 = (
    "Nghị định 45/2025/NĐ-CP; quyết định của UBND tỉnh Bình Phước (số hiệu minh họa)"
)
DISTRICTS_DISSOLVED = (
    "Luật Tổ chức chính quyền địa phương số 72/2025/QH15; "
    "Nghị quyết 202/2025/QH15 (minh họa, cần đối chiếu)"
)


@transaction.atomic
def seed_reorganisations() -> list[Reorganisation]:
    """The 2025 reorganisation: two department mergers (01/03/2025) and the
    end of the district level (01/07/2025)."""
    actor = system_actor()

    def get(name: str) -> Agency:
        return Agency.objects.get(code=agency_code_from_name(name))

    finance = get("Sở Tài chính")
    planning = get("Sở Kế hoạch và Đầu tư")
    environment = get("Sở Tài nguyên và Môi trường")
    agriculture = get("Sở Nông nghiệp và Phát triển nông thôn")
    merged_name = "Sở Nông nghiệp và Môi trường"
    events = []
    if not Reorganisation.objects.filter(predecessors=planning).exists():
        events.append(
            reorganisation_record(
                kind=ReorganisationKind.MERGE,
                effective_date=datetime.date(2025, 3, 1),
                predecessors=[planning, finance],
                successors=[finance],
                decision_reference=DECREE_45,
                note="Sở Kế hoạch và Đầu tư hợp nhất vào Sở Tài chính.",
                actor=actor,
            )
        )
    if not Reorganisation.objects.filter(predecessors=environment).exists():
        successor, _created = agency_upsert(
            name=merged_name,
            group=AgencyGroup.DEPARTMENT,
            contact_emails="vanthu@so-nong-nghiep-va-moi-truong.example.gov.vn",
            actor=actor,
        )
        events.append(
            reorganisation_record(
                kind=ReorganisationKind.MERGE,
                effective_date=datetime.date(2025, 3, 1),
                predecessors=[environment, agriculture],
                successors=[successor],
                decision_reference=DECREE_45,
                note=(
                    "Hợp nhất Sở Tài nguyên và Môi trường và Sở Nông nghiệp và "
                    "Phát triển nông thôn thành Sở Nông nghiệp và Môi trường."
                ),
                actor=actor,
            )
        )
    districts = list(
        Agency.objects.filter(group=AgencyGroup.DISTRICT, active_to__isnull=True)
    )
    if (
        districts
        and not Reorganisation.objects.filter(
            kind=ReorganisationKind.DISSOLVE, effective_date=datetime.date(2025, 7, 1)
        ).exists()
    ):
        events.append(
            reorganisation_record(
                kind=ReorganisationKind.DISSOLVE,
                effective_date=datetime.date(2025, 7, 1),
                predecessors=districts,
                successors=[],
                decision_reference=DISTRICTS_DISSOLVED,
                note=(
                    "Kết thúc hoạt động của chính quyền cấp huyện (chính quyền địa "
                    "phương hai cấp). Các UBND cấp xã kế thừa không có trong dữ liệu "
                    "minh họa."
                ),
                actor=actor,
            )
        )
    return events


def seed_index() -> dict[str, int]:
    """Everything above, in order; returns counts for the command's output."""
    frameworks = seed_frameworks()
    scores = seed_scores(frameworks)
    events = seed_reorganisations()
    return {
        "frameworks": len(frameworks),
        "assessments": Assessment.objects.count(),
        "new_assessments": scores,
        "reorganisations": len(events),
    }
