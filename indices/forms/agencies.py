from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms.layout import DATE_INPUT, fields_only_helper

from ..models import Agency, User
from ..roles import GROUP_NAMES, Role
from ..services.agencies import AGENCY_EDITABLE_FIELDS


class AgencyForm(forms.ModelForm):
    """Registry details of an agency (saved by agency_create/agency_update)."""

    class Meta:
        model = Agency
        fields = AGENCY_EDITABLE_FIELDS
        widgets = {
            "active_from": DATE_INPUT,
            "active_to": DATE_INPUT,
            "contact_emails": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["snv_liaison"].queryset = User.objects.filter(
            groups__name=GROUP_NAMES[Role.SNV_STAFF], is_active=True
        ).order_by("last_name", "first_name")
        self.helper = fields_only_helper()


class AgencyDeactivateForm(forms.Form):
    active_to = forms.DateField(
        label=_("Last day of activity"),
        widget=DATE_INPUT,
        help_text=_(
            "The agency stays in the registry with its results; it is no longer "
            "counted from the next day."
        ),
    )
    reason = forms.CharField(
        label=_("Reason or legal basis"), max_length=100, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()
