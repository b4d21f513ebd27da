import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecopetition.cases import actions as A
from ecopetition.cases.models import Attachment, Event, State
from ecopetition.core.exceptions import TransitionNotAllowed, ValidationError
from ecopetition.fieldwork import actions as F
from ecopetition.fieldwork.models import Measure, Rectification

from .helpers import called_back, in_progress, new_case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def rectify(desc="拆除露天喷涂作业点", days=10):
    from ecopetition.core import clock

    return F.MeasureInput(kind="rectify", items=[F.RectifyItem(desc, clock.localdate() + dt.timedelta(days=days))])


@pytest.mark.django_db
class TestSiteVisit:
    def test_records_time_point_and_audited_event(self, world):
        case = in_progress(world)
        visit = F.do_site_visit(case, actor=world.users["otto"], lat="33.38", lon="120.16", accuracy_m="12")
        assert (visit.lat, visit.lon, visit.accuracy_m) == (33.38, 120.16, 12.0)
        ev = Event.objects.filter(complaint=case).order_by("-seq").first()
        assert ev.action == "site_visit" and ev.pk == visit.event_id
        case.refresh_from_db()
        assert case.state == State.IN_PROGRESS

    def test_without_gps_is_still_recorded(self, world):
        visit = F.do_site_visit(in_progress(world), actor=world.users["otto"])
        assert visit.lat is None

    def test_only_lead_unit_officer(self, world):
        case = in_progress(world)
        for name in ("bob", "oscar", "cara"):  # other county, a unit below the lead, a clerk
            with pytest.raises(TransitionNotAllowed):
                F.do_site_visit(case, actor=world.users[name])

    def test_only_in_progress(self, world):
        case = new_case(world)
        with pytest.raises(TransitionNotAllowed):
            F.do_site_visit(case, actor=world.users["otto"])

    def test_bad_coordinates(self, world):
        with pytest.raises(ValidationError):
            F.do_site_visit(in_progress(world), actor=world.users["otto"], lat="999", lon="1")


@pytest.mark.django_db
class TestReport:
    def test_report_with_measures(self, world):
        case = in_progress(world)
        F.do_report_findings(
            case, actor=world.users["otto"], finding="founded", result="夜间偷排属实",
            measures=[rectify(), F.MeasureInput(kind="fine", fine_amount="50,000"), F.MeasureInput(kind="seal")],
        )
        case.refresh_from_db()
        assert case.state == State.REPORTED and case.finding == "founded"
        report_event = Event.objects.get(complaint=case, action="report")
        assert set(Measure.objects.filter(complaint=case).values_list("kind", flat=True)) == {"rectify", "fine", "seal"}
        assert all(m.event_id == report_event.pk for m in Measure.objects.filter(complaint=case))
        assert Measure.objects.get(complaint=case, kind="fine").fine_amount == Decimal("50000.00")
        assert Rectification.objects.filter(complaint=case, status="open").count() == 1

    def test_without_findings_is_refused_by_name(self, world):
        case = in_progress(world)
        with pytest.raises(ValidationError) as exc:
            F.do_report_findings(case, actor=world.users["otto"], finding="", result="x")
        assert exc.value.field == "finding"
        case.refresh_from_db()
        assert case.state == State.IN_PROGRESS

    def test_fine_without_amount_names_it_and_writes_nothing(self, world):
        case = in_progress(world)
        with pytest.raises(ValidationError) as exc:
            F.do_report_findings(case, actor=world.users["otto"], finding="founded", result="x",
                                 measures=[rectify(), F.MeasureInput(kind="fine")])
        assert exc.value.field == "fine_amount"
        assert not Measure.objects.filter(complaint=case).exists()
        assert not Rectification.objects.exists()

    def test_daily_fine_stores_per_day_days_and_total(self, world):
        case = in_progress(world)
        F.do_report_findings(
            case, actor=world.users["otto"], finding="founded", result="拒不改正，按日连续处罚",
            measures=[F.MeasureInput(kind="daily_fine", daily_amount="20,000", penalty_days="15"),
                      F.MeasureInput(kind="close_down", detail="责令关闭"), F.MeasureInput(kind="detention")],
        )
        m = Measure.objects.get(complaint=case, kind="daily_fine")
        assert (m.daily_amount, m.penalty_days, m.fine_amount) == (Decimal("20000.00"), 15, Decimal("300000.00"))
        assert "300,000.00" in m.amount_text and "15" in m.amount_text
        assert set(Measure.objects.filter(complaint=case).values_list("kind", flat=True)) == {
            "daily_fine", "close_down", "detention"}

    @pytest.mark.parametrize(("daily", "days", "field"), [
        ("", "10", "daily_amount"), ("1000", "", "penalty_days"), ("1000", "0", "penalty_days"),
        ("1000", "3651", "penalty_days"), ("1000", "ten", "penalty_days"), ("NaN", "3", "daily_amount"),
        ("5000000", "30", "penalty_days"),  # 150 million in all: above the ceiling
    ])
    def test_daily_fine_refused_by_field_and_nothing_written(self, world, daily, days, field):
        case = in_progress(world)
        with pytest.raises(ValidationError) as exc:
            F.do_report_findings(case, actor=world.users["otto"], finding="founded", result="x",
                                 measures=[F.MeasureInput(kind="daily_fine", daily_amount=daily, penalty_days=days)])
        assert exc.value.field == field
        assert not Measure.objects.filter(complaint=case).exists()
        case.refresh_from_db()
        assert case.state == State.IN_PROGRESS

    def test_rectify_without_deadline(self, world):
        with pytest.raises(ValidationError) as exc:
            F.do_report_findings(in_progress(world), actor=world.users["otto"], finding="founded", result="x",
                                 measures=[F.MeasureInput(kind="rectify", items=[F.RectifyItem("整改", None)])])
        assert exc.value.field == "rectify_deadline"

    def test_wrong_person_refused_before_writing(self, world):
        case = in_progress(world)
        with pytest.raises(TransitionNotAllowed):
            F.do_report_findings(case, actor=world.users["bob"], finding="founded", result="x", measures=[rectify()])
        assert not Measure.objects.exists()


