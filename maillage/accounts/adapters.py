from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Staff join by invitation only: no open sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Each role lands on its own home (allauth keeps a given `next` before asking here)."""
        from maillage.navigation import home_url

        return home_url(request.user)

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        """After a ProConnect login, out through ProConnect's logout too (it sends the agent back here)."""
        from maillage.accounts.proconnect_provider.logout import end_session_url

        return end_session_url(request) or str(super().get_logout_redirect_url(request))

    def get_login_stages(self) -> list[str]:
        """allauth's stages, its code step replaced by one that knows ProConnect's `amr` (ADR 0008)."""
        mfa_stage = "allauth.mfa.stages.AuthenticateStage"
        ours = "maillage.accounts.proconnect.ProviderAwareAuthenticateStage"
        return [ours if stage == mfa_stage else stage for stage in super().get_login_stages()]
