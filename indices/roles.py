"""The three roles of the site, kept as Django groups so the admin can manage
them, and the default permissions each role's group carries.

- Sở Nội vụ staff run CCHC work and see and change every agency's data.
- Leadership sees everything and changes nothing.
- Agency staff belong to one agency and update that agency's remediation.

What a user may *do* comes from these permissions; *which agencies* it may do
it for comes from indices.access.
"""

from __future__ import annotations

import enum

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _


class Role(enum.StrEnum):
    SNV_STAFF = "snv_staff"
    LEADERSHIP = "leadership"
    AGENCY_STAFF = "agency_staff"


# Group names are what administrators see; they are stored once and never
# translated at run time.
GROUP_NAMES: dict[Role, str] = {
    Role.SNV_STAFF: "Cán bộ Sở Nội vụ",
    Role.LEADERSHIP: "Lãnh đạo",
    Role.AGENCY_STAFF: "Cán bộ cơ quan, đơn vị",
}

ROLE_LABELS = {
    Role.SNV_STAFF: _("Sở Nội vụ staff"),
    Role.LEADERSHIP: _("Leadership"),
    Role.AGENCY_STAFF: _("Agency staff"),
}

_VIEW_ALL = ["indices.view_all_agencies"]


def _crud(app: str, models: list[str], actions=("view", "add", "change")) -> list[str]:
    return [f"{app}.{action}_{model}" for model in models for action in actions]


# "app_label.codename" of each role's default permissions. Other apps add
# theirs with `grant_defaults` (from their AppConfig.ready); permissions of
# models that do not exist (yet) are ignored.
DEFAULT_PERMISSIONS: dict[Role, list[str]] = {
    Role.SNV_STAFF: [
        *_VIEW_ALL,
        "indices.act_for_all_agencies",
        *_crud(
            "indices",
            [
                "agency",
                "reorganisation",
                "framework",
                "frameworknode",
                "band",
                "assessment",
                "nodescore",
            ],
        ),
        "indices.publish_results",
    ],
    Role.LEADERSHIP: [
        *_VIEW_ALL,
        "indices.view_agency",
        "indices.view_framework",
        "indices.view_assessment",
    ],
    Role.AGENCY_STAFF: [
        "indices.view_own_agency",
        "indices.view_agency",
        "indices.view_framework",
        "indices.view_assessment",
    ],
}


def grant_defaults(role: Role, permissions: list[str]) -> None:
    """Add `permissions` to the role's defaults (another app's permissions)."""
    wanted = DEFAULT_PERMISSIONS[role]
    wanted.extend(name for name in permissions if name not in wanted)


def role_of(user) -> Role | None:
    """Return the user's role, deciding by the broadest group it is in."""
    if not user.is_authenticated:
        return None
    names = _group_names(user)
    for role in (Role.SNV_STAFF, Role.LEADERSHIP, Role.AGENCY_STAFF):
        if GROUP_NAMES[role] in names:
            return role
    if user.is_superuser:
        return Role.SNV_STAFF
    return None


def _group_names(user) -> frozenset[str]:
    # Cached on the user object: the role is asked several times per request.
    cached = getattr(user, "_role_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_group_names = cached
    return cached


def sync_role_groups(*, using: str = DEFAULT_DB_ALIAS, apps=global_apps) -> None:
    """Create the role groups and give each its default permissions.

    Never removes a permission an administrator added.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # post_migrate fires app by app; make sure every app's permissions exist.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    for role, names in DEFAULT_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(
            name=GROUP_NAMES[role]
        )
        wanted = {tuple(name.split(".", 1)) for name in names}
        perms = [
            perm
            for perm in Permission.objects.using(using).select_related("content_type")
            if (perm.content_type.app_label, perm.codename) in wanted
        ]
        group.permissions.add(*perms)


def sync_role_groups_after_migrate(
    sender, *, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs
):
    sync_role_groups(using=using, apps=apps)
