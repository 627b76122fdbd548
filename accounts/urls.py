from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("tokens/", views.tokens_page, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("service-accounts/", views.service_accounts, name="service_accounts"),
    path("service-accounts/<int:pk>/", views.service_account, name="service_account"),
    path(
        "service-accounts/<int:pk>/retire/",
        views.service_account_retire,
        name="service_account_retire",
    ),
    path(
        "service-accounts/<int:pk>/tokens/<int:token>/revoke/",
        views.service_token_revoke,
        name="service_token_revoke",
    ),
    path(
        "service-accounts/<int:pk>/webhooks/<int:webhook>/remove/",
        views.webhook_remove,
        name="webhook_remove",
    ),
]
