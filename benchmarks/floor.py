"""The floor of the figures and indicators: hand-written SQL computing every breakdown the dashboard shows.

``manage.py bench`` times :func:`floor` beside ``compute_figures_and_indicators`` and checks
that both give the same numbers (:func:`summary_of_figures`, :func:`summary_of_floor`). The indicators'
part is written for the demo programme's framework (demo/data/framework.json): 3.7 (people trained in
training and tutoring actions), R1.2 (their days), R1.3 (people trained on document fraud), 4.2
(people reached) and R2.2 (approved manual values), each in the period and since the start, with
women and men.

It is written as the fastest plain SQL found for this work on PostgreSQL, not as the application's
queries are: one scan of the participations for every count of distinct people (per-activity bits ORed
per person: no COUNT(DISTINCT), which sorts, and no second pass), grouped sums by day rather than an
EXTRACT on every row. Faster hand-written SQL would lower this floor, never the application's time.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import connection

# Every figure's breakdown, one statement per table read (five round trips in all).
ACTIVITIES_SQL = """
SELECT kind, country, EXTRACT(YEAR FROM end_date)::int, EXTRACT(QUARTER FROM end_date)::int,
       count(*), coalesce(sum(duration_days), 0), coalesce(sum(duration_hours), 0)
FROM courses_activity
WHERE programme_id = %(programme)s AND status = 'done' AND end_date BETWEEN %(start)s AND %(end)s
GROUP BY 1, 2, 3, 4
"""
UNITS_SQL = """
SELECT o.name, o.acronym, count(DISTINCT a.id)
FROM courses_activity a
JOIN courses_activity_beneficiary_units u ON u.activity_id = a.id
JOIN courses_organisation o ON o.id = u.organisation_id
WHERE a.programme_id = %(programme)s AND a.status = 'done' AND a.kind = 'tutoring'
  AND a.end_date BETWEEN %(start)s AND %(end)s
GROUP BY 1, 2
"""
EXPERTS_SQL = """
SELECT e.category, e.nationality, o.name, count(*)
FROM courses_expert e LEFT JOIN courses_organisation o ON o.id = e.institution_id
WHERE e.id IN (
    SELECT x.expert_id FROM courses_expertassignment x JOIN courses_activity a ON a.id = x.activity_id
    WHERE a.programme_id = %(programme)s AND a.status = 'done' AND a.end_date BETWEEN %(start)s AND %(end)s
)
GROUP BY 1, 2, 3
"""
# Participations per day of the activities' end (folded into quarters in Python), with the completed
# ones and the sessions attended and held, over every registered participation of the done activities.
REGISTERED_SQL = """
SELECT a.end_date, count(*) FILTER (WHERE p.attended), count(*) FILTER (WHERE p.completed),
       coalesce(sum(p.sessions_attended), 0), coalesce(sum(a.session_count), 0)
