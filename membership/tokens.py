"""Invitation tokens: like password-reset tokens, with their own salt and lifetime.

A reset link is asked for and used at once, so it lasts `PASSWORD_RESET_TIMEOUT` (2 hours). An
invitation to set a first password may wait in an inbox for days, so it lasts
`INVITATION_TIMEOUT` (7 days). Its own salt means neither token opens the other's page. Both
depend on the password hash and the last sign-in, so either stops working once it is used.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "membership.tokens.InvitationTokenGenerator"

    def check_token(self, user, token) -> bool:
        """True if `token` was made for `user` within `INVITATION_TIMEOUT` and is unused."""
        if not (user and token):
            return False
        try:
            timestamp_b36, _ = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > settings.INVITATION_TIMEOUT:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_token_generator = InvitationTokenGenerator()
