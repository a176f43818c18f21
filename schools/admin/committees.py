"""Back office for parent committees: committees, members, meetings and
decisions are added through the committee services and read-only after."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.phones import mask_phone
from schools.admin.activities import ReadOnlyInline, ServiceAdmin
from schools.models import CommitteeDecision, CommitteeMeeting, CommitteeMember, ParentCommittee
from schools.services import committees as services


class CommitteeMemberInline(ReadOnlyInline):
    model = CommitteeMember
    fields = ("guardian", "role", "term_starts_on", "term_ends_on")


class CommitteeMeetingInline(ReadOnlyInline):
    model = CommitteeMeeting
    fields = ("held_on", "attendees", "minutes")


class CommitteeDecisionInline(ReadOnlyInline):
    model = CommitteeDecision
    fields = ("kind", "text", "amount_yuan", "votes_for", "votes_against")


@admin.register(ParentCommittee)
class ParentCommitteeAdmin(ServiceAdmin):
    list_display = ("__str__", "school", "level", "established_on")
    list_filter = ("level", "district")
    search_fields = ("school__name",)
    list_select_related = ("school", "school_class")
    add_fields = ("school", "level", "grade", "school_class", "established_on")
    shown_fields = add_fields
    inlines = [CommitteeMemberInline, CommitteeMeetingInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def create(self, request, data):
        return services.create_committee(
            school=data["school"],
            level=data["level"],
            grade=data.get("grade"),
            school_class=data.get("school_class"),
            established_on=data["established_on"],
            by=request.user,
        )


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ServiceAdmin):
    list_display = (
        "guardian",
        "masked_phone",
        "committee",
        "role",
        "term_starts_on",
        "term_ends_on",
    )
    list_filter = ("role", "committee__level", "committee__district")
    search_fields = ("guardian__name", "committee__school__name")
    list_select_related = ("guardian", "committee__school", "committee__school_class")
    autocomplete_fields = ("guardian",)
    add_fields = ("committee", "guardian", "role", "term_starts_on", "term_ends_on")
    shown_fields = add_fields

    @admin.display(description=_("mobile number"))
    def masked_phone(self, obj):
        return mask_phone(obj.guardian.phone)

    def create(self, request, data):
        return services.add_committee_member(
            committee=data["committee"],
            guardian=data["guardian"],
            role=data["role"],
            term_starts_on=data["term_starts_on"],
            term_ends_on=data["term_ends_on"],
            by=request.user,
        )


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(ServiceAdmin):
    list_display = ("committee", "held_on", "attendees")
    list_filter = ("committee__level", "committee__district")
    search_fields = ("committee__school__name", "minutes")
    list_select_related = ("committee__school", "committee__school_class")
    date_hierarchy = "held_on"
    add_fields = ("committee", "held_on", "attendees", "minutes")
    shown_fields = add_fields
    inlines = [CommitteeDecisionInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def create(self, request, data):
        return services.record_committee_meeting(
            committee=data["committee"],
            held_on=data["held_on"],
            attendees=data["attendees"],
            minutes=data["minutes"],
            by=request.user,
        )


@admin.register(CommitteeDecision)
class CommitteeDecisionAdmin(ServiceAdmin):
    list_display = ("__str__", "kind", "amount_yuan", "meeting", "votes_for", "votes_against")
    list_filter = ("kind", "meeting__committee__district")
    search_fields = ("text", "meeting__committee__school__name")
    list_select_related = ("meeting__committee__school", "meeting__committee__school_class")
    add_fields = ("meeting", "kind", "text", "amount_yuan", "votes_for", "votes_against")
    shown_fields = add_fields

    def create(self, request, data):
        return services.record_decision(
            meeting=data["meeting"],
            decision=services.DecisionInput(
                kind=data["kind"],
                text=data["text"],
                amount_yuan=data.get("amount_yuan"),
                votes_for=data["votes_for"],
                votes_against=data.get("votes_against") or 0,
            ),
            by=request.user,
        )
