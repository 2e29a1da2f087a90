"""The OpenAPI schema: the token scheme, and the error bodies every operation may answer."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .serializers import ErrorSerializer

ERRORS_ALWAYS = ("400", "401", "403", "404", "429")
ERRORS_OF_WRITES = ("409", "412", "415")


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (account page)."}


class ApiSchema(AutoSchema):
    """Each operation documents the error body (``api.errors``) for the statuses it may answer."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ERRORS_ALWAYS + (ERRORS_OF_WRITES if self.method in ("POST", "PUT", "PATCH") else ())
        for code in codes:
            responses.setdefault(
                code, self._get_response_for_code(ErrorSerializer, code, direction=direction)
            )
        return responses
