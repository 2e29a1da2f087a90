import django_filters
from django_filters import rest_framework as filters

from courses.choices import Region
from courses.models import Activity, Programme, Theme


class ActivityFilter(filters.FilterSet):
    """The activity list's filters; the period is the figures' rule (by end date, ``in_period``)."""

    programme = django_filters.ModelChoiceFilter(queryset=Programme.objects.all())
    kind = django_filters.ChoiceFilter(choices=Activity.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Activity.Status.choices)
    region = django_filters.ChoiceFilter(choices=Region.choices)
    theme = django_filters.ModelChoiceFilter(queryset=Theme.objects.all())
    start = django_filters.DateFilter(
        method="ending_from", help_text="Activities ending on or after this day."
    )
    end = django_filters.DateFilter(method="ending_by", help_text="Activities ending on or before this day.")

    class Meta:
        model = Activity
        fields = ["programme", "kind", "status", "region", "theme", "start", "end"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        self.filters["programme"].queryset = Programme.objects.for_user(user, "courses.view_activity")

    def ending_from(self, queryset, name, value):
        return queryset.in_period(value, None)

    def ending_by(self, queryset, name, value):
        return queryset.in_period(None, value)
