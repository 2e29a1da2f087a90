"""The committee report's Word copy (.docx, python-docx), built from the same context as its PDF.

Officials add their own pages to it; it carries the same texts, narrative, figures and sign-off as
the PDF, made in the same task run, the results (this period beside since the start, people by
service and sex, the indicators of the results framework) included.
"""

import base64
import io
from collections.abc import Callable, Sequence

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from core.dates import long_date

BLUE = RGBColor(0x0B, 0x53, 0x94)


def n(value) -> str:
    return number_format(value, force_grouping=True)


def committee_report_docx(context: dict) -> bytes:
    """The .docx bytes of the report whose context (see ``services.committee_report_context``) is given."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(18)
    styles = document.styles
    styles["Normal"].font.name = "Liberation Sans"
    styles["Normal"].font.size = Pt(10)
    _cover(document, context)
    document.add_section(WD_SECTION.NEW_PAGE)
    chapters = _chapters(context)
    document.add_heading(_("Contents"), level=1)
    for number, (title, _build) in enumerate(chapters, start=1):
        document.add_paragraph(f"{number}. {title}")
    for number, (title, build) in enumerate(chapters, start=1):
        document.add_page_break()
        document.add_heading(f"{number}. {title}", level=1)
        build(document, context)
    for title, build in _closing(context):
        document.add_page_break()
        document.add_heading(title, level=1)
        build(document, context)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _cover(document, context: dict) -> None:
    texts, report, figures = context["texts"], context["report"], context["figures"]
    logos = [uri for uri in (context["logo"], context["donor_logo"]) if uri]
    if logos:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for uri in logos:
            paragraph.add_run().add_picture(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])), height=Mm(22))
            paragraph.add_run("    ")
    kicker = document.add_paragraph(_("Steering committee report").upper())
    kicker.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(texts.name, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    period = document.add_paragraph(
        _("Work done from %(start)s to %(end)s")
        % {"start": long_date(figures.start), "end": long_date(figures.end)}
    )
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.committee_date:
        committee = document.add_paragraph(
            _("Committee of %(date)s") % {"date": long_date(report.committee_date)}
        )
        committee.alignment = WD_ALIGN_PARAGRAPH.CENTER
    facts = [
        (_("Donor"), texts.donor),
        (_("Implementing partners"), texts.partners),
        (_("Programme start"), long_date(context["programme"].start_date)),
        (_("Prepared on"), long_date(context["generated_at"])),
    ]
    for label, value in facts:
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}\n").bold = True
            paragraph.add_run(value)
    if texts.visibility:
        document.add_paragraph(texts.visibility).runs[0].font.size = Pt(8.5)


Builder = Callable[[object, dict], None]


def _chapters(context: dict) -> list[tuple[str, Builder]]:
    chapters: list[tuple[str, Builder]] = []
    if context["narrative"]:
        chapters.append((_("Narrative"), _narrative))
    chapters += [
        (_("Summary"), _summary),
        (_("Activities"), _activities),
        (_("Experts"), _experts),
        (_("People trained or made aware"), _people),
    ]
    chapters.append((_("Results"), _results))
    chapters.append(
        (
            _("The programme ahead, until %(until)s") % {"until": long_date(context["figures"].ahead_until)},
            _ahead,
        )
    )
    return chapters


def _closing(context: dict) -> list[tuple[str, Builder]]:
    return [
        (_("How the figures are counted"), _method),
        (_("Annex: activities done in the period"), _annex),
        (_("Sign-off"), _signoff),
    ]


def _table(document, rows: Sequence[Sequence[str]], header: Sequence[str] | None = None) -> None:
    columns = len(header or rows[0]) if (header or rows) else 1
    table = document.add_table(rows=0, cols=columns)
    table.style = "Light Grid Accent 1"
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)


def _counts(document, rows, empty: bool = True) -> None:
    if rows:
        _table(document, [(label, n(count)) for label, count in rows])
    elif empty:
        document.add_paragraph(_("None in this period."))


def _narrative(document, context: dict) -> None:
    for title, text in context["narrative"]:
        document.add_heading(title, level=2)
        for paragraph in text.split("\n\n"):
            document.add_paragraph(paragraph.strip())


def _summary(document, context: dict) -> None:
    figures = context["figures"]
    document.add_paragraph(context["headline"])
    rows = [(label, n(count)) for label, count in context["done_by_kind"]]
    rows += [
        (_("Activities done"), n(figures.activities_done)),
        (_("Days delivered"), n(figures.days_delivered)),
        (
            _("Experts mobilised (international / %(national)s)")
            % {"national": context["national_experts_plural"]},
            f"{n(figures.experts)} ({n(figures.experts_international)} / {n(figures.experts_national)})",
        ),
        (_("Officials trained or made aware (distinct people)"), n(figures.people)),
        (_("of whom trained / made aware"), f"{n(figures.people_trained)} / {n(figures.people_made_aware)}"),
        (_("Participations (a person counts in each activity attended)"), n(figures.participations)),
        (_("People in anonymous headcounts (may include people counted above)"), n(figures.headcount)),
    ]
    _table(document, rows)


def _activities(document, context: dict) -> None:
    header = [
        _("Year"),
        _("Training"),
        _("Tutoring"),
        _("Study trips"),
        _("Workshops"),
        _("Total"),
        _("Participations"),
        _("People reached that year"),
    ]
    rows = [
        (
            str(y.year),
            y.training,
            y.tutoring,
            y.study_trip,
            y.workshop,
            n(y.activities),
            n(y.participations),
            n(y.people),
        )
        for y in context["figures"].years
    ]
    _table(document, rows, header)
    document.add_heading(_("Tutoring actions, by beneficiary unit"), level=2)
    _counts(document, context["tutoring_units"])
    document.add_heading(_("Study trips, by destination"), level=2)
    _counts(document, context["study_trips"])


def _experts(document, context: dict) -> None:
    document.add_heading(_("Experts mobilised, by institution"), level=2)
    _counts(document, context["experts_by_institution"])
    document.add_heading(_("Experts, by nationality"), level=2)
    _counts(document, context["experts_by_nationality"])


def _people(document, context: dict) -> None:
    document.add_heading(_("People trained or made aware, by service"), level=2)
    _counts(document, context["people_by_service"])
    document.add_heading(_("By sex"), level=2)
    _counts(document, context["people_by_sex"])
    document.add_heading(_("By region"), level=2)
    _counts(document, context["people_by_region"])
    document.add_heading(_("Anonymous headcounts, by service"), level=2)
    _counts(document, context["headcount_by_service"])


def _ahead(document, context: dict) -> None:
    rows = [
        (
            f"{date_format(item['activity'].start_date, 'SHORT_DATE_FORMAT')} – "
            f"{date_format(item['activity'].end_date, 'SHORT_DATE_FORMAT')}",
            item["kind"],
            item["activity"].title,
            item["activity"].city,
        )
        for item in context["ahead"]
    ]
    if rows:
        _table(document, rows, [_("Dates"), _("Kind"), _("Activity"), _("Place")])
    else:
        document.add_paragraph(_("None in this period."))


def _method(document, context: dict) -> None:
    for rule in (
        _(
            "Only activities marked done count; an activity falls in the period by its end date. Planned "
            "activities form the programme ahead; cancelled ones count nowhere."
        ),
        _(
            "A person trained or made aware several times counts once; a person both trained and made aware "
            "counts as trained. Only participations marked as attended count."
        ),
        _("An expert mobilised in several activities counts once."),
        _("Anonymous headcounts are reported beside the named people and never added to them."),
    ):
        document.add_paragraph(rule, style="List Bullet")


def _annex(document, context: dict) -> None:
    for activity in context["annex"]:
        dates = (
            f"{date_format(activity.start_date, 'SHORT_DATE_FORMAT')} – "
            f"{date_format(activity.end_date, 'SHORT_DATE_FORMAT')}"
        )
        place = f" · {activity.place}" if activity.place else ""
        document.add_paragraph(f"{dates}  {activity.get_kind_display()} · {activity.title}{place}")


def _signoff(document, context: dict) -> None:
    signoff = context["signoff"]
    approved = signoff["approved_by"]
    if approved and signoff["approved_title"]:
        approved = f"{approved}, {signoff['approved_title']}"
    _table(
        document,
        [
            (_("Prepared by"), signoff["prepared_by"]),
            (_("Approved by"), approved),
            (_("Date"), long_date(signoff["date"])),
            (_("Signature"), "\n\n\n"),
        ],
    )
    if context["texts"].visibility:
        document.add_paragraph(context["texts"].visibility)


def _results(document, context: dict) -> None:
    """As the PDF's results section: the period beside since the start, people by service and sex,
    headcounts by sex and the indicators with their targets."""
    figures, since = context["figures"], context.get("since_figures")
    if since is not None:
        document.add_heading(_("This period and since the start"), level=2)
        rows = [
            (_("activities done"), n(figures.activities_done), n(since.activities_done)),
            (_("days delivered"), n(figures.days_delivered), n(since.days_delivered)),
            (_("experts mobilised"), n(figures.experts), n(since.experts)),
            (_("officials trained or made aware"), n(figures.people), n(since.people)),
            (_("participations"), n(figures.participations), n(since.participations)),
            (_("in anonymous headcounts"), n(figures.headcount), n(since.headcount)),
        ]
        _table(document, rows, header=("", _("This period"), _("Since the start")))
    document.add_heading(_("People, by service and sex"), level=2)
    people = [
        (service, n(women), n(men), n(total))
        for service, women, men, total in context["people_by_service_sex"]
    ]
    if people:
        _table(document, people, header=(_("Service"), _("Women"), _("Men"), _("Total")))
    else:
        document.add_paragraph(_("None in this period."))
    if figures.women_share is not None:
        document.add_paragraph(
            _("Women: %(share)s %% of the people reached") % {"share": figures.women_share}
        )
    document.add_heading(_("Anonymous headcounts, by sex"), level=2)
    _counts(document, context["headcount_by_sex"])
    if context.get("indicators"):
        document.add_heading(_("Indicators"), level=2)
        _table(
            document,
            [_indicator_row(p) for p in context["indicators"]],
            header=(
                _("Indicator"),
                _("Baseline"),
                _("Target"),
                _("This period"),
                _("Since the start"),
                _("Share of the target"),
                _("Women / men"),
            ),
        )


def _indicator_row(p) -> tuple[str, ...]:
    def value(number) -> str:
        return "—" if number is None else n(number.normalize() if hasattr(number, "normalize") else number)

    sexes = "—" if p.women is None else f"{value(p.women)} · {value(p.men)}"
    return (
        f"{p.code} {p.title}\n{p.rule}",
        value(p.baseline),
        value(p.compared_target),
        value(p.period),
        value(p.since_start),
        "—" if p.percent is None else f"{p.percent} %",
        sexes,
    )
