from allauth.account.adapter import DefaultAccountAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    """No self sign-up: admins invite people (they set their password through a reset link)."""

    def is_open_for_signup(self, request) -> bool:
        return False
