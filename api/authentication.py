"""Personal API tokens (``accounts.ApiToken``) in the ``Authorization: Bearer <token>`` header."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from accounts.services import api_token_check

KEYWORD = b"bearer"


class TokenAuthentication(BaseAuthentication):
    """A request with a token acts as the token's owner, with their roles; a bad token gets a 401."""

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != KEYWORD:
            return None  # no token: the session may authenticate, or the call is anonymous (401)
        if len(words) != 2:
            raise AuthenticationFailed(_('Send the token as "Authorization: Bearer <token>".'))
        try:
            text = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("This token is unknown, revoked or expired.")) from None
        token = api_token_check(text)
        if token is None:
            raise AuthenticationFailed(_("This token is unknown, revoked or expired."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
