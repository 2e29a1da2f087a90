"""The programme's figures: the single source of every number on the dashboard, in the PDF and exports.

One function, :func:`compute_figures`, reads the database in a fixed number of queries whatever
the data size and returns an immutable :class:`Figures`. The counting rules (see docs/design.md):

- only *done* activities count, and an activity falls in a period by its end date (both bounds
  included); planned ones form the programme ahead, cancelled ones count nowhere;
- people trained or made aware are distinct trainees with at least one attended participation in
  a done activity of the period; a person both trained and made aware counts once, as trained;
  attended = present or late at one session at least; completed = the programme's threshold of
  the sessions attended; the attendance rate = sessions attended / sessions held, over every
  registered participation of the done activities;
- experts mobilised are distinct experts assigned to a done activity of the period;
- anonymous headcounts are reported beside the named people, never added to them;
- every count across a many-valued relation is distinct or grouped on the counted entity.
"""

import datetime
import hashlib
import types
import typing
from dataclasses import MISSING, asdict, dataclass, fields
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone
from django.utils.translation import get_language

from core.records import records_version
from courses.models import Activity, Expert, ExpertAssignment, Organisation, Programme, done_q
from results.compute import Progress, compute_indicators, load_indicators, people_flags
from trainees.models import Headcount, Participation, attendance_rate, attended_q, completed_q
from trainees.reach import Flag, Group, reach

KINDS = [kind.value for kind in Activity.Kind]
AHEAD_LISTED = 100  # planned activities listed by name; all of them are counted


@dataclass(frozen=True)
class Tally:
    """A count with what it counts: a choice value (kind, service, sex, region, country) or a name."""

    key: str
    count: int


@dataclass(frozen=True)
class SexSplit:
    """Women and men of one group (a service)."""

    key: str
    women: int
    men: int

    @property
    def total(self) -> int:
        return self.women + self.men


@dataclass(frozen=True)
class Trend:
    """Achievements of one year, or one quarter of a year."""

    year: int
    quarter: int | None
    activities: int
    training: int
    tutoring: int
    study_trip: int
    workshop: int
    participations: int
    people: int | None  # distinct people of the year; not computed per quarter


@dataclass(frozen=True)
class PlannedActivity:
    pk: int
    kind: str
    title: str
    start_date: datetime.date
    end_date: datetime.date
    city: str
    country: str
    overdue: bool = False  # still planned though its end date has passed


