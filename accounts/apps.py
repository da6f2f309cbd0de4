"""The accounts app's configuration: connects allauth's signal for a new authenticator."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from accounts import two_factor

        # allauth has no adapter hook for a new authenticator; its signal is the documented one.
        authenticator_added.connect(two_factor.authenticator_added, dispatch_uid="two_factor_added")
