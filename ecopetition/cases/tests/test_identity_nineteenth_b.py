"""The nineteenth outside review's cue forms, part b (R19-3, R19-4, R19-5, R19-8, R19-9): the writer's kin in humble
or literary words (家父, 拙荆, 犬子…); a description before a name and a pleading verb or a date after it (八十岁的王建国,
我是一个普通的农民王建国, 王建国特此举报, 王建国 叩谢, 王建国于2026年…), in the text and in the scanned letter's copy;
co-signer lists in other shapes (spaces before 三户联名, slashes, ①②③, …三家, 我和…、…几个) and a name after a
masked phone (…转王建国); homes after other phrasings (我住的地方是…, 本户位于…, 快递寄幸福路18号王建国) and names in
the case's place field (…王建国和赵德胜两家中间); an unrecorded phone or ID number in labelled pieces in other words or
orders. Each new cue has what must stay readable beside it."""

import pytest

from .maskcheck import ANONYMOUS, assert_gone, assert_kept

P = "射阳县合德镇化工厂夜里排臭气。"


# --- R19-3: humble and literary kinship words -------------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    (P + "家父王建国被熏得住院，拙荆张桂花天天咳嗽。", ("建国", "桂花")),
    (P + "犬子王小军，小女王小红都在读书。", ("小军", "小红")),
    (P + "我丈母娘张桂花，我义父王建国。", ("桂花", "建国")),
    (P + "家母张桂花天天咳嗽。", ("桂花",)),
    (P + "家兄王建国也反映过。", ("建国",)),
    (P + "先父王建国生前就反映过。", ("建国",)),
    (P + "先母张桂花生前就反映过。", ("桂花",)),
    (P + "亡妻张桂花生前就反映过。", ("桂花",)),
    (P + "内人张桂花天天咳嗽。", ("桂花",)),
    (P + "贱内张桂花天天咳嗽。", ("桂花",)),
    (P + "外子王建国也反映过。", ("建国",)),
    (P + "舍弟王建军也反映过。", ("建军",)),
    (P + "舍妹王建英天天咳嗽。", ("建英",)),
    (P + "家姐王建英天天咳嗽。", ("建英",)),
    (P + "小儿王小军在读书。", ("小军",)),
    (P + "我闺蜜李娜也闻到了。", ("李娜",)),
    (P + "我岳父王建国天天咳嗽。", ("建国",)),
    (P + "我婆婆张桂花天天咳嗽。", ("桂花",)),
    (P + "我干妈张桂花天天咳嗽。", ("桂花",)),
    (P + "我表姐张桂花天天咳嗽。", ("桂花",)),
    (P + "我同学李娜也闻到了。", ("李娜",)),
])
def test_r19_3_humble_kin_words_mask_the_name(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    P + "家父身体不好，天天咳嗽。",
    P + "小女今年上初中，天天咳嗽。",
    P + "内人也闻到了臭味。",
    P + "先父在世时这里还是农田。",
    P + "我义父也闻到了臭味。",
    P + "我闺蜜也闻到了臭味。",
    "家母鸡养殖场的粪水直排河道。",
    "车间内人王建国一样的工人都戴口罩。",
])
def test_r19_3_kin_words_without_a_name_stay(text):
    assert_kept(text)


# --- R19-4: a description before the name, a pleading verb or a date after it ----------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("八十岁的王建国老人反映，化工厂夜里排臭气。", ("建国",)),
    ("七十岁的王建国反映，他家就在厂边。", ("建国",)),
    (P + "我是一个普通的农民王建国。", ("建国",)),
    (P + "我是新华村种粮大户王建国。", ("建国",)),
    (P + "身患癌症的王建国写信反映。", ("建国",)),
    (P + "王建国特此举报", ("建国",)),
    (P + "王建国恳请领导重视", ("建国",)),
    (P + "\n王建国 叩谢\n2026-12-01", ("建国",)),
    (P + "感谢领导！王建国叩谢", ("建国",)),
    (P + "王建国拜托了", ("建国",)),
    (P + "王建国携全家老小恳请领导重视", ("建国",)),
    (P + "王建国于2026年12月1日", ("建国",)),
    (P + "\n王建国百拜", ("建国",)),
    (P + "\n王建国呈", ("建国",)),
    (P + "\n王建国执笔", ("建国",)),
    (P + "\n王建国 谢谢", ("建国",)),
    (P + "\n王建国 2026-12-01", ("建国",)),
    (P + "王建国于12月1日夜闻到臭味。", ("建国",)),
    (P + "王建国强烈要求关停", ("建国",)),
    (P + "养殖户王建国反映。", ("建国",)),
    (P + "个体户王建国反映。", ("建国",)),
    (P + "店主王建国说厂子夜里排。", ("建国",)),
    (P + "我们老王家王建国反映过好几次。", ("建国",)),
    (P + "王建国58岁了，身体不好。", ("建国",)),
    (P + "王建国（个体户）反映。", ("建国",)),
    (P + "有问题找俺们村的王建国。", ("建国",)),
    (P + "我们村的李强说厂子夜里排。", ("李强",)),
    (P + "房产证上是王建国的名字，就在厂边。", ("建国",)),
    (P + "我们是王建国一家。", ("建国",)),
])
def test_r19_4_described_or_pleading_name_is_masked(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    P + "八十岁的老人天天咳嗽。",
    P + "特此举报，恳请领导重视。",
    P + "化工厂于2026年12月1日夜排放。",
    P + "请领导重视，尽快处理。",
    P + "我是一个普通的农民，天天闻臭气。",
    P + "该厂强烈要求整改无果。",
    "射阳县合德镇化工厂于12月1日夜排臭气。",
    P + "环保局于2026年12月1日检查过。",
    P + "孩子才3岁，天天咳嗽。",
    P + "化工厂（东厂区）反映过整改。",
    P + "我们村的河水都黑了。",
    "粉尘落满了我们村的房顶。",
    "我们村的河水都黑了，我们村的人说是化工厂排的。",
    P + "房产证上是我的名字。",
])
def test_r19_4_such_words_without_a_name_stay(text):
    assert_kept(text)


