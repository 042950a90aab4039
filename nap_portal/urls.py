"""The root URL configuration: it wires every layer's URLs together, so it is the one module
allowed to import from all of them (see docs/architecture.md)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from accounts.forms import QueuedPasswordResetForm
from public import urls as public_urls


class FaviconView(RedirectView):
    """/favicon.ico → the static icon (its hashed name is known once the manifest is read)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("favicon.ico")


urlpatterns = [
    # The language switch is on every page, and the public pages are cached and served to
    # every anonymous visitor alike (public/page_cache.py): a per-visitor CSRF token cannot be
    # in them. All a forged post can do is switch someone's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("agencies/", include((public_urls.agency_patterns, "agencies"))),
    path("api/", include("public.api.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/", include("accounts.urls")),
    path("workspace/civil-society/", include("civic.urls")),
    path("workspace/", include("reports.urls")),
    path("civil-society/", include((public_urls.civic_patterns, "civil-society"))),
    *public_urls.evidence_patterns,
    path("", include((public_urls.page_patterns, "pages"))),
    # Browsers ask for /favicon.ico before reading the page's <link rel="icon">.
    path("favicon.ico", FaviconView.as_view()),
    path("", include((public_urls.plan_patterns, "plans"))),
]
