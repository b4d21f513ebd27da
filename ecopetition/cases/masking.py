"""How personal data looks to someone without the right to it: the masks, and the detector of
personal data in free text. Plain text in, plain text out; who may see what is `privacy`'s rule.

Kept apart from `privacy` (which reads the models) so that the models can keep the masked searchable
text of each case (`search_text`) without importing the identity rule.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

from ecopetition.core.lazyre import compile_later


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, min(len(name) - 1, 3))


def mask_phone(phone: str) -> str:
    digits = recorded_value(phone, "phone")
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 7:
        return f"{digits[:2]}***{digits[-2:]}"
    return "*" * len(digits)


def mask_id_number(value: str) -> str:
    value = recorded_value(value, "id_number")
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_address(value: str) -> str:
    value = (value or "").strip()
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "****"


# --- What the detectors read ---------------------------------------------------------------------
#
# Text comes in with characters a reader never sees or reads as others: invisible and format characters
# (zero-width space and joiners, word joiner, soft hyphen, BOM, bidi marks: Unicode category Cf), control
# characters, tabs, variation selectors, and compatibility forms (styled digits 𝟏𝟑𝟖, circled ①③⑧, ⑴, ㈠,
# compatibility ideographs). Copy-paste from chats, web pages, spreadsheets and PDFs brings them in as much as an
# attacker does. Every detector reads the text through `read_text`: NFKC, the invisible characters dropped, a tab
# as a space, any digit as its ASCII digit; the spans found map back to the original characters, so that the mask
# covers what was written, invisible characters inside a value included. Full-width forms and the ideographic space
# stay as written here (the detectors know them, and `Shadow` reads full-width digits). The recorded values go
# through `recorded_value`, the one door by which a complainant's name, phone, ID number and address become
# needles (masks, fragments, search columns).

_IGNORABLE = frozenset(map(chr, (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, *range(0x180B, 0x1810),
                                 *range(0xFE00, 0xFE10))))


class _Reading(dict):
    """`str.translate` table filled on first use: what each character reads as ("" when it is dropped)."""

    def __missing__(self, code: int):
        c = chr(code)
        if c in "\n\r" or 0xFF01 <= code <= 0xFF5E or code == 0x3000:
            value = c
        elif c == "\t":
            value = " "
        elif unicodedata.category(c) in ("Cf", "Cc", "Cs", "Co") or c in _IGNORABLE or 0xE0000 <= code <= 0xE0FFF:
            value = ""
        else:
            value = "".join(str(unicodedata.digit(n)) if unicodedata.digit(n, None) is not None and not n.isascii()
                            else n for n in unicodedata.normalize("NFKC", c))
        self[code] = value
        return self[code]


_READING = _Reading()
# Characters that read as themselves (tests/test_identity_normalisation.py checks each): most texts are made of
# nothing else, and skip the table.
PLAIN_CHARS = ("\n\r\x20-\x7e\u4e00-\u9fff\u3000-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff5e"
               "\u2018\u2019\u201c\u201d\u2014\u00b7")
_PLAIN = compile_later(f"[{PLAIN_CHARS}]*")


def read_text(text: str) -> tuple[str, list[int] | None]:
    """`text` as the detectors read it, and for each of its characters the position of the original one it
    comes from (None when it is the text as written)."""
    if _PLAIN.fullmatch(text):
        return text, None
    read = text.translate(_READING)
    if read == text:
        return text, None
    index: list[int] = []
    for i, c in enumerate(text):
        index.extend([i] * len(_READING[ord(c)]))
    return read, index


def _span_of(index: list[int], start: int, end: int) -> tuple[int, int]:
    return index[start], index[end - 1] + 1


@lru_cache(maxsize=4096)
def recorded_value(value: str, kind: str) -> str:
    """A recorded value (kind: name, phone, id_number, address) as it is matched: read as the detectors read
    text (`read_text`), full-width as ASCII, without any space; a phone only its digits, an ID number only its
    digits and X, upper case."""
    value = unicodedata.normalize("NFKC", read_text(value or "")[0])
    value = "".join(value.split())
    if kind == "phone":
        return "".join(c for c in value if c in "0123456789+")
    if kind == "id_number":
        return "".join(c for c in value if c in "0123456789Xx").upper()
    return value


def recorded_people(people) -> list[dict]:
    """`people` (Complainant rows or dicts) as dicts of their recorded values, each through `recorded_value`."""
    out = []
    for p in people:
        get = p.get if isinstance(p, dict) else (lambda k, _p=p: getattr(_p, k, ""))
        out.append({k: recorded_value(get(k) or "", k) for k in ("name", "phone", "id_number", "address")})
    return out


# --- Personal data in free text ----------------------------------------------------------------
#
# Complainants write their own name, phone, ID number and home address into the content and the
# address; officers and clerks write them into reports and replies (the reply letter opens with the
# complainant's name). Stored text stays as written: what is shown to someone without the right to
# the identity goes through `mask_text`, which masks
#   - the case's own recorded values and their fragments (the given name alone, the ID number's
#     last six digits, the detailed part of the home address), wherever they stand;
#   - by pattern (`pattern_spans`, which the letter scanner's black boxes use too, intake/pii.py):
#     mobile and landline numbers, also spaced or in Chinese numerals (一三九…, 〇/零/幺); ID numbers
#     with a right check character, also spaced; WeChat and QQ handles, e-mail addresses; a birth
#     date next to 出生/生于;
#   - names after cues (我叫, 我的名字是, 姓名, 联系人, 署名, 落款, 信访人, 举报人, 来信人, 本人, 我是…,
#     我姓…名…), a name standing alone before 反映/举报/投诉 at the start of a clause, and a name
#     before 家门口/家旁边/门口…;
#   - the street-and-number part of a home address after 住址/家住/现住…, and home addresses written
#     as 小区/花园/新村 + building and room numbers.
#
# A cue that says "a name follows" (我叫, 姓名：) takes whatever stands there; where the cue is weaker
# (本人, 我是, a role word without a colon, a word before 反映 or 门口) only a word that starts with a
# common surname and is not a common word (方面, 白天, 周边…) is taken for a name. Plain regular
# expressions, kept cheap: this runs on every page render. (jionlp's extractors know none of the
# Chinese-numeral, spaced or cue forms, and importing it takes about a second; start-up stays free
# of it, core/tests/test_startup.py.)


COMPOUND_SURNAMES = (
    "欧阳", "诸葛", "司马", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒",
    "夏侯", "端木", "独孤", "南宫", "西门", "百里", "呼延", "闻人", "轩辕", "澹台", "申屠", "太史",
    "万俟", "赫连", "公羊", "公冶", "宗政", "濮阳", "淳于", "单于", "钟离", "鲜于", "闾丘", "司空", "拓跋",
    "左丘", "第五",
)
# Common single-character surnames, without those that mostly stand for a word in a complaint
# (于, 向, 和, 曾, 时, 成, 全, 明, 常, 万…): where no cue says that a name follows, a word is taken for a
# name only when it starts with one of these.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭肖田董潘袁蔡蒋余杜叶程魏苏吕丁任"
    "卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫阎段雷龙黎史陶贺毛郝顾龚邵覃武钱戴"
    "严欧莫孔汤康易乔赖文施洪牛樊葛邢安齐伍庞颜倪庄聂章鲁岳翟殷詹申耿关兰焦俞左柳甘祝包宁尚符舒阮柯"
    "纪梅童凌毕裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟艾尤穆卓褚娄窦戚岑卜晏瞿佟臧"
    "闵苟邬卞姬栾隋刁巫寇桑郎甄仲虞敖佘邝鞠荆冀胥栗鄢谌奚粟冼蔺郜阚屠廉禹邸雍辜裘亓邰赫逯嵇湛昝"
)
# Common words that start with a surname character: not a name where only the surname vouches for one.
_NOT_NAMES = frozenset(
    "马上 马路 方面 方向 方式 方法 方便 白天 白色 高层 高速 高度 高温 高压 高空 高中 高新 江边 江面 江苏 江西 "
    "路边 路上 路口 路灯 路面 金属 金额 石化 石料 石灰 石头 田间 田地 田里 黄色 黄沙 黄昏 洪水 安全 安徽 "
    "安装 安排 龙虾 毛病 林业 林地 农业 农民 关于 关闭 关注 关停 严重 严格 严禁 申请 申报 房屋 房子 甘肃 宁夏 "
    "宁愿 宁可 苏州 苏北 苏南 徐州 温州 杨树 柳树 管道 管理 夏天 夏季 钱款 文明 文件 文化 包括 齐全 任何 "
    "任职 任务 何时 何况 何必 程度 余下 余热 叶子 雷雨 雷声 易燃 乔木 康复 左右 左边 左侧 柴油 蓝色 游客 "
    "辛苦 华东 华北 阳光 孙子 孙女 梅雨 凌晨 涂料 涂装 苗木 盛夏 毕竟 陆续 尚未 杜绝 章程 纪律 符合 舒适 "
    "莫名 孔洞 牛羊 郑重".split()
    + [f"周{c}" for c in "一二三四五六日天末边围期年岁"]
)
# Last characters of a place or a business, not of a person (化工厂, 王集镇, 石化公司).
_PLACE_SUFFIX = frozenset("厂司局站店场镇村区县市所院委会部处队组社校馆园楼室间路街港集庄圩坊铺库棚厅工")
# First characters after a cue that start no name (本人是…, 举报人称…, 本人多次…).
_NOT_A_NAME = frozenset("是在家住于现的因就向对要特系为与和从已也都反举投多一曾今近想实非认了他她它你我们这那该此其"
                        "本匿无未不略保隐某称说诉提所情均仍另见详同如")
# …and after a cue that does say a name follows (姓名：不详, 联系人：本人, 我叫了).
_NOT_A_NAME_AFTER_NAME_CUE = frozenset("本匿无未不略保隐某见详同如了他她它你我们这那")
# Characters that end a name once it has two (张三反映, 李四家住, 王五电话, 张三丰年龄…).
_NAME_STOP = frozenset("家住现电联手身的是在称说于向对等和与及也都又再多已曾今因就要请反举投性男女年岁号人后想特从为将把被让给了着过")
_BOUNDARY = frozenset("，。,.；;：:！!？?、 \t\u3000\n（(）)“”\"'‘’《》【】据经由在到从往至于朝对")

_HAN = r"[\u4e00-\u9fff]"
_SEP = r"[ \u3000-]"  # what people put between the groups of a number
# Chinese numerals (also the financial ones, 壹贰叁…) and full-width digits, one character each, as ASCII
# digits: the number patterns run on the translated text, whose positions are those of the original.
_CN_DIGITS = "〇○零Ｏ幺一二三四五六七八九壹贰叁肆伍陆柒捌玖"
_NUMERALS = str.maketrans(_CN_DIGITS + "０１２３４５６７８９",
                          "0000" "1" "123456789" "123456789" "0123456789")
# what people put between the groups of a number besides a space or a hyphen: 139.1111.2222, 139/1111,
# 139_1111, 139—1111, 139 - 1111 - 2222
_GROUP_SEP = "-.．/／_—–·・"
# four or more numerals in a row, of which the first is a Chinese one or a full-width digit (not 一二三车间)
_NUMERAL_RUN = compile_later(rf"[{_CN_DIGITS}０-９][{_CN_DIGITS}０-９0-9 \u3000{re.escape(_GROUP_SEP)}]{{3,}}")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# (the patterns start with a digit or a literal, which lets the regex engine skip ahead quickly)
ID_NUMBER = compile_later(rf"\d(?<![0-9A-Za-z]\d)(?:(?:{_SEP}?\d){{16}}{_SEP}?[\dXx]|\d{{14}})(?![0-9A-Za-z])")
# after 身份证号 a number of that shape is one even with a wrong check character (a slip of the pen)
_ID_CUE = compile_later(rf"(?:身份证|身份号码|证件)(?:号码|号)?\s*(?:[:：]|是|为)?\s*({ID_NUMBER.pattern})")
MOBILE = compile_later(rf"1[3-9]\d(?:{_SEP}?\d){{8}}(?![0-9A-Za-z])")  # not after a digit, but after +86: see phone_numbers
_COUNTRY_CODE = compile_later(rf"(?<![\d+])\+?86{_SEP}?$")
LANDLINE = compile_later(rf"0(?<!\d0)\d{{2,3}}[)）]?{_SEP}?\d{{3,4}}{_SEP}?\d{{4}}(?!\d)")
# WeChat and QQ: a cue (微信, 扣扣, or a Latin word: wx, vx, qq, weixin, wechat) and the handle after it
_HANDLE_CUE = compile_later(r"[微薇威VvWw][ \u3000]*信|扣扣")  # 微信 and how it is dodged: V信, 薇信, 威信
_LATIN_WORD = compile_later(r"[WwVvQq](?<![A-Za-z][WwVvQq])[A-Za-z]{1,5}(?![A-Za-z])")
_HANDLE_WORDS = frozenset(("wx", "vx", "qq", "weixin", "wechat"))
HANDLE = compile_later(r"(?:号码|账号|号|id|ID)?\s*(?:[:：]|是|为)?\s*([A-Za-z0-9][A-Za-z0-9_-]{4,29})(?![A-Za-z0-9_-])")
EMAIL = compile_later(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# An e-mail address written so that no @ is there: wangxm(at)163.com, wangxm#163.com, wangxm @ 163.com,
# wangxm at 163 dot com, wangxm［at］qq.com (run on the `Shadow`: full-width brackets as ASCII). The domain must
# end in a common top-level domain, so that "车间at night" or "#3车间" is no address.
_AT = r"(?:\s*(?:@|#)\s*|\s*[(\[{【（]\s*(?:at|AT|艾特)\s*[)\]}】）]\s*|\s+(?:at|AT)\s+)"
_DOT = r"(?:\s*[.。]\s*|\s*[(\[{【（]\s*(?:dot|DOT|点)\s*[)\]}】）]\s*|\s+(?:dot|DOT)\s+)"
EMAIL_DODGED = compile_later(
    rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*{_AT}[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}"
    r"(?:com|cn|net|org|edu|gov|top|vip|cc|io|me|info|biz|co)(?![A-Za-z0-9])")
_DATE = (r"(?:19|20)\d{2}\s*[年./-]\s*[0-9〇零一二三四五六七八九十]{1,3}\s*[月./-]\s*"
         r"(?:[0-9〇零一二三四五六七八九十]{1,3}\s*[日号]?)?")
BIRTH_DATE = compile_later(rf"(?:出生(?:于|在|日期|年月日?)?|生于|生日)\s*(?:[:：]|是|为)?\s*({_DATE})"
                        rf"|({_DATE})\s*(?:出生|生人|生(?=[，。,、；;\s)）]|$))")
# 九〇年一月一日生, 出生于90年1月1日: a two-digit year (the numerals not yet digits: a run of two is no number)
_SHORT_DATE = (r"[0-9〇○零一二三四五六七八九]{2}\s*年\s*[0-9〇○零一二三四五六七八九十]{1,3}\s*月\s*"
               r"(?:[0-9〇○零一二三四五六七八九十]{1,3}\s*[日号]?)?")
SHORT_BIRTH_DATE = compile_later(rf"(?:出生(?:于|在|日期|年月日?)?|生于|生日)\s*(?:[:：]|是|为)?\s*({_SHORT_DATE})"
                              rf"|({_SHORT_DATE})\s*(?:出生|生人|生(?=[，。,、；;\s)）]|$))")
ADDRESS_CUE = compile_later(r"(?:家庭住址|家住|住址|现住|住在|居住在|居住地|联系地址)[：:\s]*([^，。,；;！!？?\n]{4,60})")
_HOUSE_NUMBER = compile_later(r"[0-9０-９一二三四五六七八九十百零〇]+\s*(?:号楼|号|室|幢|栋|单元|组|楼|层|弄|巷)")
_ADMIN = compile_later(r"(?:省|(?<!超)市|县|(?<![小社园厂景校营])区|镇|乡|街道)")
# a building and room number in a housing estate or village; the estate's name before it is added
_NUM = "[0-9一二三四五六七八九十零〇○]"
_HOME_RE = compile_later(rf"(?:小区|花园|新村|公寓|家园|苑|村|组)\s*"
                      rf"(?:{_NUM}+\s*(?:幢|栋|号楼|组)(?:\s*{_NUM}+\s*单元)?(?:\s*{_NUM}+\s*(?:室|号))?"
                      rf"|(?:{_NUM}+\s*单元\s*)?{_NUM}{{3,4}}\s*室)")  # 幸福小区五零一室
# Cues before a name: those that say a name follows; somebody's role (举报人…, not 被举报人); the writer.
_NAMED_CUES = frozenset(("我叫", "本人叫", "我的名字是", "我的名字叫", "名字是", "名字叫", "名叫", "本人姓名", "姓名"))
_ROLE_CUES = frozenset(("联系人", "署名", "签名", "签字", "落款", "信访人", "举报人", "投诉人", "反映人", "来信人",
                        "来访人", "来电人", "申请人"))
_NAME_CUE = compile_later("(" + "|".join(sorted(_NAMED_CUES | _ROLE_CUES | {"本人是", "本人", "我是"}, key=len, reverse=True))
                       + r")(\s*[:：]\s*|[ \t\u3000]+)?")
_SURNAME_AND_NAME = compile_later(rf"(?<!百)姓({_HAN}{{1,2}}?)[，,\s]*(?:名字?叫|名叫|名|叫)({_HAN}{{1,2}})")
# the writer as a resident: 我是村民王小明, 本人是本村村民李四 (a weak cue: a common surname must start the name)
_RESIDENT_CUE = compile_later(r"(?:我是|本人是|本人系|我系)(?:本村|本小区|本地|当地|附近|周边)?的?(?:村民|居民|业主|市民|住户|群众)")
# a name written with spaces between its characters after a cue that says a name follows: 我叫王 小 明
_SPACED_NAME = compile_later(rf"{_HAN}(?:[ \u3000]+{_HAN}){{1,3}}(?![ \u3000]*{_HAN})")
_COMPLAINS = compile_later(r"反映|举报|投诉")
# between the name and 反映: 张三多次反映
_ADVERBS = frozenset(("多次", "再次", "一再", "一直", "曾经", "已经", "先后", "来电", "来信", "来访", "电话", "实名", "联名"))
_ADVERBS_1 = frozenset("曾又也已还")
_NEAR = compile_later(r"门前|门口|门外|旁边|附近|后面|屋后|屋前|楼下|对面|隔壁")


def valid_id_number(value: str) -> bool:
    """An 18-character resident ID number whose check character is right (or a 15-digit old one)."""
    value = value.upper()
    if len(value) == 15:
        return value.isdigit()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    return value[17] == ID_CHECK[sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True)) % 11]


def digits_of(value: str) -> str:
    """`value` with Chinese numerals and full-width digits as ASCII digits, one character for one."""
    return value.translate(_NUMERALS)


def numerals_as_digits(text: str) -> str:
    """`text` with its runs of four numerals or more (一三九一…, 壹叁玖…, 一九八七) in ASCII digits."""
    return _NUMERAL_RUN.sub(lambda m: digits_of(m.group()), text)


# Between two digits, whatever groups them: spaces, or one of _GROUP_SEP with spaces around it.
_BETWEEN_DIGITS = compile_later(rf"(?<=\d)(?:[ \u3000]*[{re.escape(_GROUP_SEP)}][ \u3000]*|[ \u3000]+)(?=\d)")
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # ！…～ as ASCII (＠ as @), one for one
# Ordinary punctuation or a line break between groups (138，1234，5678; 320924、19900101、0020; a number broken
# over lines): dropped only between groups of 3 to 8 digits that together make a phone or an ID number
# (`_number_shaped`), so that a list (3、4、5; 001、002、003), an amount (1,000,000) or two whole numbers one
# after the other (13812345678；13987654321) stay apart.
# Any other run of up to three characters that are neither letters, digits nor CJK ideographs (dashes of every
# kind: ー U+30FC, ——, U+2010-2015, − U+2212; bullets and middle dots •‧∙; : # ' + 〜 and the like) is one too,
# under the same rule: IMEs, Word, WPS, Excel and PDFs put them where the writer typed a hyphen.
_WIDE_SEP = compile_later(r"(?<=\d)(?:[ \u3000]*(?:[,、;。~*|]|\r?\n)[ \u3000\r\n]*|(?:[^\w\u4e00-\u9fff]|[ー_]){1,3})(?=\d)")
_WIDE_NUMERAL_RUN = compile_later(rf"[{_CN_DIGITS}０-９][{_CN_DIGITS}０-９0-9 \u3000{re.escape(_GROUP_SEP)}，、；。～＊｜\n]{{3,}}")
_DIGIT_RUN = compile_later(r"\d+")
_MAY_WIDE = compile_later(r"\d(?:[^\w\u4e00-\u9fff]|[ー_])")  # (cheap: most texts have no wide separator)
WIDE_GROUP = (3, 8)


def _number_shaped(digits: str, first: int) -> bool:
    """Whether groups joined into `digits` make a phone or an ID number: a mobile (1[3-9], 11 digits), a
    landline with its area code (0, not 00; 11 or 12 digits), or an ID number (15 or 18, its first group
    the six-digit area code or more). Lists of codes (001、002、003) and years (2025、2026) are none."""
    n = len(digits)
    if n == 11 and re.match(r"1[3-9]", digits):
        return True
    if n in (11, 12) and re.match(r"0[1-9]", digits):
        return True
    return n in (15, 18) and first >= 6


def _wide_drops(text: str) -> list[tuple[int, int]]:
    """The spans of `text` (digits already grouped by `_BETWEEN_DIGITS`) to drop as wide separators: within a
    chain of digit groups joined by them, all of 3 to 8 digits and at most 18 in all (not 1,000,000)."""
    drops: list[tuple[int, int]] = []
    chain: list[int] = []
    seps: list[tuple[int, int]] = []

    def close():
        if len(chain) >= 2 and all(WIDE_GROUP[0] <= len(g) <= WIDE_GROUP[1] for g in chain) \
                and _number_shaped("".join(chain), len(chain[0])):
            drops.extend(seps)
        chain.clear()
        seps.clear()

    pos = 0
    for m in _DIGIT_RUN.finditer(text):
        if chain and (sep := _WIDE_SEP.match(text, pos)) and sep.end() == m.start():
            seps.append((pos, m.start()))
        else:
            close()
        chain.append(m.group())
        pos = m.end()
    close()
    return drops


class Shadow:
    """A copy of a text made for matching numbers however they are written: read as every detector reads it
    (`read_text`: invisible characters dropped, styled digits as digits), Chinese and financial numerals
    as digits, full-width characters as ASCII, and what separates the groups of a number dropped
    (139.1111.2222, 139 - 1111 - 2222, 壹叁玖…: 13911112222). A span found in `.text` maps back to the
    characters of the original (`.span`), so that masking still masks what was written."""

    __slots__ = ("text", "_index", "same")

    def __init__(self, original: str):
        read, base = read_text(original)  # invisible characters dropped, styled digits as digits
        translated = _WIDE_NUMERAL_RUN.sub(lambda m: digits_of(m.group()), read).translate(_FULL_WIDTH)
        keep, last = [], 0
        for m in _BETWEEN_DIGITS.finditer(translated):
            keep.append((last, m.start()))
            last = m.end()
        if keep:
            keep.append((last, len(translated)))
            text = "".join(translated[a:b] for a, b in keep)
            index = [i for a, b in keep for i in range(a, b)]
        else:
            text, index = translated, None
        drops = _wide_drops(text) if _MAY_WIDE.search(text) else []
        if drops:
            index = index or list(range(len(text)))
            kept, last = [], 0
            for a, b in drops:
                kept.append((last, a))
                last = b
            kept.append((last, len(text)))
            text = "".join(text[a:b] for a, b in kept)
            index = [index[i] for a, b in kept for i in range(a, b)]
        # (without drops, one character for one: positions are those of the original)
        if base is not None:  # positions in the read text to those of the original
            index = base if index is None else [base[i] for i in index]
        self.text, self._index = text, index
        self.same = self.text == original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original characters of `.text[start:end]`, separators between them included."""
        if self._index is None:
            return start, end
        if start >= end:
            return (self._index[start], self._index[start]) if start < len(self._index) else (end, end)
        return self._index[start], self._index[end - 1] + 1

    def index_of(self, position: int) -> int:
        """The first character of `.text` that stands at or after `position` of the original."""
        return position if self._index is None else bisect.bisect_left(self._index, position)


