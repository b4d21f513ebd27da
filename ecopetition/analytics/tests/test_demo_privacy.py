"""The public page against the demo register: no demo complainant's name or phone may appear on it."""

from django.urls import reverse

from ecopetition.analytics import disclosure, queries
from ecopetition.cases.models import Complainant
from ecopetition.core import clock
from ecopetition.org.models import Unit


def test_demo_publication_shows_no_complainant(client, db, refdata):
    from django.contrib.auth import get_user_model

    from ecopetition.cases import demo as cases_demo

    cases_demo.load(None, size=40)
    today = clock.localdate()
    period = queries.parse_period(f"{today.year - 1}-{today.month:02d}", f"{today:%Y-%m}")
    top = Unit.objects.get(code="YC")
    pub = disclosure.do_publish(actor=get_user_model().objects.get(username="clerk"), area=top, period=period)
    assert len(pub.items) >= 5
    client.logout()
    text = client.get(reverse("disclosure:index")).content.decode()
    text += client.get(reverse("disclosure:detail", args=[pub.number])).content.decode()
    people = list(Complainant.objects.values_list("name", "phone", "id_number"))
    assert len(people) >= 30
    leaks = [v for person in people for v in person if v and len(v) >= 2 and v in text]
    assert leaks == []
