"""The rules a fresh installation starts with (loaded by a data migration; edited afterwards in the admin).

Routing follows the default division of labour (DOMAIN "Routing", seed 004):
industry → eco-environment bureau, service trades → urban management,
livestock → agriculture, roads and waterways → transport, wharves → port,
suspected environmental crime → police, general town problems → the town.
"""

KEYWORD_RULES = [
    # (kind, target, keywords, weight, note)
    ("out_of_scope", "labour", "拖欠工资 欠薪 工钱 工资 劳动合同 经济补偿 加班费 辞退 工伤 包工头 农民工", 0.7, "劳动争议"),
    ("out_of_scope", "property", "物业 物业费 业委会 业主委员会 电梯 开发商 交房 公共收益 停车位", 0.6, "物业管理"),
    ("out_of_scope", "neighbour", "邻居 邻里 楼上住户 隔壁邻居 对门", 0.45, "邻里纠纷"),
    ("out_of_scope", "consumer", "退款 退货 退换 预付卡 缺斤少两 假货 过期食品 翻新机 12315 跑路", 0.7, "消费纠纷"),
    ("out_of_scope", "traffic", "乱停车 红绿灯 闯红灯 超载 超速 肇事 交警 消防通道 炸街", 0.6, "交通"),
    ("out_of_scope", "public_security", "赌博 诈骗 被偷 打架 斗殴 高利贷 催收 造谣 诽谤 泼油漆", 0.7, "治安"),
    ("out_of_scope", "land", "征地 拆迁 强拆 补偿款 宅基地 土地承包 安置房 基本农田", 0.6, "征地拆迁"),
    ("out_of_scope", "social_security", "养老金 医保 低保 失业金 退休手续 社保局", 0.7, "社保"),
    ("out_of_scope", "health", "误诊 医院乱收费 无证行医 看病", 0.6, "医疗"),
    ("out_of_scope", "education", "学校乱收费 老师 体罚 幼儿园 划片 补课", 0.6, "教育"),
    ("out_of_scope", "utilities", "停水 停电 燃气公司 暖气 取暖费 来水 电费 水费 供电局 自来水管", 0.6, "供水供电"),
    ("out_of_scope", "litigation", "判决 法院 仲裁裁决 强制执行 行政复议", 0.6, "诉讼仲裁复议"),
    ("in_scope", "", "排污 偷排 废气 废水 污水 油烟 噪音 噪声 粉尘 扬尘 异味 恶臭 环评 危废 危险废物 黑烟 "
                     "秸秆 辐射 黑臭 刺鼻 排放 粪污 采砂", 0.5, "生态环境问题"),
    ("category", "air", "废气 黑烟 粉尘 扬尘 烟尘 油烟 焚烧 烟囱 呛 灰尘", 0.5, ""),
    ("category", "water", "废水 污水 排污 河水 黑臭 偷排 暗管 死鱼 排水口 粪水 渗滤液", 0.5, ""),
    ("category", "noise", "噪音 噪声 吵 轰鸣 音响 打桩 低音炮 喇叭 鸣笛 扰民", 0.5, ""),
    ("category", "solid_waste", "固废 危废 危险废物 废渣 倾倒 污泥 建筑垃圾 废油桶 垃圾", 0.5, ""),
    ("category", "soil", "土壤 耕地污染 土地被污染", 0.5, ""),
    ("category", "radiation", "辐射 基站 电磁 放射 探伤", 0.6, ""),
    ("category", "ecology", "湿地 砍伐 毁林 填湖 野生动物 采砂 乱采乱挖 捕鸟 保护区", 0.5, ""),
    ("category", "odour", "臭 异味 恶臭 刺鼻 气味 臭鸡蛋", 0.45, ""),
    ("sector", "service", "饭店 餐馆 烧烤 火锅 KTV 酒吧 歌舞厅 商铺 超市 洗车 汽修 油烟 广场舞 喇叭", 0.35, ""),
    ("sector", "livestock", "养猪 养鸡 养鸭 养殖 猪场 粪污 牛场 鱼塘 虾塘 死猪", 0.4, ""),
    ("sector", "construction", "工地 施工 渣土 打桩 搅拌站 围挡", 0.4, ""),
    ("sector", "transport", "高架 高速公路 航道 国道 货车 路面", 0.3, ""),
    ("sector", "port", "码头 港口 港务 装卸", 0.4, ""),
    ("sector", "mining", "采石 矿山 开山 放炮 采砂 石料 洗沙 砂场 沙场", 0.4, ""),
    ("sector", "industry", "工厂 厂 车间 公司 企业 园区 作坊 小厂 加工点", 0.15, ""),
    ("sector", "agriculture", "秸秆 农药 农膜", 0.4, ""),
    ("sector", "public", "污水处理厂 垃圾中转站 填埋场 焚烧发电 泵站 变电站 基站", 0.4, ""),
]

ROUTING_RULES = [
    # (order, name, category, sector, keywords, target, department_type)
    (10, "涉嫌环境犯罪 → 公安", "", "", "渗坑 渗井 暗管偷排 篡改 数据造假 跨市 危险废物倾倒", "department", "police"),
    (20, "工业企业 → 生态环境局", "", "industry", "", "department", "eco"),
    (30, "三产服务业（餐饮、商铺、娱乐）→ 城管局", "", "service", "", "department", "urban"),
    (40, "畜禽水产养殖 → 农业农村局", "", "livestock", "", "department", "agriculture"),
    (50, "道路与航道 → 交通运输局", "", "transport", "", "department", "transport"),
    (60, "沿江码头 → 港口局", "", "port", "", "department", "port"),
    (70, "建筑施工 → 住建局", "", "construction", "", "department", "housing"),
    (80, "辐射 → 生态环境局", "radiation", "", "", "department", "eco"),
    (90, "矿山开采 → 生态环境局", "", "mining", "", "department", "eco"),
    (100, "市政公用设施 → 生态环境局", "", "public", "", "department", "eco"),
    (200, "镇区一般性问题 → 镇（街道）", "", "", "", "town", ""),
]
