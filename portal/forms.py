from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import NotificationMode


class ChannelsForm(forms.Form):
    notify_by_email = forms.BooleanField(label=_("Email"), required=False)
    notify_by_sms = forms.BooleanField(label=_("SMS"), required=False)


def preference_form_class(kinds):
    """One choice per configurable kind; urgent kinds are shown, not asked."""
    fields = {
        kind.key: forms.ChoiceField(
            label=kind.label,
            choices=NotificationMode.choices,
            widget=forms.RadioSelect,
            required=False,
        )
        for kind in kinds
        if kind.configurable
    }
    return type("PreferencesForm", (forms.Form,), fields)


def show_error(form: forms.Form, error) -> None:
    """Put a service's refusal (any app's DomainError with `message` and
    `field`) next to the field it names, or on top of the form."""
    field = error.field if getattr(error, "field", None) in form.fields else None
    form.add_error(field, error.message)
