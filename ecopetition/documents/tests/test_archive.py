"""归档: closed cases archived with a number and a retention period per document kind; archived cases read-only;
the archive list and its Excel export go through the identity rule."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ecopetition.cases import actions as A
from ecopetition.cases import dispatch, privacy, transitions
from ecopetition.cases.models import Event, State
from ecopetition.core import clock
from ecopetition.core.exceptions import TransitionNotAllowed
from ecopetition.documents import actions as D
from ecopetition.documents import archiving
from ecopetition.documents.models import CaseArchive, RetentionPeriod
from ecopetition.fieldwork.tests.helpers import called_back


def closed_case(world, *, days_ago=60, title="张三反映化工厂夜间偷排废气"):
    """A case replied, called back, given an acceptance notice and closed `days_ago` days ago."""
    with clock.frozen(clock.now() - dt.timedelta(days=days_ago)):
        case = called_back(world, title=title)
        D.do_generate_document(case, actor=world.users["cara"], kind="acceptance")
        return A.do_close(case, actor=world.users["cara"])


@pytest.mark.django_db
class TestArchiving:
    def test_archived_with_number_and_the_longest_retention(self, world):
        case = closed_case(world)
        record = archiving.do_archive(case, actor=world.users["cara"], note="年度归档")
        case.refresh_from_db()
        assert case.state == State.ARCHIVED
        year = clock.localdate().year
        # The case file (30 years) outlasts the acceptance notice (10 years).
        assert record.number == f"C3209-{year}-D30-0001"
        assert record.retention_years == 30 and record.keep_until == year + 30
        assert {b["kind"]: b["years"] for b in record.retention_basis} == {"": 30, "acceptance": 10}
        assert record.event.action == "archive" and record.event.data["archive_number"] == record.number
        second = archiving.do_archive(closed_case(world, title="另一件"), actor=world.users["cara"])
        assert second.number == f"C3209-{year}-D30-0002"

    def test_retention_is_data_edited_per_kind(self, world):
        RetentionPeriod.objects.filter(kind="acceptance").update(years=None)  # kept permanently
        record = archiving.do_archive(closed_case(world), actor=world.users["cara"])
        assert record.retention_years is None and record.number.split("-")[2] == "Y"
        with translation.override("zh-hans"):
            assert record.retention_label == "永久"
        bad = RetentionPeriod(kind="notice_replied", years=0)
        with pytest.raises(DjangoValidationError) as err:
            bad.full_clean()
        assert {"kind", "years"} & set(err.value.message_dict)

    def test_not_before_the_review_window_ends_and_only_by_the_clerk(self, world):
        case = closed_case(world, days_ago=3)
        with translation.override("zh-hans"), pytest.raises(TransitionNotAllowed) as err:
            archiving.do_archive(case, actor=world.users["cara"])
        assert err.value.code == "review_window_open"
        last = (clock.localdate(case.replied_at) + dt.timedelta(days=30)).isoformat()
        assert last in err.value.message
        case = closed_case(world, title="另一件")
        for name in ("sue", "otto", "dan", "bea"):
            with pytest.raises(TransitionNotAllowed):
                archiving.do_archive(case, actor=world.users[name])
        assert not CaseArchive.objects.exists()
        assert not Event.objects.filter(action="archive").exists()

    def test_an_archived_case_is_read_only(self, world):
        case = closed_case(world)
        archiving.do_archive(case, actor=world.users["cara"])
        case.refresh_from_db()
        cara = world.users["cara"]
        for action, data in (("attach", {"file": SimpleUploadedFile("a.txt", b"x")}), ("reopen", {"reason": "x"}),
                             ("request_re_review", {"reason": "x"}), ("archive", {})):
            with pytest.raises(TransitionNotAllowed) as err:
                dispatch.run(case, action, world.users["sue"] if action == "reopen" else cara, data)
            assert err.value.code == "archived", action
        with pytest.raises(TransitionNotAllowed) as err:
            D.do_generate_document(case, actor=cara, kind="acceptance")
        assert err.value.code == "archived"
        assert D.kinds_for(cara, case) == []
        with pytest.raises(TransitionNotAllowed):
            A.audit_event(case, actor=cara, action="urge", note="x")
        privacy.record_phone_view(cara, case)  # reading is still recorded
        assert Event.objects.filter(complaint=case, action="phone_view").exists()
        assert transitions.allowed_actions(case, cara) == []

    def test_case_page_and_refusal_in_chinese(self, world, client):
        case = closed_case(world)
        client.force_login(world.users["cara"])
        page = client.get(f"/staff/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert 'id="panel-archive"' in page and "/act/archive/" in page
        archiving.do_archive(case, actor=world.users["cara"])
        page = client.get(f"/staff/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert CaseArchive.objects.get().number in page and "/act/" not in page
        answer = client.post(f"/staff/cases/{case.number}/act/attach/", HTTP_ACCEPT_LANGUAGE="zh-hans",
                             data={"attach-file": SimpleUploadedFile("a.txt", b"x")}, follow=True)
        assert answer.redirect_chain and not case.attachments.exists()
        assert [str(m) for m in answer.context["messages"]] == ["本件已归档：只能查阅，不能再作任何办理或修改。"]


@pytest.mark.django_db
class TestArchiveList:
    def _archive_two(self, world):
        a = archiving.do_archive(closed_case(world), actor=world.users["cara"])
        RetentionPeriod.objects.filter(kind="").update(years=None)
        b = archiving.do_archive(closed_case(world, title="李四反映噪声扰民"), actor=world.users["cara"])
        return a, b

    def test_page_filters_and_who_sees_it(self, world, client):
        a, b = self._archive_two(world)
        client.force_login(world.users["cara"])
        page = client.get("/staff/documents/archive/").content.decode()
        assert a.number in page and b.number in page
        assert "张三" not in page  # titles are masked in lists
        only_permanent = client.get("/staff/documents/archive/?retention=Y").content.decode()
        assert b.number in only_permanent and a.number not in only_permanent
        assert a.number in client.get(f"/staff/documents/archive/?q={a.number[-4:]}&retention=30").content.decode()
        bad = client.get("/staff/documents/archive/?since=yesterday", HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert bad.status_code == 400 and "YYYY-MM-DD" in bad.content.decode()
        client.force_login(world.users["bea"])  # a sibling county's clerk
        page = client.get("/staff/documents/archive/").content.decode()
        assert a.number not in page and b.number not in page
        client.force_login(world.users["otto"])  # officers do not keep the archive
        assert client.get("/staff/documents/archive/").status_code == 404

    def test_excel_export(self, world, client):
        import openpyxl

        a, b = self._archive_two(world)
        client.force_login(world.users["cara"])
        response = client.get("/staff/documents/archive/?format=xlsx&retention=30")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert len(rows) == 2 and rows[1][0] == a.number and rows[1][1] == a.complaint.number
        cells = " ".join(str(v) for row in rows for v in row)
        assert "张三" not in cells and "13800138000" not in cells and "化工厂夜间偷排废气" in cells


@pytest.mark.django_db
def test_admin_shows_the_archive_note_masked_and_read_only(world, client):
    """The note is written by the clerk, who holds the identity; a superuser holds no grant (R4-7)."""
    from django.contrib.auth import get_user_model

    case = closed_case(world)
    person = case.complainants.first()
    record = archiving.do_archive(case, actor=world.users["cara"],
                                  note=f"归档：{person.name}（{person.phone}）材料齐全")
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    page = client.get(f"/admin/documents/casearchive/{record.pk}/change/").content.decode()
    assert "材料齐全" in page and person.name not in page and person.phone not in page
    assert 'name="_save"' not in page
    assert client.post(f"/admin/documents/casearchive/{record.pk}/change/", {}).status_code == 403
