from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Staff join by invitation only: no open sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
