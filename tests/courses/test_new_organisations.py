"""A coordinator names a missing beneficiary unit or host institution from the activity form."""

import pytest
from django.urls import reverse

from courses.models import Activity, Organisation
from tests.courses.test_views import activity_form
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_typed_unit_is_recorded_once_and_linked(client, coordinator):
    known = OrganisationFactory(name="DNLT", country="SN")
    client.force_login(coordinator)
    response = client.post(
        reverse("courses:activity-create"),
        activity_form(
            kind="tutoring", beneficiary_units=[known.pk, "new:Brigade de Kolda", "new:brigade de kolda"]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get()
    assert sorted(o.name for o in activity.beneficiary_units.all()) == ["Brigade de Kolda", "DNLT"]
    created = Organisation.objects.get(name="Brigade de Kolda")
    assert created.country == "SN" and created.created_by == coordinator
    # Typed again (another case) on another activity: the same organisation, not a second one.
    client.post(reverse("courses:activity-create"), activity_form(beneficiary_units=["new:BRIGADE DE KOLDA"]))
    assert Organisation.objects.filter(name__iexact="brigade de kolda").count() == 1


def test_a_typed_host_institution_needs_a_country_abroad_and_keeps_the_typed_values(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("courses:activity-create"),
        activity_form(kind="study_trip", host_institutions=["new:Guardia Civil"], title="Voyage à Madrid"),
        headers={"accept-language": "fr"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "choisissez d’abord le pays de l’activité" in body
    assert 'value="Voyage à Madrid"' in body
    assert not Organisation.objects.exists() and not Activity.objects.exists()
    client.post(
        reverse("courses:activity-create"),
        activity_form(kind="study_trip", host_institutions=["new:Guardia Civil"], country="ES", region=""),
    )
    assert Organisation.objects.get(name="Guardia Civil").country == "ES"
    assert Activity.objects.get().host_institutions.get().name == "Guardia Civil"
