"""Legal routes for matters that are not eco-environment complaints (依照法定途径分类处理).

The code is what the classifier predicts; the text is what the clerk's
non-acceptance notice tells the complainant.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ROUTES: dict[str, tuple[str, str]] = {
    # code: (authority, what the complainant is told)
    "labour": ("劳动人事争议仲裁委员会 / 人社部门劳动保障监察", "劳动争议请向劳动人事争议仲裁委员会申请仲裁，拖欠工资等可向人社部门劳动保障监察机构投诉（12333）"),
    "property": ("住房城乡建设部门（物业主管部门）", "物业服务和小区管理问题请向住建部门（物业主管部门）或所在街道、社区反映"),
    "neighbour": ("人民调解委员会", "邻里纠纷请向所在村（居）委会人民调解委员会申请调解，调解不成可向人民法院起诉"),
    "consumer": ("市场监督管理部门（12315）", "消费纠纷和商品服务质量问题请拨打12315或登录全国12315平台向市场监管部门投诉"),
    "traffic": ("公安交警部门（122）", "交通违法、乱停车和交通事故请向公安交警部门反映（122）"),
    "public_security": ("公安机关（110）", "治安和违法犯罪问题请拨打110或到公安机关报案"),
    "land": ("自然资源部门 / 当地人民政府", "征地拆迁、土地权属问题请向自然资源部门或当地人民政府反映，也可依法申请行政复议或提起诉讼"),
    "social_security": ("人力资源和社会保障部门（12333）", "社保、养老、医保待遇问题请向人社部门或医保部门反映（12333）"),
    "health": ("卫生健康部门（12320）", "医疗服务和医疗纠纷请向卫生健康部门反映（12320），或依法申请医疗纠纷人民调解"),
    "education": ("教育行政部门", "学校和教育收费等问题请向教育行政部门反映"),
    "utilities": ("供水、供电、供气企业及其主管部门", "停水停电、燃气和供暖问题请向供水、供电（95598）、燃气企业或其主管部门反映"),
    "litigation": ("人民法院 / 仲裁机构 / 复议机关", "已经或者依法应当通过诉讼、仲裁、行政复议解决的事项，请依法向人民法院、仲裁机构或复议机关提出"),
    "other_gov": ("12345政务服务便民热线", "不属于生态环境部门职责的其他事项，请拨打12345政务服务便民热线反映"),
}

ROUTE_LABELS = {
    "labour": _("Labour dispute"),
    "property": _("Property management"),
    "neighbour": _("Neighbourhood quarrel"),
    "consumer": _("Consumer complaint"),
    "traffic": _("Traffic"),
    "public_security": _("Public security"),
    "land": _("Land and demolition"),
    "social_security": _("Social security"),
    "health": _("Health care"),
    "education": _("Education"),
    "utilities": _("Water, power and gas supply"),
    "litigation": _("Courts, arbitration, administrative review"),
    "other_gov": _("Other government matters"),
}


def route_text(code: str) -> str:
    authority, advice = ROUTES.get(code, ROUTES["other_gov"])
    return f"{authority}：{advice}"
