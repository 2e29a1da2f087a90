"""The 500 page under DEBUG: the project's own, translated, instead of Django's technical page.

Django renders an unexpected error under DEBUG with the reporter named by
``DEFAULT_EXCEPTION_REPORTER``; this one answers with ``500.html`` (what production shows). The
traceback is still logged by ``django.request``, and the text report (used in logs and mails) is
Django's.
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.views.debug import ExceptionReporter


class ProjectExceptionReporter(ExceptionReporter):
    def get_traceback_html(self) -> SafeString:
        if self.request is None:
            return super().get_traceback_html()
        return mark_safe(render_to_string("500.html"))  # a rendered template, escaped by it