FROM trainees_participation p JOIN courses_activity a ON a.id = p.activity_id
WHERE a.programme_id = %(programme)s AND a.status = 'done' AND a.end_date BETWEEN %(start)s AND %(end)s
GROUP BY 1
"""
# Every count of distinct people, the figures' and the demo framework's, in one scan: each activity
# gets the bits a participation in it sets (trained, or not), each person ORs the bits of their
# attended participations, and people are counted per bit by service, sex and region. Bits: 1 reached
# in the period, 2 trained in the period, 4 and 8 indicator 3.7 (people trained in training and
# tutoring actions) in the period and since the start, 16 R1.3 (people trained on document fraud)
# since the start, 32 4.2 (people reached) since the start, and from 64 on, one per year of the period.
PEOPLE_SQL = """
SELECT service, sex, region, {bits}
FROM (
  SELECT t.service, t.sex, t.region, people.bits, count(*) AS n
  FROM (
    SELECT p.trainee_id, bit_or(CASE WHEN p.outcome = 'trained' THEN a.trained ELSE a.any_outcome END) AS bits
    FROM trainees_participation p JOIN (
        SELECT id,
            CASE WHEN end_date >= %(start)s THEN 1 ELSE 0 END
            + CASE WHEN end_date >= %(programme_start)s THEN 32 ELSE 0 END
            {years}
            AS any_outcome,
            CASE WHEN end_date >= %(start)s THEN 3 ELSE 0 END
            + CASE WHEN kind IN ('training', 'tutoring') AND end_date >= %(start)s THEN 4 ELSE 0 END
            + CASE WHEN kind IN ('training', 'tutoring') AND end_date >= %(programme_start)s THEN 8 ELSE 0 END
            + CASE WHEN theme_id = %(theme)s AND end_date >= %(programme_start)s THEN 16 ELSE 0 END
            + CASE WHEN end_date >= %(programme_start)s THEN 32 ELSE 0 END
            {years}
            AS trained
        FROM courses_activity
        WHERE programme_id = %(programme)s AND status = 'done' AND end_date BETWEEN %(window_start)s AND %(end)s
    ) a ON a.id = p.activity_id
    WHERE p.attended
    GROUP BY p.trainee_id
  ) people JOIN trainees_trainee t ON t.id = people.trainee_id
  GROUP BY 1, 2, 3, 4
) by_bits
GROUP BY 1, 2, 3
"""
YEAR_BIT = 6  # the first year's bit
HEADCOUNT_SQL = """
SELECT h.service, h.sex, sum(h.count)
FROM trainees_headcount h JOIN courses_activity a ON a.id = h.activity_id
WHERE a.programme_id = %(programme)s AND a.status = 'done' AND a.end_date BETWEEN %(start)s AND %(end)s
GROUP BY 1, 2
"""
AHEAD_SQL = """
SELECT count(*) FROM courses_activity
WHERE programme_id = %(programme)s AND status = 'planned' AND end_date >= %(end)s AND start_date <= %(until)s
"""
# The demo framework's indicators that are not people: days delivered (R1.2) and approved values (R2.2).
INDICATORS_SQL = """
SELECT
  (SELECT coalesce(sum(duration_days), 0) FROM courses_activity
   WHERE programme_id = %(programme)s AND status = 'done' AND kind IN ('training', 'tutoring')
     AND end_date BETWEEN %(programme_start)s AND %(end)s),
  (SELECT coalesce(sum(v.value), 0) FROM results_manualvalue v
   JOIN results_indicator i ON i.id = v.indicator_id JOIN results_expectedresult r ON r.id = i.result_id
   WHERE r.programme_id = %(programme)s AND i.code = 'R2.2' AND v.status = 'approved' AND v.period_end <= %(end)s)
"""


def people_sql(params: dict) -> str:
    """The people statement with one count per bit: six, then one per year of the period."""
    years = range(params["first_year"], params["end"].year + 1)
    bits = YEAR_BIT + len(years)
    return PEOPLE_SQL.format(
        bits=", ".join(f"coalesce(sum(n) FILTER (WHERE bits & {1 << bit} <> 0), 0)" for bit in range(bits)),
        years=" ".join(
            f"+ CASE WHEN end_date >= %(start)s AND end_date BETWEEN '{year}-01-01' AND '{year}-12-31' "
            f"THEN {1 << (YEAR_BIT + offset)} ELSE 0 END"
            for offset, year in enumerate(years)
        ),
    )


def floor(params: dict) -> dict:
    """Every figure and the demo's indicators, read by the hand-written statements (eight round trips)."""
    params = {
        **params,
        "first_year": params["start"].year,
        "window_start": min(params["start"], params["programme_start"]),
    }
    rows = {"first_year": params["first_year"]}
    with connection.cursor() as cursor:
        for name, sql in (
            ("activities", ACTIVITIES_SQL),
            ("units", UNITS_SQL),
            ("experts", EXPERTS_SQL),
            ("registered", REGISTERED_SQL),
            ("people", people_sql(params)),
            ("headcounts", HEADCOUNT_SQL),
            ("ahead", AHEAD_SQL),
            ("indicators", INDICATORS_SQL),
        ):
            cursor.execute(sql, params)
            rows[name] = cursor.fetchall()
    return rows


