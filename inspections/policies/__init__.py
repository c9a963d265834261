"""Who may do what in the inspections app: the one place that answers, one
module per concept (plans; inspections; findings; tasks; directives;
reorganisations; reminders; dashboards). Views, templates (`{% allowed %}`),
the menu, the admin and the services ask these modules; services call the
`require_*` forms before they write. The system actor (commands, Celery, the
demo) is allowed everything (`indices.access.holds`)."""

from . import (  # noqa: F401  (registers the rules)
    dashboards,
    directives,
    findings,
    inspections,
    plans,
    reminders,
    reorganisations,
    tasks,
)