# A phone written as the reported party's (被举报单位电话…, 该公司联系电话…): the officer needs it and it names no
# complainant. Not after 我的/本人 (我的公司电话 is the writer's); a complainant's recorded phone is masked
# wherever it stands (`identity_fragments`).
_PARTY_PHONE_CUE = compile_later(
    r"(?:被举报|被投诉|该|这家|涉事|对方)?的?(?:单位|企业|公司|工厂|厂方|厂家|厂|工地|项目部|商家|店家|饭店|餐馆|酒店|物业|门店)"
    r"的?(?:联系|办公|值班|客服|投诉)?(?:电话|座机|热线)(?:号码?)?\s*(?:是|为|[:：])?\s*$")
_WRITER_BEFORE = compile_later(r"(?:我|本人|我们)(?:的|所在的?)?$")


def _party_phone(text: str, start: int) -> bool:
    before = text[max(0, start - 24):start]
    m = _PARTY_PHONE_CUE.search(before)
    return bool(m) and not _WRITER_BEFORE.search(before, 0, m.start())


def phone_numbers(digits: str):
    """(start, end) of the mobile (with +86) and landline numbers in `digits`."""
    pos = 0
    while m := MOBILE.search(digits, pos):
        start = m.start()
        if country := _COUNTRY_CODE.search(digits, max(0, start - 4), start):
            start = country.start()
        if start == 0 or digits[start - 1] not in "0123456789+":
            yield start, m.end()
            pos = m.end()
        else:
            pos = m.start() + 1
    yield from (m.span() for m in LANDLINE.finditer(digits))


