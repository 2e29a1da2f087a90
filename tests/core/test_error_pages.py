"""Expected refusals are quiet in the log; the demo (DEBUG) shows the project's translated error pages."""

import logging
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from django.views.debug import technical_500_response

from core.log_filters import ExpectedRefusalFilter


def _record(status_code: int) -> logging.LogRecord:
    try:
        raise PermissionError("refused")
    except PermissionError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", (), exc_info)
    record.status_code = status_code
    return record


@pytest.mark.parametrize("status_code", [403, 404, 405])
def test_an_expected_refusal_is_one_info_line_without_its_traceback(status_code):
    record = _record(status_code)
    assert ExpectedRefusalFilter().filter(record) is True
    assert record.exc_info is None
    assert record.levelno == logging.INFO
    assert "Traceback" not in logging.Formatter().format(record)


def test_a_server_error_keeps_its_traceback():
    record = _record(500)
    ExpectedRefusalFilter().filter(record)
    assert record.exc_info is not None
    assert "Traceback" in logging.Formatter().format(record)


def test_the_console_handler_of_the_settings_uses_the_filter():
    assert "expected_refusals" in settings.LOGGING["handlers"]["console"]["filters"]


def test_a_forbidden_page_writes_no_traceback(client, no_role_user, caplog):
    client.force_login(no_role_user)
    handler = logging.StreamHandler()
    handler.addFilter(ExpectedRefusalFilter())
    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get("/activities/").status_code == 403
    records = [record for record in caplog.records if record.name == "django.request"]
    assert records, "the refusal is still logged"
    for record in records:
        handler.filter(record)
        assert record.exc_info is None and record.levelno == logging.INFO


def test_the_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_pages_link_their_icon(client, no_role_user):
    client.force_login(no_role_user)
    assert 'rel="icon"' in client.get("/").content.decode()


def test_under_debug_a_missing_page_is_the_project_page_in_french(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/", headers={"accept-language": "fr"})
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page introuvable" in body
    assert "URLconf" not in body  # not Django's technical page


def test_under_debug_a_server_error_is_the_project_page_in_french(settings):
    settings.DEBUG = True
    request = RequestFactory().get("/activities/", headers={"accept": "text/html"})
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_type, exc_value, tb = sys.exc_info()
    with translation.override("fr"):
        response = technical_500_response(request, exc_type, exc_value, tb)
    body = response.content.decode()
    assert response.status_code == 500
    assert "Erreur du serveur" in body
    assert "boom" not in body and "Traceback" not in body
