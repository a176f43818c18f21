from allauth.account.forms import LoginForm as AllauthLoginForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """The staff login: username, email or mobile number with a password.

    allauth drops the password field when sign-up asks for none, and parents
    sign up with a phone number alone; staff still log in with a password
    (then TOTP), so the field is kept. Parents use the SMS-code form instead.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Username, email or mobile number")
        login.widget.attrs.update({"placeholder": "", "autocomplete": "username"})

    def _setup_password_field(self) -> None:
        return None
