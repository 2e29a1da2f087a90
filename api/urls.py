from django.contrib.auth.views import redirect_to_login
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("trainees", views.TraineeViewSet, basename="trainee")
router.register("reports", views.CommitteeReportViewSet, basename="report")

swagger_ui = SpectacularSwaggerSplitView.as_view(url_name="api:schema")


def docs(request, *args, **kwargs):
    """The browsable documentation, for signed-in people (it calls the API with their session)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return swagger_ui(request, *args, **kwargs)


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(api_version="1"), name="schema"),
    path("docs/", docs, name="docs"),
]
