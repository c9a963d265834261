"""The admin app with the CCHC admin site as its default site (see
cchc_site.admin_site); listed in INSTALLED_APPS instead of django.contrib.admin."""

from django.contrib.admin.apps import AdminConfig


class CchcAdminConfig(AdminConfig):
    default_site = "cchc_site.admin_site.CchcAdminSite"
