"""Attendance by session in Chromium, as a coordinator, on a desktop and on a 390 px phone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from courses import services as course_services
from reports.figures import compute_figures
from tests.factories import ParticipationFactory, ProgrammeFactory, TraineeFactory
from trainees.attendance_services import sessions_needed
from trainees.models import Certificate, Participation

pytestmark = pytest.mark.browser


def three_days_five_people(coordinator):
    programme = ProgrammeFactory()
    programme.attendance_threshold = 60  # 60 % of 3 sessions: 2 sessions complete a participation
    programme.save()
    start = timezone.localdate() - datetime.timedelta(days=9)
    activity = course_services.activity_create(
        by=coordinator,
        programme=programme,
        kind="training",
        status="planned",
        title="Formation : analyse du risque aux frontières",
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        city="Thiès",
        region="thies",
        duration_days=3,
    )
    names = ["Ba", "Diallo", "Faye", "Gueye", "Sarr"]
    for name in names:
        ParticipationFactory(activity=activity, trainee=TraineeFactory(last_name=name), attended=False)
    return activity


@pytest.mark.parametrize("width", [1280, 390])
def test_three_days_five_people_one_absent_one_day_unmarked_then_done(page, login, coordinator, width):
    page.set_viewport_size({"width": width, "height": 900})
    activity = three_days_five_people(coordinator)
    day1, day2, _day3 = activity.sessions.all()
    login(coordinator)
    page.goto(activity.get_absolute_url())

    page.get_by_role("link", name="Présences par séance").click()
    expect(page.locator("#attendance-grid tbody tr")).to_have_count(5)
    page.locator(f"a[href$='/sessions/{day1.pk}/attendance/']").click()
    page.get_by_role("button", name="Pointer présents tous ceux qui ne sont pas encore pointés").click()
    expect(page.locator(".alert-success")).to_contain_text("5 personnes pointées présentes")

    page.locator(f"a[href$='/sessions/{day2.pk}/attendance/']").first.click()  # the next day
    expect(page.locator("#session-title")).to_be_visible()
    page.get_by_role("button", name="Pointer présents tous ceux qui ne sont pas encore pointés").click()
    faye = page.get_by_role("radiogroup", name="Présence de FAYE")
    faye.get_by_text("Absent", exact=True).click()  # the label of a visually hidden radio
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.locator(".alert-success")).to_contain_text("1 modification")
    # Keyboard: the radio group moves with the arrow keys, like any radio group.
    ba = page.get_by_role("radiogroup", name="Présence de BA")
    ba.get_by_role("radio", name="Présent", exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect(ba.get_by_role("radio", name="En retard")).to_be_checked()
    page.reload()  # not saved: back to what is recorded
    expect(ba.get_by_role("radio", name="Présent", exact=True)).to_be_checked()

    page.goto(activity.get_absolute_url())
    page.get_by_role("link", name="Marquer comme réalisée").click()
    unmarked = page.locator("#unmarked-attendance")
    expect(unmarked).to_contain_text("5 personnes non pointées")
    expect(unmarked.get_by_role("link")).to_have_count(1)  # day 3 only
    page.get_by_label("Je confirme : les personnes non pointées étaient absentes.").check()
    page.get_by_role("button", name="Oui, marquer comme réalisée").click()
    expect(page.locator(".alert-success")).to_contain_text("réalisée")

    # The rule, exactly: everyone came on day 1 (reached); Faye came once, the others twice out of 3.
    needed = sessions_needed(3, 60)
    attended = {"Ba": 2, "Diallo": 2, "Faye": 1, "Gueye": 2, "Sarr": 2}
    completed = sorted(name for name, n in attended.items() if n >= needed)
    rate = round(100 * sum(attended.values()) / (3 * len(attended)))
    rows = Participation.objects.filter(activity=activity)
    assert dict(rows.values_list("trainee__last_name", "sessions_attended")) == attended
    assert sorted(rows.completed().values_list("trainee__last_name", flat=True)) == completed
    expect(page.locator("#completed-count")).to_have_text(str(len(completed)))
    expect(page.locator("#attendance-rate")).to_contain_text(f"{rate}")
    figures = compute_figures(activity.programme)
    assert (figures.people, figures.participations_completed, figures.attendance_rate) == (
        len(attended),
        len(completed),
        rate,
    )
    page.goto(reverse("reports:dashboard"))
    expect(page.locator("#key-figures")).to_contain_text(f"{len(completed)} complètes")
    expect(page.locator("#key-figures")).to_contain_text(f"taux d’assiduité : {rate}")

    page.goto(activity.get_absolute_url())
    with page.expect_popup():
        page.get_by_role("button", name="Délivrer les attestations et les imprimer (PDF)").click()
    certified = Certificate.objects.values_list("participation__trainee__last_name", flat=True)
    assert sorted(certified) == completed
    for url in (f"/activities/{activity.pk}/attendance/", f"/sessions/{day2.pk}/attendance/"):
        page.goto(url)
        # The attendance screens fit the screen (the grid scrolls in its own box).
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
