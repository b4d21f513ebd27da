"""Shipped data of the oversight app (plain values, importable from migrations)."""

# Terms that suggest a possible environmental emergency (seeded into EmergencyKeyword; edit in the admin).
DEFAULT_TERMS = [
    "化工泄漏", "化学品泄漏", "危化品", "危险化学品", "泄漏", "死鱼", "鱼类死亡", "大量死鱼", "浓烟", "黑烟滚滚",
    "起火", "火灾", "爆炸", "饮用水", "自来水有异味", "自来水发臭", "水源地", "毒气", "刺鼻气味大面积", "中毒",
    "油品泄漏", "溢油", "放射源", "辐射泄漏",
]
