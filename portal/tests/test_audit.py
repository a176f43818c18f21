import pytest
from django.db import DatabaseError, transaction
from django.test import RequestFactory
from django.urls import reverse

from portal import access, audit
from portal.models import AuditAction, AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def read(person, obj, district):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Chromium")
    request.user = person
    return audit.record(
        user=person, action=AuditAction.VIEW, obj=obj, request=request, district_id=district.pk
    )


def test_a_read_is_written_with_who_what_when_and_where(city, people):
    entry = read(people.counsellor, city.student_1, city.qingxiu)
    assert entry.user == people.counsellor and entry.action == "view"
    assert entry.object_id == str(city.student_1.pk) and entry.ip_address == "10.1.2.3"
    assert list(audit.trail_of(city.student_1)) == [entry]


def test_the_database_refuses_to_change_or_remove_an_audit_row(city, people):
    entry = read(people.counsellor, city.student_1, city.qingxiu)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="change")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "view"


def test_the_district_reviews_its_own_trail_and_the_city_all(city, people):
    ours = read(people.counsellor, city.student_1, city.qingxiu)
    theirs = read(people.other_school_teacher, city.other_student, city.xixiangtang)
    assert list(access.visible(people.district_officer, AuditEntry)) == [ours]
    assert set(access.visible(people.city_officer, AuditEntry)) == {ours, theirs}
    for persona in (people.school_leader, people.counsellor, people.teacher, people.parent):
        assert not access.visible(persona, AuditEntry).exists()
    assert not access.visible(people.city_officer, AuditEntry, access.CHANGE).exists()


def test_nobody_edits_the_trail_in_the_back_office(client, city, people):
    entry = read(people.counsellor, city.student_1, city.qingxiu)
    client.force_login(people.district_officer)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    url = reverse("admin:portal_auditentry_change", args=[entry.pk])
    assert client.get(reverse("admin:portal_auditentry_changelist")).status_code == 200
    assert client.post(url, {"action": "change"}).status_code == 403
    assert (
        client.post(reverse("admin:portal_auditentry_delete", args=[entry.pk])).status_code == 403
    )
    assert AuditEntry.objects.get(pk=entry.pk).action == "view"
