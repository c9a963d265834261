from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from indices.models import (
    Agency,
    AgencyGroup,
    Assessment,
    Framework,
    FrameworkNode,
    NodeScore,
    User,
)
from indices.roles import GROUP_NAMES, Role


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm số {n}")
    code = factory.Sequence(lambda n: f"so-thu-nghiem-{n}")
    group = AgencyGroup.DEPARTMENT
    contact_emails = factory.LazyAttribute(lambda a: f"vanthu@{a.code}.example.gov.vn")
    head_name = factory.Faker("name", locale="vi_VN")
    head_email = factory.LazyAttribute(lambda a: f"giamdoc@{a.code}.example.gov.vn")
    focal_name = factory.Faker("name", locale="vi_VN")
    focal_email = factory.LazyAttribute(lambda a: f"cchc@{a.code}.example.gov.vn")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="vi_VN")
    last_name = factory.Faker("last_name", locale="vi_VN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.django.Password("pw")


def make_user(role: Role | None, *, agency: Agency | None = None, **kwargs) -> User:
    """A user in the given role's group; agency staff get an agency if none is given."""
    if role == Role.AGENCY_STAFF and agency is None:
        agency = AgencyFactory()
    user = UserFactory(agency=agency, **kwargs)
    if role is not None:
        user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    return user


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("year", "group")

    year = 2023
    group = AgencyGroup.DEPARTMENT
    name = factory.LazyAttribute(lambda f: f"Bộ chỉ số thử nghiệm {f.year}")


class FrameworkNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkNode

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.LazyAttribute(lambda n: f"Tiêu chí {n.code}")
    max_points = Decimal("10")
    level = factory.LazyAttribute(lambda n: n.code.count(".") + 1)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    framework = factory.SubFactory(FrameworkFactory)
    agency = factory.SubFactory(AgencyFactory)
    year = factory.SelfAttribute("framework.year")


class NodeScoreFactory(factory.django.DjangoModelFactory):
    """A node score; the node belongs to the assessment's framework."""

    class Meta:
        model = NodeScore

    assessment = factory.SubFactory(AssessmentFactory)
    node = factory.SubFactory(
        FrameworkNodeFactory, framework=factory.SelfAttribute("..assessment.framework")
    )
