"""Distinct people reached, by flag, in one grouped scan of the counted participations.

Every figure and indicator that counts *people* (reached, trained, per year, per indicator rule, in the
period or since the start) is a flag: a condition on the activity and the outcomes that count. One
statement answers them all:

1. each done activity of the window gets two bit masks, computed once per activity (a few thousand
   rows): the flags a participation in it sets when its outcome is *trained*, and when it is not;
2. the attended participations are grouped by person, OR-ing their activity's mask (``bit_or``);
3. the people are counted by service, sex, region and mask (one row per combination met, far fewer
   than people), then each
   flag sums the counts of the masks that hold it (``sum(n) FILTER``), by service, sex and region.
   Two steps rather than one filter per flag on every person: cheaper with many flags, and a plan
   PostgreSQL does not parallelise into three copies of the grouping by person.

A person with several participations sets each flag once: distinct by construction, with no
``COUNT(DISTINCT)`` (a sort per count) and no second scan. The rows come back by service, sex and
region, so that breakdowns and person filters (a rule's services or sex) are folded in Python over a
few hundred rows. The number of queries is one, whatever the data and the number of flags.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import CombinedExpression

from courses.models import Activity, Programme

from .models import Participation, Trainee

BITS = 30  # flags per mask: a mask stays a 32-bit integer on every database
PER_STATEMENT = 20 * BITS  # flags per statement: 600 sums, well within 1,664 columns


@dataclass(frozen=True)
class Flag:
    """People with at least one attended participation in a done activity matching ``activity`` (a
    condition on the activity's fields) with one of ``outcomes`` (None: any outcome)."""

    key: str
    activity: Q
    outcomes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Group:
    """People of one service, sex and region, counted for each flag."""

    service: str
    sex: str
    region: str
    counts: dict[str, int]


def reach(
    programme: Programme, start: datetime.date, end: datetime.date, flags: Sequence[Flag]
) -> list[Group]:
    """People of each flag among the done activities of ``programme`` ending in [start, end], by group.

    The flags' own conditions narrow the window further (a period inside it, a kind, a theme...).
    One statement holds up to ``PER_STATEMENT`` distinct flags (a framework of hundreds of indicators
    takes a second one, never a statement past PostgreSQL's column limit).
    """
    if not flags:
        return []
    # Flags with the same conditions share a bit (a period that starts at the programme's start, say).
    distinct: dict[tuple, int] = {}
    unique: list[Flag] = []
    bit_of: dict[str, int] = {}
    for flag in flags:
        key = (flag.outcomes, flag.activity)
        if key not in distinct:
            distinct[key] = len(unique)
            unique.append(flag)
        bit_of[flag.key] = distinct[key]
    groups: dict[tuple[str, str, str], list[int]] = {}
    for first in range(0, len(unique), PER_STATEMENT):
        for person, counts in _statement(programme, start, end, unique[first : first + PER_STATEMENT]):
            totals = groups.setdefault(person, [0] * len(unique))  # a region unset and empty are one
            for offset, n in enumerate(counts):
                totals[first + offset] += n
    return [
        Group(service, sex, region, {key: counts[bit] for key, bit in bit_of.items()})
        for (service, sex, region), counts in groups.items()
    ]


def _statement(
    programme: Programme, start: datetime.date, end: datetime.date, flags: list[Flag]
) -> list[tuple[tuple[str, str, str], list[int]]]:
    """One statement: people by service, sex and region, counted for each of ``flags``."""
    chunks = [flags[i : i + BITS] for i in range(0, len(flags), BITS)]
    trained = Participation.Outcome.TRAINED
    masks = {}
    for n, chunk in enumerate(chunks):
        masks[f"mt{n}"] = _mask(chunk, trained, True)
        masks[f"ma{n}"] = _mask(chunk, trained, False)
    activities = (
        Activity.objects.achievements(programme, start, end).order_by().annotate(**masks).values("pk", *masks)
    )
    activity_sql, activity_params = activities.query.sql_with_params()
    q = connection.ops.quote_name
    per_person = ", ".join(
        f"bit_or(CASE WHEN p.{q('outcome')} = %s THEN a.{q(f'mt{n}')} ELSE a.{q(f'ma{n}')} END) AS m{n}"
        for n in range(len(chunks))
    )
    counts = ", ".join(
        f"sum(y.n) FILTER (WHERE (y.m{n} & {1 << bit}) <> 0)"
        for n, chunk in enumerate(chunks)
        for bit in range(len(chunk))
    )
    masks_of_x = ", ".join(f"x.m{n}" for n in range(len(chunks)))
    person = f"t.{q('service')}, t.{q('sex')}, t.{q('region')}"
    sql = (
        f"SELECT y.service, y.sex, y.region, {counts} "
        f"FROM (SELECT {person}, {masks_of_x}, count(*) AS n "
        f"FROM (SELECT p.{q('trainee_id')} AS trainee_id, {per_person} "
        f"FROM {q(Participation._meta.db_table)} p "
        f"JOIN ({activity_sql}) a ON a.{q('pk')} = p.{q('activity_id')} "
        f"WHERE p.{q('attended')} GROUP BY p.{q('trainee_id')}) x "
        f"JOIN {q(Trainee._meta.db_table)} t ON t.{q('id')} = x.trainee_id "
        f"GROUP BY {person}, {masks_of_x}) y "
        f"GROUP BY y.service, y.sex, y.region"
    )
    params = [*[trained] * len(chunks), *activity_params]  # in the order of the text
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            ((row[0] or "", row[1] or "", row[2] or ""), [int(n or 0) for n in row[3:]])  # sums are numeric
            for row in cursor.fetchall()
        ]


def _mask(flags: Iterable[Flag], trained: str, is_trained: bool) -> CombinedExpression | Value:
    """The sum of the flags' bits that an activity sets for a participation of that outcome (distinct
    bits: the sum is their OR)."""
    terms = []
    for bit, flag in enumerate(flags):
        if flag.outcomes is not None and not any((o == trained) == is_trained for o in flag.outcomes):
            continue
        if not flag.activity:  # every activity of the window
            terms.append(Value(1 << bit, output_field=IntegerField()))
            continue
        terms.append(
            Case(When(flag.activity, then=Value(1 << bit)), default=Value(0), output_field=IntegerField())
        )
    if not terms:
        return Value(0, output_field=IntegerField())
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total
