"""Figures put into words, tables and charts, in the active language (dashboard and PDF alike)."""

from dataclasses import dataclass
from functools import partial

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from core.dates import long_date
from courses.choices import Country, Region
from courses.models import Activity, national_adjective
from trainees.choices import Service, Sex

from .charts import bar_chart, column_chart, fold_others
from .figures import Figures, Tally

CHOICES = {
    "kind": Activity.Kind,
    "service": Service,
    "sex": Sex,
    "region": Region,
    "country": Country,
}


def n(value) -> str:
    """A number as the reader writes it: "1 227" in French, "1,227" in English."""
    return number_format(value, force_grouping=True)


def label(choice: str, key: str) -> str:
    if not key:
        return _("Not recorded")
    try:
        return str(CHOICES[choice](key).label)
    except ValueError:
        return key


def labelled(tallies: tuple[Tally, ...], choice: str | None = None) -> list[tuple[str, int]]:
    """(label, count) rows; ``choice`` names the list the keys come from, None for names."""
    return [(label(choice, t.key) if choice else t.key, t.count) for t in tallies]


def kind_phrase(kind: str, count: int) -> str:
    phrases = {
        Activity.Kind.TRAINING: ngettext("%(n)s training action", "%(n)s training actions", count),
        Activity.Kind.TUTORING: ngettext("%(n)s tutoring action", "%(n)s tutoring actions", count),
        Activity.Kind.STUDY_TRIP: ngettext("%(n)s study trip", "%(n)s study trips", count),
        Activity.Kind.WORKSHOP: ngettext("%(n)s workshop", "%(n)s workshops", count),
    }
    return phrases[kind] % {"n": n(count)}


def enumerate_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def period_phrase(figures: Figures) -> str:
    if figures.since_programme_start and figures.end == timezone.localdate():
        return _("Since %(month)s") % {"month": date_format(figures.start, "YEAR_MONTH_FORMAT")}
    return _("From %(start)s to %(end)s") % {
        "start": long_date(figures.start),
        "end": long_date(figures.end),
    }


def headline(figures: Figures) -> str:
    """The sentence the programme publishes, from the figures of the period."""
    activities = enumerate_words([kind_phrase(t.key, t.count) for t in figures.done_by_kind])
    experts = ngettext(
        "%(n)s international and %(national)s expert",
        "%(n)s international and %(national)s experts",
        figures.experts,
    ) % {"n": n(figures.experts), "national": national_adjective(figures.programme_country, figures.experts)}
    people = ngettext(
        "%(n)s official has been trained or made aware",
        "%(n)s officials have been trained or made aware",
        figures.people,
    ) % {"n": n(figures.people)}
    return _("%(period)s, %(activities)s have been delivered by %(experts)s; %(people)s.") % {
        "period": period_phrase(figures),
        "activities": activities,
        "experts": experts,
        "people": people,
    }


def experts_split(figures: Figures) -> str:
    """ "52 international, 35 Senegalese", each word agreeing with its number."""
    international = npgettext(
        "experts", "%(n)s international", "%(n)s international", figures.experts_international
    ) % {"n": n(figures.experts_international)}
    word = national_adjective(figures.programme_country, figures.experts_national)
    national = f"{n(figures.experts_national)} {word}"
    return _("%(international)s, %(national)s") % {"international": international, "national": national}


@dataclass(frozen=True)
class Charts:
    activities_per_year: str
    people_by_service: str
    experts_by_institution: str
    people_by_region: str


# A bar chart shows at most this many bars; the rest are one "Others" bar, so it adds up to its total.
CHART_BARS = 10


def charts(figures: Figures) -> Charts:
    others = _("Others")
    kinds = [label("kind", t.key) for t in figures.done_by_kind]
    return Charts(
        activities_per_year=column_chart(
            [(str(y.year), (y.training, y.tutoring, y.study_trip, y.workshop)) for y in figures.years],
            series=kinds,
            title=_("Activities done per year"),
        ),
        people_by_service=bar_chart(
            fold_others(labelled(figures.people_by_service, "service"), limit=CHART_BARS, others=others),
            title=_("People trained or made aware, by service"),
        ),
        experts_by_institution=bar_chart(
            fold_others(labelled(figures.experts_by_institution), limit=CHART_BARS, others=others),
            title=_("Experts mobilised, by institution"),
            color="#0b8f4d",
        ),
        people_by_region=bar_chart(
            fold_others(labelled(figures.people_by_region, "region"), limit=CHART_BARS, others=others),
            title=_("People trained or made aware, by region"),
            color="#e69138",
        ),
    )


def context(figures: Figures) -> dict:
    """Everything the dashboard and the PDF show, ready for a template."""
    return {
        "figures": figures,
        # The programme's word for its national experts ("Senegalese"), in general and as a split.
        "national_experts_plural": national_adjective(figures.programme_country, 2),
        "experts_split": experts_split(figures),
        "headline": headline(figures),
        "charts": charts(figures),
        "done_by_kind": labelled(figures.done_by_kind, "kind"),
        "ahead_by_kind": labelled(figures.ahead_by_kind, "kind"),
        "study_trips": labelled(figures.study_trips_by_destination, "country"),
        "tutoring_units": labelled(figures.tutoring_by_unit),
        "experts_by_institution": labelled(figures.experts_by_institution),
        "experts_by_nationality": labelled(figures.experts_by_nationality, "country"),
        "people_by_service": labelled(figures.people_by_service, "service"),
        "people_by_sex": labelled(figures.people_by_sex, "sex"),
        "people_by_region": labelled(figures.people_by_region, "region"),
        "headcount_by_service": labelled(figures.headcount_by_service, "service"),
        "headcount_by_sex": labelled(figures.headcount_by_sex, "sex"),
        "people_by_service_sex": [
            (label("service", split.key), split.women, split.men, split.total)
            for split in figures.people_by_service_sex
        ],
        "ahead": [
            {"activity": a, "kind": label("kind", a.kind), "country": label("country", a.country)}
            for a in figures.ahead
        ],
    }


def lazy_context(figures: Figures) -> dict:
    """:func:`context`, computed on first use: a page whose figures fragment is cached skips it."""
    computed: dict = {}

    def value(key: str):
        if not computed:
            computed.update(context(figures))
        return computed[key]

    keys = [
        "national_experts_plural",
        "experts_split",
        "headline",
        "charts",
        "done_by_kind",
        "ahead_by_kind",
        "study_trips",
        "tutoring_units",
        "experts_by_institution",
        "experts_by_nationality",
        "people_by_service",
        "people_by_sex",
        "people_by_region",
        "headcount_by_service",
        "headcount_by_sex",
        "people_by_service_sex",
        "ahead",
    ]
    return {"figures": figures, **{key: SimpleLazyObject(partial(value, key)) for key in keys}}
