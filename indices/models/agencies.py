"""The registry of evaluated agencies and its reorganisation history."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.formatting import short_date
from core.models import TimeStampedModel


class AgencyGroup(models.TextChoices):
    """The groups agencies are ranked in; each has its own framework per year."""

    DEPARTMENT = "department", _("Provincial department or agency")
    DISTRICT = "district", _("District-level People's Committee")
    COMMUNE = "commune", _("Commune-level People's Committee")


def default_province_name() -> str:
    return settings.CCHC_PROVINCE_NAME


def split_email_list(value: str) -> list[str]:
    """Split addresses written one per line or separated by commas/semicolons."""
    for separator in ",;":
        value = value.replace(separator, "\n")
    return [part.strip() for part in value.splitlines() if part.strip()]


def validate_email_list(value: str) -> None:
    for address in split_email_list(value):
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                _("“%(address)s” is not a valid e-mail address."),
                code="invalid",
                params={"address": address},
            ) from None


class AgencyQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> "AgencyQuerySet":
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=day),
            Q(active_to__isnull=True) | Q(active_to__gte=day),
        )

    def active_in_year(self, year: int) -> "AgencyQuerySet":
        """Agencies that existed on at least one day of the year."""
        return self.filter(
            Q(active_from__isnull=True)
            | Q(active_from__lte=datetime.date(year, 12, 31)),
            Q(active_to__isnull=True) | Q(active_to__gte=datetime.date(year, 1, 1)),
        )


class Agency(TimeStampedModel):
    """A provincial department or a district/commune People's Committee."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Stable identifier, e.g. so-noi-vu."),
    )
    group = models.CharField(_("group"), max_length=20, choices=AgencyGroup.choices)
    province = models.CharField(
        _("province"), max_length=100, default=default_province_name
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(
        _("active until"),
        null=True,
        blank=True,
        help_text=_("Last day the agency existed; empty while it is active."),
    )
    contact_emails = models.TextField(
        _("contact e-mails for reminders"),
        blank=True,
        validators=[validate_email_list],
        help_text=_("One address per line."),
    )
    head_name = models.CharField(_("head of agency"), max_length=150, blank=True)
    head_email = models.EmailField(_("head's e-mail"), blank=True)
    focal_name = models.CharField(_("CCHC focal person"), max_length=150, blank=True)
    focal_email = models.EmailField(_("focal person's e-mail"), blank=True)
    focal_phone = models.CharField(_("focal person's phone"), max_length=30, blank=True)
    snv_liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Sở Nội vụ liaison"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="liaison_agencies",
        help_text=_("The Sở Nội vụ officer who follows this agency's CCHC work."),
    )
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["group", "name"]
        permissions = [
            ("view_all_agencies", _("Can see the data of every agency")),
            (
                "view_own_agency",
                _("Can see the data of the agency the user belongs to"),
            ),
            ("act_for_all_agencies", _("Can change CCHC data of every agency")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="agency_active_to_after_from",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["group", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indices:agency_detail", kwargs={"agency_id": self.pk})

    @property
    def contact_email_list(self) -> list[str]:
        return split_email_list(self.contact_emails)

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or self.active_to >= day
        )


class ReorganisationKind(models.TextChoices):
    MERGE = "merge", _("Merger")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")
    DISSOLVE = "dissolve", _("Dissolution")
    ESTABLISH = "establish", _("Establishment")


class Reorganisation(TimeStampedModel):
    """A merger, split, rename, dissolution or establishment on a given date.

    Predecessors stop existing the day before `effective_date`; successors exist
    from it. Scores stay with the agency that earned them.
    """

    kind = models.CharField(
        _("kind"), max_length=20, choices=ReorganisationKind.choices
    )
    effective_date = models.DateField(_("effective date"))
    decision_reference = models.CharField(
        _("legal basis"),
        max_length=255,
        blank=True,
        help_text=_("E.g. Decree 45/2025/NĐ-CP or the provincial decision."),
    )
    note = models.TextField(_("note"), blank=True)
    predecessors = models.ManyToManyField(
        Agency,
        verbose_name=_("predecessors"),
        related_name="reorganisations_as_predecessor",
        blank=True,
    )
    successors = models.ManyToManyField(
        Agency,
        verbose_name=_("successors"),
        related_name="reorganisations_as_successor",
        blank=True,
    )
    history = HistoricalRecords(m2m_fields=[predecessors, successors])

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-effective_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({short_date(self.effective_date)})"
