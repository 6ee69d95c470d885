"""The tables synthetic names and records are composed from, with their pinyin carried along.

pypinyin is far too slow to call per row, so Chinese names are composed from small tables of
characters and words whose pinyin is carried alongside; they were checked against pypinyin in
every combination the generator makes.
"""

from __future__ import annotations

import re

from kam_tui.core.domain import vocab

# --- name tables --------------------------------------------------------------------------------
# "汉字pin-yin": the text, then the pinyin of each character (what pypinyin's lazy_pinyin gives).

Unit = tuple[str, str, str, str]  # text, joined pinyin, spaced pinyin, initials


def _units(spec: str) -> tuple[Unit, ...]:
    out = []
    for item in spec.split():
        match = re.fullmatch(r"([\u3400-\u9fff]+)([a-z-]+)", item)
        if match is None:
            raise ValueError(f"bad name-table entry {item!r}")
        text, syllables = match.group(1), match.group(2).split("-")
        if len(text) != len(syllables):
            raise ValueError(f"{item!r}: one syllable per character")
        out.append((text, "".join(syllables), " ".join(syllables),
                    "".join(s[0] for s in syllables)))
    return tuple(out)


SURNAMES = _units(
    "王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu "
    "胡hu 郭guo 何he 林lin 罗luo 高gao 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng "
    "邓deng 曹cao 彭peng 萧xiao 田tian 董dong 潘pan 袁yuan 蔡cai 蒋jiang 余yu 杜du 叶ye 程cheng "
    "苏su 魏wei 吕lv 丁ding 任ren 沈shen 姚yao 卢lu 姜jiang 崔cui 钟zhong 谭tan 陆lu 汪wang "
    "范fan 金jin 石shi 廖liao 贾jia 夏xia 韦wei 付fu 方fang 邹zou 熊xiong 白bai 孟meng 秦qin "
    "邱qiu 江jiang 尹yin 薛xue 闫yan 段duan 雷lei 侯hou 龙long 史shi 陶tao 黎li 贺he 顾gu "
    "毛mao 郝hao 龚gong 邵shao 万wan 钱qian 严yan 武wu 戴dai 莫mo 孔kong 向xiang 汤tang"
)
GIVEN = _units(
    "伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan "
    "涛tao 明ming 超chao 秀xiu 霞xia 平ping 刚gang 桂gui 英ying 华hua 鹏peng 辉hui 建jian "
    "国guo 文wen 斌bin 宇yu 浩hao 凯kai 晨chen 博bo 欣xin 怡yi 雪xue 梅mei 琳lin 丹dan 玉yu "
    "兰lan 红hong 海hai 波bo 林lin 峰feng 宁ning 志zhi 新xin 春chun 东dong 飞fei 亮liang "
    "成cheng 慧hui 婷ting 晓xiao 颖ying 佳jia 俊jun 毅yi 旭xu 晶jing"
)
BRAND = _units(
    "华hua 通tong 顺shun 达da 安an 捷jie 恒heng 远yuan 宏hong 信xin 鑫xin 源yuan 腾teng "
    "飞fei 新xin 兴xing 永yong 盛sheng 金jin 泰tai 瑞rui 丰feng 鼎ding 力li 天tian 宇yu "
    "隆long 昌chang 嘉jia 和he 康kang 利li 益yi 众zhong 海hai 鹏peng 运yun 诚cheng 中zhong "
    "东dong"
)
# (unit, region, telephone area code)
CITIES: tuple[tuple[Unit, str, str], ...] = tuple(
    (unit, region, code)
    for unit, (region, code) in zip(
        _units(
            "杭州hang-zhou 苏州su-zhou 南京nan-jing 上海shang-hai 北京bei-jing 天津tian-jin "
            "广州guang-zhou 深圳shen-zhen 东莞dong-guan 佛山fo-shan 成都cheng-du 西安xi-an "
            "武汉wu-han 郑州zheng-zhou 济南ji-nan 青岛qing-dao 合肥he-fei 福州fu-zhou "
            "厦门xia-men 南宁nan-ning 昆明kun-ming 贵阳gui-yang 沈阳shen-yang 大连da-lian "
            "太原tai-yuan 宁波ning-bo 无锡wu-xi 温州wen-zhou 常州chang-zhou 徐州xu-zhou "
            "扬州yang-zhou 南昌nan-chang 兰州lan-zhou 海口hai-kou 珠海zhu-hai 中山zhong-shan "
            "惠州hui-zhou 烟台yan-tai 唐山tang-shan 洛阳luo-yang 宜昌yi-chang 绵阳mian-yang "
            "柳州liu-zhou 遵义zun-yi"
        ),
        (
            ("华东", "0571"), ("华东", "0512"), ("华东", "025"), ("华东", "021"),
            ("华北", "010"), ("华北", "022"), ("华南", "020"), ("华南", "0755"),
            ("华南", "0769"), ("华南", "0757"), ("西南", "028"), ("西北", "029"),
            ("华中", "027"), ("华中", "0371"), ("华东", "0531"), ("华东", "0532"),
            ("华东", "0551"), ("华东", "0591"), ("华东", "0592"), ("华南", "0771"),
            ("西南", "0871"), ("西南", "0851"), ("东北", "024"), ("东北", "0411"),
            ("华北", "0351"), ("华东", "0574"), ("华东", "0510"), ("华东", "0577"),
            ("华东", "0519"), ("华东", "0516"), ("华东", "0514"), ("华中", "0791"),
            ("西北", "0931"), ("华南", "0898"), ("华南", "0756"), ("华南", "0760"),
            ("华南", "0752"), ("华东", "0535"), ("华北", "0315"), ("华中", "0379"),
            ("华中", "0717"), ("西南", "0816"), ("华南", "0772"), ("西南", "0851"),
        ),
        strict=True,
    )
)
# (unit, industry stored on the card)
TRADES: tuple[tuple[Unit, str], ...] = tuple(zip(
    _units(
        "物流wu-liu 运输yun-shu 客运ke-yun 公交gong-jiao 汽车运输qi-che-yun-shu 货运huo-yun "
        "供应链gong-ying-lian 快运kuai-yun 冷链物流leng-lian-wu-liu 环卫huan-wei "
        "建材jian-cai 能源neng-yuan 工程gong-cheng 矿业kuang-ye 港务gang-wu "
        "城市配送cheng-shi-pei-song 集装箱运输ji-zhuang-xiang-yun-shu 砂石sha-shi "
        "混凝土hun-ning-tu 电力工程dian-li-gong-cheng 通信工程tong-xin-gong-cheng 科技ke-ji"
    ),
    ("物流", "道路运输", "客运", "公共交通", "道路运输", "货运", "供应链", "快运", "冷链物流",
     "环卫", "建材", "能源", "工程建设", "矿业", "港口物流", "城市配送", "集装箱运输", "砂石",
     "混凝土", "电力工程", "通信工程", "科技"),
    strict=True,
))
SUFFIXES = _units(
    "有限公司you-xian-gong-si 集团有限公司ji-tuan-you-xian-gong-si "
    "股份有限公司gu-fen-you-xian-gong-si 集团ji-tuan "
    "有限责任公司you-xian-ze-ren-gong-si"
)
# Public bodies: (nature, name tail after the city, short-name tail, industry)
_PUBLIC = (
    ("gov_agency", "市交通运输局shi-jiao-tong-yun-shu-ju", "交通局jiao-tong-ju", "政府交通"),
    ("gov_agency", "市城市管理局shi-cheng-shi-guan-li-ju", "城管局cheng-guan-ju", "城市管理"),
    ("gov_agency", "市邮政管理局shi-you-zheng-guan-li-ju", "邮政局you-zheng-ju", "邮政"),
    ("public_institution", "市第一人民医院shi-di-yi-ren-min-yi-yuan", "第一医院di-yi-yi-yuan",
     "医疗"),
    ("public_institution", "职业技术学院zhi-ye-ji-shu-xue-yuan", "职院zhi-yuan", "教育"),
    ("public_institution", "市环境卫生管理处shi-huan-jing-wei-sheng-guan-li-chu",
     "环卫处huan-wei-chu", "环卫"),
    ("association", "市物流协会shi-wu-liu-xie-hui", "物流协会wu-liu-xie-hui", "行业协会"),
    ("association", "市道路运输协会shi-dao-lu-yun-shu-xie-hui", "运输协会yun-shu-xie-hui",
     "行业协会"),
)
PUBLIC: tuple[tuple[str, Unit, Unit, str], ...] = tuple(
    (nature, _units(tail)[0], _units(short)[0], industry)
    for nature, tail, short, industry in _PUBLIC
)

