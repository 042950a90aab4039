from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", views.verify, name="second_factor"),
    path("two-factor/setup/", views.setup, name="setup"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke_token"),
]
