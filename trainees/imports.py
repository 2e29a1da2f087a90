"""Participant lists from spreadsheets: understand, match, then write all or nothing.

The file is read by :mod:`core.uploads` (an .xlsx or a CSV, recognised by content). Every row gets
a status before anything is written: a new person, a person on record (same service number), a
possible duplicate (same name and service) for the coordinator to decide, already a participant
(skipped), or an error with its reason. Matching takes three queries whatever the number of rows.
Nothing here writes: ``import_services.participant_import_read`` and ``participant_import_commit`` do.
"""

import datetime
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import Formula, ImportFileError, read_table
from courses.models import Activity

from .choices import Service, Sex
from .import_vocabulary import (
    ATTENDANCE_PREFIX,
    ATTENDANCES,
    FIELD_LABELS,
    FIELDS,
    HEADERS,
    OUTCOMES,
    REGIONS,
    REQUIRED,
    SERVICE_NUMBER,
    SERVICES,
    SEXES,
)
from .models import Participation, Trainee, normalise_name, normalise_service_number

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10


class Status:
    NEW = "new"
    MATCHED = "matched"
    DUPLICATE = "duplicate"
    PARTICIPANT = "participant"
    ERROR = "error"


@dataclass
class Row:
    line: int
    values: dict[str, str]
    status: str = Status.NEW
    trainee_id: int | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Row":
        return cls(**data)


@dataclass
class Preview:
    rows: list[Row]
    notes: list[str]

    @property
    def errors(self) -> list[Row]:
        return [row for row in self.rows if row.status == Status.ERROR]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


# --- Understanding --------------------------------------------------------------------------


DATE_HEADER = re.compile(r"^(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{2})-(\d{2}))$")


