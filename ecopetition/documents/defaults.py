"""The templates shipped with the system (Chinese, editable by an administrator afterwards).

Written for this project from the usual structure of such notices; the legal
basis named is the State Council's 信访工作条例 (2022).
"""

DEFAULT_TEMPLATES = {
    "acceptance": ("信访事项受理告知书", """{{ complainant }}：
您于{{ received_date }}通过{{ channel }}反映的“{{ title }}”问题（编号：{{ case_number }}）已收悉。经审查，该事项属于本机关职责范围，根据《信访工作条例》的规定，现予受理。
本机关将依法办理，并自受理之日起六十日内向您出具答复意见；情况复杂需要延长办理期限的，将另行告知。
您可凭上述编号拨打12369环保举报热线或登录网上平台查询办理进展。
特此告知。"""),
    "non_acceptance": ("信访事项不予受理告知书", """{{ complainant }}：
您于{{ received_date }}通过{{ channel }}反映的“{{ title }}”问题（编号：{{ case_number }}）已收悉。经审查，{{ reject_reason }}。根据《信访工作条例》的规定，本机关不予受理。
对您反映的事项，{{ legal_route_sentence }}
特此告知。"""),
    "referral": ("信访事项转送告知书", """{{ complainant }}：
您于{{ received_date }}反映的“{{ title }}”问题（编号：{{ case_number }}）已收悉。经审查，该事项不属于本机关职责范围。根据《信访工作条例》的规定，本机关已将该事项转送{{ referred_to }}依法处理，请您今后直接与其联系。
特此告知。"""),
    "assignment": ("信访事项交办单", """{{ lead_unit }}：
现将编号为{{ case_number }}的信访事项交你单位办理，具体情况如下。
反映问题：{{ title }}
问题地点：{{ address }}
被反映对象：{{ reported_party }}
来信来访时间：{{ received_date }}
来信来访渠道：{{ channel }}
信访内容：{{ content }}
协办单位：{{ assisting_units }}
交办要求：{{ instructions }}
请你单位接件后及时签收，按时限要求到达现场调查处理，依法查处环境违法行为，并按时上报办理结果。"""),
    "urging": ("信访事项催办单", """{{ lead_unit }}：
编号为{{ case_number }}的信访事项（{{ title }}）于{{ received_date }}受理并交你单位办理，目前尚未办结。请你单位抓紧办理，于{{ deadline }}前上报办理结果；逾期未报的，将予以督办并纳入考核。
{{ note }}"""),
    "supervision": ("信访事项督办单", """{{ order_unit }}：
编号为{{ case_number }}的信访事项（{{ title }}）现列为督办件。请你单位主要负责同志亲自研究部署，查清事实，依法处理，做好信访人解释工作，并于{{ deadline }}前将办理结果书面报告本机关。
督办要求：{{ requirements }}
{{ note }}"""),
    "reply": ("信访事项答复意见书", """{{ complainant }}：
您于{{ received_date }}通过{{ channel }}反映的{{ matters }}（编号：{{ case_number }}）已收悉。本机关受理后，交由{{ lead_unit }}调查处理。现将办理情况答复如下：
一、调查核实情况
经调查核实，您反映的问题{{ finding }}。【请用信访人能读懂的话写明查明的事实，不照抄内部调查报告】
二、处理情况
{{ measures_dated }}
{{ legal_basis }}
三、复查途径
{{ review_route }}
感谢您对生态环境保护工作的关心和支持。
特此答复。"""),
    "contact_card": ("生态环境信访事项联系卡", """信访事项编号：{{ case_number }}
反映问题：{{ title }}
承办单位：{{ lead_unit }}
承办人：{{ handler_name }}
联系电话：{{ handler_phone }}
您反映的问题已交{{ lead_unit }}办理。办理期间如有新的情况，或需要了解办理进展，请与承办人联系。
全国生态环境举报热线：12369"""),
    "review_opinion": ("信访事项复查意见书", """{{ complainant }}：
您对{{ lead_unit }}就“{{ title }}”问题（编号：{{ case_number }}）作出的处理意见不服，向本机关请求复查。根据《信访工作条例》的规定，本机关进行了复查，现提出复查意见如下：
{{ opinion }}
复查结论：{{ decision }}。
{{ next_step }}
特此告知。"""),
    "re_review_opinion": ("信访事项复核意见书", """{{ complainant }}：
您对“{{ title }}”问题（编号：{{ case_number }}）的复查意见不服，向本机关请求复核。根据《信访工作条例》的规定，本机关进行了复核，现提出复核意见如下：
{{ opinion }}
复核结论：{{ decision }}。
{{ next_step }}
特此告知。"""),
    "notice_accepted": ("信访事项已受理",
                        "【{{ unit_name }}】您反映的“{{ title }}”问题已受理，编号{{ case_number }}。"
                        "我们将在60日内答复您，可凭编号查询办理进展。"),
    "notice_rejected": ("信访事项不予受理",
                        "【{{ unit_name }}】您反映的“{{ title }}”问题（编号{{ case_number }}）经审查不予受理："
                        "{{ reject_reason }}。{{ legal_route_sentence }}"),
    "notice_referred": ("信访事项已转送",
                        "【{{ unit_name }}】您反映的“{{ title }}”问题（编号{{ case_number }}）不属于本机关职责范围，"
                        "已转送{{ referred_to }}依法处理，请您与其联系。"),
    "notice_replied": ("信访事项已答复",
                       "【{{ unit_name }}】您反映的“{{ title }}”问题（编号{{ case_number }}）已办理并答复"
                       "（{{ doc_number }}）：经调查，反映问题{{ finding }}。如对答复不服，可在{{ review_days }}日内请求复查。"),
}
