from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, User
from .roles import GROUP_NAMES, Role


class UserAdminForm(DjangoUserAdmin.form):
    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups") or []
        is_agency_staff = any(g.name == GROUP_NAMES[Role.AGENCY_STAFF] for g in groups)
        if is_agency_staff and not cleaned.get("agency"):
            raise ValidationError(
                {"agency": _("Agency staff must belong to an agency.")}
            )
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminForm
    list_display = [
        "username",
        "get_full_name",
        "email",
        "agency",
        "is_active",
        "is_staff",
    ]
    list_filter = ["groups", "is_active", "is_staff", "agency__group"]
    list_select_related = ["agency"]
    search_fields = ["username", "first_name", "last_name", "email", "agency__name"]
    autocomplete_fields = ["agency"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Agency"), {"fields": ("agency", "job_title", "phone")}),
    )


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "group", "active_from", "active_to", "focal_name"]
    list_filter = ["group", "province"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["snv_liaison"]
    autocomplete_fields = ["snv_liaison"]