def handles(digits: str):
    """(start, end) of the WeChat and QQ handles in `digits`."""
    cues = [m.end() for m in _HANDLE_CUE.finditer(digits)]
    cues += [m.end() for m in _LATIN_WORD.finditer(digits) if m.group().lower() in _HANDLE_WORDS]
    for end in cues:
        if m := HANDLE.match(digits, end):
            yield m.span(1)


def id_numbers(digits: str):
    """(start, end) of each ID number in `digits` (a text, or it through `numerals_as_digits`), spaced
    or not: valid ones anywhere, any after 身份证号."""
    yield from (m.span(1) for m in _ID_CUE.finditer(digits))
    pos = 0
    while m := ID_NUMBER.search(digits, pos):
        if valid_id_number(re.sub(_SEP, "", m.group())):
            yield m.span()
            pos = m.end()
        else:
            pos = m.start() + 1  # "139… 3209…": the ID number may start inside a longer run


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _name_end(text: str, s: int, *, named: bool) -> int | None:
    """Where a name starting at `s` ends (None if no name starts there). A `named` place is one a cue
    says holds a name; elsewhere the word must start with a common surname and not be a common word."""
    if s + 1 >= len(text) or not (_is_han(text[s]) and _is_han(text[s + 1])):
        return None
    if text[s:s + 2] in COMPOUND_SURNAMES:
        given, longest = s + 2, s + 4
    elif named:
        if text[s] in _NOT_A_NAME_AFTER_NAME_CUE:
            return None
        given, longest = s + 1, s + 4
    elif text[s] in SURNAMES and text[s] not in _NOT_A_NAME and text[s:s + 2] not in _NOT_NAMES:
        given, longest = s + 1, s + 3
    else:
        return None
    if given >= len(text) or not _is_han(text[given]):
        return None
    end = given + 1
    while end < min(longest, len(text)) and _is_han(text[end]) and (
            text[end] not in _NAME_STOP or text[end] == text[end - 1]):  # 王多多
        end += 1
    return end


