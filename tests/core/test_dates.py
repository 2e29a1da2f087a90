import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from core.dates import long_date

FIRST = datetime.date(2020, 10, 1)


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("fr", FIRST, "1er octobre 2020"),
        ("fr", datetime.date(2021, 11, 11), "11 novembre 2021"),
        ("fr", datetime.date(2021, 1, 21), "21 janvier 2021"),
        ("en", FIRST, "1 October 2020"),
        ("es", FIRST, "1 de octubre de 2020"),
    ],
)
def test_a_date_is_written_out_in_the_reader_language(language, day, expected):
    with translation.override(language):
        assert long_date(day) == expected


def test_french_writes_the_first_day_as_an_ordinal_after_the_weekday_too():
    with translation.override("fr"):
        assert long_date(FIRST, weekday=True) == "jeudi 1er octobre 2020"
        assert long_date(datetime.date(2020, 10, 2), weekday=True) == "vendredi 2 octobre 2020"


def test_an_aware_datetime_is_read_in_dakar_time_and_nothing_is_written_for_no_date():
    paris_half_past_midnight = datetime.datetime(
        2020, 10, 1, 0, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    )
    with translation.override("fr"):
        assert long_date(paris_half_past_midnight) == "30 septembre 2020"  # 22:30 in Dakar
        assert long_date(None) == ""


def test_templates_write_dates_through_the_filter():
    template = Template('{% load poc %}{{ day|long_date }} / {{ day|long_date:"weekday" }}')
    with translation.override("fr"):
        assert template.render(Context({"day": FIRST})) == "1er octobre 2020 / jeudi 1er octobre 2020"
