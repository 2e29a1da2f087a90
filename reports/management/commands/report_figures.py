import argparse
import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from courses.models import Programme
from reports import presentation
from reports.figures import compute_figures


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (expected YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Print the programme's figures for a period, as text or JSON (the same figures as the dashboard)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", type=iso_date, help="first day (default: programme start)"
        )
        parser.add_argument("--to", dest="end", type=iso_date, help="last day (default: today)")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--programme", type=int, help="programme id (required when there are several)")
        parser.add_argument("--language", default="en", help="language of the text output (default: en)")

    def handle(self, *args, start, end, format, programme, language, **options):
        programmes = Programme.objects.order_by("pk")
        if programme is None and len(programmes) > 1:
            listed = ", ".join(f"{p.pk} ({p})" for p in programmes)
            raise CommandError(f"Several programmes are recorded: say which with --programme ({listed}).")
        chosen = programmes.filter(pk=programme).first() if programme else programmes.first()
        if chosen is None:
            raise CommandError("No such programme." if programme else "No programme is recorded yet.")
        try:
            figures = compute_figures(chosen, start, end)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if format == "json":
            self.stdout.write(json.dumps(figures.to_dict(), ensure_ascii=False, indent=2))
            return
        with translation.override(language):
            context = presentation.context(figures)
            self.stdout.write(context["headline"])
            self.stdout.write("")
            rows = [
                ("activities done", figures.activities_done),
                *((f"  {label}", count) for label, count in context["done_by_kind"]),
                ("days delivered", figures.days_delivered),
                ("hours delivered", figures.hours_delivered),
                ("experts mobilised", figures.experts),
                ("  international", figures.experts_international),
                ("  National", figures.experts_national),
                ("people trained or made aware", figures.people),
                ("  trained", figures.people_trained),
                ("  made aware", figures.people_made_aware),
                *((f"  {label}", count) for label, count in context["people_by_service"]),
                ("participations", figures.participations),
                ("anonymous headcounts (beside, not added)", figures.headcount),
                (f"planned until {figures.ahead_until}", figures.ahead_total),
            ]
            width = max(len(label) for label, _ in rows)
            for label, value in rows:
                self.stdout.write(f"{label:<{width}}  {presentation.n(value):>8}")
