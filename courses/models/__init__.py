"""The models of courses: programmes and their members, activities, experts (one module each)."""

from .activities import Activity, ActivityQuerySet, done_q, ended_in_q
from .experts import Expert, ExpertAssignment, ExpertQuerySet
from .programmes import Membership, Organisation, Programme, Theme, national_adjective

__all__ = [
    "Activity",
    "ActivityQuerySet",
    "Expert",
    "ExpertAssignment",
    "ExpertQuerySet",
    "Membership",
    "Organisation",
    "Programme",
    "Theme",
    "done_q",
    "ended_in_q",
    "national_adjective",
]
