"""Navigation by role: each entry names who sees it. Apps add their entries
with `add_entry` from their AppConfig.ready. Primary entries are in the top
bar; every entry a person may use is on their workbench."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Role

STAFF_ROLES = frozenset(role for role in Role if role.is_staff_role)


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    roles: frozenset
    order: int = 100
    primary: bool = False
    # Shown to everyone, logged in or not (the education map).
    public: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_entries: list[Entry] = []


def add_entry(
    label, url_name: str, roles=(), *, order: int = 100, primary: bool = False, public: bool = False
) -> None:
    _entries.append(
        Entry(
            label=label,
            url_name=url_name,
            roles=frozenset(roles),
            order=order,
            primary=primary,
            public=public,
        )
    )


def entries_for(roles: set, is_superuser: bool = False) -> list[Entry]:
    return sorted(
        (e for e in _entries if e.public or is_superuser or e.roles.intersection(roles)),
        key=lambda e: e.order,
    )


add_entry(
    _("Workbench"),
    "portal:workbench",
    STAFF_ROLES | {Role.COMMUNITY_PARTNER},
    order=10,
    primary=True,
)
DASHBOARD_ROLES = {Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.SCHOOL_LEADER}
add_entry(_("Dashboard"), "dashboard:home", DASHBOARD_ROLES, order=15, primary=True)
add_entry(_("Monthly reports"), "dashboard:reports", DASHBOARD_ROLES, order=16)
add_entry(_("Back office"), "admin:index", STAFF_ROLES, order=90, primary=True)