def _name_before(text: str, a: int, *, clause: bool) -> int | None:
    """Where a name ending at `a` starts: a compound surname and one or two characters, or a common
    surname and one or two; with `clause`, the name is all that stands between a clause's start and `a`."""
    han = 0
    while han < 4 and han < a and _is_han(text[a - han - 1]):
        han += 1
    for n in range(han, 1, -1):
        s = a - n
        if clause and s > 0 and text[s - 1] not in _BOUNDARY:
            continue
        word = text[s:a]
        if word[:2] in COMPOUND_SURNAMES:
            if n == 2:
                continue
        elif n == 4 or word[0] not in SURNAMES or word[0] in _NOT_A_NAME:
            continue
        if word[-1] in _PLACE_SUFFIX or word[:2] in _NOT_NAMES:
            continue
        return s
    return None


def name_spans(text: str, *, homes: bool = True) -> list[tuple[int, int]]:
    """(start, end) of the names in `text`: after a cue, before 反映/举报/投诉 and, with `homes`,
    before 家门口/门口… (a neighbour's as much as the writer's)."""
    out = []
    for m in _NAME_CUE.finditer(text):
        cue = m.group(1)
        if cue in _ROLE_CUES and text[m.start() - 1:m.start()] == "被":
            continue  # 被举报人: the reported party
        named = cue in _NAMED_CUES or bool(m.group(2))
        if named and (spaced := _SPACED_NAME.match(text, m.end())) and " " in spaced.group().replace("\u3000", " "):
            out.append(spaced.span())
            continue
        end = _name_end(text, m.end(), named=named)
        if end:
            out.append((m.end(), end))
    for m in _RESIDENT_CUE.finditer(text):
        end = _name_end(text, m.end(), named=False)
        if end:
            out.append((m.end(), end))
    if "姓" in text:
        out += [(m.start(1), m.end(2)) for m in _SURNAME_AND_NAME.finditer(text)]
    for m in _COMPLAINS.finditer(text):
        a = m.start()
        if text[a - 2:a] in _ADVERBS:
            a -= 2
        elif text[a - 1:a] in _ADVERBS_1:
            a -= 1
        s = _name_before(text, a, clause=True)
        if s is not None:
            out.append((s, a))
    if homes:
        for m in _NEAR.finditer(text):
            a = m.start()
            home = text[a - 1:a] == "家"
            if not home and m.group() not in ("门前", "门口", "门外"):
                continue  # "张三旁边" is no one's home; "张三门口" and "张三家旁边" are
            s = _name_before(text, a - home, clause=not home)
            if s is not None:
                out.append((s, a - home))
    return sorted(out)


