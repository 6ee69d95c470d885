"""Write examples/customers.xlsx: a small made-up customer list as reps keep it in Excel.

    .venv/bin/python examples/make_customers.py

Thirty accounts, every one invented (no real company or person): a merged title row above a
Chinese header, Chinese and English names, phones as numbers and as text, installed bases as
numbers and as "120万" or "1,200" text, first-cooperation dates as Excel dates and as typed
text, and owners from a team of three that `kam import --create-people` adds. The file is the
same on every run (fixed seed, fixed document date), so regenerating it changes nothing.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "customers.xlsx"
TITLE = "示例客户名录（虚构数据，仅供试用） Sample accounts, all made up"
HEADER = ["客户名称", "简称", "联系电话", "地址", "区域", "负责人", "首次合作日期", "保有量（台）",
          "所属行业", "客户类别", "客户状态", "备注"]
CITIES = (("青岚", "华东"), ("北川", "华北"), ("南屿", "华南"), ("西岭", "西南"), ("东陵", "东北"),
          ("云泽", "华中"))
BRANDS = ("远航", "顺捷", "恒通", "嘉运", "瑞丰", "鼎力", "安达", "宏图", "泰和", "新程")
TRADES = (("物流", "物流"), ("运输", "道路运输"), ("冷链", "冷链物流"), ("客运", "客运"),
          ("建材", "建材"), ("环卫", "环卫"))
SUFFIXES = ("有限公司", "股份有限公司", "集团有限公司", "有限责任公司")
ENGLISH = ("Bluefin Freight Ltd", "Quillmoor Logistics Co.", "Ashgrove Haulage Inc.",
           "Tallpine Cold Chain LLC", "Marrow Bay Transport Ltd")
OWNERS = ("王小明", "李示例", "Alex Sample")
CLASSES = ("A 战略客户", "B 重点客户", "C 一般客户", "B", "C")
STATUSES = ("现实客户", "潜在客户", "现实客户", "流失客户")
NOTES = ("年底换车", "价格敏感", "", "关注新能源", "老客户介绍", "", "Prefers e-mail")


def rows(count: int = 30, seed: int = 11) -> list[list[object]]:
    """Return the sheet's data rows: every name unique, every phone unique."""
    rnd = random.Random(seed)
    out: list[list[object]] = []
    names: set[str] = set()
    english = iter(ENGLISH)
    while len(out) < count:
        index = len(out)
        if index % 6 == 5:
            name = next(english)
            short, region, trade = name.split()[0], "华东", "物流"
            address = f"{rnd.randrange(1, 300)} Harbour Road, 青岚"
        else:
            city, region = rnd.choice(CITIES)
            brand = rnd.choice(BRANDS)
            word, trade = rnd.choice(TRADES)
            name = f"{city}{brand}{word}{rnd.choice(SUFFIXES)}"
            short, address = f"{brand}{word}", f"{city}市{brand}路{rnd.randrange(1, 300)}号"
        if name in names or any(name.startswith(other[:6]) for other in names):
            continue
        names.add(name)
        phone: object = (13_800_000_000.0 + 1013 * index if index % 3
                         else f"0{rnd.randrange(10, 99)}-5550 {1000 + index}")
        installed: object = (f"{rnd.randrange(1, 9) * 10}万" if index % 7 == 3
                             else f"{rnd.randrange(1, 9)},{rnd.randrange(100, 999)}"
                             if index % 7 == 5 else float(rnd.randrange(0, 400)))
        first: object = (float((date(2019, 1, 1) - date(1899, 12, 30)).days
                               + rnd.randrange(0, 2000)) if index % 4
                         else f"{rnd.randrange(2015, 2026)}年{rnd.randrange(1, 13)}月"
                              f"{rnd.randrange(1, 29)}日")
        out.append([name, short, phone, address, region, OWNERS[index % len(OWNERS)], first,
                    installed, trade, rnd.choice(CLASSES), rnd.choice(STATUSES),
                    rnd.choice(NOTES)])
    return out


def write(path: Path = TARGET) -> Path:
    """Write the sample workbook; return its path."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"title": "kam-tui sample accounts", "author": "kam-tui",
                         "created": datetime(2026, 1, 1)})
    page = book.add_worksheet("客户")
    bold = book.add_format({"bold": True})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    page.merge_range(0, 0, 0, len(HEADER) - 1, TITLE, bold)
    page.write_row(1, 0, HEADER, bold)
    for r, row in enumerate(rows(), start=2):
        for col, value in enumerate(row):
            if col == 6 and isinstance(value, float):
                page.write_number(r, col, value, dates)
            elif isinstance(value, str):
                page.write_string(r, col, value)
            else:
                page.write_number(r, col, value)
    page.set_column(0, 0, 28)
    page.set_column(3, 3, 24)
    book.close()
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET))
