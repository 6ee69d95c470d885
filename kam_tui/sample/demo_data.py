"""The demo's fixed tables: its accounts, staff, names, titles, products, rivals and next steps."""

from __future__ import annotations

# name, short name, region, nature, city code; the first two are referred to by tests and docs.
CHINESE_ACCOUNTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("华通物流集团有限公司", "华通物流", "华东", "enterprise", "021"),
    ("吴伟科技有限公司", "吴伟科技", "华南", "enterprise", "020"),
    ("顺达快运股份有限公司", "顺达快运", "华东", "enterprise", "0571"),
    ("北京市公共交通集团", "北京公交", "华北", "public_institution", "010"),
    ("恒远冷链物流有限公司", "恒远冷链", "华北", "enterprise", "022"),
    ("宏信建设工程有限公司", "宏信建设", "西南", "enterprise", "028"),
    ("鑫源矿业集团", "鑫源矿业", "西北", "enterprise", "029"),
    ("成都市环境卫生管理局", "成都环卫", "西南", "gov_agency", "028"),
    ("腾飞汽车运输有限公司", "腾飞运输", "华中", "enterprise", "027"),
    ("安捷城市配送有限公司", "安捷配送", "华南", "enterprise", "0755"),
    ("永盛港口物流有限公司", "永盛港口", "华东", "enterprise", "0532"),
    ("金泰水泥集团", "金泰水泥", "华中", "enterprise", "0731"),
    ("广东省道路运输协会", "粤运协会", "华南", "association", "020"),
    ("瑞丰农产品批发市场", "瑞丰农批", "华中", "enterprise", "0371"),
    ("鼎力重型机械租赁有限公司", "鼎力租赁", "华北", "enterprise", "0311"),
    ("天宇危险品运输有限公司", "天宇危运", "西北", "enterprise", "0931"),
    ("隆昌钢铁物流有限公司", "隆昌钢铁", "东北", "enterprise", "024"),
    ("嘉和商贸有限公司", "嘉和商贸", "华东", "enterprise", "025"),
    ("康利医药物流有限公司", "康利医药", "华东", "enterprise", "0512"),
    ("众诚搬家服务部", "众诚搬家", "华南", "individual", "0769"),
    ("海鹏渔业冷藏运输有限公司", "海鹏渔业", "华南", "enterprise", "0898"),
    ("中东快递有限公司", "中东快递", "西南", "enterprise", "023"),
    ("益通混凝土有限公司", "益通混凝土", "东北", "enterprise", "0451"),
    ("兴运公路客运集团", "兴运客运", "华中", "enterprise", "0791"),
    ("新华书店物流中心", "新华物流", "华北", "public_institution", "0351"),
    ("昌盛建材市场", "昌盛建材", "西南", "enterprise", "0871"),
    ("诚运汽车贸易有限公司", "诚运汽贸", "东北", "enterprise", "0431"),
    ("东方石化运输有限公司", "东方石化", "华东", "enterprise", "0574"),
    ("泰和粮油储运有限公司", "泰和粮油", "东北", "enterprise", "0451"),
    ("宇通市政工程有限公司", "宇通市政", "华中", "enterprise", "0371"),
)
ENGLISH_ACCOUNTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Pacific Freight Lines Ltd", "Pacific Freight", "华南", "enterprise", "0755"),
    ("Northstar Logistics", "Northstar", "华北", "enterprise", "010"),
    ("Blue River Construction", "Blue River", "西南", "enterprise", "023"),
    ("Greenway Waste Services", "Greenway", "华东", "enterprise", "021"),
    ("Orient Cold Chain Co.", "Orient Cold", "华东", "enterprise", "0532"),
    ("Summit Mining Group", "Summit Mining", "西北", "enterprise", "029"),
    ("Harbour City Council", "Harbour City", "华南", "gov_agency", "0756"),
    ("Atlas Auto Parts Distribution", "Atlas Parts", "华中", "enterprise", "027"),
    ("Evergreen Agri Transport", "Evergreen Agri", "东北", "enterprise", "024"),
    ("Metro Bus Company", "Metro Bus", "华北", "enterprise", "022"),
)

STAFF: tuple[tuple[str, str, str], ...] = (
    ("李明", "rep", "华东"),
    ("王芳", "rep", "华南"),
    ("Daniel Chen", "rep", "华北"),
    ("赵强", "regional_manager", "华东"),
    ("刘洋", "project_manager", "华北"),
    ("华东汽贸(经销商)", "dealer", "华东"),
    ("南方重卡服务站", "dealer", "华南"),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超",
         "华", "鹏", "辉", "建国", "文斌", "志刚", "晓燕", "海涛", "春梅", "建华")
EN_NAMES = ("James Wong", "Mary Lee", "Peter Zhang", "Linda Chow", "Tom Baker", "Susan Li",
            "David Ho", "Grace Tan", "Kevin Lau", "Emma Wu", "Mark Liu", "Helen Ng")
# (title, department, role in a deal, influence)
TITLES_ZH = (
    ("总经理", "总经办", "decision_maker", "high"),
    ("技术总监", "技术部", "technical_gatekeeper", "high"),
    ("采购部长", "采购部", "purchaser", "high"),
    ("车队队长", "运营部", "user", "medium"),
    ("财务经理", "财务部", "", "medium"),
    ("调度主管", "运营部", "operator", "low"),
)
TITLES_EN = (
    ("Managing Director", "Management", "decision_maker", "high"),
    ("Fleet Engineer", "Engineering", "technical_gatekeeper", "high"),
    ("Procurement Manager", "Procurement", "purchaser", "high"),
    ("Fleet Supervisor", "Operations", "user", "medium"),
    ("Finance Manager", "Finance", "", "medium"),
    ("Dispatcher", "Operations", "operator", "low"),
)
PRODUCTS = (
    ("6×4 牵引车 J7", 420_000), ("8×4 自卸车 H5", 360_000), ("4×2 冷藏车 L3", 230_000),
    ("城市环卫车 E2", 310_000), ("12米公交客车 B12", 850_000), ("轻卡 T1", 120_000),
)
COMPETITORS = (
    ("东风商用车", "价格灵活，服务网点多", "高端车型油耗偏高"),
    ("解放重卡", "品牌认可度高", "交货周期长"),
    ("重汽豪沃", "工程车型强", "售后响应慢"),
    ("Volvo Trucks", "Premium quality, low TCO", "High price, long parts lead time"),
)
PROJECTS_ZH = ("车队更新", "新线路扩编", "年度招标", "环保替换", "冷链扩容", "试用转批量")
PROJECTS_EN = ("Fleet renewal", "New route", "Annual tender", "Emission upgrade", "Trial to fleet")
# What the rep does next in each stage (DOMAIN.md §2: our work in it).
NEXT_ACTIONS = {
    1: ("了解车队规模与更新计划", "Map the fleet and its renewal plan"),
    2: ("拜访总经理，确认预算与时间", "Meet the MD to confirm budget and timing"),
    3: ("配合设计方案，写入技术参数", "Help draft the specs with our parameters"),
    4: ("提交方案与报价，安排试驾", "Submit proposal and quote, arrange a test drive"),
    5: ("商务谈判，合同条款评审", "Negotiate terms and review the contract"),
    6: ("跟踪交付与回款", "Track delivery and payment"),
}