def address_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the street-and-number part of a home address after 住址/家住/现住…: from the
    last administrative unit (省, 市, 县, 区, 镇, 乡, 街道) to the last house, room or group number."""
    out = []
    for m in ADDRESS_CUE.finditer(text):
        clause = m.group(1)
        numbers = list(_HOUSE_NUMBER.finditer(clause))
        if not numbers:
            continue  # "住在附近": no address
        cut = 0
        for unit in _ADMIN.finditer(clause, 0, numbers[0].start()):
            cut = unit.end()
        out.append((m.start(1) + cut, m.start(1) + numbers[-1].end()))
    for m in _HOME_RE.finditer(text):
        s = m.start()
        while s > max(0, m.start() - 8) and _is_han(text[s - 1]) and text[s - 1] not in "住在于是的":
            s -= 1
        out.append((s, m.end()))
    return out


def pattern_spans(text: str, *, homes: bool = True, shadow: Shadow | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the personal data found in `text` by pattern alone, unmerged; kind is one
    of name, phone, id_number, contact, birth_date, address."""
    # Numbers are looked for in the text as written and in its shadow (Chinese numerals as digits, the
    # separators between groups dropped: `Shadow`), not instead: "张三13912345678" reads "张313912345678"
    # once translated, and "0515 8888 1234 13912345678" runs together once its spaces are dropped.
    digits = numerals_as_digits(text)
    out = [(s, e, "id_number") for s, e in id_numbers(text)]
    out += [(s, e, "phone") for s, e in phone_numbers(text) if not _party_phone(text, s)]
    shadow = shadow or Shadow(text)
    if not shadow.same:
        out += [(*shadow.span(s, e), "id_number") for s, e in id_numbers(shadow.text)]
        out += [(a, b, "phone") for a, b in (shadow.span(s, e) for s, e in phone_numbers(shadow.text))
                if not _party_phone(text, a)]
    out += [(s, e, "contact") for s, e in handles(digits)]
    if "@" in shadow.text:
        out += [(*shadow.span(*m.span()), "contact") for m in EMAIL.finditer(shadow.text)]
    out += [(*shadow.span(*m.span()), "contact") for m in EMAIL_DODGED.finditer(shadow.text)]
    if "生" in text:
        out += [(*m.span(m.lastindex), "birth_date") for m in BIRTH_DATE.finditer(digits)]
        out += [(*m.span(m.lastindex), "birth_date") for m in SHORT_BIRTH_DATE.finditer(text)]
    out += [(s, e, "name") for s, e in name_spans(text, homes=homes)]
    out += [(s, e, "address") for s, e in address_spans(text)]
    return out


