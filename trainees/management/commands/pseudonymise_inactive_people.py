from django.conf import settings
from django.core.management.base import BaseCommand

from trainees.privacy import people_past_retention, pseudonymise_inactive


class Command(BaseCommand):
    help = (
        "Erase the identity (pseudonymise) of people with no participation for PERSONAL_DATA_RETENTION_YEARS "
        "years; every figure stays the same. Celery beat runs it every night."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only say how many people it would erase")

    def handle(self, *args, dry_run, **options):
        years = settings.PERSONAL_DATA_RETENTION_YEARS
        if years <= 0:
            self.stdout.write("PERSONAL_DATA_RETENTION_YEARS is 0: no retention limit, nobody is erased.")
            return
        if dry_run:
            count = people_past_retention().count()
            self.stdout.write(
                f"{count} people have taken part in nothing for {years} years (nothing changed)."
            )
            return
        count = pseudonymise_inactive()
        self.stdout.write(f"Identity erased for {count} people with no participation for {years} years.")
