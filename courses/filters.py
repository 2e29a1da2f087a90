"""List filters of activities and experts (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Country, Region
from .models import Activity, Expert, Organisation, Programme, Theme

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=100)
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.all(), empty_label=_("All programmes")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Activity.Kind.choices, empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activity.Status.choices, empty_label=_("All statuses")
    )
    ending_from = django_filters.DateFilter(
        label=_("Ending from"), field_name="end_date", lookup_expr="gte", widget=DATE_INPUT
    )
    ending_to = django_filters.DateFilter(
        label=_("Ending by"), field_name="end_date", lookup_expr="lte", widget=DATE_INPUT
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, empty_label=_("All regions")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.all(), empty_label=_("All themes")
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("start_date", "start_date"), ("end_date", "end_date"), ("title", "title"), ("kind", "kind")),
        field_labels={
            "start_date": _("Start date"),
            "end_date": _("End date"),
            "title": _("Title"),
            "kind": _("Kind"),
        },
        empty_label=_("Most recent first"),
    )

    class Meta:
        model = Activity
        fields = ["q", "programme", "kind", "status", "ending_from", "ending_to", "region", "theme"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["programme"].queryset = Programme.objects.for_user(request.user, "courses.view_activity")

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


class ExpertFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=100)
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Expert.Category.choices, empty_label=_("All categories")
    )
    nationality = django_filters.ChoiceFilter(
        label=_("Nationality"), choices=Country.choices, empty_label=_("All nationalities")
    )
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"),
        queryset=Organisation.objects.filter(experts__isnull=False).distinct(),
        empty_label=_("All institutions"),
    )
    active = django_filters.BooleanFilter(
        label=_("On the roster"),
        widget=forms.Select(
            choices=[("", _("Active and inactive")), ("true", _("Active")), ("false", _("Inactive"))]
        ),
    )

    class Meta:
        model = Expert
        fields = ["q", "category", "nationality", "institution", "active"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
