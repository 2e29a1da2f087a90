from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("programmes/<int:programme_pk>/results/", views.framework, name="framework"),
    path("programmes/<int:programme_pk>/results/export.xlsx", views.export, name="export"),
    path("programmes/<int:programme_pk>/results/new/", views.result_edit, name="result-create"),
    path("programmes/<int:programme_pk>/results/<int:pk>/", views.result_edit, name="result-update"),
    path("programmes/<int:programme_pk>/results/<int:pk>/delete/", views.result_delete, name="result-delete"),
    path("results/<int:result_pk>/indicators/new/", views.indicator_edit, name="indicator-create"),
    path("results/<int:result_pk>/indicators/<int:pk>/", views.indicator_edit, name="indicator-update"),
    path(
        "results/<int:result_pk>/indicators/<int:pk>/delete/", views.indicator_delete, name="indicator-delete"
    ),
    path("indicators/<int:indicator_pk>/values/new/", views.value_create, name="value-create"),
    path("indicator-values/<int:pk>/edit/", views.value_update, name="value-update"),
    path("indicator-values/<int:pk>/review/", views.value_review, name="value-review"),
    path("indicator-values/<int:pk>/evidence/", views.value_evidence, name="value-evidence"),
]
