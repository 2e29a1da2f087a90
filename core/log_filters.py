"""Logging filters: an expected refusal is one line in the log, not a traceback.

Django's ``django.request`` logger writes every 403 with the ``PermissionDenied`` traceback attached
and every 404 at WARNING. Both are the application answering as designed (a page outside the user's
programmes, a role without the permission), so the line is kept, at INFO, without the traceback;
a 5xx keeps its traceback.
"""

import logging

EXPECTED_STATUSES = frozenset({400, 403, 404, 405, 410})


class ExpectedRefusalFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in EXPECTED_STATUSES:
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        return True
