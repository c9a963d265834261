"""Who may do what in the inspections app: the one place that answers, one
module per concept (plans, inspections and findings; tasks; directives;
reorganisations; reminders; dashboards). Views, templates (`{% allowed %}`),
the menu, the admin and the services ask these modules."""

from . import directives, plans, tasks  # noqa: F401  (registers the rules)
