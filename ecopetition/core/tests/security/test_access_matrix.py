"""Access control, tried as an attacker would: every URL, every role, a case of one's own tree and a sibling's.

The table below is the specification. Each row is one URL (console, public portal, Open311, /api/v1/)
and method, with the answer expected for the case (or object) of the user's own tree and for the same
thing in a sibling tree (see secworld.py for who is who). A new URL pattern, API operation, case action
or API action that has no row fails the test.

How to read an expectation: "anon=login *=200 oscar=404" says: no login -> sent to log in; everybody
else 200, except oscar who gets 404. A key is a user name, a role (clerk, dispatcher, officer,
supervisor, leader, callback, inspector, admin), "root" (a superuser without roles), "anon" or "*";
the most specific one wins (user, then role, then "*"). Answers are the HTTP status; "login" is a
redirect to the login page; a trailing "+" says the request changed the register (an audit event or
another recorded change) and its absence that nothing changed — so a refusal that answers with a
redirect and a message is told apart from a success. API calls use each user's bearer token; Open311
calls pass the user's Open311 key (scope open311) as api_key. Every request runs in a savepoint that is rolled back, so rows never
influence each other. All POSTs to the console carry a CSRF token: the client enforces CSRF checks.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from ecopetition.core import clock

from .secworld import OWN, PNG, SIBLING, USERS

ROLE_KEYS = {"clerk", "dispatcher", "officer", "supervisor", "leader", "callback", "inspector", "admin"}


@dataclass(frozen=True)
class Row:
    method: str
    name: str  # URL name ("cases:detail") or "api METHOD /path" as in the OpenAPI schema
    path: str  # template: {registered}...{under_review} case numbers, {att} {doc} ... other objects
    own: str
    sibling: str = ""  # "" -> same as own (the URL names no case or object of a unit)
    data: dict | None = None
    json: bool = False


def R(method, name, path, own, sibling="", data=None):
    return Row(method, name, path, own, sibling, data)


# Where an API operation's placeholders come from ({number} is the case in the state the row names).
API_PATH_VALUES = {"attachment_id": "{att}", "pk": "{rect}", "task_id": "{recheck}", "recipient_id": "{recipient}"}


def A(method, path, own, sibling="", data=None, *, at="in_progress", action=""):
    """An API row: its name is the OpenAPI path with its method; `at` is the state of the case it names."""
    concrete = path.replace("{number}", "{" + at + "}").replace("{action}", action)
    for key, placeholder in API_PATH_VALUES.items():
        concrete = concrete.replace("{" + key + "}", placeholder)
    return Row(method, f"api {method} {path.split('?')[0]}", "/api/v1" + concrete, own, sibling, data, json=True)


TABLE: list[Row] = [
    # --- public: portal, disclosure, health, language, log in ----------------------------------------
    R("GET", "portal:home", "/", "*=200"),
    R("GET", "portal:submit", "/submit/", "*=200"),
    R("POST", "portal:submit", "/submit/", "*=200+ ian=403", data={'content': '工地夜间施工噪声扰民', 'address': '盐城市亭湖区建设路', 'name': '路人', 'phone': '13700000000'}),
    R("GET", "portal:track", "/track/", "*=200"),
    R("POST", "portal:track", "/track/", "*=404 ian=403", data={'number': '{registered}', 'code': 'WRONG-CODE'}),
    R("POST", "portal:rate", "/track/rate/", "*=404 ian=403", data={'number': '{replied}', 'code': 'WRONG-CODE', 'result': 'satisfied'}),
    R("GET", "disclosure:index", "/disclosure/", "*=200"),
    R("GET", "disclosure:detail", "/disclosure/NO-SUCH/", "*=404"),
    R("GET", "healthz", "/healthz", "*=200"),
    R("GET", "landing", "/staff/home/", "anon=login *=302"),
    R("POST", "set_language", "/i18n/setlang/", "*=302", data={'language': 'en', 'next': '/'}),
    R("GET", "login", "/accounts/login/", "anon=200 *=302"),
    R("POST", "login", "/accounts/login/", "anon=200 *=302", data={'username': 'amy', 'password': 'wrong'}),
    R("POST", "logout", "/accounts/logout/", "*=login"),
    R("GET", "password_change", "/accounts/password_change/", "anon=login *=200"),
    # The admin's change-password page, served by core (throttled form); the admin lets in staff only.
    R("GET", "admin_password_change", "/admin/password_change/", "*=302 root=200"),
    R("GET", "password_change_done", "/accounts/password_change/done/", "anon=login *=200"),
    # --- cases: queue, list, register, the case page and its actions ---------------------------------
    R("GET", "cases:queue", "/staff/", "anon=login *=200"),
    R("GET", "cases:list", "/staff/cases/?q=噪声", "anon=login *=200"),
    R("GET", "cases:register", "/staff/cases/new/", "anon=login *=404 clerk=200"),
    R("POST", "cases:register", "/staff/cases/new/", "anon=login *=404 clerk=302+ ian=403", data={'unit': '{clerk_unit_pk}', 'channel': 'phone', 'content': '夜间噪声扰民', 'received_at': '{now}', 'p0_name': '路人', 'p0_phone': '13700000000'}),
    R("GET", "cases:detail", "/staff/cases/{in_progress}/", "anon=login *=200", "anon=login *=404 root=200"),
    R("GET", "cases:attachment", "/staff/cases/{in_progress}/files/{att}/", "anon=login *=200", "anon=login *=404 root=200"),
    R("POST", "cases:act", "/staff/cases/{registered}/act/accept/", "anon=login *=403 clerk=302+ oscar=404 olga=404", "anon=login *=404 ian=403 root=403", data={'accept-note': '予以受理'}),
    R("POST", "cases:act", "/staff/cases/{registered}/act/reject/", "anon=login *=403 clerk=302+ oscar=404 olga=404", "anon=login *=404 ian=403 root=403", data={'reject-reason': '不属于信访事项', 'reject-legal_route': '向人民法院提起诉讼'}),
    R("POST", "cases:act", "/staff/cases/{registered}/act/refer/", "anon=login *=403 clerk=302+ dispatcher=302+ oscar=404 olga=404", "anon=login *=404 ian=403 root=403", data={'refer-to_authority': '市住房和城乡建设局', 'refer-reason': '职责'}),
    R("POST", "cases:act", "/staff/cases/{registered}/act/merge/", "anon=login *=403 clerk=302+ dispatcher=302+ oscar=404 olga=404", "anon=login *=404 ian=403 root=403", data={'merge-into': '{accepted}', 'merge-reason': '同一事项'}),
    R("POST", "cases:act", "/staff/cases/{accepted}/act/assign/", "anon=login *=403 dispatcher=302+ oscar=404 olga=404", "anon=login *=404 ian=403 root=403", data={'assign-lead_unit': '{lead_pk}', 'assign-instructions': '请查处'}),
    R("POST", "cases:act", "/staff/cases/{assigned}/act/return/", "anon=login *=403 oscar=302+ bob=302+ olga=302+", "anon=login *=404 ian=403 root=403", data={'return-reason': '非本单位职责'}),
    R("POST", "cases:act", "/staff/cases/{assigned}/act/sign_for/", "anon=login *=403 oscar=302+ bob=302+ olga=302+", "anon=login *=404 ian=403 root=403", data={}),
    R("POST", "cases:act", "/staff/cases/{in_progress}/act/report/", "anon=login *=403 oscar=302+ bob=302+ olga=302+", "anon=login *=404 ian=403 root=403", data={'report-finding': 'founded', 'report-result': '现场核实属实'}),
    R("POST", "cases:act", "/staff/cases/{reported}/act/review/", "anon=login *=403 supervisor=302+", "anon=login *=404 ian=403 root=403", data={'review-note': '同意'}),
    R("POST", "cases:act", "/staff/cases/{reported}/act/rework/", "anon=login *=403 supervisor=302+", "anon=login *=404 ian=403 root=403", data={'rework-note': '证据不足，重办'}),
    R("POST", "cases:act", "/staff/cases/{reviewed}/act/reply/", "anon=login *=403 clerk=302", "anon=login *=404 ian=403 root=403", data={'reply-method': 'sms', 'reply-text': '经查属实，已整改。'}),
    R("POST", "cases:act", "/staff/cases/{replied}/act/callback/", "anon=login *=403 cole=302+", "anon=login *=404 ian=403 root=403", data={'callback-respondent': 'complainant', 'callback-result': 'satisfied'}),
    R("POST", "cases:act", "/staff/cases/{called_back}/act/close/", "anon=login *=403 clerk=302+ supervisor=302+", "anon=login *=404 ian=403 root=403", data={'close-reason': ''}),
    # Stage closing needs an open rectification and archiving a closed case: on a called-back case neither can be
    # done by anyone (the refusal is the point; fieldwork and documents tests do them where they can be done).
    R("POST", "cases:act", "/staff/cases/{called_back}/act/stage_close/", "anon=login *=403 clerk=400 supervisor=400", "anon=login *=404 ian=403 root=403", data={'stage_close-reason': '整改期长'}),
    R("POST", "cases:act", "/staff/cases/{called_back}/act/archive/", "anon=login *=400 ian=403", "anon=login *=404 ian=403 root=400", data={'archive-note': ''}),
    R("POST", "cases:act", "/staff/cases/{called_back}/act/reopen/", "anon=login *=403 supervisor=302+", "anon=login *=404 ian=403 root=403", data={'reopen-reason': '群众再次反映'}),
    R("POST", "cases:act", "/staff/cases/{called_back}/act/request_review/", "anon=login *=403 clerk=302+", "anon=login *=404 ian=403 root=403", data={'request_review-reason': '不服处理意见'}),
    R("POST", "cases:act", "/staff/cases/{under_review}/act/uphold/", "anon=login *=403 supervisor=302+", "anon=login *=404 ian=403 root=403", data={'uphold-opinion': '维持原处理意见'}),
    R("POST", "cases:act", "/staff/cases/{under_review}/act/overturn/", "anon=login *=403 supervisor=302+", "anon=login *=404 ian=403 root=403", data={'overturn-opinion': '撤销，重新办理'}),
    # No case in this world is closed after an upheld review or under re-review: the actions are refused.
    R("POST", "cases:act", "/staff/cases/{called_back}/act/request_re_review/", "anon=login *=400 ian=403", "anon=login *=404 ian=403 root=400", data={'request_re_review-reason': '不服复查意见'}),
    R("POST", "cases:act", "/staff/cases/{under_review}/act/re_review_uphold/", "anon=login *=400 ian=403", "anon=login *=404 ian=403 root=400", data={'re_review_uphold-opinion': '维持'}),
    R("POST", "cases:act", "/staff/cases/{under_review}/act/re_review_overturn/", "anon=login *=400 ian=403", "anon=login *=404 ian=403 root=400", data={'re_review_overturn-opinion': '撤销'}),
    R("POST", "cases:act", "/staff/cases/{in_progress}/act/request_extension/", "anon=login *=403 oscar=302+ bob=302+ olga=302+", "anon=login *=404 ian=403 root=403", data={'request_extension-days': '10', 'request_extension-reason': '需检测'}),
    R("POST", "cases:act", "/staff/cases/{reported}/act/approve_extension/", "anon=login *=403 supervisor=302+", "anon=login *=404 ian=403 root=403", data={'approve_extension-approved': '1'}),
    R("POST", "cases:act", "/staff/cases/{in_progress}/act/grant_identity/", "anon=login *=403 supervisor=302+ lee=302+", "anon=login *=404 ian=403 root=403", data={'grant_identity-username': 'cole', 'grant_identity-reason': '回访需要'}),
    R("POST", "cases:act", "/staff/cases/{in_progress}/act/attach/", "anon=login *=302+ dispatcher=403 otto=403 lee=403 ian=403 ed=403 root=403", "anon=login *=404 ian=403 root=403", data={'attach-file': '{png}'}),
    # --- deadlines -----------------------------------------------------------------------------------
    R("GET", "deadlines:board", "/staff/deadlines/board/", "anon=login *=403 dispatcher=200 supervisor=200 lee=200 root=200"),
    R("GET", "deadlines:board_tiles", "/staff/deadlines/board/tiles/", "anon=login *=403 dispatcher=200 supervisor=200 lee=200 root=200"),
    R("GET", "deadlines:mine", "/staff/deadlines/mine/", "anon=login *=200"),
    R("POST", "deadlines:urge", "/staff/deadlines/case/{in_progress}/urge/", "anon=login *=302 supervisor=302+ lee=302+ ian=403", "anon=login *=404 ian=403 root=302", data={'text': '请加快办理'}),
    R("POST", "deadlines:order", "/staff/deadlines/case/{in_progress}/order/", "anon=login *=302 supervisor=302+ lee=302+ ian=403", "anon=login *=404 ian=403 root=302", data={'unit': '{lead_pk}', 'requirements': '三日内报告', 'due_at': '{due}'}),
    R("POST", "deadlines:respond", "/staff/deadlines/order/{order}/respond/", "anon=login *=302 oscar=302+ bob=302+ olga=302+ ian=403", "anon=login *=404 ian=403 root=302", data={'response': '已查处'}),
    R("POST", "deadlines:instruct", "/staff/deadlines/case/{in_progress}/instruct/", "anon=login *=302 lee=302+ ian=403", "anon=login *=404 ian=403 root=302", data={'text': '从严查处'}),
    R("POST", "deadlines:own", "/staff/deadlines/case/{in_progress}/own/", "anon=login *=302 lee=302+ ian=403", "anon=login *=404 ian=403 root=302", data={'leader': '{lee_pk}'}),
    R("POST", "deadlines:release", "/staff/deadlines/case/{in_progress}/release/", "anon=login *=302 ian=403", "anon=login *=404 ian=403 root=302", data={'reason': '调整'}),
    R("POST", "deadlines:duty", "/staff/deadlines/case/{in_progress}/duty/", "anon=login *=302 ian=403", "anon=login *=404 ian=403 root=302", data={'duty': 'supervise', 'note': '已督办'}),
    R("POST", "deadlines:star", "/staff/deadlines/case/{in_progress}/star/", "anon=login *=302 supervisor=302+ lee=302+ ian=403", "anon=login *=404 ian=403 root=302", data={'starred': '1', 'reason': '群众反映强烈'}),
    # --- notifications -------------------------------------------------------------------------------
    R("GET", "notify:inbox", "/staff/notifications/", "anon=login *=200"),
    R("GET", "notify:unread", "/staff/notifications/unread/", "anon=login *=200"),
    R("POST", "notify:open", "/staff/notifications/{note}/open/", "anon=login *=302+", "anon=login *=404"),
    R("POST", "notify:read_all", "/staff/notifications/read-all/", "anon=login *=302+"),
    R("GET", "notify:outbox", "/staff/notifications/outbox/", "anon=login *=403 ed=200 root=200"),
    R("POST", "notify:outbox_retry", "/staff/notifications/outbox/999999/retry/", "anon=login *=403 ed=302 root=302"),
    R("GET", "notify:calls", "/staff/notifications/calls/", "anon=login *=200"),
    R("POST", "notify:call_done", "/staff/notifications/calls/999999/done/", "anon=login *=404"),
    R("POST", "notify:call_reveal", "/staff/notifications/calls/999999/number/", "anon=login *=404"),
    # --- triage --------------------------------------------------------------------------------------
    R("POST", "triage:suggest", "/staff/triage/suggest/", "anon=login *=200 ian=403", data={'content': '工地夜间施工噪声扰民', 'address': '盐城市亭湖区建设路'}),
    R("GET", "triage:key", "/staff/triage/key/", "anon=login *=403 supervisor=200 lee=200 ed=200 root=200"),
    # --- documents -----------------------------------------------------------------------------------
    R("GET", "documents:templates", "/staff/documents/templates/", "anon=login *=403 ed=200 root=200"),
    R("GET", "documents:template_edit", "/staff/documents/templates/{tpl}/", "anon=login *=403 ed=200 root=200"),
    R("POST", "documents:template_edit", "/staff/documents/templates/{tpl}/", "anon=login *=403 ed=302+ root=302+", data={'title': '受理告知书', 'body': '{{complainant}}：您反映的问题已受理。', 'active': 'on'}),
    R("POST", "documents:generate", "/staff/documents/case/{in_progress}/generate/", "anon=login *=302 dispatcher=302+ ian=403", "anon=login *=404 ian=403 root=302", data={'kind': 'assignment'}),
    R("GET", "documents:reply", "/staff/documents/case/{reviewed}/reply/", "anon=login *=302 clerk=200", "anon=login *=404 root=302"),
    R("POST", "documents:reply", "/staff/documents/case/{reviewed}/reply/", "anon=login *=302 clerk=302+ ian=403", "anon=login *=404 ian=403 root=302", data={'op': 'save', 'text': '答复', 'revision': 1}),
    R("GET", "documents:reply_preview", "/staff/documents/case/{reviewed}/reply/preview.pdf", "anon=login *=404 clerk=200", "anon=login *=404"),
    R("GET", "documents:download", "/staff/documents/{doc}.pdf", "anon=login *=200", "anon=login *=404 root=200"),
    # --- fieldwork -----------------------------------------------------------------------------------
    R("GET", "fieldwork:mine", "/staff/fieldwork/", "anon=login *=200"),
    R("GET", "fieldwork:case", "/staff/fieldwork/{in_progress}/", "anon=login *=200", "anon=login *=404 root=200"),
    R("POST", "fieldwork:sign_for", "/staff/fieldwork/{assigned}/sign/", "anon=login *=302 oscar=302+ bob=302+ olga=302+ ian=403", "anon=login *=404 ian=403 root=302"),
    R("POST", "fieldwork:arrive", "/staff/fieldwork/{in_progress}/arrive/", "anon=login *=302 oscar=302+ bob=302+ olga=302+ ian=403", "anon=login *=404 ian=403 root=302", data={'note': '已到达现场'}),
    R("POST", "fieldwork:photo", "/staff/fieldwork/{in_progress}/photo/", "anon=login *=302+ dispatcher=302 otto=302 lee=302 ian=403 ed=302 root=302", "anon=login *=404 ian=403 root=302", data={'photo': '{png}'}),
    R("POST", "fieldwork:report", "/staff/fieldwork/{in_progress}/report/", "anon=login *=400 oscar=302+ bob=302+ olga=302+ ian=403", "anon=login *=404 ian=403 root=400", data={'finding': 'founded', 'result': '现场核实属实'}),
    R("POST", "fieldwork:survey", "/staff/fieldwork/{in_progress}/survey/", "anon=login *=302 ian=403", "anon=login *=404 ian=403 root=302", data={'result': 'satisfied', 'respondent': 'resident'}),
    R("POST", "fieldwork:verify", "/staff/fieldwork/{reported}/rectification/{rect}/verify/", "anon=login *=302 supervisor=302+ ian=403", "anon=login *=404 ian=403 root=302", data={'passed': '1', 'note': '已整改到位'}),
    # --- intake (staff) ------------------------------------------------------------------------------
    R("GET", "intake:phone", "/staff/intake/phone/", "anon=login *=403 clerk=200 root=200"),
    R("POST", "intake:phone", "/staff/intake/phone/", "anon=login *=403 clerk=302+ root=200", data={'unit': '{clerk_unit_code}', 'content': '夜间噪声扰民', 'name': '路人', 'phone': '13700000000'}),
    R("GET", "intake:phone_history", "/staff/intake/phone/history/?phone=1390000", "anon=login *=200"),
    R("GET", "intake:import", "/staff/intake/import/", "anon=login *=403 clerk=200 root=200"),
    R("POST", "intake:import", "/staff/intake/import/", "anon=login *=403 clerk=200 root=200", data={}),
    R("GET", "intake:import_map", "/staff/intake/import/{upload}/map/", "anon=login *=404 amy=200 bea=200 root=200", "anon=login *=404 root=200"),
    R("POST", "intake:import_map", "/staff/intake/import/{upload}/map/", "anon=login *=404 amy=302+ bea=302+ ian=403 root=302+", "anon=login *=404 ian=403 root=302+", data={'col_content': '内容', 'col_address': '地址', 'name': '测试映射'}),
    R("GET", "intake:import_report", "/staff/intake/import/{upload}/report/?mapping={mapping}", "anon=login *=404 amy=200 bea=200 root=200", "anon=login *=404 root=200"),
    R("POST", "intake:import_report", "/staff/intake/import/{upload}/report/?mapping={mapping}", "anon=login *=404 amy=302+ bea=302+ ian=403 root=200", "anon=login *=404 ian=403 root=200"),
    R("GET", "intake:export", "/staff/intake/export.xlsx", "anon=login *=200"),
    R("GET", "intake:reception", "/staff/intake/reception/", "anon=login *=403 clerk=200 lee=200"),
    R("GET", "intake:unrouted", "/staff/intake/unrouted/", "anon=login *=403 clerk=200"),
    R("GET", "intake:hotline", "/staff/intake/hotline/", "anon=login *=403 clerk=200"),
    R("POST", "intake:hotline_return", "/staff/intake/hotline/{registered}/return/", "anon=login *=403 clerk=404", "anon=login *=403 clerk=404", data={'reason': '不属于本部门', 'authority': '交通运输局'}),
    R("GET", "intake:hotline_export", "/staff/intake/hotline/replies.json", "anon=login *=403 clerk=200"),
    R("GET", "intake:letter_upload", "/staff/intake/letters/", "anon=login *=403 clerk=200"),
    R("POST", "intake:letter_upload", "/staff/intake/letters/", "anon=login *=403 clerk=400", data={'file': '{png}'}),
    R("GET", "intake:letter", "/staff/intake/letters/999999/", "anon=login *=404"),
    R("GET", "intake:letter_progress", "/staff/intake/letters/999999/progress/", "anon=login *=404"),
    R("GET", "intake:letter_original", "/staff/intake/letters/999999/original/", "anon=login *=404"),
    R("POST", "intake:reception", "/staff/intake/reception/", "anon=login *=403 clerk=302+ lee=200", data={'unit': '{clerk_unit_code}', 'leader_name': '李局长', 'place': '接待室', 'date': '{tomorrow}'}),
    R("GET", "intake:reception_detail", "/staff/intake/reception/{reception}/", "anon=login *=404 clerk=200 lee=200", "anon=login *=404"),
    R("POST", "intake:reception_detail", "/staff/intake/reception/{reception}/", "anon=login *=404 clerk=302+ lee=200 ian=403", "anon=login *=404 ian=403", data={'content': '来访反映噪声', 'name': '来访人', 'phone': '13700000000', 'head_count': '1'}),
    # --- analytics -----------------------------------------------------------------------------------
    R("GET", "analytics:dashboard", "/staff/analytics/", "anon=login *=403 supervisor=200 lee=200 ed=200 root=200"),
    R("GET", "analytics:points", "/staff/analytics/points/", "anon=login *=403 supervisor=200 lee=200 ed=200 root=200"),
    R("GET", "analytics:geo", "/staff/analytics/geo/320900.json", "anon=login *=403 supervisor=200 lee=200 ed=200 root=200"),
    R("POST", "analytics:push_warning", "/staff/analytics/warnings/push/", "anon=login *=403 supervisor=302 lee=302 ed=302 root=302", data={'key': 'x'}),
    R("GET", "analytics:assessment", "/staff/analytics/assessment/", "anon=login *=403 supervisor=200 lee=200 ed=200 root=200"),
    R("GET", "analytics:report", "/staff/analytics/report.xlsx", "anon=login *=403 supervisor=200 lee=200 ed=200 root=200"),
    R("GET", "analytics:publish", "/staff/analytics/disclosure/", "anon=login *=403 supervisor=200 lee=200 ed=200 root=200"),
    R("POST", "analytics:publish", "/staff/analytics/disclosure/", "anon=login *=403 supervisor=302 lee=302 ed=302 root=302", data={'title': '公开', 'from': '{month_start}', 'to': '{today}'}),
    R("GET", "analytics:campaigns", "/staff/analytics/campaigns/", "anon=login *=403 supervisor=200 lee=200 ed=200 root=200"),
    R("POST", "analytics:campaigns", "/staff/analytics/campaigns/", "anon=login *=403 supervisor=302+ lee=302+ ed=302+ root=302+", data={'name': '专项', 'starts': '{today}', 'ends': '{tomorrow}'}),
    R("GET", "analytics:campaign", "/staff/analytics/campaigns/{campaign}/", "anon=login *=403 supervisor=200 lee=200 ed=200 root=200", "anon=login *=403 supervisor=404 lee=404 ed=404 root=200"),
    R("POST", "analytics:campaign", "/staff/analytics/campaigns/{campaign}/", "anon=login *=403 supervisor=302 lee=302 ed=302 root=302", "anon=login *=403 supervisor=404 lee=404 ed=404 root=302", data={'op': 'evaluate', 'evaluation': '成效明显'}),
    R("GET", "analytics:campaign_phase_pdf", "/staff/analytics/campaigns/{campaign}/phases/999999/report.pdf", "anon=login *=403 supervisor=404 lee=404 ed=404 root=404"),
    R("GET", "analytics:officers", "/staff/analytics/assessment/officers/{lead_pk}/", "anon=login *=404"),
    R("GET", "cases:unit_options", "/staff/cases/units/?q=盐城", "anon=login *=200"),
    R("GET", "documents:archive", "/staff/documents/archive/", "anon=login *=404 clerk=200 supervisor=200 leader=200 admin=200 root=200"),
    # Meetings and typical problems: lists for every role (each sees those of its own tree); no such object
    # is 404 for everyone (the meetings tests check who may create, decide and answer in a world of their own).
    R("GET", "meetings:index", "/staff/meetings/", "anon=login *=200"),
    R("GET", "meetings:create", "/staff/meetings/new/", "anon=login *=405"),  # a form on the list posts here
    R("GET", "meetings:detail", "/staff/meetings/999999/", "anon=login *=404"),
    R("POST", "meetings:add_item", "/staff/meetings/999999/add/", "anon=login *=404 ian=403", data={'number': '{reported}'}),
    R("POST", "meetings:close", "/staff/meetings/999999/close/", "anon=login *=404 ian=403", data={}),
    R("GET", "meetings:print", "/staff/meetings/999999/agenda.pdf", "anon=login *=404"),
    R("POST", "meetings:minutes", "/staff/meetings/items/999999/minutes/", "anon=login *=404 ian=403", data={'minutes': '讨论'}),
    R("POST", "meetings:decide", "/staff/meetings/items/999999/decide/", "anon=login *=404 ian=403", data={'kind': 'instruction', 'text': '限期办结'}),
    R("POST", "meetings:remove_item", "/staff/meetings/items/999999/remove/", "anon=login *=404 ian=403", data={}),
    R("POST", "meetings:complete", "/staff/meetings/decisions/999999/done/", "anon=login *=404 ian=403", data={}),
    R("GET", "meetings:problems", "/staff/meetings/problems/", "anon=login *=200"),
    R("GET", "meetings:problem_create", "/staff/meetings/problems/new/", "anon=login *=405"),
    R("GET", "meetings:problem", "/staff/meetings/problems/999999/", "anon=login *=404"),
    R("POST", "meetings:problem_act", "/staff/meetings/problems/999999/answer/", "anon=login *=404 ian=403", data={'response': '已整改'}),
    # --- oversight -----------------------------------------------------------------------------------
    R("GET", "oversight:index", "/staff/oversight/", "anon=login *=403 lee=200 ian=200 root=200"),
    R("GET", "oversight:case", "/staff/oversight/cases/{in_progress}/", "anon=login *=403 lee=200 ian=200 root=200", "anon=login *=403 lee=404 ian=404 root=200"),
    R("GET", "oversight:export_json", "/staff/oversight/cases/{in_progress}/export.json", "anon=login *=403 lee=200 ian=200 root=200", "anon=login *=403 lee=404 ian=404 root=200"),
    R("GET", "oversight:export_html", "/staff/oversight/cases/{in_progress}/export.html", "anon=login *=403 lee=200 ian=200 root=200", "anon=login *=403 lee=404 ian=404 root=200"),
    R("GET", "oversight:export_pdf", "/staff/oversight/cases/{in_progress}/export.pdf", "anon=login *=403 lee=200 ian=200 root=200", "anon=login *=403 lee=404 ian=404 root=200"),
    R("POST", "oversight:mark", "/staff/oversight/cases/{in_progress}/mark/", "anon=login *=302 ian=302+", "anon=login *=404 root=302", data={'reason': '超期未办', 'concerning': '承办人'}),
    R("POST", "oversight:recheck_open", "/staff/oversight/cases/{closed_unfounded}/recheck/", "anon=login *=302 supervisor=302+ ian=403 root=302+", "anon=login *=404 ian=403 root=302+", data={'reason': '群众再次反映'}),
    R("POST", "oversight:declare", "/staff/oversight/cases/{accepted}/emergency/declare/", "anon=login *=302+ otto=302 oscar=404 bob=302 olga=404 cole=302 ian=403 ed=302", "anon=login *=404 ian=403 root=302+", data={'reason': '河面大量死鱼'}),
    R("POST", "oversight:handled", "/staff/oversight/cases/{registered}/emergency/handled/", "anon=login *=302 supervisor=302+ oscar=404 olga=404 lee=302+ ian=403 root=302+", "anon=login *=404 ian=403 root=302+", data={'note': '已处置'}),
    R("GET", "oversight:missed", "/staff/oversight/missed/", "anon=login *=403 lee=200 ian=200 root=200"),
    R("GET", "oversight:marked", "/staff/oversight/marked/", "anon=login *=403 lee=200 ian=200 root=200"),
    R("GET", "oversight:refused", "/staff/oversight/refused/", "anon=login *=403 lee=200 ian=200 root=200"),
    R("GET", "oversight:rechecks", "/staff/oversight/rechecks/", "anon=login *=200"),
    R("GET", "oversight:recheck", "/staff/oversight/rechecks/{recheck}/", "anon=login *=200", "anon=login *=404 root=200"),
    R("POST", "oversight:recheck", "/staff/oversight/rechecks/{recheck}/", "anon=login *=400 supervisor=302+ otto=302+ ian=403 root=302+", "anon=login *=404 ian=403 root=302+", data={'decision': 'confirm', 'findings': '复核属实'}),
    R("GET", "oversight:emergencies", "/staff/oversight/emergencies/", "anon=login *=200"),
    R("POST", "oversight:acknowledge", "/staff/oversight/emergencies/ack/{recipient}/", "anon=login *=302 oscar=404 olga=404 ian=403", "anon=login *=404 ian=403 root=302", data={'note': '收到'}),
    R("GET", "oversight:ack_link", "/staff/oversight/ack/{ack_token}/", "anon=login *=200"),
    R("POST", "oversight:ack_link", "/staff/oversight/ack/{ack_token}/", "anon=login *=200 ian=403",
      data={'note': '收到'}),
    R("GET", "oversight:suggest", "/staff/oversight/suggest/?content=死鱼", "anon=login *=200"),
    # --- Open311 GeoReport v2 (api_key = the user's Open311 key) --------------------------------------
    R("GET", "open311:root", "/open311/v2/", "*=400"),
    R("GET", "open311:discovery", "/open311/v2/discovery.json", "*=200"),
    R("GET", "open311:services", "/open311/v2/services.json", "*=200"),
    R("GET", "open311:service", "/open311/v2/services/noise.json", "*=200"),
    R("GET", "open311:requests", "/open311/v2/requests.json", "*=200"),
    R("POST", "open311:requests", "/open311/v2/requests.json", "*=403 clerk=200+", data={'service_code': 'noise', 'description': '夜间噪声', 'address_string': '盐城市亭湖区建设路'}),
    R("GET", "open311:request", "/open311/v2/requests/{in_progress}.json", "*=200", "anon=200 *=404 root=200"),
    R("GET", "open311:request_alt", "/open311/v2/request/{in_progress}.json", "*=200", "anon=200 *=404 root=200"),
    R("GET", "open311:token", "/open311/v2/tokens/NO-SUCH.json", "*=404"),
    R("GET", "open311:not_found", "/open311/v2/nothing.json", "*=404"),
    # --- /api/v1/ (bearer token = the user's token) --------------------------------------------------
    R("GET", "api:api-root", "/api/v1/", "*=404"),
    R("GET", "api:openapi-json", "/api/v1/openapi.json", "*=200"),
    R("GET", "api:openapi-view", "/api/v1/docs", "*=200"),
    A("GET", "/complaints", "anon=401 *=200"),
    A("POST", "/complaints", "anon=401 *=403 clerk=201+", data={'content': '夜间噪声扰民', 'complainants': [{'name': '路人', 'phone': '13700000000'}]}),
    A("GET", "/complaints/{number}", "anon=401 *=200", "anon=401 *=404 root=200"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 clerk=200+ oscar=404 olga=404 ian=403", "anon=401 *=404 ian=403 root=409", data={}, at="registered", action="accept"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 clerk=200+ oscar=404 olga=404 ian=403", "anon=401 *=404 ian=403 root=409", data={'reason': '不属于信访事项', 'legal_route': '向人民法院提起诉讼'}, at="registered", action="reject"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 clerk=200+ dispatcher=200+ oscar=404 olga=404 ian=403", "anon=401 *=404 ian=403 root=409", data={'to_authority': '市住房和城乡建设局'}, at="registered", action="refer"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 clerk=200+ dispatcher=200+ oscar=404 olga=404 ian=403", "anon=401 *=404 ian=403 root=409", data={'into': '{accepted}'}, at="registered", action="merge"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 dispatcher=200+ oscar=404 olga=404 ian=403", "anon=401 *=404 ian=403 root=409", data={'lead_unit': '{lead_code}'}, at="accepted", action="assign"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 oscar=200+ bob=200+ olga=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'reason': '非本单位职责'}, at="assigned", action="return"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 oscar=200+ bob=200+ olga=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={}, at="assigned", action="sign_for"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 oscar=200+ bob=200+ olga=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'finding': 'founded', 'result': '现场核实属实'}, action="report"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 supervisor=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={}, at="reported", action="review"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 supervisor=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'note': '重办'}, at="reported", action="rework"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 clerk=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'text': '已整改。', 'method': 'sms', 'reason': '信访人要求简短答复'}, at="reviewed", action="reply"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 cole=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'result': 'satisfied'}, at="replied", action="callback"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 clerk=200+ supervisor=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={}, at="called_back", action="close"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 supervisor=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'reason': '再次反映'}, at="called_back", action="reopen"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 clerk=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'reason': '不服'}, at="called_back", action="request_review"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 supervisor=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'note': '维持'}, at="under_review", action="uphold"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 supervisor=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'note': '撤销'}, at="under_review", action="overturn"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 ian=403", "anon=401 *=404 ian=403 root=409", data={'reason': '不服复查'}, at="called_back", action="request_re_review"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 ian=403", "anon=401 *=404 ian=403 root=409", data={'note': '维持'}, at="under_review", action="re_review_uphold"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 ian=403", "anon=401 *=404 ian=403 root=409", data={'note': '撤销'}, at="under_review", action="re_review_overturn"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 oscar=200+ bob=200+ olga=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'days': 10, 'reason': '需检测'}, action="request_extension"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 supervisor=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={}, at="reported", action="approve_extension"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 supervisor=200+ lee=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'username': 'cole', 'reason': '回访需要'}, at="in_progress", action="grant_identity"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 supervisor=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'note': '不予延期'}, at="reported", action="reject_extension"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 ian=403", "anon=401 *=404 ian=403 root=409", data={'reason': '整改期长'}, at="called_back", action="stage_close"),
    A("POST", "/complaints/{number}/actions/{action}", "anon=401 *=409 ian=403", "anon=401 *=404 ian=403 root=409", data={}, at="called_back", action="archive"),
    A("GET", "/analytics/figures", "anon=401 *=403 supervisor=200 leader=200 admin=200 root=200"),
    A("GET", "/analytics/assessment", "anon=401 *=403 supervisor=200 leader=200 admin=200 root=200"),
    A("GET", "/complaints/{number}/attachments", "anon=401 *=200", "anon=401 *=404 root=200"),
    A("POST", "/complaints/{number}/attachments", "anon=401 *=201+ dispatcher=409 otto=409 lee=409 ian=403 ed=409 root=409", "anon=401 *=404 ian=403 root=409", data={'file': '{png}'}),
    A("GET", "/complaints/{number}/attachments/{attachment_id}", "anon=401 *=200", "anon=401 *=404 root=200"),
    A("GET", "/deadlines/cases/{number}/clocks", "anon=401 *=200", "anon=401 *=404 root=200"),
    A("GET", "/deadlines/board", "anon=401 *=403 dispatcher=200 supervisor=200 lee=200 root=200"),
    A("POST", "/triage", "anon=401 *=200 ian=403", data={'text': '工地夜间施工噪声扰民'}),
    A("GET", "/documents/cases/{number}", "anon=401 *=200", "anon=401 *=404 root=200"),
    A("POST", "/documents/cases/{number}", "anon=401 *=409 dispatcher=201+ ian=403", "anon=401 *=404 ian=403 root=409", data={'kind': 'assignment'}),
    A("GET", "/fieldwork/cases/{number}", "anon=401 *=200", "anon=401 *=404 root=200"),
    A("POST", "/fieldwork/cases/{number}/site-visit", "anon=401 *=409 oscar=201+ bob=201+ olga=201+ ian=403", "anon=401 *=404 ian=403 root=409", data={'note': '到达'}),
    A("POST", "/fieldwork/cases/{number}/report", "anon=401 *=409 oscar=200+ bob=200+ olga=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'finding': 'founded', 'result': '属实'}),
    A("POST", "/fieldwork/rectifications/{pk}/verify", "anon=401 *=409 supervisor=200+ ian=403", "anon=401 *=404 ian=403 root=409", data={'passed': True, 'note': '已整改'}),
    A("GET", "/oversight/cases", "anon=401 *=403 lee=200 ian=200 root=200"),
    A("GET", "/oversight/cases/{number}/history", "anon=401 *=403 lee=200 ian=200 root=200", "anon=401 *=403 lee=404 ian=404 root=200"),
    A("GET", "/oversight/missed", "anon=401 *=403 lee=200 ian=200 root=200"),
    A("POST", "/oversight/cases/{number}/accountability", "anon=401 *=403 ian=201+", "anon=401 *=404 root=403", data={'reason': '超期'}),
    A("GET", "/oversight/rechecks", "anon=401 *=200"),
    A("POST", "/oversight/rechecks", "anon=401 *=403 supervisor=201+ root=201+", "anon=401 *=404 ian=403 root=201+", data={'case': '{closed_unfounded}', 'reason': '再次反映'}),
    A("POST", "/oversight/rechecks/{task_id}/decision", "anon=401 *=403 supervisor=200+ otto=200+ root=200+", "anon=401 *=404 ian=403 root=200+", data={'decision': 'confirm', 'findings': '属实'}),
    A("GET", "/oversight/emergency/suggest?text=死鱼", "anon=401 *=200"),
    A("GET", "/oversight/emergencies", "anon=401 *=200"),
    A("POST", "/oversight/emergencies/recipients/{recipient_id}/ack", "anon=401 *=403 oscar=404 olga=404", "anon=401 *=404 ian=403 root=403", data={'note': '收到'}),
    A("POST", "/oversight/cases/{number}/emergency/handled", "anon=401 *=403 supervisor=200+ oscar=404 olga=404 lee=200+ root=200+", "anon=401 *=404 ian=403 root=200+", data={'note': '已处置'}, at="registered"),
    A("POST", "/oversight/cases/{number}/emergency", "anon=401 *=200+ otto=403 oscar=404 bob=403 olga=404 cole=403 ian=403 ed=403", "anon=401 *=404 ian=403 root=200+", data={'reason': '死鱼'}, at="accepted"),
]

# URL names left out of the walk, with the reason.
NOT_IN_WALK = {
    # Django's admin has its own permission system (is_staff + model permissions), tested by Django.
    "admin",
}


# --- the walk: every URL pattern and API operation must have a row --------------------------------


def console_url_names() -> set[str]:
    names: set[str] = set()

    def walk(resolver, ns=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                inner = ns + (p.namespace + ":" if p.namespace else "")
                if (p.namespace or "") in NOT_IN_WALK:
                    continue
                walk(p, inner)
            elif isinstance(p, URLPattern):
                assert p.name, f"unnamed URL pattern {p.pattern}: name it so the matrix can list it"
                names.add(ns + p.name)

    walk(get_resolver())
    api_ops = {n for n in names if n.startswith("api:")} - {"api:api-root", "api:openapi-json", "api:openapi-view"}
    return names - api_ops


def api_operations() -> set[str]:
    from ecopetition.api import api

    schema = api.get_openapi_schema()
    return {f"api {m.upper()} {path[len('/api/v1'):]}" for path, ops in schema["paths"].items() for m in ops}


def test_every_url_and_operation_is_in_the_table():
    from ecopetition.cases.views import ACTION_FORMS
    from ecopetition.intake.api import ActionName

    in_table = {r.name for r in TABLE}
    missing = (console_url_names() | api_operations()) - in_table
    assert not missing, f"URLs without a row in the access matrix: {sorted(missing)}"
    stale = in_table - console_url_names() - api_operations()
    assert not stale, f"rows for URLs that no longer exist: {sorted(stale)}"
    console_actions = {r.path.split("/act/")[1].strip("/") for r in TABLE if r.name == "cases:act"}
    api_actions = {r.path.split("/actions/")[1] for r in TABLE if "/actions/" in r.path}
    assert console_actions == set(ACTION_FORMS), "every console case action needs a row"
    keys = {tok.split("=", 1)[0] for r in TABLE for spec in (r.own, r.sibling) for tok in spec.split()}
    assert keys <= ROLE_KEYS | set(USERS) | {"*"}, f"unknown keys in the table: {keys - ROLE_KEYS - set(USERS)}"
    assert api_actions == set(ActionName.__args__), "every API case action needs a row"


# --- expectations -------------------------------------------------------------------------------


def expected(spec: str, user: str, roles: set[str]) -> str:
    rules = dict(tok.split("=", 1) for tok in spec.split())
    if user in rules:
        return rules[user]
    hits = {rules[r] for r in roles if r in rules}
    if len(hits) == 1:
        return hits.pop()
    assert not hits, f"{user}: roles {roles} give different answers in {spec!r}"
    return rules["*"]


# --- running one request --------------------------------------------------------------------------


FINGERPRINT_SQL = None


def fingerprint() -> tuple:
    """What a successful change leaves behind: audit events and the few records kept outside them."""
    global FINGERPRINT_SQL
    from django.db import connection

    if FINGERPRINT_SQL is None:
        from ecopetition.analytics.models import Campaign, Publication
        from ecopetition.cases.models import Complaint, Event
        from ecopetition.documents.models import DocumentTemplate, ReplyDraft
        from ecopetition.intake.models import ColumnMapping, ReceptionSession
        from ecopetition.notify.models import Notification
        from ecopetition.oversight.models import AlertRecipient

        # Table names come from the models: nothing from outside goes into this SQL.
        tables = [m._meta.db_table for m in (Event, Complaint, Campaign, Publication, ReceptionSession, ColumnMapping)]
        counts = [f"(SELECT COUNT(*) FROM {t})" for t in tables]  # noqa: S608
        counts += [f"(SELECT COUNT(*) FROM {Notification._meta.db_table} WHERE read_at IS NULL)",  # noqa: S608
                   f"(SELECT COUNT(*) FROM {AlertRecipient._meta.db_table} WHERE acknowledged_at IS NOT NULL)",  # noqa: S608
                   f"(SELECT MAX(updated_at) FROM {DocumentTemplate._meta.db_table})",  # noqa: S608
                   f"(SELECT MAX(updated_at) FROM {ReplyDraft._meta.db_table})"]  # noqa: S608
        FINGERPRINT_SQL = "SELECT " + ", ".join(counts)
    with connection.cursor() as cur:
        cur.execute(FINGERPRINT_SQL)
        return tuple(cur.fetchone())


class Rollback(Exception):
    pass


def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302, 303) and response.get("Location", "").startswith("/accounts/login/"):
        return "login"
    return str(code)


def values_for(w, user: str, family: str, side: str) -> dict[str, str]:
    from ecopetition.documents.models import DocumentTemplate

    from .secworld import LEAD, STATES

    today = clock.localdate()
    v = {s: w.case(family, s).number for s in STATES}
    v.update({
        "closed_unfounded": w.unfounded[family].number,
        "att": str(w.objects[("attachment", family)].pk), "doc": str(w.objects[("document", family)].pk),
        "order": str(w.objects[("order", family)].pk), "rect": str(w.objects[("rectification", family)].pk),
        "recheck": str(w.objects[("recheck", family)].pk), "recipient": str(w.objects[("recipient", family)].pk),
        "ack_token": w.objects[("recipient", family)].token, "reception": str(w.objects[("reception", family)].pk),
        "campaign": str(w.objects[("campaign", family)].pk), "upload": str(w.objects[("upload", family)].pk),
        "mapping": str(w.objects[("mapping", family)].pk),
        "lead_pk": str(w.units[LEAD[family]].pk), "lead_code": w.units[LEAD[family]].code,
        "lee_pk": str(w.users["lee"].pk),
        "tpl": str(DocumentTemplate.objects.order_by("pk").values_list("pk", flat=True).first()),
        "now": timezone.localtime(clock.now()).strftime("%Y-%m-%dT%H:%M"),
        "due": (timezone.localtime(clock.now()) + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "today": today.isoformat(), "tomorrow": (today + dt.timedelta(days=1)).isoformat(),
        "month_start": today.replace(day=1).isoformat(),
    })
    # A notification: one's own, or somebody else's for the sibling column.
    owner = user if side == "own" and user != "anon" else "pat"
    v["note"] = str(w.notes[owner].pk)
    clerk_units = {"amy": "county_a", "bea": "county_b", "cara": "city"}
    unit = w.units[clerk_units.get(user, "county_a")]
    v["clerk_unit_pk"], v["clerk_unit_code"] = str(unit.pk), unit.code
    return v


FAMILY_BOUND = ("{registered}", "{accepted}", "{assigned}", "{in_progress}", "{reported}", "{reviewed}",
                "{replied}", "{called_back}", "{under_review}", "{closed_unfounded}", "{att}", "{doc}", "{order}",
                "{rect}", "{recheck}", "{recipient}", "{ack_token}", "{reception}", "{campaign}", "{upload}",
                "{mapping}", "{lead_pk}", "{lead_code}", "{note}")


def family_bound(row: Row) -> bool:
    """Does the request name a case or object of a unit (so the sibling column is a different request)?"""
    text = row.path + json.dumps(row.data or {}, ensure_ascii=False)
    return any(p in text for p in FAMILY_BOUND)


def fill(value, v: dict):
    if isinstance(value, str):
        if value == "{png}":
            return SimpleUploadedFile("现场.png", PNG, content_type="image/png")
        for k, x in v.items():
            value = value.replace("{" + k + "}", x)
        return value
    if isinstance(value, list):
        return [fill(x, v) for x in value]
    if isinstance(value, dict):
        return {k: fill(x, v) for k, x in value.items()}
    return value


CSRF = "a" * 32  # the secret itself is a valid token: Django accepts the unmasked form


def make_client(w, user: str) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user != "anon":
        client.force_login(w.users[user])
    client.cookies["csrftoken"] = CSRF
    return client


def request(client: Client, w, row: Row, user: str, v: dict):
    data = fill(dict(row.data) if row.data else None, v)
    if row.json:
        path = fill(row.path, v)
        headers = {} if user == "anon" else {"HTTP_AUTHORIZATION": f"Bearer {w.tokens[user]}"}
        if row.method == "GET":
            return client.get(path, **headers)
        if any(isinstance(x, SimpleUploadedFile) for x in (data or {}).values()):
            return client.post(path, data, **headers)
        return client.post(path, json.dumps(data or {}), content_type="application/json", **headers)
    path = fill(row.path, v)
    if path.startswith("/open311/") and user != "anon":
        path += ("&" if "?" in path else "?") + f"api_key={w.open311_keys[user]}"
        if row.method == "POST":
            data = {**(data or {}), "api_key": w.open311_keys[user]}
    if row.method == "GET":
        return client.get(path)
    return client.post(path, data or {}, HTTP_X_CSRFTOKEN=CSRF)


def roles_of(w, user: str) -> set[str]:
    from ecopetition.org import queries as org

    if user == "anon":
        return set()
    return {str(r) for r in org.roles_of(w.users[user])}


def test_access_matrix(sw):
    w = sw
    roles = {u: roles_of(w, u) for u in USERS}
    clients = {u: make_client(w, u) for u in USERS}
    api_client = Client(raise_request_exception=False)  # bearer tokens only, no session
    failures, observed = [], []
    values = {(u, side): values_for(w, u, OWN[u] if side == "own" else SIBLING[u], side)
              for u in USERS for side in ("own", "sibling")}
    import time

    timing = {}
    for row in TABLE:
        started = time.process_time()
        line = {"own": {}, "sibling": {}}
        for side in ("own", "sibling"):
            spec = (row.sibling or row.own) if side == "sibling" else row.own
            for user in USERS:
                v = values[(user, side)]
                client = api_client if row.json else clients[user]
                cookies = client.cookies
                client.cookies = type(cookies)(cookies)  # a logout or log in must not leak to the next row
                if side == "sibling" and not family_bound(row):
                    got = line["own"][user]  # the very same request: nothing of a unit in it
                    if got != expected(spec, user, roles[user]):
                        failures.append(f"{row.method} {row.path} [sibling] {user}: expected "
                                        f"{expected(spec, user, roles[user])}, got {got}")
                    line[side][user] = got
                    continue
                before = fingerprint() if row.method != "GET" else None
                try:
                    with transaction.atomic():
                        response = request(client, w, row, user, v)
                        changed = before is not None and fingerprint() != before
                        got = outcome(response) + ("+" if changed else "")
                        raise Rollback
                except Rollback:
                    pass
                finally:
                    client.cookies = cookies
                line[side][user] = got
                want = expected(spec, user, roles[user])
                if got != want:
                    failures.append(f"{row.method} {row.path} [{side}] {user}: expected {want}, got {got}")
        observed.append((row, line))
        timing[f"{row.method} {row.path}"] = time.process_time() - started
    dump = os.environ.get("ECOPETITION_MATRIX_DUMP")
    if dump:
        with open(dump, "w") as fh:
            for row, line in observed:
                fh.write(f"{row.method} {row.path}\n  own:     {_compact(line['own'])}\n"
                         f"  sibling: {_compact(line['sibling'])}\n")
    if dump:
        with open(dump + ".time", "w") as fh:
            for k, t in sorted(timing.items(), key=lambda kv: -kv[1]):
                fh.write(f"{t:7.2f} {k}\n")
    assert not failures, f"{len(failures)} answers differ from the access matrix:\n" + "\n".join(failures)


def _compact(answers: dict[str, str]) -> str:
    from collections import Counter

    common = Counter(answers.values()).most_common(1)[0][0]
    return " ".join([f"*={common}"] + [f"{u}={a}" for u, a in answers.items() if a != common])


def test_each_token_works_only_where_its_scope_says(sw):
    """Every user's JSON API token is refused by Open311 (it would travel in a URL there), and every
    Open311 key by the JSON API, for reads and writes."""
    from ecopetition.cases.models import Complaint

    w = sw
    client = Client(raise_request_exception=False)
    count = Complaint.objects.count()
    for user in USERS:
        if user == "anon":
            continue
        api_token, open311_key = w.tokens[user], w.open311_keys[user]
        assert client.get(f"/open311/v2/requests.json?api_key={api_token}").status_code == 403, user
        r = client.post("/open311/v2/requests.json", {"api_key": api_token, "service_code": "noise",
                                                      "address_string": "盐城市亭湖区建设路"})
        assert r.status_code == 403, user
        assert client.get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {open311_key}").status_code == 401
        r = client.post("/api/v1/complaints", json.dumps({"content": "夜间噪声扰民"}), content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {open311_key}")
        assert r.status_code == 401 and r.json()["code"] == "unauthenticated", user
        # and each where it belongs
        assert client.get(f"/open311/v2/requests.json?api_key={open311_key}").status_code == 200, user
        assert client.get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {api_token}").status_code == 200, user
    assert Complaint.objects.count() == count
