"""Cases, referrals and alerts in the back office: read-only, shown only to
those above the team in scope, and every record opened there is audited."""

import pytest
from django.contrib import admin
from django.urls import reverse

from portal.models import AuditEntry
from portal.tests.helpers import log_in
from programs.models import Alert, Case, Referral

pytestmark = pytest.mark.django_db

MODELS = (Case, Referral, Alert)


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_those_above_the_team_read_each_record_and_each_read_is_audited(client, world):
    personas, kwargs, case, alert, referral = world
    for persona in ("school_leader", "district_officer"):
        user = personas[persona]
        log_in(client, user)
        for obj in (case, referral, alert):
            before = AuditEntry.objects.filter(user=user, action="view").count()
            assert client.get(change_url(obj)).status_code == 200, (persona, obj)
            assert AuditEntry.objects.filter(user=user, action="view").count() == before + 1


def test_staff_outside_see_no_case_pages(client, world):
    personas, kwargs, case, alert, referral = world
    for persona in ("colleague", "raiser", "other_district_officer", "city_officer"):
        log_in(client, personas[persona])
        for model, obj in ((Case, case), (Referral, referral)):
            listing = client.get(changelist_url(model))
            if persona == "other_district_officer":
                # Their own district's cases are listed; this one is not.
                assert list(listing.context["cl"].result_list) == []
            else:
                assert listing.status_code == 403, (persona, model)
            assert client.get(change_url(obj)).status_code in (403, 404), (persona, model)
    assert not AuditEntry.objects.filter(
        user__in=[personas["other_district_officer"], personas["city_officer"]], action="view"
    ).exists()


def test_nothing_is_changed_or_added_in_the_back_office(rf, world):
    personas, kwargs, case, alert, referral = world
    request = rf.get("/admin/")
    request.user = personas["district_officer"]
    for model in MODELS:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, case if model is Case else None)
        assert not model_admin.has_delete_permission(request)
