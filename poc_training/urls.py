from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as accounts_views
from core.views import healthz
from trainees.views.documents import certificate_verify

admin.site.site_header = _("POC Senegal training records: administration")
admin.site.site_title = _("POC training")

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("privacy/", accounts_views.privacy, name="privacy"),
    path("healthz", healthz, name="healthz"),
    path("verify/", certificate_verify, name="certificate-verify"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", accounts_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_complete",
    ),
    path("accounts/tokens/", accounts_views.api_tokens, name="api-tokens"),
    path("accounts/tokens/<int:pk>/revoke/", accounts_views.api_token_revoke_view, name="api-token-revoke"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("courses.urls")),
    path("", include("trainees.urls")),
    path("", include("results.urls")),
    path("", include("reports.urls")),
    path("api/", include("api.urls")),
]
