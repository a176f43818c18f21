"""What the bureau counts about care work: numbers only, never names."""

from django.utils.translation import gettext_lazy as _

from portal.targets import NOW, register_indicator

OPEN_PLANS = register_indicator(
    "programs.open_plans",
    _("Open care plans (一人一案)"),
    default=None,
    unit=_("plans"),
    period=NOW,
    inherits=False,
)
OVERDUE_REVIEWS = register_indicator(
    "programs.overdue_reviews",
    _("Care-plan reviews past their date"),
    default=0,
    unit=_("reviews"),
    period=NOW,
    higher_is_better=False,
)
UNANSWERED_REFERRALS = register_indicator(
    "programs.unanswered_referrals",
    _("Referrals unanswered past their days"),
    default=0,
    unit=_("referrals"),
    period=NOW,
    higher_is_better=False,
)
NETWORK_CHILDREN = register_indicator(
    "programs.network_children",
    _("Children covered by 1+1+N care networks"),
    default=None,
    unit=_("children"),
    period=NOW,
    inherits=False,
)
