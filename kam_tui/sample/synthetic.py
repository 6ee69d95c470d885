"""Large synthetic databases for benchmarks: many accounts, generated fast and reproducibly.

    python -m kam_tui.sample.synthetic /tmp/kam-100k.db --accounts 100000 --seed 1

Per account, on average: 3 contacts, 0.5 open opportunities (stages 1-6, with their stage
history), 5 activities, 4 purchases and 2 revisits; about a quarter of the accounts are English.

Speed comes from three things: rows are written with ``executemany`` in batches inside one
transaction, the secondary indexes are dropped during the load and rebuilt afterwards, and the
file runs with ``synchronous=OFF`` and no rollback journal while it is being filled (the normal
pragmas are restored at the end; a failed run deletes the half-written file).

pypinyin is far too slow to call per row, so Chinese names are composed from small tables of
characters and words whose pinyin is carried alongside. The tables were checked against
pypinyin in every combination the generator makes, so the stored ``search_text`` is exactly what
``kam_tui.core.domain.search.search_text`` computes (tests/sample/test_synthetic.py checks a sample).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import peewee as pw

from kam_tui.core.db import models as m
from kam_tui.core.db.database import PRAGMAS, open_database, rebuild_search_index
from kam_tui.core.domain import vocab
from kam_tui.sample.demo import table_counts

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

CHUNK = 2000  # accounts per executemany batch
_SPACES = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"\D")


# --- SQL helpers --------------------------------------------------------------------------------


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def insert_sql(model: type[pw.Model], columns: Sequence[str],
               fixed: dict[str, Any] | None = None) -> str:
    """Return an INSERT for model: `columns` as parameters, everything else as SQL literals.

    Literals come from `fixed`, else from the field's static default; nullable fields without one
    are left out (NULL). A NOT NULL field with only a callable default must be given.
    """
    fixed = fixed or {}
    names: list[str] = []
    values: list[str] = []
    for field in model._meta.sorted_fields:
        column = field.column_name
        if column in columns:
            names.append(column)
            values.append("?")
        elif column in fixed:
            names.append(column)
            values.append(_literal(fixed[column]))
        elif field.primary_key:
            continue
        elif field.default is not None and not callable(field.default):
            names.append(column)
            values.append(_literal(field.db_value(field.default)))
        elif not field.null:
            raise ValueError(f"{model.__name__}.{column} needs a value")
    unknown = (set(columns) | set(fixed)) - {f.column_name for f in model._meta.sorted_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    quoted = ", ".join(f'"{name}"' for name in names)
    return (f'INSERT INTO "{model._meta.table_name}" ({quoted}) '
            f"VALUES ({', '.join(values)})")


def remove_database_files(path: Path) -> None:
    """Delete a database file and its -wal, -shm and -journal companions if present."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# --- the generator ------------------------------------------------------------------------------


def generate(path: str | Path, accounts: int, seed: int = 1, *,
             today: date | None = None) -> dict[str, int]:
    """Create a NEW database at path filled with `accounts` synthetic accounts; return row counts.

    An existing file at path (and its -wal/-shm) is deleted first. The same (accounts, seed,
    today) always gives the same data, row ids and UUIDs included; `today` defaults to the
    current date and anchors every date in the data.
    """
    if accounts < 0:
        raise ValueError("accounts must be zero or more")
    today = today or date.today()
    path = Path(path)
    remove_database_files(path)
    previous = m.database_proxy.obj  # open_database rebinds the models; give them back after
    db = open_database(path)
    try:
        _fill(db, accounts, seed, today)
        counts = table_counts(db)
    except BaseException:
        db.close()
        remove_database_files(path)
        raise
    finally:
        if not db.is_closed():
            db.close()
        m.database_proxy.initialize(previous)
    return counts


def _fill(db: pw.SqliteDatabase, accounts: int, seed: int, today: date) -> None:
    conn = db.connection()
    # Secondary indexes and the search-index triggers are set aside during the load: building
    # them once at the end is much faster than keeping them up to date row by row.
    indexes = [
        (name, sql) for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    ]
    triggers = [
        (name, sql) for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    ]
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        with db.atomic():
            for name, _sql in indexes:
                conn.execute(f'DROP INDEX "{name}"')
            for name, _sql in triggers:
                conn.execute(f'DROP TRIGGER "{name}"')
            _Generator(conn, seed, today).run(accounts)
            for _name, sql in indexes:
                conn.execute(sql)
            for _name, sql in triggers:
                conn.execute(sql)
            rebuild_search_index(db)
    finally:
        conn.execute(f"PRAGMA cache_size = {PRAGMAS['cache_size']}")
        conn.execute("PRAGMA temp_store = DEFAULT")
        conn.execute(f"PRAGMA journal_mode = {PRAGMAS['journal_mode']}")
        conn.execute(f"PRAGMA synchronous = {PRAGMAS['synchronous']}")
        conn.execute(f"PRAGMA foreign_keys = {PRAGMAS['foreign_keys']}")


