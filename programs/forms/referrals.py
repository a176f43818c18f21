"""Forms of the referral pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.input_limits import TEXT_MAX_LENGTH


class ReferralForm(forms.Form):
    receiver = forms.ChoiceField(label=_("Refer to"))
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Why the family is referred"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    asked = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("What is asked"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    escalate_after_days = forms.IntegerField(
        label=_("Escalate after (days) without an answer"), min_value=1, max_value=30, initial=5
    )

    def __init__(self, *args, departments=(), organisations=(), volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].choices = [
            ("", "—"),
            (_("Departments"), [(f"department:{d.pk}", str(d)) for d in departments]),
            (_("Organisations"), [(f"organisation:{o.pk}", str(o)) for o in organisations]),
            (_("Volunteers"), [(f"volunteer:{v.pk}", v.name) for v in volunteers]),
        ]


class AnswerForm(forms.Form):
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Reason or note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
