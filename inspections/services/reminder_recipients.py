"""Who receives a rule's reminders for an agency, worked out once per scan.

Loading every agency and every agency user up front (two queries) keeps the
scan's query count independent of the number of tasks; the directory is small
(one entry per agency).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from indices.models import Agency, User
from indices.models.agencies import split_email_list

from ..models import ReminderRule


@dataclass(frozen=True)
class Recipient:
    email: str
    user_id: int | None = None


@dataclass
class AgencyRecipients:
    contacts: list[Recipient] = field(default_factory=list)
    head: Recipient | None = None
    snv_focal: Recipient | None = None


def _normalise(email: str) -> str:
    return email.strip().lower()


def _unique(recipients) -> list[Recipient]:
    """First occurrence of each address wins, except that a known user wins."""
    by_email: dict[str, Recipient] = {}
    for recipient in recipients:
        if not recipient.email:
            continue
        known = by_email.get(recipient.email)
        if known is None or (known.user_id is None and recipient.user_id):
            by_email[recipient.email] = recipient
    return list(by_email.values())


class RecipientDirectory:
    """Recipients of every agency, for turning rules into ledger rows."""

    def __init__(self, agencies: dict[int, AgencyRecipients]):
        self._agencies = agencies

    @classmethod
    def load(cls) -> RecipientDirectory:
        users_by_agency: dict[int, list[Recipient]] = {}
        for agency_id, user_id, email in (
            User.objects.filter(is_active=True, agency__isnull=False)
            .exclude(email="")
            .order_by("pk")
            .values_list("agency_id", "pk", "email")
        ):
            users_by_agency.setdefault(agency_id, []).append(
                Recipient(_normalise(email), user_id)
            )
        fallback = Recipient(_normalise(settings.CCHC_SNV_FOCAL_EMAIL))
        agencies = {}
        for row in Agency.objects.values(
            "pk",
            "contact_emails",
            "focal_email",
            "head_email",
            "snv_liaison_id",
            "snv_liaison__email",
            "snv_liaison__is_active",
        ):
            users = users_by_agency.get(row["pk"], [])
            contacts = [
                Recipient(_normalise(e))
                for e in split_email_list(row["contact_emails"])
            ]
            if row["focal_email"]:
                contacts.append(Recipient(_normalise(row["focal_email"])))
            liaison_email = row["snv_liaison__email"]
            snv_focal = (
                Recipient(_normalise(liaison_email), row["snv_liaison_id"])
                if liaison_email and row["snv_liaison__is_active"]
                else fallback
            )
            agencies[row["pk"]] = AgencyRecipients(
                # Users first, so an address that is also a user's gets the bell.
                contacts=_unique([*users, *contacts]),
                head=Recipient(_normalise(row["head_email"]))
                if row["head_email"]
                else None,
                snv_focal=snv_focal if snv_focal.email else None,
            )
        return cls(agencies)

    def for_rule(self, rule: ReminderRule, agency_id: int) -> list[Recipient]:
        """Recipients of `rule` for a task of the agency, each address once."""
        agency = self._agencies.get(agency_id) or AgencyRecipients()
        found: list[Recipient] = []
        if rule.to_agency_contacts:
            found.extend(agency.contacts)
        if rule.to_agency_head and agency.head:
            found.append(agency.head)
        if rule.to_snv_focal and agency.snv_focal:
            found.append(agency.snv_focal)
        found.extend(extra_recipients(rule))
        return _unique(found)


def extra_recipients(rule: ReminderRule) -> list[Recipient]:
    """The rule's own addresses, and the digest list when the rule asks for it."""
    emails = list(split_email_list(rule.extra_emails))
    if rule.to_digest_recipients:
        emails = [*settings.CCHC_DIGEST_EMAILS, *emails]
    return _unique(Recipient(_normalise(e)) for e in emails)
