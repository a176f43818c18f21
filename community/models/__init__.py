from .alliances import Alliance, Department, FollowUpTask, JointMeeting, MeetingAttendee
from .bookings import HOLDING_STATUSES, Booking, BookingSlot, BookingStatus
from .partners import Lecturer, LecturerGroup, Organisation, Volunteer, VolunteerHours
from .resources import (
    AgeGroup,
    ApprovalRecord,
    ApprovalStatus,
    EducationResource,
    ResourceCategory,
    ResourceCourse,
    StudyTourProvider,
    Theme,
)

__all__ = [
    "HOLDING_STATUSES",
    "AgeGroup",
    "Alliance",
    "ApprovalRecord",
    "ApprovalStatus",
    "Booking",
    "BookingSlot",
    "BookingStatus",
    "Department",
    "EducationResource",
    "FollowUpTask",
    "JointMeeting",
    "Lecturer",
    "LecturerGroup",
    "MeetingAttendee",
    "Organisation",
    "ResourceCategory",
    "ResourceCourse",
    "StudyTourProvider",
    "Theme",
    "Volunteer",
    "VolunteerHours",
]
