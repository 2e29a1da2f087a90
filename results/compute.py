"""Every indicator of a programme, for a period and since the programme's start, in a fixed number of queries.

Computed indicators follow the figures' rules (``reports/figures.py`` and docs/design.md): only done
activities count, an activity falls in a period by its end date, a person counts once. Distinct people
come from the figures' one scan of the people (``trainees/reach.py``), each indicator two flags (in the
period, since the start). Each other kind of record counted (participations, activities, expert
assignments, headcounts) is read in **one** aggregate query holding every indicator that counts it,
with the indicator's rule as the filter of its aggregates; manual indicators add one grouped query
over their approved values. The number of queries depends neither on the data nor on the number of
indicators.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.choices import Country
from courses.models import Activity, ExpertAssignment, Programme, done_q, ended_in_q
from trainees.choices import Service, Sex
from trainees.models import Headcount, Participation, completed_q, counted_q
from trainees.reach import Flag, Group, reach

from .models import Indicator, ManualValue

M = Indicator.Measure
PEOPLE = {M.PEOPLE_REACHED, M.PEOPLE_TRAINED}
ON_PARTICIPATIONS = PEOPLE | {M.COMPLETED, M.PARTICIPATIONS}
ON_ACTIVITIES = {M.ACTIVITIES, M.DAYS}
# Filters about people apply to what counts people; the others only know activities.
PERSON_FILTERS = ("outcome", "services", "sex")
SEXED = ON_PARTICIPATIONS | {M.HEADCOUNT}


@dataclass(frozen=True)
class Progress:
    """One indicator's targets and what was achieved, in the period and since the start."""

    indicator_id: int
    result_code: str
    result_title: str
    code: str
    title: str
    unit: str
    kind: str
    rule: str
    cumulative: bool
    baseline: Decimal
    target: Decimal | None
    period_target: Decimal | None  # the sum of the targets of the years the period touches, if any
    target_women: Decimal | None
    target_men: Decimal | None
    period: Decimal
    since_start: Decimal
    # Women and men in what is compared with the target (since the start if cumulative, else the period).
    women: Decimal | None
    men: Decimal | None
    pending: int = 0  # manual values waiting for approval

    @property
    def actual(self) -> Decimal:
        return self.since_start if self.cumulative else self.period

    @property
    def compared_target(self) -> Decimal | None:
        if self.cumulative:
            return self.target
        return self.period_target if self.period_target is not None else self.target

    @property
    def percent(self) -> int | None:
        """The share of the target achieved, in whole percent (None without a target)."""
        return _percent(self.actual, self.compared_target)

    @property
    def bar(self) -> int:
        """The progress bar's width: the percentage, at most 100."""
        return min(self.percent or 0, 100)

    @property
    def met(self) -> bool:
        return self.percent is not None and self.percent >= 100

    @property
    def women_percent(self) -> int | None:
        return _percent(self.women, self.target_women)

    @property
    def men_percent(self) -> int | None:
        return _percent(self.men, self.target_men)


def _percent(value: Decimal | None, target: Decimal | None) -> int | None:
    if value is None or not target:
        return None
    return int(value * 100 / target)


def load_indicators(programme: Programme) -> list[Indicator]:
    """The programme's indicators with what their rules and targets read (four queries)."""
    return list(
        Indicator.objects.filter(result__programme=programme)
        .select_related("result")
        .prefetch_related("themes", "beneficiary_units", "year_targets")
        .order_by("result__code", "code")
    )