@dataclass(frozen=True)
class Figures:
    programme_id: int
    programme_name: str
    programme_start: datetime.date
    start: datetime.date
    end: datetime.date
    # Activities done in the period.
    activities_done: int
    done_by_kind: tuple[Tally, ...]
    days_delivered: Decimal
    hours_delivered: int
    tutoring_by_unit: tuple[Tally, ...]
    study_trips_by_destination: tuple[Tally, ...]
    # Experts mobilised.
    experts: int
    experts_international: int
    experts_national: int  # of the programme's country (see Programme.country)
    experts_by_institution: tuple[Tally, ...]
    experts_by_nationality: tuple[Tally, ...]
    # People trained or made aware (distinct), and participations (attended, in done activities).
    people: int
    people_trained: int
    people_made_aware: int
    people_by_service: tuple[Tally, ...]
    people_by_sex: tuple[Tally, ...]
    people_by_region: tuple[Tally, ...]
    participations: int
    # Anonymous headcounts: beside the people, never added to them.
    headcount: int
    headcount_by_service: tuple[Tally, ...]
    headcount_by_sex: tuple[Tally, ...]
    # Trend.
    years: tuple[Trend, ...]
    quarters: tuple[Trend, ...]
    # The programme ahead: planned activities from the end of the period to the end of that year.
    ahead_until: datetime.date
    ahead_total: int
    ahead_by_kind: tuple[Tally, ...]
    ahead: tuple[PlannedActivity, ...]
    # Added after the first reports were made: snapshots without them read as these defaults.
    programme_country: str = "SN"
    # Attendance by session: completed participations (the programme's threshold of the sessions),
    # and sessions attended out of the sessions held, in percent, over the registered participations.
    participations_completed: int = 0
    attendance_rate: int | None = None
    people_by_service_sex: tuple[SexSplit, ...] = ()

    @property
    def women_share(self) -> int | None:
        """The share of women among the people, in whole percent (None when nobody was reached)."""
        women = next((t.count for t in self.people_by_sex if t.key == "F"), 0)
        return round(women * 100 / self.people) if self.people else None

    def done(self, kind: str) -> int:
        return next((t.count for t in self.done_by_kind if t.key == kind), 0)

    @property
    def since_programme_start(self) -> bool:
        return self.start == self.programme_start

    def to_dict(self) -> dict:
        """JSON-ready: dates as ISO strings, decimals as strings (the report's snapshot)."""
        return _jsonable(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> "Figures":
        return _from_dict(cls, data)


# Cached figures are keyed by this layout too, so that a new release never reads an old object.
LAYOUT = hashlib.sha1(
    repr([(f.name, str(f.type)) for cls in (Figures, Progress) for f in fields(cls)]).encode()
).hexdigest()[:8]
CACHE_SECONDS = 60 * 60 * 24


def cache_key(programme: Programme, start: datetime.date, end: datetime.date, version: int) -> str:
    """What identifies a period's figures: the programme, the period, the records' version, this layout,
    and the day (the programme ahead is seen from today)."""
    return f"{LAYOUT}:{programme.pk}:{start.isoformat()}:{end.isoformat()}:{version}:{timezone.localdate()}"


def cached_figures(
    programme: Programme,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    *,
    version: int | None = None,
) -> Figures:
    """The figures, from the cache while no record behind them has changed (one query to know)."""
    default_start, default_end = default_period(programme)
    start, end = start or default_start, end or default_end
    version = records_version() if version is None else version
    key = "figures:" + cache_key(programme, start, end, version)
    figures = cache.get(key)
    if figures is None:
        figures = compute_figures(programme, start, end)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def cached_figures_and_indicators(
    programme: Programme,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    *,
    version: int | None = None,
) -> tuple[Figures, tuple[Progress, ...]]:
    """The figures and the indicators, from the cache while no record or framework entry behind them has
    changed (the framework moves the records' version too). The indicators' titles and rules are in the
    reader's language: they are cached per language."""
    default_start, default_end = default_period(programme)
    start, end = start or default_start, end or default_end
    version = records_version() if version is None else version
    key = cache_key(programme, start, end, version)
    both_key = f"figures-indicators:{get_language()}:{key}"
    both = cache.get(both_key)
    if both is None:
        both = compute_figures_and_indicators(programme, start, end)
        cache.set(both_key, both, CACHE_SECONDS)
        cache.set("figures:" + key, both[0], CACHE_SECONDS)
    return both


def default_period(
    programme: Programme, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    return programme.start_date, today or timezone.localdate()


def compute_figures(
    programme: Programme,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    *,
    today: datetime.date | None = None,
) -> Figures:
    """Every figure of ``programme`` for the period [start, end] (default: its start to today).

    ``today`` is the day the programme ahead is seen from (a report's committee date, or the day it
    is made): its plans run to 31 December of that year, and plans whose end has passed are flagged.
    """
    return _compute(programme, start, end, today=today)[0]


def compute_figures_and_indicators(
    programme: Programme,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    *,
    today: datetime.date | None = None,
) -> tuple[Figures, tuple[Progress, ...]]:
    """The figures and every indicator of the programme's results framework, for the same period, with
    one scan of the participations for the people of both (see :func:`compute_figures`)."""
    default_start, default_end = default_period(programme)
    start, end = start or default_start, end or default_end
    indicators = load_indicators(programme)
    flags = people_flags(indicators, start, programme.start_date)
    figures, groups = _compute(programme, start, end, today=today, extra_flags=flags)
    progress = compute_indicators(programme, start, end, indicators=indicators, groups=groups)
    return figures, progress


def _compute(
    programme: Programme,
    start: datetime.date | None,
    end: datetime.date | None,
    *,
    today: datetime.date | None,
    extra_flags: list[Flag] | None = None,
) -> tuple[Figures, list[Group]]:
    today = today or timezone.localdate()
    default_start, default_end = default_period(programme)
    start, end = start or default_start, end or default_end
    if end < start:
        raise ValueError("The end of the period is before its start.")
    done = Activity.objects.achievements(programme, start, end)

    # 1. Activities: by kind, destination, year and quarter, with days and hours, in one grouped query.
    activity_rows = list(
        done.annotate(year=ExtractYear("end_date"), quarter=ExtractQuarter("end_date"))
        .values("kind", "country", "year", "quarter")
        .annotate(n=Count("pk"), days=Sum("duration_days"), hours=Sum("duration_hours"))
        .order_by()
    )
    by_kind = dict.fromkeys(KINDS, 0)
    destinations: dict[str, int] = {}
    activity_trend: dict[tuple[int, int], dict[str, int]] = {}
    days, hours = Decimal(0), 0
    for row in activity_rows:
        by_kind[row["kind"]] += row["n"]
        days += row["days"] or 0
        hours += row["hours"] or 0
        if row["kind"] == Activity.Kind.STUDY_TRIP:
            destinations[row["country"]] = destinations.get(row["country"], 0) + row["n"]
        cell = activity_trend.setdefault((row["year"], row["quarter"]), dict.fromkeys(KINDS, 0))
        cell[row["kind"]] += row["n"]

    # 2. Tutoring actions by beneficiary unit (distinct activities per unit).
    tutoring_by_unit = (
        Organisation.objects.filter(benefiting_activities__in=done.filter(kind=Activity.Kind.TUTORING))
        .values("name", "acronym")
        .annotate(n=Count("benefiting_activities", distinct=True))
        .order_by("-n", "name")
    )

    # 3. Experts: distinct experts of the period, grouped by what each has exactly one of.
    expert_rows = list(
        Expert.objects.filter(pk__in=ExpertAssignment.objects.filter(activity__in=done).values("expert"))
        .values("category", "nationality", "institution__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    experts_by_category: dict[str, int] = {}
    experts_by_institution: dict[str, int] = {}
    experts_by_nationality: dict[str, int] = {}
    for row in expert_rows:
        _add(experts_by_category, row["category"], row["n"])
        _add(experts_by_institution, row["institution__name"], row["n"])
        _add(experts_by_nationality, row["nationality"], row["n"])

    # 4. People: distinct trainees reached, trained (trained wins over made aware) and reached each
    # year, with every people indicator's flags when asked for: one grouped scan (trainees/reach.py).
    # People can only be reached in a year that has a done activity: as many flags as such years,
    # whatever the length of the period asked.
    period_years = sorted({year for year, _quarter in activity_trend})
    in_period = Q(end_date__gte=start)
    flags = [
        Flag("reached", in_period),
        Flag("trained", in_period, (Participation.Outcome.TRAINED,)),
        *(Flag(f"year{year}", in_period & Q(end_date__year=year)) for year in period_years),
        *(extra_flags or ()),
    ]
    # The indicators' flags look back to the programme's start: the scan's window opens there.
    window = min(start, programme.start_date) if extra_flags else start
    groups = reach(programme, window, end, flags)
    by_service: dict[str, int] = {}
    by_sex: dict[str, int] = {}
    by_service_sex: dict[str, dict[str, int]] = {}
    by_region: dict[str, int] = {}
    trained = made_aware = 0
    people_by_year = dict.fromkeys(period_years, 0)
    for group in groups:
        n = group.counts["reached"]
        if n:
            _add(by_service, group.service, n)
            _add(by_sex, group.sex, n)
            _add(by_service_sex.setdefault(group.service, {}), group.sex, n)
            _add(by_region, group.region, n)
        trained += group.counts["trained"]
        made_aware += n - group.counts["trained"]
        for year in period_years:
            people_by_year[year] += group.counts[f"year{year}"]
    people_by_year = {year: n for year, n in people_by_year.items() if n}

    # 5. Participations per quarter of the activities' end (a plain count: cheap), with, over every
    # registered participation of the done activities, the completed ones and the sessions attended
    # out of the sessions held (the attendance rate).
    registered = (
        Participation.objects.of_programme(programme)
        .in_period(start, end)
        .filter(done_q("activity__"))
        .order_by()
        .values("activity__end_date")  # by day, folded into quarters here: no EXTRACT on every row
        .annotate(
            n=Count("pk", filter=attended_q()),
            completed=Count("pk", filter=completed_q()),
            sessions_attended=Sum("sessions_attended"),
            sessions_held=Sum("activity__session_count"),
        )
    )
    participations_by_quarter: dict[tuple[int, int], int] = {}
    completed = sessions_attended = sessions_held = 0
    # A row per day of the period with an activity ending: read raw, without the ORM's converters on
    # each of them (SQLite gives the day as text).
    sql, params = registered.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for day, n, day_completed, day_sessions_attended, day_sessions_held in cursor.fetchall():
            if n:
                day = day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day)
                quarter = (day.year, (day.month - 1) // 3 + 1)
                participations_by_quarter[quarter] = participations_by_quarter.get(quarter, 0) + n
            completed += day_completed
            sessions_attended += day_sessions_attended or 0
            sessions_held += day_sessions_held or 0
    participations_by_year: dict[int, int] = {}
    for (year, _quarter), n in participations_by_quarter.items():
        participations_by_year[year] = participations_by_year.get(year, 0) + n

    # 7. Anonymous headcounts.
    headcount_rows = list(
        Headcount.objects.filter(activity__in=done)
        .values("service", "sex")
        .annotate(n=Sum("count"))
        .order_by()
    )
    headcount_by_service: dict[str, int] = {}
    headcount_by_sex: dict[str, int] = {}
    for row in headcount_rows:
        _add(headcount_by_service, row["service"], row["n"])
        _add(headcount_by_sex, row["sex"], row["n"])

    # 8. The programme ahead: still-planned activities ending after the period, until 31 December of
    # the year it is seen from (a report for last year made this year shows this year's plans).
    ahead_until = datetime.date(max(end.year, today.year), 12, 31)
    planned = list(
        Activity.objects.ahead(programme, end, ahead_until)
        .order_by("start_date", "title")
        .values_list("pk", "kind", "title", "start_date", "end_date", "city", "country")
    )
    ahead_by_kind = dict.fromkeys(KINDS, 0)
    for row in planned:
        ahead_by_kind[row[1]] += 1

    years = sorted({year for year, _quarter in activity_trend} | set(people_by_year))
    quarters = sorted(set(activity_trend) | set(participations_by_quarter))
    figures = Figures(
        programme_id=programme.pk,
        programme_name=programme.name,
        programme_country=programme.country,
        programme_start=programme.start_date,
        start=start,
        end=end,
        activities_done=sum(by_kind.values()),
        done_by_kind=tuple(Tally(kind, by_kind[kind]) for kind in KINDS),
        days_delivered=days,
        hours_delivered=hours,
        tutoring_by_unit=tuple(Tally(_unit_name(row), row["n"]) for row in tutoring_by_unit),
        study_trips_by_destination=_tallies(destinations),
        experts=sum(experts_by_category.values()),
        experts_international=experts_by_category.get(Expert.Category.INTERNATIONAL, 0),
        experts_national=experts_by_category.get(Expert.Category.NATIONAL, 0),
        experts_by_institution=_tallies(experts_by_institution),
        experts_by_nationality=_tallies(experts_by_nationality),
        people=trained + made_aware,
        people_trained=trained,
        people_made_aware=made_aware,
        people_by_service=_tallies(by_service),
        people_by_sex=_tallies(by_sex),
        people_by_service_sex=tuple(
            SexSplit(service, split.get("F", 0), split.get("M", 0))
            for service, split in sorted(by_service_sex.items(), key=lambda item: -sum(item[1].values()))
        ),
        people_by_region=_tallies(by_region),
        participations=sum(participations_by_quarter.values()),
        participations_completed=completed,
        attendance_rate=attendance_rate(sessions_attended, sessions_held),
        headcount=sum(headcount_by_service.values()),
        headcount_by_service=_tallies(headcount_by_service),
        headcount_by_sex=_tallies(headcount_by_sex),
        years=tuple(
            _trend(
                year,
                None,
                _sum_kinds(activity_trend, year),
                participations_by_year.get(year, 0),
                people_by_year.get(year, 0),
            )
            for year in years
        ),
        quarters=tuple(
            _trend(
                year,
                quarter,
                activity_trend.get((year, quarter), dict.fromkeys(KINDS, 0)),
                participations_by_quarter.get((year, quarter), 0),
                None,
            )
            for year, quarter in quarters
        ),
        ahead_until=ahead_until,
        ahead_total=len(planned),
        ahead_by_kind=tuple(Tally(kind, ahead_by_kind[kind]) for kind in KINDS),
        ahead=tuple(
            PlannedActivity(pk, kind, title, first, last, city, country, overdue=last < today)
            for pk, kind, title, first, last, city, country in planned[:AHEAD_LISTED]
        ),
    )
    return figures, groups


def _add(counter: dict, key, n: int) -> None:
    key = key or ""
    counter[key] = counter.get(key, 0) + n


def _tallies(counter: dict[str, int]) -> tuple[Tally, ...]:
    """Largest first, then by key, so that the order is stable."""
    return tuple(Tally(key, n) for key, n in sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def _unit_name(row: dict) -> str:
    return f"{row['name']} ({row['acronym']})" if row["acronym"] else row["name"]


def _sum_kinds(activity_trend: dict, year: int) -> dict[str, int]:
    total = dict.fromkeys(KINDS, 0)
    for (row_year, _quarter), cell in activity_trend.items():
        if row_year == year:
            for kind, n in cell.items():
                total[kind] += n
    return total


def _trend(
    year: int, quarter: int | None, kinds: dict[str, int], participations: int, people: int | None
) -> Trend:
    return Trend(
        year=year,
        quarter=quarter,
        activities=sum(kinds.values()),
        training=kinds[Activity.Kind.TRAINING],
        tutoring=kinds[Activity.Kind.TUTORING],
        study_trip=kinds[Activity.Kind.STUDY_TRIP],
        workshop=kinds[Activity.Kind.WORKSHOP],
        participations=participations,
        people=people,
    )


def _jsonable(value):
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_dict(cls, data: dict):
    """Rebuild a dataclass from :func:`_jsonable` output, following the type hints."""
    hints = typing.get_type_hints(cls)
    values = {}
    for field in fields(cls):
        name = field.name if field.name in data else LEGACY_NAMES.get(field.name, field.name)
        if name in data:
            values[field.name] = _revive(hints[field.name], data[name])
        elif field.default is MISSING:
            raise KeyError(field.name)
    return cls(**values)


# Fields renamed since reports were first made: an old snapshot is read under the new name.
LEGACY_NAMES = {"experts_national": "experts_senegalese"}


def _revive(hint, value):
    origin = typing.get_origin(hint)
    if origin is tuple:
        (item_hint, _ellipsis) = typing.get_args(hint)
        return tuple(_revive(item_hint, item) for item in value)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    if hint is datetime.date:
        return datetime.date.fromisoformat(value)
    if hint is Decimal:
        return Decimal(value)
    if isinstance(hint, type) and hasattr(hint, "__dataclass_fields__"):
        return _from_dict(hint, value)
    return value
