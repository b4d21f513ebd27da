"""An attachment's file name is identity (tenth outside review, R10-2): a photo named after its sender
(张秀兰13605151111现场.jpg, zhangxiulan_家门口.jpg) names them in ways the free-text detector does not read, recorded
or not. A reader without the grant gets a neutral name everywhere: the case page, the download, the API, the events."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ecopetition.cases import privacy
from ecopetition.cases.attachments import store_attachment
from ecopetition.cases.models import Event
from ecopetition.testing import PASSWORD

from .helpers import register

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
NAMES = ("张秀兰13605151111现场.PNG", "zhangxiulan_家门口.png")


@pytest.mark.django_db
def test_a_reader_without_the_grant_never_gets_the_uploaded_name(world, no_triage):
    case = register(world, is_anonymous=True, complainants=[])
    atts = [store_attachment(case, SimpleUploadedFile(n, PNG), actor=world.users["cara"]) for n in NAMES]
    clerk = privacy.identity_for(world.users["cara"], case)
    assert clerk.unmasked and [clerk.file_name(a) for a in atts] == list(NAMES)
    own = store_attachment(case, SimpleUploadedFile("现场照片.png", PNG), actor=world.users["sue"])
    assert privacy.identity_for(world.users["sue"], case).file_name(own) == "现场照片.png"  # who uploaded it
    assert privacy.identity_for(world.users["lee"], case).file_name(own) == privacy.neutral_file_name(own.pk, "x.png")
    assert privacy.identity_for(world.users["sue"], case).unmasked is False
    for who in ("sue", "lee"):
        identity = privacy.identity_for(world.users[who], case)
        names = [identity.file_name(a) for a in atts]
        assert names == [privacy.neutral_file_name(a.pk, n) for a, n in zip(atts, NAMES, strict=True)]
        assert names[0].endswith(f"{atts[0].pk}.png") and names[1].endswith(f"{atts[1].pk}.png")
        for ev in Event.objects.filter(complaint=case, action="attach"):
            data = identity.data(ev.data)
            assert "秀兰" not in str(data) and "zhang" not in str(data), data
        client = Client()
        client.login(username=world.users[who].username, password=PASSWORD)
        page = client.get(f"/staff/cases/{case.number}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "秀兰" not in html and "zhangxiulan" not in html and f"{atts[1].pk}.png" in html
        r = client.get(f"/staff/cases/{case.number}/files/{atts[0].pk}/")
        assert r.status_code == 200
        assert "13605151111" not in r["Content-Disposition"] and "%E7%A7%80" not in r["Content-Disposition"]
