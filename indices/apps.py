from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    name = "indices"
    verbose_name = _("Agencies and PAR index")

    def ready(self) -> None:
        from core.admin.site import order_models
        from core.navigation import NavGroup, NavItem, main_menu

        from . import policies, roles  # noqa: F401  (policies registers its rules)

        # Role groups are reference data the admin can extend; keep their
        # default permissions present after every migrate.
        post_migrate.connect(roles.sync_role_groups_after_migrate, sender=self)

        order_models(
            "indices",
            [
                "agency",
                "reorganisation",
                "user",
                "framework",
                "frameworknode",
                "band",
                "assessment",
                "nodescore",
            ],
        )
        main_menu.add(
            NavGroup(
                "indices",
                _("PAR index"),
                "bar-chart-line",
                [
                    NavItem(
                        "indices:ranking",
                        _("Ranking"),
                        "bar-chart-line",
                        "indices.ranking.view",
                        ("indices:ranking_*", "indices:score*"),
                    ),
                    NavItem(
                        "indices:framework_list",
                        _("Frameworks"),
                        "diagram-3",
                        "site.member",
                        ("indices:framework_*", "indices:node_*"),
                    ),
                    NavItem(
                        "indices:agency_list",
                        _("Agencies"),
                        "buildings",
                        "site.member",
                        ("indices:agency_*",),
                    ),
                ],
            ),
            position=10,
        )
