"""The project's benchmark: figures, pages, committee report, import, export and throughput, at several scales.

Each timing is the median (and p95 where it matters) of several runs after a warm-up, beside the
floor it cannot beat: hand-written SQL of every figure and indicator (benchmarks/floor.py), WeasyPrint
alone on the same HTML for the report, a trivial view of the same stack for the throughput. Run by ``manage.py bench``
(``make bench``) on PostgreSQL; timings never go into the tests.
"""

import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import celery
import django
import weasyprint
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, sync_roles
from accounts.services import api_token_create
from core.pdf import html_to_pdf
from courses.models import Activity, Programme, Theme
from courses.team import membership_set
from demo.builder import PROGRAMME_NAME
from demo.reset import demo_reset
from reports import services
from reports.figures import cached_figures, compute_figures, compute_figures_and_indicators
from reports.models import CommitteeReport
from reports.word import committee_report_docx
from results.compute import compute_indicators
from trainees import import_services as trainee_services
from trainees.models import Trainee

from .floor import floor, summary_of_figures, summary_of_floor

ROOT = Path(settings.BASE_DIR)

# One statement for the headline figures alone (activities by kind, distinct experts, distinct people):
# a reference for the figures' own time, not a floor (it leaves out every breakdown).
HEADLINE_SQL = """
WITH done AS (
    SELECT id, kind FROM courses_activity
    WHERE programme_id = %(programme)s AND status = 'done' AND end_date BETWEEN %(start)s AND %(end)s
)
SELECT
    (SELECT count(*) FILTER (WHERE kind = 'training') FROM done),
    (SELECT count(*) FILTER (WHERE kind = 'tutoring') FROM done),
    (SELECT count(*) FILTER (WHERE kind = 'study_trip') FROM done),
    (SELECT count(*) FILTER (WHERE kind = 'workshop') FROM done),
    (SELECT count(DISTINCT expert_id) FROM courses_expertassignment WHERE activity_id IN (SELECT id FROM done)),
    (SELECT count(DISTINCT trainee_id) FROM trainees_participation
        WHERE attended AND activity_id IN (SELECT id FROM done)),
    (SELECT count(DISTINCT trainee_id) FROM trainees_participation
        WHERE attended AND outcome = 'trained' AND activity_id IN (SELECT id FROM done))
"""


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(function: Callable, runs: int, warmup: int = 2) -> list[float]:
    """Wall-clock seconds of ``runs`` calls, after ``warmup`` calls that are not counted."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


class Bench:
    def __init__(
        self,
        *,
        runs: int = 15,
        page_runs: int = 30,
        load_seconds: int = 20,
        load_clients: int = 20,
        out=sys.stdout,
    ):
        self.runs, self.page_runs = runs, page_runs
        self.load_seconds, self.load_clients = load_seconds, load_clients
        self.out = out

    def say(self, message: str) -> None:
        self.out.write(message + "\n")
        self.out.flush()

    # --- set-up ---------------------------------------------------------------------------

    def seed(self, scale: int) -> float:
        """Seconds seed_demo takes on an empty programme (removing the previous scale is not counted)."""
        demo_reset()
        started = time.perf_counter()
        call_command("seed_demo", "--scale", str(scale), "--no-accounts", stdout=io.StringIO())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE") if connection.vendor == "postgresql" else None
        return time.perf_counter() - started

    def users(self) -> dict[str, User]:
        """An official and a coordinator of the demo programme (their memberships go with each reset)."""
        sync_roles()
        users = {}
        for role in (Role.OFFICIAL, Role.COORDINATOR):
            user, _created = User.objects.get_or_create(username=f"bench-{role}")
            membership_set(user=user, programme=programme(), role=role, by=None)
            users[role] = user
        return users

    def client_for(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def api_client_for(self, user: User) -> Client:
        """A client carrying a personal API token of ``user``, as a results platform would."""
        _token, text = api_token_create(user=user, name="benchmark", days=30)
        return Client(headers={"authorization": f"Bearer {text}"})

    # --- measurements ---------------------------------------------------------------------

    def figures(self, programme: Programme) -> dict:
        start, end = programme.start_date, timezone.localdate()
        with CaptureQueriesContext(connection) as queries:
            result = compute_figures(programme, start, end)
        query_count = len(queries.captured_queries)  # now: later queries rewrite the log
        samples = timed(lambda: compute_figures(programme, start, end), self.runs)
        params = {"programme": programme.pk, "start": start, "end": end}

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(HEADLINE_SQL, params)
                return cursor.fetchone()

        row = floor()
        assert row == (
            result.done("training"),
            result.done("tutoring"),
            result.done("study_trip"),
            result.done("workshop"),
            result.experts,
            result.people,
            result.people_trained,
        ), "the hand-written SQL and the figures disagree"
        floor_samples = timed(floor, self.runs)
        cached_figures(programme, start, end)
        cached_samples = timed(lambda: cached_figures(programme, start, end), self.runs)
        full = self.figures_and_indicators(programme, result.ahead_until)
        return {
            **full,
            "cached_median_ms": ms(median(cached_samples)),
            "queries": query_count,
            "median_ms": ms(median(samples)),
            "sql_floor_median_ms": ms(median(floor_samples)),
            "ratio": round(median(samples) / median(floor_samples), 2),
            "people": result.people,
            "activities_done": result.activities_done,
        }

    def figures_and_indicators(self, programme: Programme, ahead_until) -> dict:
        """Every figure and every indicator, as the dashboard and the report compute them (no cache),
        beside the hand-written SQL of every breakdown (benchmarks/floor.py), checked to agree."""
        start, end = programme.start_date, timezone.localdate()

        def both():
            return compute_figures_and_indicators(programme, start, end)

        with CaptureQueriesContext(connection) as queries:
            figures, indicators = both()
        query_count = len(queries.captured_queries)
        params = {
            "programme": programme.pk,
            "start": start,
            "end": end,
            "programme_start": programme.start_date,
            "until": ahead_until,
            "theme": Theme.objects.get(name="Fraude documentaire").pk,
        }
        assert summary_of_floor(floor(params)) == summary_of_figures(figures, indicators), (
            "the hand-written SQL and the figures or indicators disagree"
        )
        samples = timed(both, self.runs)
        indicator_samples = timed(lambda: compute_indicators(programme, start, end), self.runs)
        floor_samples = timed(lambda: floor(params), self.runs)
        return {
            "all_queries": query_count,
            "all_median_ms": ms(median(samples)),
            "indicators_median_ms": ms(median(indicator_samples)),
            "all_floor_median_ms": ms(median(floor_samples)),
            "all_ratio": round(median(samples) / median(floor_samples), 2),
        }

    def page(self, client: Client, url: str) -> dict:
        reset_queries()  # a request clears the query log; start from an empty one
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries.captured_queries)  # now: the next requests clear the log
        assert response.status_code == 200, (url, response.status_code)
        samples = timed(lambda: client.get(url), self.page_runs, warmup=3)
        return {
            "url": url,
            "queries": query_count,
            "median_ms": ms(median(samples)),
            "p95_ms": ms(p95(samples)),
        }

    def report(self, programme: Programme, user: User, worker) -> dict:
        """Request to finished PDF through the real worker, then the split measured in-process."""
        start, end = programme.start_date, timezone.localdate()
        samples = []
        report = None
        for _ in range(3):
            requested = time.perf_counter()
            report = services.committee_report_request(
                programme=programme, start=start, end=end, language="fr", by=user, request_token=uuid.uuid4()
            )
            while True:
                report.refresh_from_db()
                if report.is_finished:
                    break
                time.sleep(0.02)
            assert report.status == CommitteeReport.Status.DONE, report.error
            samples.append(time.perf_counter() - requested)
        figure_samples = timed(lambda: compute_figures(programme, start, end), 5, warmup=1)
        figures = compute_figures(programme, start, end)
        html_samples = timed(
            lambda: services.render_committee_report_html(report=report, figures=figures), 5, 1
        )
        html = services.render_committee_report_html(report=report, figures=figures)
        pdf_samples = timed(lambda: html_to_pdf(html, style="committee-report"), 5, warmup=1)
        context = services.committee_report_context(report=report, figures=figures)
        docx_samples = timed(lambda: committee_report_docx(context), 5, warmup=1)
        total = median(samples)
        return {
            "request_to_pdf_median_ms": ms(total),
            "docx_ms": ms(median(docx_samples)),
            "figures_ms": ms(median(figure_samples)),
            "html_ms": ms(median(html_samples)),
            "weasyprint_ms": ms(median(pdf_samples)),
            "weasyprint_floor_ratio": round(total / median(pdf_samples), 2),
            "pages": report.pages,
            "size_kb": round(report.size / 1024, 1),
            "worker_peak_rss_mb": worker.peak_rss_mb(),
        }

    def import_list(self, activity: Activity, user: User) -> dict:
        """A 5,000-row .xlsx: preview, then commit (new people each run, on a fresh activity)."""
        preview_samples, commit_samples = [], []
        for run in range(3):
            data = participant_workbook(5000, prefix=f"B{uuid.uuid4().hex[:6]}{run}")
            target = Activity.objects.create(
                programme=activity.programme,
                kind=activity.kind,
                status=Activity.Status.PLANNED,
                title=f"Bench import {run}",
                start_date=activity.start_date,
                end_date=activity.end_date,
                duration_days=activity.duration_days,
            )
            started = time.perf_counter()
            imported = trainee_services.participant_import_preview(
                activity=target, data=data, filename="bench.xlsx", by=user
            )
            preview_samples.append(time.perf_counter() - started)
            started = time.perf_counter()
            result = trainee_services.participant_import_commit(
                participant_import=imported, choices={}, by=user
            )
            commit_samples.append(time.perf_counter() - started)
            assert result.added == 5000, result
            _remove_import(target)
        return {
            "rows": 5000,
            "preview_median_ms": ms(median(preview_samples)),
            "commit_median_ms": ms(median(commit_samples)),
        }

    def export(self, client: Client, query: dict, fmt: str) -> dict:
        url = reverse("trainees:participants-export", args=[fmt])

        def run():
            response = client.get(url, query)
            size = 0
            for chunk in response.streaming_content:
                size += len(chunk)
            return size

        run()
        samples, size = [], 0
        for _ in range(3):
            started = time.perf_counter()
            size = run()
            samples.append(time.perf_counter() - started)
        tracemalloc.start()  # a separate run: tracing allocations slows Python several times
        run()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {
            "median_ms": ms(median(samples)),
            "size_mb": round(size / 2**20, 2),
            "python_peak_mb": round(peak / 2**20, 1),
        }

    def throughput(self, official: User) -> dict:
        if not shutil.which("wrk"):  # skipped, as `make bench` says: the table shows dashes
            return {"error": "wrk is not installed (apt-get install wrk)"}
        with gunicorn() as base_url:
            session = SessionStore()
            session["_auth_user_id"] = str(official.pk)
            session["_auth_user_backend"] = "courses.access.PasswordBackend"
            session["_auth_user_hash"] = official.get_session_auth_hash()
            session.create()
            cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
            results = {}
            for name, path in (
                ("trivial", reverse("healthz")),
                # The smallest signed-in page: session, user, permissions and the layout, no content.
                ("layout", reverse("password_change_done")),
                ("dashboard", reverse("reports:dashboard")),
                ("activity_list", reverse("courses:activity-list") + "?status=done&per_page=50"),
            ):
                results[name] = wrk(base_url + path, cookie, self.load_clients, self.load_seconds)
            for name in ("layout", "dashboard", "activity_list"):
                for reference in ("trivial", "layout"):
                    results[name][f"vs_{reference}"] = round(
                        results[reference]["rps"] / max(results[name]["rps"], 0.01), 2
                    )
            return results


# --- helpers: workbook, gunicorn, wrk, worker -----------------------------------------------


def _remove_import(target: Activity) -> None:
    """The benchmark's own import goes once measured: its activity, participations and the people it
    added (none of them the demo's), so that the next ``make bench`` finds only the demo's rows."""
    added = list(Trainee.objects.filter(participations__activity=target).values_list("pk", flat=True))
    target.delete()  # its participations and its import go with it
    Trainee.objects.filter(pk__in=added, participations__isnull=True).delete()


def participant_workbook(rows: int, prefix: str) -> bytes:
    """A list as Excel writes it (shared strings), made with XlsxWriter."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(
        0, 0, ["Nom", "Prénom", "Sexe", "Service", "Grade", "Unité", "Région", "Matricule", "Résultat"]
    )
    for n in range(rows):
        sheet.write_row(
            n + 1,
            0,
            [
                f"Nom{n}",
                f"Prénom{n}",
                "F" if n % 4 == 0 else "M",
                "Police",
                "Brigadier",
                "DNLT",
                "Dakar",
                f"{prefix}{n:05d}",
                "formé",
            ],
        )
    workbook.close()
    return buffer.getvalue()