def surname_of(name: str) -> str:
    name = recorded_value(name, "name")
    return next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])


def given_name(name: str) -> str:
    name = recorded_value(name, "name")
    return name[len(surname_of(name)):]


# What follows a surname to name a person without the given name (慕容女士, 王先生): with the given name alone
# (秋水同志), masked whole wherever the recorded name is the complainant's; beside the box's 慕*** they add up
# to the name. "家" only after a compound surname (王家 is as often 王家庄 or a family in general).
HONORIFICS = ("先生", "女士", "小姐", "老师", "师傅", "同志", "阿姨", "大爷", "大妈", "大娘", "大姐", "大哥", "大叔",
              "老人", "老太", "奶奶", "爷爷", "叔叔", "伯伯", "婶婶", "阿婆", "老伯")


def whole_fragments(people) -> set[str]:
    """The fragments of the recorded names of `people` that are masked whole (not to their first character):
    the given name alone and the surname with an honorific."""
    out: set[str] = set()
    for p in recorded_people(people):
        name = p["name"]
        if len(name) < 2:
            continue
        surname, given = surname_of(name), given_name(name)
        if len(given) >= 2:
            out.add(given)
        out.update(surname + h for h in HONORIFICS)
        if len(surname) == 2:
            out.add(surname + "家")
    return out


