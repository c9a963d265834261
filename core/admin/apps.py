"""Django's admin with the CCHC admin site (core.admin.site) as its default
site; listed in INSTALLED_APPS instead of django.contrib.admin."""

from django.contrib.admin.apps import AdminConfig


class CchcAdminConfig(AdminConfig):
    default_site = "core.admin.site.CchcAdminSite"
