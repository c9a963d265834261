"""Who may run the reminder machinery and manage calendar addresses.

The daily scan, the delivery and the weekly digest run as the system actor
(Celery, `send_reminders`); Sở Nội vụ staff holding
`inspections.run_reminderscan` may also start them and resend failed
reminders from the admin. Notifications and calendar addresses belong to
their user, who acts on them.
"""

from __future__ import annotations

from core.policies import require
from indices.access import holds


def may_run_reminders(user) -> bool:
    return holds(user, "inspections.run_reminderscan")


def require_may_run_reminders(user) -> None:
    require(may_run_reminders(user))


def may_revoke_calendar_feed(actor, owner) -> bool:
    """The owner revokes their own address; an administrator anyone's."""
    return (
        actor is not None
        and owner is not None
        and (actor.pk == owner.pk or holds(actor, "inspections.delete_calendarfeed"))
    )


def require_may_revoke_calendar_feed(actor, owner) -> None:
    require(may_revoke_calendar_feed(actor, owner))
