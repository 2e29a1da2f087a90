import django_filters
from django.utils.translation import gettext_lazy as _

from courses.choices import Region, Service, Sex

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

    class Meta:
        model = Trainee
        fields = ["q", "service", "sex", "region"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
