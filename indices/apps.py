from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    name = "indices"
    verbose_name = _("Agencies and PAR index")

    def ready(self) -> None:
        from . import roles

        # Role groups are reference data the admin can extend; keep their
        # default permissions present after every migrate.
        post_migrate.connect(roles.sync_role_groups_after_migrate, sender=self)
