"""Forms of the parent-committee pages: they collect input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.input_limits import DATE_RANGE, LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH
from portal.phones import mask_phone
from schools.forms.activities import DateInput
from schools.models import CommitteeRole, DecisionKind, Guardian


class GuardianChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Guardian) -> str:
        return f"{obj.name} · {mask_phone(obj.phone)}"


class CommitteeMemberForm(forms.Form):
    guardian = GuardianChoiceField(label=_("Guardian"), queryset=Guardian.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=CommitteeRole.choices)
    term_starts_on = forms.DateField(
        validators=DATE_RANGE,
        label=_("Term starts on"),
        widget=DateInput(),
    )
    term_ends_on = forms.DateField(
        validators=DATE_RANGE,
        label=_("Term ends on"),
        widget=DateInput(),
    )

    def __init__(self, *args, guardians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardian"].queryset = guardians


class CommitteeMeetingForm(forms.Form):
    held_on = forms.DateField(validators=DATE_RANGE, label=_("Held on"), widget=DateInput())
    attendees = forms.IntegerField(label=_("Members present"), min_value=0)
    minutes = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=_("Meeting minutes"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CommitteeDecisionForm(forms.Form):
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=DecisionKind.choices, required=False)
    amount_yuan = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=10, decimal_places=2, required=False
    )
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("text") or "").strip() and data.get("amount_yuan") is None

    def clean(self):
        data = super().clean()
        if not self.is_blank() and data.get("votes_for") is None:
            self.add_error("votes_for", _("Say how many voted for it."))
        return data


DecisionFormSet = forms.formset_factory(CommitteeDecisionForm, extra=2, max_num=10)