def production_env(**extra) -> dict:
    return {**os.environ, "DEBUG": "0", "HTTPS": "0", "STATIC_MANIFEST": "1", "LOG_LEVEL": "WARNING", **extra}


@contextmanager
def gunicorn():
    """gunicorn with the production settings (collected, hashed static files) on a free local port."""
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = production_env(STATIC_ROOT=static_root, ALLOWED_HOSTS="127.0.0.1,localhost")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    port = 8765
    workers = str(2 * (os.cpu_count() or 1) + 1)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "poc_training.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            workers,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                import urllib.request

                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(static_root, ignore_errors=True)


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %f %f %f\\n", summary.requests, summary.duration, summary.errors.status
    + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk(url: str, cookie: str, clients: int, seconds: int) -> dict:
    if not shutil.which("wrk"):
        return {"error": "wrk is not installed (apt-get install wrk)"}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    output = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(clients),
            "-d",
            f"{seconds}s",
            "-H",
            f"Cookie: {cookie}",
            "-s",
            script.name,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    match = re.search(r"BENCH (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+)", output)
    requests, duration_us, errors, p50, p95_, p99 = match.groups()
    return {
        "rps": round(int(requests) / (int(duration_us) / 1e6), 1),
        "p50_ms": round(float(p50) / 1000, 1),
        "p95_ms": round(float(p95_) / 1000, 1),
        "p99_ms": round(float(p99) / 1000, 1),
        "errors": int(errors),
    }


