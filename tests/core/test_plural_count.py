from decimal import Decimal

import pytest
from django.utils import translation

from core.templatetags.poc import plural_count


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", Decimal("0.5"), 0),
        ("fr", Decimal("1.5"), 1),  # "1,5 jour"
        ("fr", Decimal("3.0"), 3),
        ("en", Decimal("1.5"), 2),  # "1.5 days"
        ("es", Decimal("1.0"), 1),
        ("en", "not a number", 0),
    ],
)
def test_a_decimal_quantity_chooses_the_plural_of_its_language(language, value, expected):
    with translation.override(language):
        assert plural_count(value) == expected