def people_flags(
    indicators: list[Indicator], start: datetime.date, programme_start: datetime.date
) -> list[Flag]:
    """The flags of the indicators that count distinct people: in the period and since the start.

    A flag holds the rule's conditions on the activity and the outcome; its conditions on the person
    (services, sex) are applied to the groups the scan returns (:func:`_people`).
    """
    flags = []
    for indicator in indicators:
        if indicator.kind != Indicator.Kind.COMPUTED or indicator.measure not in PEOPLE:
            continue
        condition = activity_q(indicator) & Q(end_date__gte=programme_start)
        if indicator.measure == M.PEOPLE_TRAINED:
            outcomes: tuple[str, ...] | None = (Participation.Outcome.TRAINED,)
        else:
            outcomes = (indicator.outcome,) if indicator.outcome else None
        # A period from the programme's start (or before) is the same flag as since the start.
        in_period = condition if start <= programme_start else condition & Q(end_date__gte=start)
        flags.append(Flag(f"p{indicator.pk}", in_period, outcomes))
        flags.append(Flag(f"s{indicator.pk}", condition, outcomes))
    return flags


def compute_indicators(
    programme: Programme,
    start: datetime.date,
    end: datetime.date,
    *,
    indicators: list[Indicator] | None = None,
    groups: list[Group] | None = None,
) -> tuple[Progress, ...]:
    """Every indicator of ``programme``: achieved in [start, end] and since its start (until ``end``).

    ``groups``, when given, are those of a scan (``trainees/reach.py``) that held :func:`people_flags`;
    otherwise the scan is made here.
    """
    indicators = load_indicators(programme) if indicators is None else indicators
    if not indicators:
        return ()
    since = (programme.start_date, end)
    computed = [i for i in indicators if i.kind == Indicator.Kind.COMPUTED]
    values: dict[str, Decimal | None] = {}
    people = [i for i in computed if i.measure in PEOPLE]
    if people:
        if groups is None:
            flags = people_flags(people, start, programme.start_date)
            groups = reach(programme, min(start, programme.start_date), end, flags)
        values |= _people(people, groups)
    values |= _aggregate(
        Participation.objects.filter(counted_q(), activity__programme=programme),
        [i for i in computed if i.measure in ON_PARTICIPATIONS - PEOPLE],
        start,
        since,
        activity="activity__",
    )
    values |= _aggregate(
        Activity.objects.filter(done_q(), programme=programme),
        [i for i in computed if i.measure in ON_ACTIVITIES],
        start,
        since,
        activity="",
    )
    values |= _aggregate(
        ExpertAssignment.objects.filter(done_q("activity__"), activity__programme=programme),
        [i for i in computed if i.measure == M.EXPERTS],
        start,
        since,
        activity="activity__",
    )
    values |= _aggregate(
        Headcount.objects.filter(done_q("activity__"), activity__programme=programme),
        [i for i in computed if i.measure == M.HEADCOUNT],
        start,
        since,
        activity="activity__",
    )
    manual = _manual_values([i for i in indicators if i.kind == Indicator.Kind.MANUAL], start, end)
    return tuple(_progress(i, values, manual, start, end) for i in indicators)


def _aggregate(
    queryset,
    indicators: list[Indicator],
    start: datetime.date,
    since: tuple[datetime.date, datetime.date],
    *,
    activity: str,
) -> dict[str, Decimal | None]:
    """One query: for each indicator, its count in the period and since the start, and by sex."""
    if not indicators:
        return {}
    queryset = queryset.filter(ended_in_q(*since, activity)).order_by()
    period = ended_in_q(start, None, activity)
    expressions = {}
    for indicator in indicators:
        rule = rule_q(indicator, activity)
        key = str(indicator.pk)
        expressions[f"p{key}"] = _measure(indicator, rule & period)
        expressions[f"s{key}"] = _measure(indicator, rule)
        if indicator.measure in SEXED:
            span = rule if indicator.cumulative else rule & period
            sex_path = "sex" if indicator.measure == M.HEADCOUNT else "trainee__sex"
            expressions[f"w{key}"] = _measure(indicator, span & Q(**{sex_path: Sex.FEMALE}))
            expressions[f"m{key}"] = _measure(indicator, span & Q(**{sex_path: Sex.MALE}))
    return queryset.aggregate(**expressions)