@pytest.mark.django_db
class TestRectificationGuard:
    def _with_rectification(self, world):
        case = in_progress(world)
        F.do_report_findings(case, actor=world.users["otto"], finding="founded", result="x", measures=[rectify()])
        A.do_review(case, actor=world.users["sue"], passed=True)
        A.do_reply(case, actor=world.users["cara"], text="答复", method="sms")
        A.do_callback(case, actor=world.users["cole"], result="satisfied")
        return case

    def test_close_refused_until_verified(self, world):
        case = self._with_rectification(world)
        with pytest.raises(TransitionNotAllowed) as exc:
            A.do_close(case, actor=world.users["cara"])
        assert "拆除露天喷涂作业点" in exc.value.message
        rect = Rectification.objects.get(complaint=case)
        F.do_verify_rectification(rect, actor=world.users["sue"], passed=False, note="仍未拆除")
        with pytest.raises(TransitionNotAllowed):
            A.do_close(case, actor=world.users["cara"])
        F.do_verify_rectification(rect, actor=world.users["sue"], passed=True, note="已拆除")
        closed = A.do_close(case, actor=world.users["cara"])
        assert closed.state == State.CLOSED
        actions = list(Event.objects.filter(complaint=case).values_list("action", flat=True))
        assert actions.count("verify_rectification") == 2

    def test_failed_check_needs_a_note_and_others_cannot_verify(self, world):
        case = self._with_rectification(world)
        rect = Rectification.objects.get(complaint=case)
        with pytest.raises(ValidationError):
            F.do_verify_rectification(rect, actor=world.users["otto"], passed=False)
        with pytest.raises(TransitionNotAllowed):
            F.do_verify_rectification(rect, actor=world.users["bob"], passed=True)
        # The lead unit's own officer does not strike off its own rectification.
        with pytest.raises(TransitionNotAllowed):
            F.do_verify_rectification(rect, actor=world.users["otto"], passed=True, note="已整改")

    def test_upholding_a_review_is_refused_too(self, world):
        case = in_progress(world)
        F.do_report_findings(case, actor=world.users["otto"], finding="founded", result="x", measures=[rectify()])
        A.do_review(case, actor=world.users["sue"], passed=True)
        A.do_reply(case, actor=world.users["cara"], text="答复", method="sms")
        A.do_request_review(case, actor=world.users["cara"], reason="不服")
        prov = world.users["sue"]  # city supervisor: above the lead unit (county A)
        with pytest.raises(TransitionNotAllowed):
            A.do_decide_review(case, actor=prov, upheld=True, opinion="维持")
        F.do_verify_rectification(Rectification.objects.get(complaint=case), actor=prov, passed=True)
        assert A.do_decide_review(case, actor=prov, upheld=True, opinion="维持").state == State.CLOSED

    def test_case_without_rectifications_closes(self, world):
        case = called_back(world)
        assert A.do_close(case, actor=world.users["cara"]).state == State.CLOSED


@pytest.mark.django_db
class TestPhotos:
    def test_photo_becomes_attachment_with_hash(self, world, settings):
        case = in_progress(world)
        att = F.do_add_photo(case, actor=world.users["otto"], upload=SimpleUploadedFile("p.png", PNG, "image/png"))
        assert att.content_type == "image/png" and att.size == len(PNG)
        assert (settings.ATTACHMENTS_DIR / att.storage_name).read_bytes() == PNG
        assert Event.objects.filter(complaint=case, action="attach").exists()

    def test_not_an_image_refused(self, world):
        with pytest.raises(ValidationError):
            F.do_add_photo(in_progress(world), actor=world.users["otto"],
                           upload=SimpleUploadedFile("x.txt", b"hello", "text/plain"))
        assert not Attachment.objects.exists()

    def test_outsider_refused_and_file_removed(self, world, settings):
        with pytest.raises(TransitionNotAllowed):
            F.do_add_photo(in_progress(world), actor=world.users["bob"],
                           upload=SimpleUploadedFile("p.png", PNG, "image/png"))
        assert not [p for p in settings.ATTACHMENTS_DIR.rglob("*") if p.is_file()]
