"""The committee report of the demo programme, read back with pdfplumber: every word on the page's
text area, no two words over each other, every chart adding up to its total, at scale 1 and 10."""

import io
import re

import pdfplumber
import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.models import Programme
from reports import presentation, services
from reports.figures import compute_figures
from reports.models import NARRATIVE_SECTIONS, CommitteeReport

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
# The page's margins (static/css/print/committee-report.css): body text stays inside them; the running
# title and the page numbers sit in the top and bottom margins, never beyond this band of them.
SIDE_MARGIN = 16 * MM
EDGE_BAND = 6 * MM
TOLERANCE = 0.5  # points: glyph boxes of neighbouring words may touch
NARRATIVE = (
    "Les services partenaires ont renforcé leur coopération opérationnelle au cours de la période, "
    "notamment aux frontières et dans les ports.\n\nUn_mot_très_long_sans_espace_qui_doit_revenir_à_la_ligne_"
    "plutôt_que_déborder_de_la_page_dans_la_marge_droite_du_document_imprimé."
)


def render(programme: Programme, user, language: str = "fr") -> tuple[bytes, object]:
    from core.pdf import html_to_pdf

    report = CommitteeReport.objects.create(
        programme=programme,
        period_start=programme.start_date,
        period_end=timezone.localdate(),
        committee_date=timezone.localdate(),
        language=language,
        requested_by=user,
        narrative={key: NARRATIVE for key, _title in NARRATIVE_SECTIONS},
    )
    from django.utils import translation

    with translation.override(language):
        figures = compute_figures(programme, report.period_start, report.period_end)
        html = services.render_committee_report_html(report=report, figures=figures)
        pdf, _pages = html_to_pdf(html, style="committee-report")
    return pdf, figures


def overlapping(chars) -> list[tuple[str, str]]:
    """Pairs of printed characters drawn over each other: their boxes share more than half of the
    smaller one (letters of one word only touch; a kerned pair such as "T," shares less). Words are not
    enough: text printed over other text is read back as one run-on word."""
    found = []
    ordered = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"])
    for index, char in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other["x0"] >= char["x1"]:
                break
            width = min(char["x1"], other["x1"]) - other["x0"]
            height = min(char["bottom"], other["bottom"]) - max(char["top"], other["top"])
            smaller = min(
                (char["x1"] - char["x0"]) * (char["bottom"] - char["top"]),
                (other["x1"] - other["x0"]) * (other["bottom"] - other["top"]),
            )
            if width > 0 and height > 0 and width * height > smaller / 2:
                found.append((context(chars, char), context(chars, other)))
    return found


def context(chars, char) -> str:
    """The line of text around a character, to say where an overlap is."""
    line = [c for c in chars if abs(c["top"] - char["top"]) < 1 and abs(c["x0"] - char["x0"]) < 60]
    return "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"]))


def outside(words, width: float, height: float) -> list[str]:
    return [
        w["text"]
        for w in words
        if w["x0"] < SIDE_MARGIN - TOLERANCE
        or w["x1"] > width - SIDE_MARGIN + TOLERANCE
        or w["top"] < EDGE_BAND
        or w["bottom"] > height - EDGE_BAND
    ]


@pytest.mark.parametrize(("scale", "language"), [(1, "fr"), (10, "fr"), (1, "en")])
def test_the_demo_report_fits_its_pages_and_its_charts_add_up(scale, language, no_role_user):
    call_command("seed_demo", "--no-accounts", "--scale", str(scale), stdout=io.StringIO())
    programme = Programme.objects.get()
    pdf, figures = render(programme, no_role_user, language)
    problems = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) >= 8
        for number, page in enumerate(document.pages, start=1):
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            assert words or number == 1, f"page {number} is empty"
            problems += [f"page {number}: {a!r} over {b!r}" for a, b in overlapping(page.chars)]
            problems += [
                f"page {number}: {w!r} off the text area" for w in outside(words, page.width, page.height)
            ]
    assert not problems, "\n".join(problems[:20])
    charts = presentation.charts(figures)
    assert chart_total(charts.people_by_region) == figures.people
    assert chart_total(charts.people_by_service) == figures.people
    assert chart_total(charts.experts_by_institution) == figures.experts


def chart_total(svg: str) -> int:
    """The sum of a bar chart's values, read from its drawing (the numbers printed beside the bars)."""
    values = re.findall(r"<rect [^>]*/><text [^>]*>([^<]+)</text>", svg)
    assert values, "no bar in the chart"
    return sum(int(re.sub(r"\D", "", value)) for value in values)