class _Generator:
    """Writes staff, then accounts in chunks with all their rows."""

    def __init__(self, conn: Any, seed: int, today: date) -> None:
        self.conn = conn
        self.rng = random.Random(seed)
        self.uuid_bits = random.Random(f"kam-synthetic-uuid:{seed}").getrandbits
        self.today = today
        stamp = datetime.combine(today, datetime.min.time()).replace(hour=8)
        self.stamp = str(stamp)
        fixed = {"created_at": self.stamp, "updated_at": self.stamp}
        self.sql = {
            "staff": insert_sql(m.Staff, ("id", "uuid", "name", "role", "region", "phone",
                                          "email"), fixed),
            "account": insert_sql(m.Account, (
                "id", "uuid", "name", "short_name", "phone", "region", "owner_id",
                "first_cooperation_date", "nature", "enterprise_size", "installed_base",
                "operating_scope", "industry", "bought_before", "dealer_id", "credit_rating",
                "satisfaction", "closeness", "abc_class", "layer", "status", "lifecycle",
                "man_money", "man_authority", "man_need", "search_text"), fixed),
            "contact": insert_sql(m.Contact, (
                "id", "uuid", "account_id", "name", "title", "department", "mobile",
                "reports_to_id", "is_main", "closeness", "contact_plan", "birthday"), fixed),
            "opportunity": insert_sql(m.Opportunity, (
                "id", "uuid", "account_id", "title", "product", "quantity", "amount",
                "expected_close", "owner_id", "stage", "stage_entered_at", "board_position",
                "next_action", "next_action_date"), fixed),
            "stage_change": insert_sql(m.StageChange, (
                "id", "uuid", "opportunity_id", "from_stage", "to_stage", "from_status",
                "changed_at"), {**fixed, "to_status": "open"}),
            "activity": insert_sql(m.Activity, (
                "id", "uuid", "account_id", "opportunity_id", "occurred_on", "kind", "summary",
                "result", "next_step", "next_step_date", "confirmed_by_customer"), fixed),
            "purchase": insert_sql(m.Purchase, (
                "id", "uuid", "account_id", "purchased_on", "project", "product", "quantity",
                "amount", "delivered_on"), fixed),
            "revisit": insert_sql(m.Revisit, (
                "id", "uuid", "account_id", "contact_id", "due_on", "kind", "rule", "rule_key",
                "status", "skip_reason"), fixed),
        }
        # ISO strings for every day the data can use, indexed by offset from today.
        self.day_base = 24_000  # birthdays reach back ~63 years
        self.days = [(today + timedelta(days=offset)).isoformat()
                     for offset in range(-self.day_base, 800)]
        self.ids = {name: 0 for name in self.sql}
        self.board: dict[int, float] = {n: 0.0 for n in range(1, 7)}
        self.zh_people = self._people_pool(16_384, chinese=True)
        self.en_people = self._people_pool(4_096, chinese=False)

    def uuid(self) -> str:
        return "%032x" % self.uuid_bits(128)

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def day(self, offset: int) -> str:
        return self.days[self.day_base + offset]

    def _people_pool(self, size: int, *, chinese: bool) -> list[tuple[str, str]]:
        """Return (name, search fragment) pairs; the fragment is what search_text adds."""
        r = self.rng.random
        pool = []
        for _ in range(size):
            if chinese:
                parts = [SURNAMES[int(r() * len(SURNAMES))], GIVEN[int(r() * len(GIVEN))]]
                if r() < 0.45:
                    parts.append(GIVEN[int(r() * len(GIVEN))])
                name = "".join(p[0] for p in parts)
                keys = (f"{''.join(p[1] for p in parts)} {' '.join(p[2] for p in parts)} "
                        f"{''.join(p[3] for p in parts)}")
                pool.append((name, f"{name} | {keys}"))
            else:
                name = f"{EN_FIRST[int(r() * len(EN_FIRST))]} {EN_LAST[int(r() * len(EN_LAST))]}"
                pool.append((name, name.lower()))
        return pool

    # -- staff ---------------------------------------------------------------------------------

    def staff(self, accounts: int) -> dict[str, list[int]]:
        r = self.rng.random
        reps = max(3, accounts // 300)
        plan = (("rep", reps), ("regional_manager", max(1, reps // 6)),
                ("project_manager", max(1, reps // 20)), ("dealer", max(2, accounts // 800)))
        rows = []
        by_role: dict[str, list[int]] = {}
        regions = sorted({region for _, region, _ in CITIES}) + list(EN_REGIONS)
        for role, count in plan:
            for n in range(count):
                sid = self.next_id("staff")
                if role == "dealer":
                    brand = (BRAND[int(r() * len(BRAND))][0] + BRAND[int(r() * len(BRAND))][0])
                    name = f"{brand}汽车贸易有限公司" if n % 3 else (
                        f"{EN_WORDS[int(r() * len(EN_WORDS))]} Truck Sales Ltd")
                    email = ""
                elif n % 4 == 3:
                    name = self.en_people[int(r() * len(self.en_people))][0]
                    email = name.lower().replace(" ", ".") + "@tianxing-trucks.com"
                else:
                    name = self.zh_people[int(r() * len(self.zh_people))][0]
                    email = ""
                region = regions[n % len(regions)]
                phone = f"13{int(r() * 10)} {int(r() * 9000) + 1000} {int(r() * 9000) + 1000}"
                rows.append((sid, self.uuid(), name, role, region, phone, email))
                by_role.setdefault(role, []).append(sid)
        self.conn.executemany(self.sql["staff"], rows)
        return by_role

    # -- accounts and their rows ---------------------------------------------------------------

    def run(self, accounts: int) -> None:
        by_role = self.staff(accounts)
        self.owners = by_role["rep"] + by_role["regional_manager"]
        self.managers = by_role["regional_manager"] + by_role["project_manager"]
        self.dealers = by_role["dealer"]
        done = 0
        while done < accounts:
            size = min(CHUNK, accounts - done)
            self.chunk(size)
            done += size

    def chunk(self, size: int) -> None:
        rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in self.sql if name != "staff"}
        for _ in range(size):
            self.account(rows)
        for name, batch in rows.items():
            if batch:
                self.conn.executemany(self.sql[name], batch)

    def account(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        rng = self.rng
        r = rng.random
        day = self.day
        uuid = self.uuid
        aid = self.next_id("account")
        english = r() < 0.25

        # --- classification, consistent with DOMAIN.md §1
        x = r()
        status = "current" if x < 0.6 else "potential" if x < 0.9 else "lost"
        x = r()
        abc = "A" if x < 0.05 else "B" if x < 0.25 else "C"
        if status == "current":
            layer = "consolidate"
            x = r()
            lifecycle = "growth" if x < 0.3 else "maturity" if x < 0.85 else "decline"
        elif status == "potential":
            layer = "breakthrough" if r() < 0.5 else "watch"
            lifecycle = "acquisition"
        else:
            layer, lifecycle = "watch", "departure"
        x = r()
        nature = ("enterprise" if x < 0.85 else "public_institution" if x < 0.91
                  else "gov_agency" if x < 0.95 else "association" if x < 0.97
                  else "individual")
        if abc == "A":
            installed = 200 + int(r() * 1300)
        elif abc == "B":
            installed = 50 + int(r() * 350)
        else:
            installed = int(r() * 80)
        scope = "cross_region" if r() < (0.85 if abc == "A" else 0.45) else "one_region"
        if nature == "individual":
            installed = 1 + int(r() * 6)
            scope = "one_region"
        size = ""
        if nature == "enterprise":
            if installed > 200 and scope == "cross_region":
                size = "large"
            elif installed >= 50:
                size = "medium"
            else:
                size = "small"

        # --- names
        short_keys = ""
        if english:
            word = EN_WORDS[int(r() * len(EN_WORDS))]
            region = EN_REGIONS[int(r() * len(EN_REGIONS))]
            if nature == "individual":
                name, _frag = self.en_people[int(r() * len(self.en_people))]
                short, industry = "", "Owner-driver"
            elif nature == "enterprise":
                trade, industry = EN_TRADES[int(r() * len(EN_TRADES))]
                last = EN_LAST[int(r() * len(EN_LAST))]
                if r() < 0.5:
                    name = f"{word} {trade} {EN_SUFFIXES[int(r() * len(EN_SUFFIXES))]}"
                else:
                    name = f"{last} {word} {trade} {EN_SUFFIXES[int(r() * len(EN_SUFFIXES))]}"
                short = f"{word} {trade}"
            else:
                kind = {"gov_agency": ("City Council", "Government"),
                        "public_institution": ("Community Hospital", "Healthcare"),
                        "association": ("Hauliers Association", "Association")}[nature]
                name, short, industry = f"{word} {kind[0]}", word, kind[1]
            name_l, name_keys = name.lower(), ""
            phone = (f"+44 {int(r() * 80) + 11} {int(r() * 9000) + 1000} "
                     f"{int(r() * 9000) + 1000}")
        else:
            city, region, area = CITIES[int(r() * len(CITIES))]
            if nature == "individual":
                name, frag = self.zh_people[int(r() * len(self.zh_people))]
                name_l, name_keys = frag.split(" | ", 1)
                short, industry = "", "个体运输"
            elif nature == "enterprise":
                b1 = BRAND[int(r() * len(BRAND))]
                b2 = BRAND[int(r() * len(BRAND))]
                trade, industry = TRADES[int(r() * len(TRADES))]
                suffix = SUFFIXES[int(r() * len(SUFFIXES))]
                parts = (city, b1, b2, trade, suffix) if r() < 0.7 else (b1, b2, trade, suffix)
                name = "".join(p[0] for p in parts)
                name_keys = (f"{''.join(p[1] for p in parts)} {' '.join(p[2] for p in parts)} "
                             f"{''.join(p[3] for p in parts)}")
                short = b1[0] + b2[0] + trade[0]
                short_keys = (f"{b1[1]}{b2[1]}{trade[1]} {b1[2]} {b2[2]} {trade[2]} "
                              f"{b1[3]}{b2[3]}{trade[3]}")
                name_l = name
            else:
                choices = [p for p in PUBLIC if p[0] == nature]
                _nature, tail, short_tail, industry = choices[int(r() * len(choices))]
                name = city[0] + tail[0]
                name_keys = f"{city[1]}{tail[1]} {city[2]} {tail[2]} {city[3]}{tail[3]}"
                short = city[0] + short_tail[0]
                short_keys = (f"{city[1]}{short_tail[1]} {city[2]} {short_tail[2]} "
                              f"{city[3]}{short_tail[3]}")
                name_l = name
            phone = f"{area}-{int(r() * 90_000_000) + 10_000_000}"

        owner = self.owners[int(r() * len(self.owners))]
        if abc != "C" and r() < 0.5:
            owner = self.managers[int(r() * len(self.managers))]
        dealer = self.dealers[int(r() * len(self.dealers))] if abc == "C" and r() < 0.6 else None
        bought = status != "potential"
        first_coop = day(-400 - int(r() * 2600)) if bought else None
        credit = ("excellent", "good", "good", "fair", "poor", "")[int(r() * 6)]
        satisfaction = ("very_satisfied", "satisfied", "satisfied", "neutral", "dissatisfied",
                        "")[int(r() * 6)]
        closeness = ("acquainted", "familiar", "familiar", "trusted", "allied", "")[int(r() * 6)]
        man_m, man_a, man_n = r() < 0.7, r() < 0.5, r() < 0.6

        # --- contacts: 1..5, the first is the boss, the second the main contact
        people = self.en_people if english else self.zh_people
        titles = EN_TITLES if english else ZH_TITLES
        n_contacts = 1 + int(r() * 5)
        contact_ids = []
        fragments = []
        boss = None
        for k in range(n_contacts):
            cid = self.next_id("contact")
            person, fragment = people[int(r() * len(people))]
            title, department = titles[k] if k < len(titles) else titles[-1]
            birthday = (day(-int(r() * 14_000) - 9_000) if r() < 0.3 else None)
            rows["contact"].append((
                cid, uuid(), aid, person, title, department,
                f"1{30 + int(r() * 60)}{int(r() * 90_000_000) + 10_000_000}",
                boss, k == min(1, n_contacts - 1),
                ("", "acquainted", "familiar", "trusted")[int(r() * 4)],
                ("", "", "weekly", "monthly", "quarterly")[int(r() * 5)], birthday))
            if boss is None:
                boss = cid
            contact_ids.append(cid)
            fragments.append(fragment)

        # --- search text, exactly as kam_tui.core.domain.search.search_text builds it
        parts = [name_l]
        if name_keys:
            parts.append(name_keys)
        if short:
            parts.append(short.lower())
            if short_keys:
                parts.append(short_keys)
        parts.extend(fragments)
        parts.append(phone.lower())
        parts.append(_NOT_DIGIT.sub("", phone))
        haystack = _SPACES.sub(" ", " | ".join(parts)).strip()

        rows["account"].append((
            aid, uuid(), name, short, phone, region, owner, first_coop, nature, size, installed,
            scope, industry, bought, dealer, credit, satisfaction, closeness, abc, layer, status,
            lifecycle, man_m, man_a, man_n, haystack))

        products = EN_PRODUCTS if english else ZH_PRODUCTS

        # --- one open opportunity for half of the accounts, with its stage history
        oid = None
        if status != "lost" and r() < (0.5 / 0.9):
            oid = self.next_id("opportunity")
            stage = 1 + int(r() * 6)
            product, price = products[int(r() * 7)]
            quantity = 1 + int(r() * (30 if abc == "A" else 12 if abc == "B" else 5))
            amount = max(200_000, quantity * price)
            in_stage = 1 + int(r() * 120)
            entered = day(-in_stage) + " 09:00:00"
            self.board[stage] += 1.0
            title = (EN_OPP_TITLES if english else ZH_OPP_TITLES)[int(r() * 6)]
            action = (EN_NEXT_ACTIONS if english else ZH_NEXT_ACTIONS)[stage - 1]
            rows["opportunity"].append((
                oid, uuid(), aid, f"{self.today.year + 1} {title}" if english
                else f"{self.today.year + 1}年{title}", product, quantity, amount,
                day(30 + int(r() * 330)), owner, stage, entered, self.board[stage], action,
                day(int(r() * 40) - 10)))
            back = in_stage
            history = []
            for to_stage in range(stage, 0, -1):
                history.append((to_stage, back))
                back += 7 + int(r() * 30)
            for to_stage, ago in reversed(history):
                rows["stage_change"].append((
                    self.next_id("stage_change"), uuid(), oid,
                    to_stage - 1 if to_stage > 1 else None, to_stage,
                    "open" if to_stage > 1 else "", day(-ago) + " 09:00:00"))

        # --- activities: 2..8
        templates = EN_ACTIVITIES if english else ZH_ACTIVITIES
        for _ in range(2 + int(r() * 7)):
            kind, summary, result, step = templates[ACTIVITY_KIND_WEIGHTS[int(r() * 12)]]
            ago = int(r() * 730)
            rows["activity"].append((
                self.next_id("activity"), uuid(), aid,
                oid if oid is not None and r() < 0.3 else None, day(-ago), kind, summary,
                result, step, day(-ago + 14) if step and r() < 0.3 else None, r() < 0.4))

        # --- purchases: current 1..11, lost 1..7 (older), potential none; mean 4 overall
        if status != "potential":
            count = 1 + int(r() * (11 if status == "current" else 7))
            span, start = (1095, 0) if status == "current" else (700, 400)
            for _ in range(count):
                ago = start + int(r() * span)
                product, price = products[int(r() * 8)]
                quantity = 1 + int(r() * 10)
                delivered = ago - 20 - int(r() * 70)
                rows["purchase"].append((
                    self.next_id("purchase"), uuid(), aid, day(-ago),
                    product if english else f"{product}采购", product, quantity,
                    quantity * price, day(-delivered) if delivered >= 0 else None))

        # --- revisits: 0..4; past ones mostly done or skipped, some still planned (overdue)
        for k in range(int(r() * 5)):
            offset = int(r() * 91) - 30
            if offset < 0:
                x = r()
                state = "done" if x < 0.5 else "skipped" if x < 0.6 else "planned"
            else:
                state = "planned"
            rule = REVISIT_RULES[int(r() * len(REVISIT_RULES))]
            rows["revisit"].append((
                self.next_id("revisit"), uuid(), aid,
                contact_ids[int(r() * len(contact_ids))], day(offset),
                REVISIT_KINDS[int(r() * len(REVISIT_KINDS))], rule,
                f"{rule}:{aid}:{k}" if rule != "manual" else "", state,
                ("Customer travelling" if english else "客户出差") if state == "skipped"
                else ""))


# --- command line -------------------------------------------------------------------------------


def main(argv: Iterable[str] | None = None) -> int:
    """Generate a synthetic database and print the row counts and the time taken."""
    parser = argparse.ArgumentParser(
        prog="python -m kam_tui.sample.synthetic",
        description="Create a synthetic kam-tui database for benchmarks "
                    "(an existing file at PATH is replaced).")
    parser.add_argument("path", metavar="PATH")
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="anchor date, YYYY-MM-DD (default: today)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    started = time.perf_counter()
    counts = generate(args.path, args.accounts, args.seed, today=args.today)
    seconds = time.perf_counter() - started
    for table, count in counts.items():
        print(f"{table:<20}{count:>12,}")
    size = Path(args.path).stat().st_size
    print(f"{'total rows':<20}{sum(counts.values()):>12,}")
    print(f"{args.path}: {size / 1_048_576:.1f} MiB in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
