"""Prepare or count django-helpdesk's side of the peer benchmark (runs in the peer's virtualenv).

  python helpdesk_setup.py setup   -> one JSON line: the staff user's API token and the queue id
  python helpdesk_setup.py count   -> one JSON line: tickets and follow-ups in the database
"""

import json
import sys

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from helpdesk.models import FollowUp, Queue, Ticket  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402


def setup() -> dict:
    # helpdesk's ticket API admits admin (staff) users only; a token, not a password,
    # authenticates the load driver, as an API client would.
    user = get_user_model().objects.create_user("bench", email="bench@example.org", password=None,
                                                is_staff=True, is_superuser=True)
    token = Token.objects.create(user=user)
    queue = Queue.objects.create(title="Air pollution complaints", slug="air")
    return {"token": token.key, "queue": queue.pk}


def count() -> dict:
    return {"items": Ticket.objects.count(), "records": FollowUp.objects.count()}


if __name__ == "__main__":
    print(json.dumps({"setup": setup, "count": count}[sys.argv[1]]()))
