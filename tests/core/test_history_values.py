"""The change history reads as the user's language writes: Oui/Non, "5" days, "0,5"."""

from decimal import Decimal

from django.utils import translation

from core.history import _display
from courses.models import Activity, Expert


def test_booleans_and_numbers_in_the_history_are_written_in_french():
    with translation.override("fr"):
        assert _display(Expert, "active", True) == "Oui"
        assert _display(Expert, "active", False) == "Non"
        assert _display(Activity, "duration_days", Decimal("5.0")) == "5"
        assert _display(Activity, "duration_days", Decimal("0.50")) == "0,5"
    with translation.override("en"):
        assert _display(Activity, "duration_days", Decimal("0.50")) == "0.5"
        assert _display(Expert, "active", False) == "No"