EN_FIRST = (
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony "
    "Betty Mark Sandra Paul Ashley Steven Emily Andrew Donna Kevin Michelle Brian Carol George "
    "Amanda Edward Melissa Ryan Rebecca Jacob Laura Gary Helen Eric Anna Peter Olivia Oliver "
    "Grace Henry Chloe"
).split()
EN_LAST = (
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin "
    "Jackson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green "
    "Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards "
    "Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Reed Bailey Bell Harper Hughes "
    "Foster Hayes Palmer Fisher"
).split()
EN_WORDS = (
    "Northwind Blue River Summit Pacific Redstone Eastgate Greenfield Oakridge Harbor Silverline "
    "Ironbridge Westport Highland Lakeside Crescent Riverside Pinecrest Granite Meadow Sterling "
    "Beacon Horizon Keystone Atlas Falcon Cedar Maple Coastal Prairie Union Liberty Frontier "
    "Summitview Bayside Stonegate Clearwater Redwood Bridgeway Northstar Southern"
).split()
EN_TRADES = (
    ("Logistics", "Logistics"), ("Freight", "Freight"), ("Haulage", "Haulage"),
    ("Transport", "Road transport"), ("Bus Lines", "Public transport"),
    ("Cold Chain", "Cold chain"), ("Waste Services", "Sanitation"),
    ("Construction", "Construction"), ("Parcel Express", "Express"),
    ("Distribution", "Distribution"), ("Mining", "Mining"), ("Utilities", "Utilities"),
)
EN_SUFFIXES = ("Ltd", "Inc.", "Co.", "Group", "LLC", "plc")
EN_REGIONS = ("East", "West", "North", "South", "Central")

