from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Roster workbook (.xlsx)"),
        help_text=_("The bureau's template, one sheet, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_TYPES}),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the sheet, save nothing"),
        required=False,
    )

    def clean_file(self):
        return check_upload(self.cleaned_data["file"])


def check_upload(upload):
    """The file checks shared by the page and the API."""
    if not upload.name.lower().endswith(".xlsx"):
        raise forms.ValidationError(
            _(
                "“%(name)s” is not an .xlsx workbook. Older .xls files and CSV are not "
                "read: open the file in Excel and save it as “Excel Workbook (*.xlsx)”."
            ),
            params={"name": upload.name},
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(max)s. Split the roster into several files."),
            params={
                "size": filesizeformat(upload.size),
                "max": filesizeformat(MAX_UPLOAD_BYTES),
            },
        )
    if upload.size == 0:
        raise forms.ValidationError(_("The file is empty."))
    return upload


class MentorChoiceForm(forms.Form):
    """The admin action's second step: which staff member mentors the
    chosen students."""

    mentor = forms.ModelChoiceField(queryset=None, label=_("Mentor"))
    only_unmentored = forms.BooleanField(
        label=_("Only students who have no mentor yet"), required=False
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = candidates
