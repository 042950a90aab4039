from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Sign-in")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        # lazy: these modules import models, which an AppConfig module must not do at load.
        from .second_factor import remember_devices
        from .sessions import start_idle_clock

        # Django's own login (the form, the admin, force_login) starts the idle clock and notes
        # whether the user has a second factor, so later requests need no query for either.
        user_logged_in.connect(start_idle_clock, dispatch_uid="accounts.start_idle_clock")
        user_logged_in.connect(remember_devices, dispatch_uid="accounts.remember_devices")
