"""The last line of error handling: refused input and a busy database are answers, not 500s."""

from django.db import DataError, OperationalError
from django.test import RequestFactory

from ecopetition.core.middleware import DomainErrorMiddleware


def test_database_refusals_become_400_and_busy_503():
    mw = DomainErrorMiddleware(lambda request: None)
    request = RequestFactory().get("/staff/cases/a%00b/")
    refused = mw.process_exception(request, DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"))
    assert refused.status_code == 400 and b"NUL" not in refused.content
    busy = mw.process_exception(request, OperationalError("database is locked"))
    assert busy.status_code == 503 and busy["Retry-After"]
    assert mw.process_exception(request, ValueError("a bug")) is None  # a real bug stays a 500
