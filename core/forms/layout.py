"""Crispy set-up shared by the forms: templates write the <form> tag and the
buttons, so each form only lays out its fields."""

from crispy_forms.helper import FormHelper

from .widgets import DayInput

DATE_INPUT = DayInput()


def fields_only_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper
