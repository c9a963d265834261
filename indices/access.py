"""Which agencies a user may see and change: the one place that decides.

Every selector that returns agency-owned data narrows its queryset with
`scope_to_user`, and every write for an agency checks `can_act_for_agency`.
Sở Nội vụ staff and leadership (permission `indices.view_all_agencies`) see
every agency; Sở Nội vụ staff (`indices.act_for_all_agencies`) act for every
agency; agency staff (`indices.view_own_agency`) see and act for their own
agency only; anyone else sees nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Agency, User

SYSTEM_USERNAME = "system"


def system_actor() -> User:
    """The actor of writes made by the system itself (management commands,
    Celery tasks, the demo): a user row, so history records show "Hệ thống",
    that cannot log in (inactive, no usable password). Only the object this
    function returns carries the marker policies recognise; loading the same
    row through a login never acts as the system."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Hệ thống", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.is_system_actor = True
    return user


def is_system_actor(user) -> bool:
    return getattr(user, "is_system_actor", False) is True


def sees_all_agencies(user) -> bool:
    return is_system_actor(user) or bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("indices.view_all_agencies"))
    )


def acts_for_all_agencies(user) -> bool:
    return is_system_actor(user) or bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("indices.act_for_all_agencies"))
    )


def holds(user, permission: str) -> bool:
    """The user's role grants `permission` ("app.codename"); the system actor
    holds every permission. Policy modules ask this, not `has_perm`."""
    return is_system_actor(user) or bool(
        user.is_authenticated and user.is_active and user.has_perm(permission)
    )


def own_agency_id(user) -> int | None:
    """The agency an agency-staff user is limited to, or None.

    Belonging to an agency is not enough: the role must grant
    `indices.view_own_agency`, so taking a user out of the agency-staff group
    suspends their access at once.
    """
    if not (user.is_authenticated and user.is_active and user.agency_id):
        return None
    if not user.has_perm("indices.view_own_agency"):
        return None
    return user.agency_id


def scope_to_user(
    queryset: QuerySet, user, *, agency_field: str = "agency"
) -> QuerySet:
    """Narrow `queryset` to rows whose `agency_field` the user may see.

    `agency_field` is the lookup path from the queryset's model to Agency
    ("agency", "task__agency", or "" for an Agency queryset itself).
    """
    if sees_all_agencies(user):
        return queryset
    agency_id = own_agency_id(user)
    if agency_id is None:
        return queryset.none()
    lookup = f"{agency_field}__pk" if agency_field else "pk"
    return queryset.filter(**{lookup: agency_id})


def agencies_visible_to(user) -> QuerySet[Agency]:
    return scope_to_user(Agency.objects.all(), user, agency_field="")


def agencies_changeable_by(user) -> QuerySet[Agency]:
    if acts_for_all_agencies(user):
        return Agency.objects.all()
    agency_id = own_agency_id(user)
    if agency_id is None or sees_all_agencies(user):
        # Leadership sees everything but changes nothing.
        return Agency.objects.none()
    return Agency.objects.filter(pk=agency_id)


def can_see_agency(user, agency_id: int) -> bool:
    return sees_all_agencies(user) or (
        agency_id is not None and own_agency_id(user) == agency_id
    )


def can_act_for_agency(user, agency_id: int) -> bool:
    if acts_for_all_agencies(user):
        return True
    return (
        not sees_all_agencies(user)
        and agency_id is not None
        and own_agency_id(user) == agency_id
    )


def require_agency_visible(user, agency_id: int) -> None:
    """Raise Http404 when the user may not see the agency's data.

    404 rather than 403, so a URL does not reveal that another agency's
    object exists.
    """
    if not can_see_agency(user, agency_id):
        raise Http404


def require_act_for_agency(user, agency_id: int) -> None:
    """Raise PermissionDenied (or 404 if not even visible) unless the user may act."""
    require_agency_visible(user, agency_id)
    if not can_act_for_agency(user, agency_id):
        raise PermissionDenied