class Worker:
    """A real Celery worker process on Redis, reading the bench database."""

    def __init__(self):
        self.process = None

    def __enter__(self):
        import psutil

        env = production_env(STATIC_MANIFEST="0", CELERY_TASK_ALWAYS_EAGER="0", CONN_MAX_AGE="0")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "poc_training",
                "worker",
                "--loglevel=WARNING",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                f"--hostname=bench-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=ROOT,
            env=env,
        )
        self.psutil = psutil
        from poc_training.celery import app

        app.conf.task_always_eager = False
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("the Celery worker did not start")
        return self

    def peak_rss_mb(self) -> float:
        """The highest resident memory any of the worker's processes reached (VmHWM)."""
        parent = self.psutil.Process(self.process.pid)
        peaks = []
        for process in [parent, *parent.children(recursive=True)]:
            status = Path(f"/proc/{process.pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
        return round(max(peaks), 1)

    def __exit__(self, *exc):
        from poc_training.celery import app

        app.conf.task_always_eager = True
        self.process.terminate()
        self.process.wait(timeout=30)


def environment() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version") if connection.vendor == "postgresql" else None
        database = cursor.fetchone()[0] if connection.vendor == "postgresql" else connection.vendor
    return {
        "date": timezone.now().isoformat(timespec="seconds"),
        "cpu_cores": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": database,
        "celery": celery.__version__,
        "weasyprint": weasyprint.__version__,
    }


def busiest_activity(programme: Programme, size: int = 40) -> Activity:
    """A done activity with about ``size`` participants, for the detail page."""
    candidates = (
        Activity.objects.filter(programme=programme, status=Activity.Status.DONE)
        .annotate(n=Count("participations"))
        .filter(n__gte=size - 5)
        .order_by("n", "pk")
    )
    return candidates.first() or Activity.objects.filter(programme=programme).first()


def export_window(programme: Programme, rows: int = 50_000) -> tuple[dict, int]:
    """A period of done activities (by end date) holding about ``rows`` participations, else all of them."""
    ends = list(
        Activity.objects.filter(programme=programme, status=Activity.Status.DONE)
        .annotate(n=Count("participations"))
        .order_by("end_date")
        .values_list("end_date", "n")
    )
    total = 0
    for end_date, n in ends:
        total += n
        if total >= rows:
            return {"status": "done", "ending_to": end_date.isoformat()}, total
    return {"status": "done"}, total


def save(results: dict, path: Path) -> None:
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))


