"""The floor of the figures and indicators: hand-written SQL computing every breakdown the dashboard shows.

``manage.py bench`` times :func:`floor` beside ``compute_figures`` + ``compute_indicators`` and checks
that both give the same numbers (:func:`summary_of_figures`, :func:`summary_of_floor`). The indicators'
part is written for the demo programme's framework (demo/data/framework.json): 3.7 (people trained in
training and tutoring actions), R1.2 (their days), R1.3 (people trained on document fraud), 4.2
(people reached) and R2.2 (approved manual values), each in the period and since the start, with
women and men.
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
# People (per person: trained anywhere or only made aware), participations per quarter and distinct
# people per year, in one scan of the counted participations with GROUPING SETS.
PEOPLE_SQL = """
WITH counted AS (
    SELECT p.trainee_id, p.outcome, a.end_date
    FROM trainees_participation p JOIN courses_activity a ON a.id = p.activity_id
    WHERE p.attended AND a.programme_id = %(programme)s AND a.status = 'done'
      AND a.end_date BETWEEN %(start)s AND %(end)s
), people AS (
    SELECT trainee_id, bool_or(outcome = 'trained') AS trained FROM counted GROUP BY trainee_id
)
SELECT 'people', t.service, t.sex, t.region, people.trained::int, count(*)
FROM people JOIN trainees_trainee t ON t.id = people.trainee_id
GROUP BY t.service, t.sex, t.region, people.trained
UNION ALL
SELECT 'quarter', EXTRACT(YEAR FROM end_date)::text, EXTRACT(QUARTER FROM end_date)::text, '', 0, count(*)
FROM counted GROUP BY 2, 3
UNION ALL
SELECT 'year', EXTRACT(YEAR FROM end_date)::text, '', '', 0, count(DISTINCT trainee_id)
FROM counted GROUP BY 2
"""
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
# The demo framework's indicators: every measure since the start and in the period, with women and men.
INDICATORS_SQL = """
WITH counted AS (
    SELECT p.trainee_id, p.outcome, a.kind, a.theme_id, a.end_date >= %(start)s AS in_period
    FROM trainees_participation p JOIN courses_activity a ON a.id = p.activity_id
    WHERE p.attended AND a.programme_id = %(programme)s AND a.status = 'done'
      AND a.end_date BETWEEN %(programme_start)s AND %(end)s
), per_person AS (  -- one row per person, with what they count in: no DISTINCT to sort afterwards
    SELECT trainee_id,
           bool_or(outcome = 'trained' AND kind IN ('training', 'tutoring')) AS trained,
           bool_or(outcome = 'trained' AND kind IN ('training', 'tutoring') AND in_period) AS trained_in_period,
           bool_or(outcome = 'trained' AND theme_id = %(theme)s) AS fraud,
           bool_or(in_period) AS reached_in_period
    FROM counted GROUP BY trainee_id
)
SELECT
  count(*) FILTER (WHERE trained),
  count(*) FILTER (WHERE trained_in_period),
  count(*) FILTER (WHERE trained AND t.sex = 'F'),
  count(*) FILTER (WHERE trained AND t.sex = 'M'),
  count(*) FILTER (WHERE fraud),
  count(*),
  count(*) FILTER (WHERE reached_in_period),
  count(*) FILTER (WHERE t.sex = 'F'),
  count(*) FILTER (WHERE t.sex = 'M'),
  (SELECT coalesce(sum(duration_days), 0) FROM courses_activity
   WHERE programme_id = %(programme)s AND status = 'done' AND kind IN ('training', 'tutoring')
     AND end_date BETWEEN %(programme_start)s AND %(end)s),
  (SELECT coalesce(sum(v.value), 0) FROM results_manualvalue v
   JOIN results_indicator i ON i.id = v.indicator_id JOIN results_expectedresult r ON r.id = i.result_id
   WHERE r.programme_id = %(programme)s AND i.code = 'R2.2' AND v.status = 'approved' AND v.period_end <= %(end)s)
FROM per_person JOIN trainees_trainee t ON t.id = per_person.trainee_id
"""


def floor(params: dict) -> dict:
    """Every figure and the demo's indicators, read by the hand-written statements."""
    rows = {}
    with connection.cursor() as cursor:
        for name, sql in (
            ("activities", ACTIVITIES_SQL),
            ("units", UNITS_SQL),
            ("experts", EXPERTS_SQL),
            ("people", PEOPLE_SQL),
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
    for section, a, b, c, trained, n in rows["people"]:
        if section == "people":
            by["service"][a] += n
            by["sex"][b] += n
            by["region"][c or ""] += n
            by["trained"][bool(trained)] += n
        elif section == "quarter":
            by["participation_quarter"][(int(a), int(b))] += n
        else:
            by["people_year"][int(a)] += n
    for service, sex, n in rows["headcounts"]:
        by["headcount_service"][service] += n
        by["headcount_sex"][sex] += n
    summary = {key: {k: v for k, v in value.items() if v} for key, value in by.items()}
    summary["days"], summary["hours"], summary["ahead"] = days, hours, rows["ahead"][0][0]
    summary["indicators"] = tuple(Decimal(value) for value in rows["indicators"][0])
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