def test_r19_4_the_scanned_letters_copy_blacks_them_out():
    from ecopetition.cases.masking import with_found_names
    from ecopetition.intake import letters
    from ecopetition.intake.models import ScannedLetter

    lines = ["尊敬的领导：", "化工厂每天夜里排臭气，熏得人睡不着。", "家父王建国被熏得住院了。", "请领导重视，尽快处理。",
             "王建国 叩谢", "2026年12月1日"]
    letter = ScannedLetter(lines=[{"page": 1, "text": t, "box": [0, 0, 10, 10]} for t in lines])
    people = with_found_names([ANONYMOUS], [letters.text_of(letter)])
    spans = letters.line_spans(letter, [], people)
    for i in (2, 4):
        covered = {k for s in spans[i] for k in range(s.start, s.end)}
        at = lines[i].index("王建国")
        assert {at + 1, at + 2} <= covered, (lines[i], spans[i])
    assert not spans[3]


# --- R19-5: co-signer lists in other shapes, a name after a masked phone ----------------------------------------------

@pytest.mark.parametrize("text, gone", [
    (P + "王建国 赵德胜 孙玉珍 三户联名举报", ("建国", "德胜", "玉珍")),
    (P + "王建国/赵德胜/孙玉珍 联名", ("建国", "德胜", "玉珍")),
    (P + "①王建国 ②赵德胜 ③孙玉珍", ("建国", "德胜", "玉珍")),
    (P + "我们王建国、赵德胜、孙玉珍三家都受害。", ("建国", "德胜", "玉珍")),
    (P + "我和王建国、赵德胜几个老邻居一起反映。", ("建国", "德胜")),
    (P + "王建国｜赵德胜｜孙玉珍", ("建国", "德胜", "玉珍")),
    (P + "王建国他们几家都受害。", ("建国",)),
    (P + "受影响的有王建国、赵德胜两家。", ("建国", "德胜")),
    (P + "请打13912345678转王建国", ("建国", "12345678")),
])
def test_r19_5_cosigner_lists_mask_every_name(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    P + "附近三户联名举报。",
    P + "新华村/幸福村/振阳村 联名反映。",
    P + "①夜里排臭气 ②白天排污水 ③噪声扰民",
    P + "周边三家都受害。",
    P + "厂子转手给了别人。",
])
def test_r19_5_lists_without_names_stay(text):
    assert_kept(text)


# --- R19-8: homes after other phrasings, names in the place field -----------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    (P + "我住的地方是幸福路18号。", ("18号",)),
    (P + "本户位于幸福路18号。", ("18号",)),
    (P + "自家房屋（幸福路18号）天天闻到臭味。", ("18号",)),
    (P + "我居住的幸福路18号天天闻到臭味。", ("18号",)),
    (P + "我所在的幸福路18号天天闻到臭味。", ("18号",)),
    (P + "我租的房子是幸福路18号。", ("18号",)),
    (P + "信寄幸福路18号就行。", ("18号",)),
    (P + "我们家幸福路18号，就在厂对面。", ("18号",)),
    (P + "快递寄幸福路18号王建国", ("18号", "建国")),
    (P + "幸福路18号的老王就是我。", ("18号",)),
    (P + "我在幸福路18号开了个小卖部，也住这。", ("18号",)),
])
def test_r19_8_homes_after_other_phrasings(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    P + "化工厂位于幸福路18号。",
    P + "排污口在幸福路18号对面。",
    P + "本厂位于幸福路18号。",
    P + "样品寄幸福路18号检测站。",
    "我们这栋楼一楼被人改成了麻将馆，每天人来人往，抽烟打牌到半夜。",
    P + "我住的地方离厂子不到一百米。",
    P + "幸福路18号的老板就是他。",
    P + "我在幸福路18号上班，住在城里。",
])
def test_r19_8_a_partys_address_stays(text):
    assert_kept(text)


def test_r19_8_names_in_the_place_field_are_masked():
    assert_gone("射阳县合德镇王建国和赵德胜两家中间", "建国", "德胜")
    assert_kept("射阳县合德镇新华村和幸福村两村中间")


# --- R19-9: an unrecorded phone or ID number in labelled pieces ------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    (P + "我的电话末尾四个数是5678，开头是139，中间是1234", ("5678", "1234")),
    (P + "电话139是前三位，1234是中间，5678是最后", ("5678", "1234")),
    (P + "身份证号前六位320902，后面19850315，最后0020", ("320902", "19850315")),
    (P + "电话号码（后八位）：12345678，前面是139", ("12345678",)),
    (P + "身份证号后四位0020，前面是32090219850315", ("0020", "32090219850315")),
    (P + "手机尾号是5678，前面是1391234", ("5678", "1391234")),
])
def test_r19_9_phone_and_id_pieces_are_masked(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    P + "排污口编号前面是12，后面是34。",
    P + "开头是2019年，中间是2020年，最后是2026年。",
    P + "前六位是随便写的，后面也没有。",
])
def test_r19_9_pieces_that_are_no_number_stay(text):
    assert_kept(text)