def summary_of_floor(rows: dict) -> dict:
    """The floor's rows as the totals of each breakdown, to compare with :func:`summary_of_figures`."""
    by = defaultdict(lambda: defaultdict(int))
    days = Decimal(0)
    hours = 0
    for kind, country, year, quarter, n, row_days, row_hours in rows["activities"]:
        by["kind"][kind] += n
        if kind == "study_trip":
            by["destination"][country] += n
        by["activity_quarter"][(year, quarter)] += n
        days += row_days
        hours += row_hours
    for name, acronym, n in rows["units"]:
        by["unit"][f"{name} ({acronym})" if acronym else name] += n
    for category, nationality, institution, n in rows["experts"]:
        by["expert_category"][category] += n
        by["expert_nationality"][nationality] += n
        by["expert_institution"][institution or ""] += n
    completed = sessions_attended = sessions_held = 0
    for day, attended, day_completed, day_sessions_attended, day_sessions_held in rows["registered"]:
        if attended:
            by["participation_quarter"][(day.year, (day.month - 1) // 3 + 1)] += attended
        completed += day_completed
        sessions_attended += day_sessions_attended
        sessions_held += day_sessions_held
    bit_totals: dict[int, int] = defaultdict(int)
    women: dict[int, int] = defaultdict(int)
    men: dict[int, int] = defaultdict(int)
    for service, sex, region, *counts in rows["people"]:
        reached, trained = counts[0], counts[1]
        by["service"][service] += reached
        by["sex"][sex] += reached
        by["region"][region or ""] += reached
        by["trained"][True] += trained
        by["trained"][False] += reached - trained
        for bit, n in enumerate(counts):
            bit_totals[bit] += n
            if sex == "F":
                women[bit] += n
            elif sex == "M":
                men[bit] += n
        for offset, n in enumerate(counts[YEAR_BIT:]):
            by["people_year"][rows["first_year"] + offset] += n
    for service, sex, n in rows["headcounts"]:
        by["headcount_service"][service] += n
        by["headcount_sex"][sex] += n
    summary = {key: {k: v for k, v in value.items() if v} for key, value in by.items()}
    summary["days"], summary["hours"], summary["ahead"] = days, hours, rows["ahead"][0][0]
    summary["completed"] = completed
    summary["attendance_rate"] = round(100 * sessions_attended / sessions_held) if sessions_held else None
    indicator_days, approved = rows["indicators"][0]
    summary["indicators"] = tuple(
        Decimal(value)
        for value in (
            bit_totals[3],  # 3.7 since the start, in the period, women, men (cumulative: since the start)
            bit_totals[2],
            women[3],
            men[3],
            bit_totals[4],  # R1.3 since the start
            bit_totals[5],  # 4.2 since the start, in the period, women, men
            bit_totals[0],
            women[5],
            men[5],
            indicator_days,  # R1.2, R2.2 since the start
            approved,
        )
    )
    return summary


def summary_of_figures(figures, indicators) -> dict:
    """The same totals from ``compute_figures`` and ``compute_indicators``."""
    by = {
        "kind": {t.key: t.count for t in figures.done_by_kind},
        "destination": {t.key: t.count for t in figures.study_trips_by_destination},
        "activity_quarter": {(q.year, q.quarter): q.activities for q in figures.quarters},
        "unit": {t.key: t.count for t in figures.tutoring_by_unit},
        "expert_category": {
            "international": figures.experts_international,
            "national": figures.experts_national,
        },
        "expert_nationality": {t.key: t.count for t in figures.experts_by_nationality},
        "expert_institution": {t.key: t.count for t in figures.experts_by_institution},
        "service": {t.key: t.count for t in figures.people_by_service},
        "sex": {t.key: t.count for t in figures.people_by_sex},
        "region": {t.key: t.count for t in figures.people_by_region},
        "trained": {True: figures.people_trained, False: figures.people_made_aware},
        "participation_quarter": {(q.year, q.quarter): q.participations for q in figures.quarters},
        "people_year": {y.year: y.people for y in figures.years},
        "headcount_service": {t.key: t.count for t in figures.headcount_by_service},
        "headcount_sex": {t.key: t.count for t in figures.headcount_by_sex},
    }
    summary: dict = {key: {k: v for k, v in value.items() if v} for key, value in by.items()}
    summary["days"], summary["hours"], summary["ahead"] = (
        figures.days_delivered,
        figures.hours_delivered,
        figures.ahead_total,
    )
    summary["completed"] = figures.participations_completed
    summary["attendance_rate"] = figures.attendance_rate
    p = {row.code: row for row in indicators}
    summary["indicators"] = (
        p["3.7"].since_start,
        p["3.7"].period,
        p["3.7"].women,
        p["3.7"].men,
        p["R1.3"].since_start,
        p["4.2"].since_start,
        p["4.2"].period,
        p["4.2"].women,
        p["4.2"].men,
        p["R1.2"].since_start,
        p["R2.2"].since_start,
    )
    return summary
