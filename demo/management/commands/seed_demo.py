import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from courses.models import Programme
from demo.accounts import demo_accounts_create
from demo.builder import PROGRAMME_NAME, DemoBuilder
from demo.guard import add_keep_other_records_argument, refuse_reset_among_other_records
from demo.reset import Census, census, demo_reset


class Command(BaseCommand):
    help = (
        "Load the POC Senegal demo programme (47 training actions, 14 tutoring actions, 5 study trips, "
        "6 workshops, 87 experts, 1,227 officials at scale 1) and one account per role."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="multiply activities, experts and people by N"
        )
        parser.add_argument("--seed", type=int, default=2020, help="random seed (same seed, same data)")
        parser.add_argument(
            "--reset", action="store_true", help="remove the demo's own rows first (never other records)"
        )
        add_keep_other_records_argument(parser)
        parser.add_argument("--no-accounts", action="store_true", help="load the data only, no demo accounts")
        parser.add_argument(
            "--allow-production", action="store_true", help="create demo accounts even when DEBUG is off"
        )

    def handle(self, *args, scale, seed, reset, keep_other_records, no_accounts, allow_production, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if not no_accounts and not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: refusing to create demo accounts with known passwords. Pass --no-accounts to "
                "load the data only, or --allow-production if you really mean it."
            )
        before = census()
        if reset:
            refuse_reset_among_other_records(before, keep_other_records)
            if demo_reset().has_demo:
                self.stdout.write(f"Removed the previous demo: {Census.describe(before.demo)}.")
        elif before.has_demo:
            raise CommandError(
                "The demo programme is already loaded; nothing was changed. Run with --reset to replace it."
            )
        if Programme.objects.filter(name=PROGRAMME_NAME).exists():
            raise CommandError(
                f"A programme named “{PROGRAMME_NAME}” exists and is not the demo's: nothing was changed."
            )
        started = time.monotonic()
        summary = DemoBuilder(scale=scale, seed=seed, today=timezone.localdate()).build()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Demo programme at scale {scale} (seed {seed}): {sum(summary.activities.values())} activities, "
            f"{summary.experts} experts, {summary.trainees} trainees, "
            f"{summary.participations} participations, {summary.headcounts} headcounts, "
            f"{summary.indicators} indicators, in {elapsed:.1f} s."
        )
        if not no_accounts:
            created = demo_accounts_create()
            if created:
                self.stdout.write("Demo accounts (shown once; role, username, password):")
                for role, username, password in created:
                    self.stdout.write(f"  {role:<12} {username:<12} {password}")
