from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import LoginView, PasswordResetView
from meetings import feeds
from safety_portal import pages, views

# An address that is nothing: JSON under the API, the site's page elsewhere.
handler404 = views.not_found

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("today/", pages.today_page, name="today"),
    path("search/", pages.search_page, name="search"),
    path("committees/", include("committees.urls")),
    path("committees/", include("procedures.urls")),
    path("committees/", include("publishing.urls")),
    path("committees/", include("safety_portal.portal_urls")),
    path("committees/", include("followups.urls")),
    path("committees/", include("meetings.urls")),
    path("committees/", include("assessments.urls")),
    path("committees/", include("compliance.urls")),
    path("notifications/", include("notifications.urls")),
    path("incidents/", include("incidents.urls")),
    path("audit/", include("audit.urls")),
    path("api/v1/", include("safety_portal.api_urls")),
    path("calendar/<str:token>.ics", feeds.member_feed, name="calendar_feed"),
    path("accounts/", include("accounts.urls")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Public pages in the reader's language: /public/... in English, /es/public/... and
# /pt/public/... in Spanish and Portuguese, each cached on its own.
urlpatterns += i18n_patterns(
    path("public/", include("safety_portal.public_urls")), prefix_default_language=False
)