def programme() -> Programme:
    return Programme.objects.get(name=PROGRAMME_NAME)


def table(results: dict) -> str:
    """The results as one table: a column per scale, with the target beside."""
    env = results["environment"]
    scales = list(results["scales"])

    def get(scale, *keys):
        value = results["scales"][scale]
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value

    def cell(*keys, fmt="{}", pair=None):
        cells = []
        for scale in scales:
            value = get(scale, *keys)
            if value is None:
                cells.append("—")
            elif pair:
                other = get(scale, *pair)
                cells.append(f"{fmt.format(value)} / {fmt.format(other)}")
            else:
                cells.append(fmt.format(value))
        return cells

    rows = [
        ("seed_demo (s)", cell("seed_s"), ""),
        ("figures: SQL queries", cell("figures", "queries"), "≤ 12"),
        ("figures: median (ms)", cell("figures", "median_ms"), ""),
        ("  headline counts alone in one SQL statement (ms)", cell("figures", "sql_floor_median_ms"), ""),
        ("  ratio to the headline (not the same work)", cell("figures", "ratio"), ""),
        ("figures from the cache: median (ms)", cell("figures", "cached_median_ms"), ""),
        ("figures + indicators, no cache: SQL queries", cell("figures", "all_queries"), "constant"),
        ("  median (ms)", cell("figures", "all_median_ms"), "< 300 at 100"),
        ("  of which indicators (ms)", cell("figures", "indicators_median_ms"), ""),
        ("  hand-written SQL of every breakdown (ms)", cell("figures", "all_floor_median_ms"), ""),
        ("  ratio to that floor", cell("figures", "all_ratio"), "≤ 1.5 at 100"),
        (
            "dashboard: median / p95 (ms)",
            cell("dashboard", "median_ms", pair=("dashboard", "p95_ms")),
            "< 150 at 100",
        ),
        ("  queries", cell("dashboard", "queries"), ""),
        (
            "activity list, 50 rows: median / p95 (ms)",
            cell("activity_list", "median_ms", pair=("activity_list", "p95_ms")),
            "< 100 at 100",
        ),
        ("  queries", cell("activity_list", "queries"), "constant"),
        (
            "API figures: median / p95 (ms)",
            cell("api_figures", "median_ms", pair=("api_figures", "p95_ms")),
            "< 150 at 100",
        ),
        ("  queries", cell("api_figures", "queries"), ""),
        (
            "API activity list, 50 rows: median / p95 (ms)",
            cell("api_activity_list", "median_ms", pair=("api_activity_list", "p95_ms")),
            "< 100 at 100",
        ),
        ("  queries", cell("api_activity_list", "queries"), "constant"),
        (
            "activity detail: median / p95 (ms)",
            cell("activity_detail", "median_ms", pair=("activity_detail", "p95_ms")),
            "< 100 at 100",
        ),
        (
            "  queries, participants",
            cell("activity_detail", "queries", pair=("activity_detail", "participants")),
            "constant",
        ),
        (
            "committee report: request → PDF (ms)",
            cell("report", "request_to_pdf_median_ms"),
            "< 2000 at 1, < 6000 at 10",
        ),
        (
            "  figures / HTML / WeasyPrint (ms)",
            [
                "—"
                if get(s, "report") is None
                else " / ".join(
                    str(get(s, "report", key)) for key in ("figures_ms", "html_ms", "weasyprint_ms")
                )
                for s in scales
            ],
            "",
        ),
        ("  Word copy, in the same run (ms)", cell("report", "docx_ms"), ""),
        ("  ratio to WeasyPrint alone", cell("report", "weasyprint_floor_ratio"), "≤ 1.3"),
        ("  pages / size (KB)", cell("report", "pages", pair=("report", "size_kb")), ""),
        ("  worker peak memory (MB)", cell("report", "worker_peak_rss_mb"), "< 400 at 10"),
        (
            "import 5,000 rows: preview / commit (ms)",
            cell("import", "preview_median_ms", pair=("import", "commit_median_ms")),
            "",
        ),
        ("export: participation rows", cell("export", "rows"), "50,000"),
        ("  CSV / xlsx (ms)", cell("export", "csv", "median_ms", pair=("export", "xlsx", "median_ms")), ""),
        (
            "  Python peak memory CSV / xlsx (MB)",
            cell("export", "csv", "python_peak_mb", pair=("export", "xlsx", "python_peak_mb")),
            "",
        ),
        ("throughput: trivial view (req/s)", cell("throughput", "trivial", "rps"), ""),
        (
            "  signed-in layout only (req/s), p95 (ms)",
            cell("throughput", "layout", "rps", pair=("throughput", "layout", "p95_ms")),
            "",
        ),
        ("  layout: trivial / layout", cell("throughput", "layout", "vs_trivial"), ""),
        (
            "  dashboard (req/s), p95 (ms)",
            cell("throughput", "dashboard", "rps", pair=("throughput", "dashboard", "p95_ms")),
            "",
        ),
        ("  dashboard: trivial / dashboard", cell("throughput", "dashboard", "vs_trivial"), "≤ 3"),
        ("  dashboard: layout / dashboard", cell("throughput", "dashboard", "vs_layout"), ""),
        (
            "  activity list (req/s), p95 (ms)",
            cell("throughput", "activity_list", "rps", pair=("throughput", "activity_list", "p95_ms")),
            "",
        ),
        ("  activity list: trivial / list", cell("throughput", "activity_list", "vs_trivial"), "≤ 3"),
        ("  activity list: layout / list", cell("throughput", "activity_list", "vs_layout"), ""),
    ]
    width = max(len(label) for label, _cells, _target in rows)
    column = max(14, *(len(c) for _label, cells, _t in rows for c in cells))
    lines = [
        f"poc_training benchmark — {env['date']} — {env['cpu_cores']} cores ({env['machine']}), Python "
        f"{env['python']}, Django {env['django']}, PostgreSQL {env['postgresql']}, Celery {env['celery']}, "
        f"WeasyPrint {env['weasyprint']}",
        "",
        f"{'':<{width}}  " + "  ".join(f"{'scale ' + s:>{column}}" for s in scales) + "  target",
    ]
    for label, cells, target in rows:
        lines.append(f"{label:<{width}}  " + "  ".join(f"{c:>{column}}" for c in cells) + f"  {target}")
    return "\n".join(lines) + "\n"
