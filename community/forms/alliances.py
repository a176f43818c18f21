"""Recording a joint meeting (with its attendees and tasks as small
formsets) and closing a follow-up task. The rules live in the service."""

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.services.alliances import AttendeeInput, TaskInput
from portal.input_limits import DATE_RANGE, LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class MeetingForm(forms.Form):
    held_on = forms.DateField(validators=DATE_RANGE, label=_("Held on"), widget=DATE)
    location = forms.CharField(label=_("Location"), max_length=200)
    minutes = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=pgettext_lazy("meeting record", "Minutes"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class AttendeeForm(forms.Form):
    name = forms.CharField(label=_("Attendee"), max_length=50)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    school = forms.ModelChoiceField(label=_("School"), queryset=None, required=False)

    def __init__(self, *args, departments, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["school"].queryset = schools

    def as_input(self) -> AttendeeInput:
        data = self.cleaned_data
        return AttendeeInput(
            name=data["name"], department=data["department"], school=data["school"]
        )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    owner = PersonChoiceField(label=_("Owner"), queryset=None, required=False)
    owner_department = forms.ModelChoiceField(
        label=_("For department"), queryset=None, required=False
    )
    due_on = forms.DateField(validators=DATE_RANGE, label=_("Due on"), widget=DATE, required=False)

    def __init__(self, *args, owners, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner_department"].queryset = departments

    def as_input(self) -> TaskInput:
        data = self.cleaned_data
        return TaskInput(
            title=data["title"],
            owner=data["owner"],
            due_on=data["due_on"],
            owner_department=data["owner_department"],
        )


AttendeeFormSet = formset_factory(AttendeeForm, extra=4)
TaskFormSet = formset_factory(TaskForm, extra=2)


class CompleteTaskForm(forms.Form):
    outcome = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done; needed to close the task."),
    )
