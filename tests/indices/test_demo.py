"""The demo data reproduces Bình Phước's published 2023 figures exactly and
carries the 2025 reorganisation."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from indices import selectors
from indices.models import Agency, Assessment, Framework, Reorganisation

pytestmark = pytest.mark.django_db
PUBLISHED = "indices/demo_data/binhphuoc_2023_published.csv"


def report(year, **options):
    out = io.StringIO()
    call_command("index_report", year=year, format="csv", stdout=out, **options)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_seed_demo_then_index_report_reproduces_the_published_2023_figures():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    rows = report(2023)
    with open(PUBLISHED, encoding="utf-8") as file:
        published = [r for r in csv.DictReader(file) if r["group"]]
    assert len(published) == 6
    for fact in published:
        group = [r for r in rows if r["group"] == fact["group"]]
        if fact["fact"] == "group_average":
            (line,) = [r for r in group if r["rank"] == "average"]
            assert line["percent"] == fact["percent"], fact
        else:
            (line,) = [r for r in group if r["rank"] == fact["fact"]]
            assert (line["agency"], line["percent"]) == (
                fact["agency_name_vi"],
                fact["percent"],
            )
    # The six published figures are not illustrative; the other agencies are.
    real = Assessment.objects.filter(year=2023, is_illustrative=False)
    assert {a.agency.name for a in real} == {
        "Sở Kế hoạch và Đầu tư",
        "Sở Tài nguyên và Môi trường",
        "UBND thành phố Đồng Xoài",
        "UBND huyện Bù Gia Mập",
    }
    assert Assessment.objects.filter(year=2023).count() == 31
    assert all(f.is_published for f in Framework.objects.filter(year=2023))
    assert (
        Assessment.objects.filter(year=2023, applicable_max__lt=Decimal(100)).count()
        == 3
    )


def test_demo_has_low_scores_recurring_ones_and_the_2025_reorganisation():
    call_command("seed_demo", stdout=io.StringIO())
    low = selectors.low_scores_for_year(2023)
    assert len(low) > 31 and any(item.recurring for item in low)
    assert {f.copied_from.year for f in Framework.objects.filter(year=2024)} == {2023}
    assert not Assessment.objects.filter(year=2024).exists()
    planning = Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
    finance = Agency.objects.get(name="Sở Tài chính")
    merged = Agency.objects.get(name="Sở Nông nghiệp và Môi trường")
    assert planning.active_to == datetime.date(2025, 2, 28)
    assert finance.active_to is None and merged.active_from == datetime.date(2025, 3, 1)
    assert selectors.agency_lineage_ids(merged.pk) == {
        merged.pk,
        Agency.objects.get(name="Sở Tài nguyên và Môi trường").pk,
        Agency.objects.get(name="Sở Nông nghiệp và Phát triển nông thôn").pk,
    }
    assert set(
        Agency.objects.filter(group="district").values_list("active_to", flat=True)
    ) == {datetime.date(2025, 6, 30)}
    assert Reorganisation.objects.count() == 3
    dissolution = Reorganisation.objects.get(kind="dissolve")
    assert "không có trong dữ liệu" in dissolution.note