ZH_TITLES = (
    ("总经理", "总经理办公室"), ("采购部经理", "采购部"), ("技术部部长", "技术部"),
    ("车队队长", "运输部"), ("财务部经理", "财务部"), ("副总经理", "总经理办公室"),
    ("设备主管", "设备部"), ("运营总监", "运营部"),
)
EN_TITLES = (
    ("General Manager", "Management"), ("Procurement Manager", "Procurement"),
    ("Chief Engineer", "Engineering"), ("Fleet Manager", "Operations"),
    ("Finance Director", "Finance"), ("Deputy General Manager", "Management"),
    ("Workshop Supervisor", "Maintenance"), ("Operations Director", "Operations"),
)
ZH_PRODUCTS = (("天行 T7 牵引车", 450_000), ("天行 C9 冷藏车", 380_000),
               ("天行 E12 纯电动公交", 1_100_000), ("天行 H5 环卫车", 500_000),
               ("天行 D8 自卸车", 420_000), ("天行 L3 轻卡", 160_000),
               ("天行 V5 工程车", 220_000), ("车联网服务", 12_000))
EN_PRODUCTS = (("Tianxing T7 tractor", 450_000), ("Tianxing C9 reefer truck", 380_000),
               ("Tianxing E12 electric bus", 1_100_000), ("Tianxing H5 refuse truck", 500_000),
               ("Tianxing D8 tipper", 420_000), ("Tianxing L3 light truck", 160_000),
               ("Tianxing V5 service van", 220_000), ("Telematics service", 12_000))
ZH_ACTIVITIES = (
    ("visit", "上门拜访，了解车队运营情况", "客户对出勤率满意", "整理需求清单"),
    ("phone", "电话沟通交付进度", "确认交付时间", "发送交付计划"),
    ("meeting", "与采购部开会讨论报价", "客户要求再降价2%", "内部申请价格"),
    ("training", "为司机做节油驾驶培训", "培训12人，反馈良好", "一个月后复训"),
    ("inspection", "陪同客户参观工厂", "客户认可生产质量", "安排试驾"),
    ("email", "发送技术方案和配置单", "技术部已收到", "跟进技术评审"),
    ("message", "微信问候并确认保养安排", "客户确认下周保养", "安排服务站"),
    ("gift", "节日送上公司礼品", "客户表示感谢", ""),
)
EN_ACTIVITIES = (
    ("visit", "Site visit to review fleet operations", "Customer happy with uptime",
     "Write up the needs list"),
    ("phone", "Call about delivery progress", "Delivery date confirmed", "Send delivery plan"),
    ("meeting", "Pricing meeting with procurement", "They ask for another 2% off",
     "Request price approval"),
    ("training", "Fuel-saving driver training", "12 drivers trained, good feedback",
     "Refresher in a month"),
    ("inspection", "Factory tour with the customer", "Quality convinced them",
     "Arrange a test drive"),
    ("email", "Sent technical proposal and spec sheet", "Engineering received it",
     "Follow up on technical review"),
    ("message", "Checked in on the service schedule", "Service booked for next week",
     "Book the workshop"),
    ("gift", "Holiday gift delivered", "Customer thanked us", ""),
)
ZH_OPP_TITLES = ("车队更新", "车辆采购", "运力扩充", "新能源车辆试点", "车辆替换", "年度采购")
EN_OPP_TITLES = ("Fleet renewal", "Vehicle purchase", "Capacity expansion", "EV pilot",
                 "Vehicle replacement", "Annual purchase")
ZH_NEXT_ACTIONS = ("安排技术交流", "提交报价", "拜访决策者", "邀请试驾", "确认合同条款", "跟进付款")
EN_NEXT_ACTIONS = ("Set up a technical session", "Submit the quote", "Meet the decision maker",
                   "Invite to a test drive", "Confirm contract terms", "Chase the payment")
REVISIT_RULES = tuple(rule.value for rule in vocab.CadenceRule)
REVISIT_KINDS = ("visit", "phone", "phone", "message", "visit", "email")
ACTIVITY_KIND_WEIGHTS = (0, 0, 0, 1, 1, 1, 2, 3, 4, 5, 6, 7)  # index into *_ACTIVITIES; visits more
