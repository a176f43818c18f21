from .activities import ActivityKind, GuidanceActivity
from .calendar import Semester
from .committees import (
    CommitteeDecision,
    CommitteeLevel,
    CommitteeMeeting,
    CommitteeMember,
    CommitteeRole,
    DecisionKind,
    ParentCommittee,
)
from .law import LawAppointment, LawSession, LawVicePrincipal, LegalOrganisation
from .org import District, Grade, School, SchoolArea, SchoolClass, SchoolStage, Town, Village
from .roster import Gender, Guardian, Guardianship, Relation, Student
from .visits import HomeVisit, PersonMet, VisitedStudent, VisitForm, VisitTopic

__all__ = [
    "ActivityKind",
    "CommitteeDecision",
    "CommitteeLevel",
    "CommitteeMeeting",
    "CommitteeMember",
    "CommitteeRole",
    "DecisionKind",
    "District",
    "Gender",
    "Grade",
    "Guardian",
    "Guardianship",
    "GuidanceActivity",
    "HomeVisit",
    "LawAppointment",
    "LawSession",
    "LawVicePrincipal",
    "LegalOrganisation",
    "ParentCommittee",
    "PersonMet",
    "Relation",
    "School",
    "SchoolArea",
    "SchoolClass",
    "SchoolStage",
    "Semester",
    "Student",
    "Town",
    "VisitForm",
    "VisitTopic",
    "VisitedStudent",
    "Village",
]
