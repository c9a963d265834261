"""Site users: roles are groups; agency staff belong to one agency."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.admin.base import UnaccentSearchMixin

from ..models import User
from ..roles import GROUP_NAMES, Role

# Permissions that let a user see every agency (indices.access): only such
# users may enter the admin, which is not narrowed to one agency.
SEE_ALL_CODENAMES = ["view_all_agencies", "act_for_all_agencies"]


def _grants_all_agencies(groups, permissions) -> bool:
    return (
        Permission.objects.filter(
            Q(group__in=groups) | Q(pk__in=[p.pk for p in permissions]),
            content_type__app_label="indices",
            codename__in=SEE_ALL_CODENAMES,
        )
        .distinct()
        .exists()
    )


class UserAdminForm(DjangoUserAdmin.form):
    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups") or []
        is_agency_staff = any(g.name == GROUP_NAMES[Role.AGENCY_STAFF] for g in groups)
        if is_agency_staff and not cleaned.get("agency"):
            raise ValidationError(
                {"agency": _("Agency staff must belong to an agency.")}
            )
        if (
            cleaned.get("is_staff")
            and not cleaned.get("is_superuser")
            and not _grants_all_agencies(groups, cleaned.get("user_permissions") or [])
        ):
            raise ValidationError(
                {
                    "is_staff": _(
                        "Only users who see every agency (Sở Nội vụ staff, "
                        "leadership) may use the administration site."
                    )
                }
            )
        return cleaned


@admin.register(User)
class UserAdmin(UnaccentSearchMixin, DjangoUserAdmin):
    form = UserAdminForm
    list_display = [
        "username",
        "get_full_name",
        "email",
        "agency",
        "is_active",
        "is_staff",
        "last_login",
    ]
    list_filter = ["groups", "is_active", "is_staff", "agency__group"]
    list_select_related = ["agency"]
    search_fields = ["username", "first_name", "last_name", "email", "agency__name"]
    autocomplete_fields = ["agency"]
    ordering = ["username"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Agency"), {"fields": ("agency", "job_title", "phone")}),
    )

    @admin.display(description=_("full name"), ordering="last_name")
    def get_full_name(self, obj):
        return obj.get_full_name()
