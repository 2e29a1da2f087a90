"""The models of courses: programmes and their members, activities, sessions, experts (one module each)."""

from .activities import Activity, ActivityQuerySet, done_q, ended_in_q
from .experts import Expert, ExpertAssignment, ExpertQuerySet
from .programmes import Membership, Organisation, Programme, Theme, national_adjective
from .sessions import Session, SessionQuerySet, sessions_changed

__all__ = [
    "Activity",
    "ActivityQuerySet",
    "Expert",
    "ExpertAssignment",
    "ExpertQuerySet",
    "Membership",
    "Organisation",
    "Programme",
    "Session",
    "SessionQuerySet",
    "Theme",
    "done_q",
    "ended_in_q",
    "national_adjective",
    "sessions_changed",
]
