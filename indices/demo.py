"""Demo data for `manage.py seed_demo`: Bình Phước's agencies and demo users.

Agencies come from the province's published list (demo_data/); everything
loaded here can be run again without creating duplicates.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction

from .access import system_actor
from .demo_index import seed_index
from .models import Agency, AgencyGroup, User
from .roles import GROUP_NAMES, Role
from .services import agency_code_from_name, agency_upsert

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
DEMO_PASSWORD = "cchc-demo-2026"

__all__ = ["DEMO_PASSWORD", "seed_agencies", "seed_index", "seed_users"]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role | None
    agency_name: str = ""
    is_admin: bool = False


DEMO_USERS = [
    DemoUser("admin", "Quản trị hệ thống", None, is_admin=True),
    DemoUser("snv", "Nguyễn Thị Thu Hà", Role.SNV_STAFF),
    DemoUser("lanhdao", "Trần Văn Minh", Role.LEADERSHIP),
    DemoUser("soyte", "Lê Thị Hồng", Role.AGENCY_STAFF, "Sở Y tế"),
    DemoUser("sotuphap", "Phạm Quốc Bảo", Role.AGENCY_STAFF, "Sở Tư pháp"),
    DemoUser("bugiamap", "Điểu Thị Lan", Role.AGENCY_STAFF, "UBND huyện Bù Gia Mập"),
]


def demo_agency_rows() -> list[dict[str, str]]:
    with (DATA_DIR / "binhphuoc_agencies_2022.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@transaction.atomic
def seed_agencies() -> list[Agency]:
    """Bình Phước's 20 departments and 11 district committees (2022 list)."""
    actor = system_actor()
    agencies = []
    for row in demo_agency_rows():
        name = row["agency_name_vi"].strip()
        code = agency_code_from_name(name)
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            agency, _created = agency_upsert(
                name=name,
                group=AgencyGroup(row["group"]),
                code=code,
                contact_emails=f"vanthu@{code}.example.gov.vn",
                head_email=f"thutruong@{code}.example.gov.vn",
                focal_email=f"cchc@{code}.example.gov.vn",
                actor=actor,
            )
        agencies.append(agency)
    return agencies


@transaction.atomic
def seed_users() -> list[tuple[DemoUser, User]]:
    """Demo accounts for every role; their password is DEMO_PASSWORD."""
    created = []
    for demo in DEMO_USERS:
        user, _new = User.objects.get_or_create(username=demo.username)
        last, _, first = demo.full_name.rpartition(" ")
        user.first_name, user.last_name = first, last
        user.email = f"{demo.username}@example.gov.vn"
        user.agency = (
            Agency.objects.get(name=demo.agency_name) if demo.agency_name else None
        )
        user.is_staff = user.is_superuser = demo.is_admin
        user.set_password(DEMO_PASSWORD)
        user.save()
        if demo.role:
            user.groups.set([Group.objects.get(name=GROUP_NAMES[demo.role])])
        created.append((demo, user))
    return created