def _people(indicators: list[Indicator], groups: list[Group]) -> dict[str, Decimal | None]:
    """Each people indicator's counts from the scan's groups, its conditions on the person applied."""
    values: dict[str, Decimal | None] = {}
    for indicator in indicators:
        key = str(indicator.pk)
        span = f"s{key}" if indicator.cumulative else f"p{key}"
        totals = dict.fromkeys((f"p{key}", f"s{key}", f"w{key}", f"m{key}"), 0)
        for group in groups:
            if indicator.services and group.service not in indicator.services:
                continue
            if indicator.sex and group.sex != indicator.sex:
                continue
            totals[f"p{key}"] += group.counts[f"p{key}"]
            totals[f"s{key}"] += group.counts[f"s{key}"]
            if group.sex == Sex.FEMALE:
                totals[f"w{key}"] += group.counts[span]
            elif group.sex == Sex.MALE:
                totals[f"m{key}"] += group.counts[span]
        values |= {name: Decimal(n) for name, n in totals.items()}
    return values


def _measure(indicator: Indicator, condition: Q):
    match indicator.measure:  # people are counted by the scan (_people), not here
        case M.COMPLETED:
            return Count("pk", filter=condition & completed_q())
        case M.DAYS:
            return Sum("duration_days", filter=condition)
        case M.EXPERTS:
            return Count("expert", distinct=True, filter=condition)
        case M.HEADCOUNT:
            return Sum("count", filter=condition)
        case _:  # participations, activities
            return Count("pk", filter=condition)


def rule_q(indicator: Indicator, activity: str = "") -> Q:
    """The indicator's filters as a condition on the rows counted (``activity`` leads to the activity)."""
    return activity_q(indicator, activity) & _person_q(indicator)


def activity_q(indicator: Indicator, activity: str = "") -> Q:
    """The indicator's filters on the activity (kinds, themes, destinations, beneficiary organisations)."""
    condition = Q()
    if indicator.activity_kinds:
        condition &= Q(**{f"{activity}kind__in": indicator.activity_kinds})
    theme_ids = [theme.pk for theme in indicator.themes.all()]
    if theme_ids:
        condition &= Q(**{f"{activity}theme_id__in": theme_ids})
    if indicator.countries:
        condition &= Q(**{f"{activity}country__in": indicator.countries})
    unit_ids = [unit.pk for unit in indicator.beneficiary_units.all()]
    if unit_ids:
        links = Activity.beneficiary_units.through.objects.filter(
            activity_id=OuterRef(f"{activity}pk" if activity else "pk"), organisation_id__in=unit_ids
        )
        condition &= Q(Exists(links))
    return condition


def _person_q(indicator: Indicator) -> Q:
    condition = Q()
    if indicator.measure == M.HEADCOUNT:
        if indicator.services:
            condition &= Q(service__in=indicator.services)
        if indicator.sex:
            condition &= Q(sex=indicator.sex)
        return condition
    if indicator.measure not in ON_PARTICIPATIONS:
        return condition
    outcome = Participation.Outcome.TRAINED if indicator.measure == M.PEOPLE_TRAINED else indicator.outcome
    if outcome:
        condition &= Q(outcome=outcome)
    if indicator.services:
        condition &= Q(trainee__service__in=indicator.services)
    if indicator.sex:
        condition &= Q(trainee__sex=indicator.sex)
    return condition


def _manual_values(indicators: list[Indicator], start: datetime.date, end: datetime.date) -> dict[int, dict]:
    """Approved values by indicator: a value falls in a period by its end, like an activity."""
    if not indicators:
        return {}
    approved = Q(status=ManualValue.Status.APPROVED, period_end__lte=end)
    in_period = approved & Q(period_end__gte=start)
    rows = (
        ManualValue.objects.filter(indicator__in=indicators)
        .values("indicator")
        .annotate(
            period=Sum("value", filter=in_period),
            since=Sum("value", filter=approved),
            women_period=Sum("women", filter=in_period),
            men_period=Sum("men", filter=in_period),
            women_since=Sum("women", filter=approved),
            men_since=Sum("men", filter=approved),
            pending=Count("pk", filter=Q(status=ManualValue.Status.SUBMITTED)),
        )
        .order_by()
    )
    return {row["indicator"]: row for row in rows}


