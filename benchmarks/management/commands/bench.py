from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from benchmarks import measures as bench
from demo.guard import add_keep_other_records_argument, refuse_reset_among_other_records
from demo.reset import census


def scales(value: str) -> list[int]:
    return [int(part) for part in value.split(",") if part.strip()]


class Command(BaseCommand):
    help = "Measure figures, pages, committee report, import, export and throughput at several demo scales."

    def add_arguments(self, parser):
        parser.add_argument("--scales", type=scales, default=[1, 10, 100], help="e.g. 1,10,100 (default)")
        parser.add_argument(
            "--report-scales",
            type=scales,
            default=[1, 10],
            help="scales at which the committee report is measured (default 1,10)",
        )
        parser.add_argument("--runs", type=int, default=15, help="runs per function timing (default 15)")
        parser.add_argument("--page-runs", type=int, default=30, help="requests per page timing (default 30)")
        parser.add_argument(
            "--load-seconds", type=int, default=20, help="seconds of load per URL (default 20)"
        )
        parser.add_argument(
            "--no-throughput", action="store_true", help="skip the gunicorn + wrk measurements"
        )
        parser.add_argument(
            "--figures-only", action="store_true", help="measure the figures and indicators only"
        )
        parser.add_argument(
            "--output", default="bench-results.json", help="JSON file (default bench-results.json)"
        )
        add_keep_other_records_argument(parser)

    def handle(
        self,
        *args,
        scales,
        report_scales,
        runs,
        page_runs,
        load_seconds,
        no_throughput,
        figures_only,
        output,
        keep_other_records,
        **options,
    ):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL (make bench does).")
        if settings.DEBUG:
            raise CommandError(
                "Run the benchmark with DEBUG=0: debug mode records every query and slows pages."
            )
        call_command("migrate", "--noinput", verbosity=0)
        # The benchmark replaces the demo at each scale: never next to real records unless told so.
        refuse_reset_among_other_records(census(), keep_other_records)
        runner = bench.Bench(runs=runs, page_runs=page_runs, load_seconds=load_seconds, out=self.stdout)
        results = {"environment": bench.environment(), "scales": {}}
        path = Path(settings.BASE_DIR) / output
        for scale in scales:
            runner.say(f"== scale {scale}: seeding the demo programme...")
            measured = {"seed_s": round(runner.seed(scale), 1)}
            users = runner.users()
            official, coordinator = users[Role.OFFICIAL], users[Role.COORDINATOR]
            programme = bench.programme()
            official_client, coordinator_client = runner.client_for(official), runner.client_for(coordinator)
            runner.say("   figures...")
            measured["figures"] = runner.figures(programme)
            if figures_only:
                results["scales"][str(scale)] = measured
                bench.save(results, path)
                continue
            runner.say("   pages...")
            measured["dashboard"] = runner.page(official_client, reverse("reports:dashboard"))
            measured["activity_list"] = runner.page(
                coordinator_client,
                reverse("courses:activity-list") + "?status=done&kind=training&per_page=50",
            )
            runner.say("   API...")
            api_client = runner.api_client_for(official)
            measured["api_figures"] = runner.page(
                api_client, reverse("api:programme-figures", args=[programme.pk])
            )
            measured["api_activity_list"] = runner.page(
                api_client, reverse("api:activity-list") + "?status=done&kind=training&page_size=50"
            )
            busiest = bench.busiest_activity(programme)
            measured["activity_detail"] = runner.page(coordinator_client, busiest.get_absolute_url())
            measured["activity_detail"]["participants"] = busiest.participations.count()
            if scale in report_scales:
                runner.say("   committee report through a real worker...")
                with bench.Worker() as worker:
                    measured["report"] = runner.report(programme, official, worker)
            runner.say("   export...")
            window, rows = bench.export_window(programme)
            measured["export"] = {
                "rows": rows,
                "csv": runner.export(coordinator_client, window, "csv"),
                "xlsx": runner.export(coordinator_client, window, "xlsx"),
            }
            if not no_throughput:
                runner.say(f"   throughput ({runner.load_clients} clients, {load_seconds} s per URL)...")
                measured["throughput"] = runner.throughput(official)
            runner.say("   import...")
            measured["import"] = runner.import_list(busiest, coordinator)
            results["scales"][str(scale)] = measured
            bench.save(results, path)
        self.stdout.write(bench.table(results))
        self.stdout.write(f"\nResults written to {path.name}")
