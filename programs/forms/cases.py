"""Forms of the case pages: they collect and type the input; the services
decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.input_limits import DATE_RANGE, TEXT_MAX_LENGTH
from programs.models import CaseCategory, CaseKind, CaseTeamMember, Goal, RiskLevel


class DateInput(forms.DateInput):
    input_type = "date"


class CaseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of case"), choices=CaseKind.choices, widget=forms.RadioSelect
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=CaseCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the case team and those above it ever see these."),
    )
    risk_level = forms.ChoiceField(
        label=_("Risk level"), choices=RiskLevel.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("Situation"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    review_every_days = forms.IntegerField(
        label=_("Review every (days)"), min_value=7, max_value=365, initial=90
    )


class CaseChangeForm(CaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        del self.fields["risk_level"]


class TeamMemberForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Person"), coerce=int)
    part = forms.ChoiceField(label=_("Part in the team"), choices=CaseTeamMember.Part.choices)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "—")] + [
            (person.pk, person.display_name) for person in people
        ]


class GoalForm(forms.Form):
    goal = forms.CharField(label=_("Goal"), max_length=200)
    measures = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Measures"), widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    due_on = forms.DateField(validators=DATE_RANGE, label=_("Due on"), widget=DateInput)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(person.pk, person.display_name) for person in people]


class GoalStatusForm(forms.Form):
    goal = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Goal.Status.choices)


class FollowUpForm(forms.Form):
    happened_on = forms.DateField(validators=DATE_RANGE, label=_("Date"), widget=DateInput)
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(forms.Form):
    guardian = forms.TypedChoiceField(label=_("Guardian who gave consent"), coerce=int)

    def __init__(self, *args, guardianships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardian"].choices = [
            (row.guardian_id, f"{row.guardian.name} · {row.get_relation_display()}")
            for row in guardianships
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class RiskForm(ReasonForm):
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ReviewForm(forms.Form):
    review = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("What the review found"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class MemberForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