def identity_fragments(people) -> list[str]:
    """The recorded values of `people` (Complainant rows or dicts, through `recorded_value`) and the fragments
    that still identify."""
    out: set[str] = set()
    people = recorded_people(people)
    out |= whole_fragments(people)
    for p in people:
        get = p.get
        name = get("name")
        if len(name) >= 2:
            out.add(name)
        phone = re.sub(r"\D", "", get("phone") or "")
        if len(phone) >= 7:
            out.add(phone)
            if len(phone) == 11:
                out.update({f"{phone[:3]}-{phone[3:7]}-{phone[7:]}", f"{phone[:3]} {phone[3:7]} {phone[7:]}"})
        id_number = get("id_number")
        if len(id_number) >= 15:
            out.update({id_number, id_number.lower(), id_number[-6:]})
            if len(id_number) == 18:
                out.add(id_number[6:14])  # the birth date
        address = get("address")
        if len(address) >= 4:
            out.add(address)
            tail = re.split(r"(?:省|市|区|县|镇|乡|街道)", address)[-1]
            if len(tail) >= 4:
                out.add(tail)
    return sorted(out, key=len, reverse=True)


def address_parts(people) -> list[tuple[str, int]]:
    """Pieces of the recorded home addresses of `people` that identify a home when written apart, as
    (text to find, where the masked part of it starts): for 射阳县合德镇人民路25号3单元502室, the street number
    after its road (人民路25号: the road stays readable, the number is masked) and the building, unit and
    room (3单元502室, 3单元502, 502室). The town and the road alone are a place, not a home."""
    out: list[tuple[str, int]] = []
    for p in people:
        address = ((p.get("address") if isinstance(p, dict) else getattr(p, "address", "")) or "").strip()
        tail = re.split(r"(?:省|市|区|县|镇|乡|街道)", address)[-1]
        numbers = list(_HOUSE_NUMBER.finditer(tail))
        if not numbers:
            continue
        first = numbers[0]
        if first.start() >= 2:  # 人民路25号: find it with its road, mask the number
            out.append((tail[:first.end()], first.start()))
        rest = tail[first.end():].strip()
        if len(numbers) > 1 and len(rest) >= 3:
            out.append((rest, 0))
            bare = re.sub(r"\s*(?:室|号)$", "", rest)
            if bare != rest and len(bare) >= 3 and not bare.isdigit():
                out.append((bare, 0))  # 3单元502
            room = numbers[-1].group()
            if len(room) >= 4 and room != rest:
                out.append((room, 0))  # 502室
    return out


def _mask_span(value: str) -> str:
    if not value:
        return value
    if digits_of(value[0]).isdigit() or value[0] in "+(（":
        return "*" * len(value)
    if re.fullmatch(f"{_HAN}{{2,4}}", value):
        return mask_name(value)
    return value[:1] + "*" * min(len(value) - 1, 6)


# A text that ends in a run of five digits or more (or a half-written e-mail address) may have been cut
# inside a number: a summary made of the first characters of the content ends "身份证号32092419900312456",
# which no pattern of a whole number matches. Such a tail is masked whatever it was.
CUT_TAIL = compile_later(rf"(?:[0-9０-９](?:[ \u3000\-]?[0-9０-９]){{4,}}[ \u3000{re.escape(_GROUP_SEP)}]*"
                      r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]*)$")  # run on the text's `Shadow`: 一三九…, 139.1234.