def header_date(value: Any) -> datetime.date | None:
    """The date a header holds (an attendance column), or None: a date cell, 02/06/2025 or 2025-06-02."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_HEADER.match(str(value or "").strip().split(" ")[0])
    if not match:
        return None
    day, month, year = (match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4])
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def header_field(value: Any) -> str | None:
    """The field a header names, in French or English, whatever its case, accents or decoration."""
    if value is None:
        return None
    date = header_date(value)
    if date is not None:
        return f"{ATTENDANCE_PREFIX}{date.isoformat()}"
    for part in re.split(r"[/()|]", str(value)):
        key = normalise_name(part)
        if key in HEADERS:
            return HEADERS[key]
    return None


def find_header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[int, str], list[str]]:
    """The header row (the first with two known titles), its columns, and notes on ignored columns."""
    for index, (_line, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = {position: header_field(cell) for position, cell in enumerate(cells)}
        known = {position: name for position, name in columns.items() if name}
        if len(known) >= 2:
            seen: dict[str, int] = {}
            for position, name in known.items():
                if name in seen:
                    raise ImportFileError(
                        _("Two columns are titled “%(field)s” (columns %(first)s and %(second)s): keep one.")
                        % {
                            "field": FIELD_LABELS.get(name, name.removeprefix(ATTENDANCE_PREFIX)),
                            "first": column_letter(seen[name]),
                            "second": column_letter(position),
                        }
                    )
                seen[name] = position
            missing = [FIELD_LABELS[name] for name in REQUIRED if name not in seen]
            untitled = _untitled_columns_with_data(rows[index + 1 :], cells)
            if untitled:
                raise ImportFileError(
                    _(
                        "Column %(column)s has values but no title: the header cells may be merged. Give each "
                        "column its own title (unmerge the header cells) and upload the file again."
                    )
                    % {"column": ", ".join(column_letter(p) for p in untitled)}
                )
            if missing:
                raise ImportFileError(
                    _(
                        "Some required columns are missing: %(columns)s. Download the template to see the "
                        "expected columns."
                    )
                    % {"columns": ", ".join(str(m) for m in missing)}
                )
            ignored = [str(cells[p]).strip() for p, name in columns.items() if not name and _filled(cells[p])]
            notes = []
            if ignored:
                notes.append(_("Columns ignored: %(columns)s.") % {"columns": ", ".join(ignored)})
            return index, known, notes
    raise ImportFileError(
        _(
            "No header row was found: the first rows must hold column titles such as “Nom”, “Prénom”, “Sexe”, "
            "“Service” (or “Last name”, “First name”, “Sex”, “Service”). Download the template."
        )
    )


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _untitled_columns_with_data(data_rows, header_cells) -> list[int]:
    width = len(header_cells)
    untitled = {p for p in range(width) if not _filled(header_cells[p])}
    with_data = set()
    for _line, cells in data_rows[:50]:
        for position in untitled:
            if position < len(cells) and _filled(cells[position]):
                with_data.add(position)
    # A merged title leaves blank cells right after a titled one.
    return sorted(p for p in with_data if p > 0 and _filled(header_cells[p - 1]))


def column_letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


COMMENT_MARK = "#"


def is_comment(cells: list[Any]) -> bool:
    """A row whose first filled cell starts with "#" is a note (the template's example): not imported."""
    first = next((cell for cell in cells if _filled(cell)), None)
    return isinstance(first, str) and first.lstrip().startswith(COMMENT_MARK)


def parse_rows(rows, header_index: int, columns: dict[int, str], default_outcome: str) -> list[Row]:
    parsed = []
    data_rows = [(line, cells) for line, cells in rows[header_index + 1 :] if not is_comment(cells)]
    if len(data_rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows: split it into smaller lists.") % {"max": f"{MAX_ROWS:,}"}
        )
    if not data_rows:
        raise ImportFileError(_("The file has column titles but no participant below them."))
    for line, cells in data_rows:
        raw = {name: (cells[p] if p < len(cells) else None) for p, name in columns.items()}
        names = FIELDS + sorted(name for name in columns.values() if name.startswith(ATTENDANCE_PREFIX))
        row = Row(line=line, values={name: _text(raw.get(name)) for name in names})
        formulas = [name for name, value in raw.items() if isinstance(value, Formula)]
        if formulas:
            row.errors.append(
                _("formula in %(columns)s: paste the values instead")
                % {
                    "columns": ", ".join(
                        str(FIELD_LABELS.get(f, f.removeprefix(ATTENDANCE_PREFIX))) for f in formulas
                    )
                }
            )
        _clean(row, default_outcome)
        if row.errors:
            row.status = Status.ERROR
        parsed.append(row)
    return parsed


def _clean_attendance(row: Row) -> None:
    """Attendance columns: present, absent or excused (in French, English or Spanish); blank = unmarked."""
    for name, value in row.values.items():
        if not name.startswith(ATTENDANCE_PREFIX) or not value:
            continue
        status = ATTENDANCES.get(normalise_name(value))
        if status:
            row.values[name] = status
        else:
            row.errors.append(
                _("unknown attendance “%(value)s” on %(date)s (expected: present, absent or excused)")
                % {"value": value[:40], "date": name.removeprefix(ATTENDANCE_PREFIX)}
            )


def check_attendance_dates(columns: dict[int, str], activity: Activity) -> None:
    """Every attendance column is dated on one of the activity's sessions."""
    today = timezone.localdate().isoformat()
    dates = {d.isoformat() for d in activity.sessions.values_list("date", flat=True)}
    for position, name in columns.items():
        if name.startswith(ATTENDANCE_PREFIX) and name.removeprefix(ATTENDANCE_PREFIX) > today:
            raise ImportFileError(
                _("Column %(column)s holds the attendance of %(date)s, a day still to come: remove it.")
                % {"column": column_letter(position), "date": name.removeprefix(ATTENDANCE_PREFIX)}
            )
        if name.startswith(ATTENDANCE_PREFIX) and name.removeprefix(ATTENDANCE_PREFIX) not in dates:
            raise ImportFileError(
                _(
                    "Column %(column)s is titled with a date, %(date)s, on which the activity has no session. "
                    "Title the attendance columns with the dates of its sessions."
                )
                % {"column": column_letter(position), "date": name.removeprefix(ATTENDANCE_PREFIX)}
            )


def _clean(row: Row, default_outcome: str) -> None:
    _clean_attendance(row)
    values = row.values
    for name in REQUIRED[:2]:
        if not values[name]:
            row.errors.append(_("%(field)s is missing") % {"field": FIELD_LABELS[name]})
    for name in ("last_name", "first_name", "rank", "unit"):
        limit = 200 if name == "unit" else 100
        if len(values[name]) > limit:
            row.errors.append(
                _("%(field)s is longer than %(max)s characters") % {"field": FIELD_LABELS[name], "max": limit}
            )
    for name, table, choices in (("sex", SEXES, Sex), ("service", SERVICES, Service)):
        key = normalise_name(values[name])
        if key in table:
            values[name] = table[key]
        elif not values[name]:
            row.errors.append(_("%(field)s is missing") % {"field": FIELD_LABELS[name]})
        else:
            row.errors.append(
                _("unknown %(field)s “%(value)s” (expected: %(choices)s)")
                % {
                    "field": FIELD_LABELS[name],
                    "value": values[name][:40],
                    "choices": ", ".join(str(c.label) for c in choices),
                }
            )
    region = normalise_name(values["region"])
    if region:
        if region in REGIONS:
            values["region"] = REGIONS[region]
        else:
            row.errors.append(_("unknown region “%(value)s”") % {"value": values["region"][:40]})
    outcome = normalise_name(values["outcome"])
    if not outcome:
        values["outcome"] = default_outcome
    elif outcome in OUTCOMES:
        values["outcome"] = OUTCOMES[outcome]
    else:
        row.errors.append(
            _("unknown outcome “%(value)s” (expected: trained or made aware)")
            % {"value": values["outcome"][:40]}
        )
    if values["service_number"]:
        number = normalise_service_number(values["service_number"])
        if not SERVICE_NUMBER.match(number):
            row.errors.append(
                _("service number “%(value)s” is not valid (letters and digits only, at most 40)")
                % {"value": values["service_number"][:40]}
            )
        values["service_number"] = number


# --- Matching -------------------------------------------------------------------------------


def match_rows(rows: list[Row], activity: Activity, visible: QuerySet[Trainee] | None = None) -> None:
    """Give each valid row its status against the file itself and the database (four queries).

    A service number is matched against everyone (it is unique), but a person the user may not see
    (``visible``: another programme's) is never named; possible duplicates by name are looked for
    among the people the user may see only.
    """
    valid = [row for row in rows if row.status != Status.ERROR]
    # Duplicates inside the file.
    seen_numbers: dict[tuple[str, str], int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    for row in valid:
        values = row.values
        key_number = (values["service"], values["service_number"])
        key_name = (values["service"], normalise_name(values["first_name"], values["last_name"]))
        if values["service_number"] and key_number in seen_numbers:
            row.errors.append(_("same service number as row %(line)s") % {"line": seen_numbers[key_number]})
        elif not values["service_number"] and key_name in seen_names:
            row.errors.append(
                _("same person as row %(line)s (same name and service)") % {"line": seen_names[key_name]}
            )
        if values["service_number"]:
            seen_numbers.setdefault(key_number, row.line)
        seen_names.setdefault(key_name, row.line)
        if row.errors:
            row.status = Status.ERROR
    valid = [row for row in valid if row.status != Status.ERROR]

    numbers = {row.values["service_number"] for row in valid if row.values["service_number"]}
    names = {normalise_name(row.values["first_name"], row.values["last_name"]) for row in valid}
    fields = ("pk", "first_name", "last_name", "service", "service_number", "unit", "rank", "name_key")
    by_number = (
        {
            (t["service"], t["service_number"]): t
            for t in Trainee.objects.filter(service_number__in=numbers).values(*fields)
        }
        if numbers
        else {}
    )
    visible = visible if visible is not None else Trainee.objects.all()
    by_name: dict[tuple[str, str], list[dict]] = {}
    if names:
        for trainee in visible.filter(name_key__in=names).order_by("pk").values(*fields):
            by_name.setdefault((trainee["service"], trainee["name_key"]), []).append(trainee)
    seen = set(visible.filter(pk__in=[t["pk"] for t in by_number.values()]).values_list("pk", flat=True))
    participants = set(Participation.objects.filter(activity=activity).values_list("trainee_id", flat=True))

    for row in valid:
        values = row.values
        row.candidates, row.notes, row.trainee_id = [], [], None
        on_record = (
            by_number.get((values["service"], values["service_number"])) if values["service_number"] else None
        )
        if on_record:
            row.status, row.trainee_id = Status.MATCHED, on_record["pk"]
            if on_record["pk"] not in seen:
                row.notes.append(_("already on record in another programme"))
            elif on_record["name_key"] != normalise_name(values["first_name"], values["last_name"]):
                row.notes.append(
                    _("on record as %(name)s")
                    % {"name": f"{on_record['last_name'].upper()} {on_record['first_name']}"}
                )
        else:
            same_name = by_name.get(
                (values["service"], normalise_name(values["first_name"], values["last_name"])), []
            )
            same_name = [t for t in same_name if not (values["service_number"] and t["service_number"])]
            if same_name:
                row.status = Status.DUPLICATE
                row.candidates = [_candidate(t) for t in same_name[:5]]
            else:
                row.status = Status.NEW
        if row.trainee_id and row.trainee_id in participants:
            row.status = Status.PARTICIPANT


def _candidate(trainee: dict) -> dict:
    return {
        "id": trainee["pk"],
        "name": f"{trainee['last_name'].upper()} {trainee['first_name']}",
        "unit": trainee["unit"],
        "rank": trainee["rank"],
        "service_number": trainee["service_number"],
    }


def preview_file(data: bytes, activity: Activity, visible: QuerySet[Trainee] | None = None) -> Preview:
    """Read, understand and match a file; writes nothing."""
    rows = read_table(data, max_bytes=MAX_BYTES, max_rows=MAX_ROWS + HEADER_SEARCH_ROWS)
    header_index, columns, notes = find_header(rows)
    check_attendance_dates(columns, activity)
    parsed = parse_rows(rows, header_index, columns, Participation.default_outcome_for(activity))
    match_rows(parsed, activity, visible)
    return Preview(rows=parsed, notes=rows.notes + notes)
