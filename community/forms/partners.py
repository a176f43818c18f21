"""Logging a volunteer's service hours. The rules live in the service."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.input_limits import DATE_RANGE


class VolunteerHoursForm(forms.Form):
    served_on = forms.DateField(
        validators=DATE_RANGE,
        label=_("Served on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "24"}),
        help_text=_("More than 0 and no more than 24 in one day."),
    )
    activity = forms.CharField(label=_("Activity"), max_length=200)
    district = forms.ModelChoiceField(label=_("District served"), queryset=None)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["served_on"].initial = timezone.localdate()
        only = list(districts[:2])
        if len(only) == 1:
            self.fields["district"].initial = only[0].pk
