from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspections and remediation")

    def ready(self) -> None:
        from core.admin.site import order_models
        from core.navigation import NavGroup, NavItem, main_menu, user_menu
        from core.views.home import HomeSection, home_sections

        from . import policies, roles  # noqa: F401  (registers rules and permissions)
        from .views.home import home_dashboard

        order_models(
            "inspections",
            [
                "inspectionplan",
                "coveragetarget",
                "inspection",
                "finding",
                "directive",
                "remediationtask",
                "taskevent",
                "evidence",
                "reminderrule",
                "reminder",
                "reminderscan",
                "reminderdigest",
                "notification",
                "calendarfeed",
            ],
        )
        order_models("auth", [])
        home_sections.add(
            HomeSection(
                "inspections/includes/_home_dashboard.html",
                home_dashboard,
                script_template_name="inspections/includes/_home_dashboard_js.html",
            )
        )
        main_menu.add(
            NavGroup(
                "inspections",
                _("Inspections"),
                "clipboard-check",
                [
                    NavItem(
                        "inspections:plan_list",
                        _("Inspection plans"),
                        "calendar3",
                        "inspections.plan.view",
                        ("inspections:plan_*",),
                    ),
                    NavItem(
                        "inspections:inspection_list",
                        _("Inspection records"),
                        "clipboard-check",
                        "inspections.inspection.view_list",
                        ("inspections:inspection_*", "inspections:finding_*"),
                    ),
                ],
            ),
            position=20,
        )
        main_menu.add(
            NavGroup(
                "tasks",
                _("Tasks"),
                "list-check",
                [
                    NavItem(
                        "inspections:task_list",
                        _("Remediation tasks"),
                        "list-check",
                        "inspections.task.view_list",
                        ("inspections:task_*", "inspections:reorganisation_*"),
                    ),
                    NavItem(
                        "inspections:remediation_status",
                        _("Status per agency"),
                        "table",
                        "inspections.task.view_list",
                        ("inspections:remediation_status*",),
                    ),
                    NavItem(
                        "inspections:directive_list",
                        _("Directives"),
                        "file-earmark-text",
                        "inspections.directive.view_list",
                        ("inspections:directive_*",),
                    ),
                ],
            ),
            position=30,
        )
        user_menu.add(
            NavItem(
                "inspections:notification_list",
                _("Notifications"),
                "bell",
                "site.member",
            ),
            position=10,
        )
        user_menu.add(
            NavItem(
                "inspections:calendar_feed",
                _("Deadline calendar"),
                "calendar-event",
                "site.member",
            ),
            position=20,
        )