_SUMMARY_RUN = compile_later(r"[0-9A-Za-z０-９@._%+\-]+$")
SUMMARY_LENGTH = 60


def summary_of(content: str) -> str:
    """The summary a case gets when none is written: the start of the content, never cut inside a number,
    an e-mail address or a word in Latin letters (a cut number would slip past the masks), however the
    number is written (in Chinese numerals, grouped by dots or spaced hyphens: read in its `Shadow`)."""
    flat = (content or "").replace("\n", " ").strip()
    if len(flat) <= SUMMARY_LENGTH:
        return flat
    shadow = Shadow(flat)
    j = shadow.index_of(SUMMARY_LENGTH)  # the first character left out, in the shadow
    if 0 < j < len(shadow.text) and _SUMMARY_RUN.match(shadow.text[j]) and _SUMMARY_RUN.match(shadow.text[j - 1]):
        run = _SUMMARY_RUN.search(shadow.text, 0, j)
        return flat[:shadow.span(run.start(), run.start() + 1)[0]].rstrip()
    return flat[:SUMMARY_LENGTH]


# A case number (YC-20261130-0008, SY-EB-20261207-0001, A320902-20261207-0004) is no one's personal data:
# notices and reasons name cases, and its date and sequence would otherwise pass for a cut number.
CASE_NUMBER = compile_later(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*-\d{8}-\d{4,6}(?![0-9A-Za-z])")


def personal_spans(text: str, people=(), *, is_read: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every piece of personal data in `text` (merged, in order), found in the text as the
    detectors read it (`read_text`) and mapped back to the characters as written."""
    read, index = (text, None) if is_read else read_text(text)
    if index is not None:
        return _merged(_span_of(index, s, e) for s, e in personal_spans(read, people, is_read=True))
    people = recorded_people(people)
    spans = _spaced_fragments(text, people)
    for fragment in identity_fragments(people):
        start = text.find(fragment)
        while start != -1:
            spans.append((start, start + len(fragment)))
            start = text.find(fragment, start + 1)
    for needle, offset in address_parts(people):
        start = text.find(needle)
        while start != -1:
            spans.append((start + offset, start + len(needle)))
            start = text.find(needle, start + 1)
    shadow = Shadow(text)
    spans += [(s, e) for s, e, _kind in pattern_spans(text, shadow=shadow)]
    if not shadow.same:  # the recorded phone or ID number however written: 139.1111.2222, 壹叁玖…
        for fragment in identity_fragments(people):
            if fragment[:1].isdigit():
                start = shadow.text.find(fragment)
                while start != -1:
                    spans.append(shadow.span(start, start + len(fragment)))
                    start = shadow.text.find(fragment, start + 1)
    tail = CUT_TAIL.search(shadow.text)
    if tail:
        a, b = shadow.span(*tail.span())
        # a whole number written as the reported party's (kept above) is no number cut short
        party = [shadow.span(s, e) for s, e in phone_numbers(shadow.text) if _party_phone(text, shadow.span(s, e)[0])]
        if not any(s <= a and e >= len(text[:b].rstrip(" \u3000" + _GROUP_SEP)) for s, e in party):
            spans.append((a, b))
    if "-" in text:
        numbers = [m.span() for m in CASE_NUMBER.finditer(text)]
        spans = [(s, e) for s, e in spans if not any(a <= s and e <= b for a, b in numbers)]
    return _merged(spans)


def _merged(spans) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


_SPACE = compile_later(r"[^\S\n]")


def _spaced_fragments(text: str, people: list[dict]) -> list[tuple[int, int]]:
    """The recorded name and its fragments written with spaces between their characters (西门 吹雪, 吹　雪)."""
    if not _SPACE.search(text):
        return []
    out = []
    for fragment in identity_fragments(people):
        if len(fragment) >= 2 and not fragment[0].isdigit():
            pattern = r"[^\S\n]*".join(map(re.escape, fragment))
            out += [m.span() for m in re.finditer(pattern, text)]
    return out


def mask_text(text: str, people=()) -> str:
    """`text` with the personal data in it masked (see the comment above)."""
    if not text:
        return text or ""
    people = recorded_people(people)
    whole = whole_fragments(people)
    out, last = [], 0
    for s, e in personal_spans(text, people):
        out.append(text[last:s])
        value = text[s:e]
        out.append("*" * len(value) if whole and recorded_value(value, "name") in whole else _mask_span(value))
        last = e
    out.append(text[last:])
    return "".join(out)


# --- The searchable masked text -----------------------------------------------------------------
#
# The free-text search (`ComplaintQuerySet.search`) must not match what the searcher cannot see: a
# guessed digit that still lists the case tells it is there. Each case therefore keeps its title,
# content and address as someone without the identity sees them (`Complaint.search_masked`), kept
# current by `models.refresh_search` whenever the text or the complainants change (see the models'
# save, delete and bulk operations). A change to the masking rules above must recompute the column for
# every case (`ecopetition search_reindex`, or a data migration like cases 0009): otherwise the old
# masks would answer for text the pages now hide.

def search_text(title: str, content: str, address: str, people=()) -> str:
    """The title, content and address of a case masked as the pages show them without the identity."""
    people = list(people)
    return "\n".join(mask_text(value or "", people) for value in (title, content, address))
