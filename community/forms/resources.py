"""Forms of the education map: the filter on the map page, and the back
office's place form, which asks the service whether the place is in the city."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import AgeGroup, EducationResource, ResourceCategory, Theme
from community.services.errors import CommunityError
from community.services.resources import check_resource


def show_error(form: forms.Form, error: CommunityError) -> None:
    """Put a service's refusal next to the field it names, or on top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _with_all(choices, label):
    return [("", label), *choices]


class MapFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, address or what it offers")}
        ),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=_with_all(ResourceCategory.choices, _("All categories")),
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=_with_all(Theme.choices, _("All themes"))
    )
    age_group = forms.ChoiceField(
        label=_("Age group"), required=False, choices=_with_all(AgeGroup.choices, _("All ages"))
    )
    open = forms.BooleanField(label=_("Open for school bookings"), required=False)

    def __init__(self, *args, districts: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _with_all(
            [(str(pk), name) for pk, name in districts], _("All districts")
        )


class EducationResourceAdminForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age_groups = forms.MultipleChoiceField(
        label=_("age groups"),
        choices=AgeGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    website = forms.URLField(
        label=_("website"),
        required=False,
        assume_scheme="https",
        max_length=EducationResource._meta.get_field("website").max_length,
    )

    class Meta:
        model = EducationResource
        fields = [
            "name",
            "category",
            "themes",
            "age_groups",
            "description",
            "district",
            "town",
            "address",
            "latitude",
            "longitude",
            "opening_hours",
            "capacity_per_visit",
            "accessibility",
            "contact_name",
            "contact_phone",
            "website",
            "star_rating",
            "open_for_bookings",
            "managers",
        ]

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            check_resource(self.instance)
        except CommunityError as error:
            show_error(self, error)
