"""Removing the demo, and only the demo: what its author wrote, never a real record.

The demo's scope:

- its programmes (created by the demo's author), every activity in them, and what hangs on those
  activities (participations, assignments, headcounts, lists, proofs, certificates, reports);
- the experts, trainees and organisations its author created, once nothing outside that scope
  uses them (a demo trainee registered in a real activity stays);
- the history rows of all of these, and nothing else's.

Bulk SQL deletes: the per-row signals of an ORM delete would take minutes at scale 100.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction

from core.records import records_changed
from courses.models import Activity, Expert, ExpertAssignment, Membership, Organisation, Programme, Session
from reports.models import CommitteeReport
from results.models import ExpectedResult, Indicator, IndicatorTarget, ManualValue
from trainees.models import (
    Attendance,
    AttendanceProof,
    Certificate,
    Headcount,
    ParticipantImport,
    Participation,
    Trainee,
)

from .marker import existing_demo_author


@dataclass
class Census:
    """What a reset would remove (the demo's rows) and what it keeps (everything else)."""

    demo: dict[str, int] = field(default_factory=dict)
    other: dict[str, int] = field(default_factory=dict)

    @property
    def has_other_records(self) -> bool:
        return any(self.other.values())

    @property
    def has_demo(self) -> bool:
        return bool(self.demo.get("programmes"))

    @staticmethod
    def describe(counts: dict[str, int]) -> str:
        """E.g. "1 programme, 82 activities" (for the operator of a command, in English)."""
        words = [
            f"{count:,} {SINGULAR.get(name, name) if count == 1 else name}" for name, count in counts.items()
        ]
        return (
            ", ".join(word for word, count in zip(words, counts.values(), strict=True) if count) or "nothing"
        )


SINGULAR = {
    "programmes": "programme",
    "activities": "activity",
    "experts": "expert",
    "trainees": "trainee",
    "organisations": "organisation",
    "participations": "participation",
}


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _scope(author_id: int) -> dict[str, tuple[str, list]]:
    """The demo's rows, as SQL selecting their ids, with the parameters."""
    programmes = f"SELECT id FROM {_table(Programme)} WHERE created_by_id = %s"
    activities = f"SELECT id FROM {_table(Activity)} WHERE programme_id IN ({programmes})"
    units = _table(Activity.beneficiary_units.through)
    hosts = _table(Activity.host_institutions.through)
    # The author's people and experts that nothing outside the demo's activities uses.
    trainees = (
        f"SELECT id FROM {_table(Trainee)} WHERE created_by_id = %s AND id NOT IN "
        f"(SELECT trainee_id FROM {_table(Participation)} WHERE activity_id NOT IN ({activities}))"
    )
    experts = (
        f"SELECT id FROM {_table(Expert)} WHERE created_by_id = %s AND id NOT IN "
        f"(SELECT expert_id FROM {_table(ExpertAssignment)} WHERE activity_id NOT IN ({activities}))"
    )
    organisations = (
        f"SELECT id FROM {_table(Organisation)} WHERE created_by_id = %s"
        f" AND id NOT IN (SELECT institution_id FROM {_table(Expert)} WHERE id NOT IN ({experts}))"
        f" AND id NOT IN (SELECT organisation_id FROM {units} WHERE activity_id NOT IN ({activities}))"
        f" AND id NOT IN (SELECT organisation_id FROM {hosts} WHERE activity_id NOT IN ({activities}))"
    )
    # Every parameter is the author's id.
    queries = {
        "programmes": programmes,
        "activities": activities,
        "experts": experts,
        "trainees": trainees,
        "organisations": organisations,
    }
    return {name: (sql, [author_id] * sql.count("%s")) for name, sql in queries.items()}


def _count(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS counted", params)
        return cursor.fetchone()[0]


def census() -> Census:
    """Count the demo's rows and the others, without changing anything."""
    author = existing_demo_author()
    result = Census()
    if author is not None:
        scope = _scope(author.pk)
        result.demo = {name: _count(*scope[name]) for name in scope}
        result.demo["participations"] = Participation.objects.filter(
            activity__programme__created_by=author
        ).count()
        result.other = {
            "programmes": Programme.objects.exclude(created_by=author).count(),
            "activities": Activity.objects.exclude(programme__created_by=author).count(),
            "experts": Expert.objects.count() - result.demo["experts"],
            "trainees": Trainee.objects.count() - result.demo["trainees"],
        }
    else:
        result.other = {
            "programmes": Programme.objects.count(),
            "activities": Activity.objects.count(),
            "experts": Expert.objects.count(),
            "trainees": Trainee.objects.count(),
        }
    return result


def _files_of_the_demo(author) -> None:
    """Reports and signed sheets of the demo have files on disk: they go with their rows."""
    for report in CommitteeReport.objects.filter(programme__created_by=author).exclude(pdf=""):
        report.pdf.delete(save=False)
    for proof in AttendanceProof.objects.filter(activity__programme__created_by=author):
        proof.file.delete(save=False)


def _history(model):
    return model.history.model


@transaction.atomic
def demo_reset() -> Census:
    """Remove the demo's rows (see the module's docstring); returns what there was to remove."""
    removed = census()
    author = existing_demo_author()
    if author is None or not removed.has_demo:
        return removed
    scope = _scope(author.pk)
    _files_of_the_demo(author)
    activities, a_params = scope["activities"]
    programmes, p_params = scope["programmes"]
    on_activities = (
        AttendanceProof,  # before the sessions its rows may name
        _history(AttendanceProof),
        Session,
        _history(Session),
        Participation,
        _history(Participation),
        Headcount,
        _history(Headcount),
        ExpertAssignment,
        _history(ExpertAssignment),
        ParticipantImport,
        Activity.beneficiary_units.through,
        Activity.host_institutions.through,
    )
    participations = f"SELECT id FROM {_table(Participation)} WHERE activity_id IN ({activities})"
    sessions = f"SELECT id FROM {_table(Session)} WHERE activity_id IN ({activities})"
    statements = [
        (f"DELETE FROM {_table(Certificate)} WHERE participation_id IN ({participations})", a_params),
        # Marks of the demo's activities, whoever made them (a real person's included: the sessions go).
        (f"DELETE FROM {_table(Attendance)} WHERE session_id IN ({sessions})", a_params),
        (f"DELETE FROM {_table(_history(Attendance))} WHERE session_id IN ({sessions})", a_params),
        (f"DELETE FROM {_table(Attendance)} WHERE participation_id IN ({participations})", a_params),
        (
            f"DELETE FROM {_table(_history(Attendance))} WHERE participation_id IN ({participations})",
            a_params,
        ),
        (f"DELETE FROM {_table(CommitteeReport)} WHERE programme_id IN ({programmes})", p_params),
        *(
            (f"DELETE FROM {_table(model)} WHERE activity_id IN ({activities})", a_params)
            for model in on_activities
        ),
        *(
            (
                f"DELETE FROM {_table(m2m_history)} WHERE history_id IN "
                f"(SELECT history_id FROM {_table(_history(Activity))} WHERE id IN ({activities}))",
                a_params,
            )
            for m2m_history in _activity_m2m_history_models()
        ),
        (f"DELETE FROM {_table(_history(Activity))} WHERE id IN ({activities})", a_params),
        (f"DELETE FROM {_table(Activity)} WHERE id IN ({activities})", a_params),
    ]
    # The demo programmes' rosters and teams go with them (the people and accounts may stay).
    for through, column in (
        (Trainee.programmes.through, "programme_id"),
        (Expert.programmes.through, "programme_id"),
        (Membership, "programme_id"),
        (_history(Membership), "programme_id"),
    ):
        statements.append((f"DELETE FROM {_table(through)} WHERE {column} IN ({programmes})", p_params))
    # Once the activities are gone, the author's people and experts that nothing else uses, then
    # organisations (the experts' deletion frees their institutions), then the programmes.
    for name, model in (("trainees", Trainee), ("experts", Expert)):
        sql, params = scope[name]
        statements.append(
            (f"DELETE FROM {_table(model.programmes.through)} WHERE {name[:-1]}_id IN ({sql})", params)
        )
        statements.append((f"DELETE FROM {_table(_history(model))} WHERE id IN ({sql})", params))
        statements.append((f"DELETE FROM {_table(model)} WHERE id IN ({sql})", params))
    # After the experts are gone, "organisations" finds the institutions they leave unused.
    sql, params = scope["organisations"]
    statements.append((f"DELETE FROM {_table(Organisation)} WHERE id IN ({sql})", params))
    # The programmes' results frameworks (results, indicators, their targets, rules and values).
    results = f"SELECT id FROM {_table(ExpectedResult)} WHERE programme_id IN ({programmes})"
    indicators = f"SELECT id FROM {_table(Indicator)} WHERE result_id IN ({results})"
    for model in (
        _history(ManualValue),
        ManualValue,
        IndicatorTarget,
        Indicator.themes.through,
        Indicator.beneficiary_units.through,
    ):
        statements.append((f"DELETE FROM {_table(model)} WHERE indicator_id IN ({indicators})", p_params))
    statements.append((f"DELETE FROM {_table(Indicator)} WHERE result_id IN ({results})", p_params))
    statements.append(
        (f"DELETE FROM {_table(ExpectedResult)} WHERE programme_id IN ({programmes})", p_params)
    )
    statements.append((f"DELETE FROM {_table(Programme)} WHERE id IN ({programmes})", p_params))
    with connection.cursor() as cursor:
        for statement, params in statements:
            cursor.execute(statement, params)
    records_changed()
    return removed


def _activity_m2m_history_models() -> list:
    """The history tables of the activity's many-to-many fields (django-simple-history)."""
    history = _history(Activity)
    return [
        relation.related_model
        for relation in history._meta.related_objects
        if relation.related_model._meta.db_table.startswith(history._meta.db_table)
    ]
