"""Site users. Roles are Django groups (see indices.roles); the agency a user
works for limits what they see (see indices.access)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .agencies import Agency


class User(AbstractUser):
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_(
            "Required for agency staff: they see and update only this agency's data."
        ),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names, then the given name
        ("Nguyễn Thị Thu" + "Hà" → "Nguyễn Thị Thu Hà")."""
        return " ".join(
            part for part in (self.last_name, self.first_name) if part
        ).strip()