def _progress(
    indicator: Indicator, values: dict, manual: dict[int, dict], start: datetime.date, end: datetime.date
) -> Progress:
    key = str(indicator.pk)
    pending = 0
    if indicator.kind == Indicator.Kind.MANUAL:
        row = manual.get(indicator.pk, {})
        span = "since" if indicator.cumulative else "period"
        period, since_start = row.get("period"), row.get("since")
        women, men, pending = row.get(f"women_{span}"), row.get(f"men_{span}"), row.get("pending", 0)
    else:
        period, since_start = values.get(f"p{key}"), values.get(f"s{key}")
        women, men = values.get(f"w{key}"), values.get(f"m{key}")
    year_targets = [t.value for t in indicator.year_targets.all() if start.year <= t.year <= end.year]
    return Progress(
        indicator_id=indicator.pk,
        result_code=indicator.result.code,
        result_title=indicator.result.title,
        code=indicator.code,
        title=indicator.title,
        unit=indicator.unit,
        kind=indicator.kind,
        rule=rule_text(indicator),
        cumulative=indicator.cumulative,
        baseline=indicator.baseline,
        target=indicator.target,
        period_target=sum(year_targets, Decimal(0)) if year_targets else None,
        target_women=indicator.target_women,
        target_men=indicator.target_men,
        period=Decimal(period or 0),
        since_start=Decimal(since_start or 0),
        women=_sexed(indicator, women),
        men=_sexed(indicator, men),
        pending=pending,
    )


def _sexed(indicator: Indicator, value) -> Decimal | None:
    """By sex: a manual value's when it was given; a computed one's when it counts people."""
    if indicator.kind == Indicator.Kind.MANUAL:
        return None if value is None else Decimal(value)
    return Decimal(value or 0) if indicator.measure in SEXED else None


def rule_text(indicator: Indicator) -> str:
    """The rule in plain words, e.g. "distinct people trained, training actions, themes: fraude documentaire"."""
    if indicator.kind == Indicator.Kind.MANUAL:
        return _("values entered by hand and approved")
    parts = [str(Indicator.Measure(indicator.measure).label)]
    if indicator.activity_kinds:
        parts.append(_words(str(Activity.Kind(kind).label).lower() for kind in indicator.activity_kinds))
    themes = [theme.name for theme in indicator.themes.all()]
    if themes:
        parts.append(
            ngettext("theme: %(names)s", "themes: %(names)s", len(themes)) % {"names": _words(themes)}
        )
    if indicator.measure in ON_PARTICIPATIONS and indicator.outcome and indicator.measure != M.PEOPLE_TRAINED:
        parts.append(str(Indicator.Outcome(indicator.outcome).label))
    if indicator.services and indicator.measure in SEXED:
        names = [str(Service(service).label) for service in indicator.services]
        parts.append(
            ngettext("service: %(names)s", "services: %(names)s", len(names)) % {"names": _words(names)}
        )
    if indicator.sex and indicator.measure in SEXED:
        parts.append(_("women only") if indicator.sex == Sex.FEMALE else _("men only"))
    units = [unit.acronym or unit.name for unit in indicator.beneficiary_units.all()]
    if units:
        parts.append(
            ngettext(
                "beneficiary organisation: %(names)s", "beneficiary organisations: %(names)s", len(units)
            )
            % {"names": _words(units)}
        )
    if indicator.countries:
        names = [str(Country(code).label) for code in indicator.countries]
        parts.append(
            ngettext("destination: %(names)s", "destinations: %(names)s", len(names))
            % {"names": _words(names)}
        )
    return ", ".join(parts)


def _words(items: Iterable[str]) -> str:
    return ", ".join(items)
