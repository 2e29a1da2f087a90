import django_filters
from django.utils.translation import gettext_lazy as _

from courses.choices import Region

from .choices import Service, Sex
from .models import Trainee


class TraineeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or service number"), method="filter_text", max_length=100)
    service = django_filters.ChoiceFilter(
        label=_("Service"), choices=Service.choices, empty_label=_("All services")
    )
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices, empty_label=_("Women and men"))
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, empty_label=_("All regions")
    )
    reached = django_filters.ChoiceFilter(
        label=_("Reached"),
        choices=[
            ("yes", _("Trained or made aware")),
            ("no", _("Not yet (absent, planned or cancelled only)")),
        ],
        empty_label=_("Everyone on record"),
        method="filter_reached",
    )

    class Meta:
        model = Trainee
        fields = ["q", "service", "sex", "region"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_reached(self, queryset, name, value):
        """Trained or made aware: attended at least one done activity (the figures' rule)."""
        reached = Trainee.objects.reached()
        if value == "yes":
            return queryset.filter(pk__in=reached.values("pk"))
        return queryset.exclude(pk__in=reached.values("pk"))
