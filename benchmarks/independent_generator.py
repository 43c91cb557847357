"""An independent synthetic generator of Chinese multi-source contact data, with its truth file.

    python benchmarks/independent_generator.py --people 4000 --seed 1 --out /tmp/ind1
    python benchmarks/independent_generator.py --people 4500 --seed 2 --out /tmp/ind2 --stats
    python benchmarks/independent_accuracy.py        # generates two sets, merges and scores them

Writes five sources and the truth into OUT:

crm.csv       an English-headed CRM export (UTF-8 with BOM): salutation, pinyin names, English company
              names, switchboard numbers with extensions, US-style dates
expo.xlsx     a trade-show sign-in sheet (sheet 签到表): phones stored as numbers, abbreviated companies
orders.csv    e-commerce orders in GBK: consignee, full delivery address, invoice title and tax ID
tickets.csv   support tickets: honorifics (王先生, 李总), caller numbers with a trunk 0, addresses in free text
wechat.csv    a WeChat contact export: WeChat ID, nickname, remark name with the company in it, region
truth.csv     ``source, row, contact, entity, phone_fault``: the person of every data row (1-based, header
              not counted), the company they worked for at the time (``P<n>`` for a consumer), and
              the faults put into the row's phone cells (``;``-joined): ``invalid`` (a digit dropped or
              doubled, an Excel-mangled 1.38001E+10, two digits swapped into an unallocated
              prefix), ``wrong`` (two digits swapped: a valid number, but not the person's), ``local`` (a landline without its area code), ``plan`` (a
              landline China's numbering plan has no such number for: every city here gets 8-digit
              local numbers, and some, such as 厦门 0592, have 7)

Why it exists.  ``fixtures/generate.py`` is the repo's own fixture generator, and dedupe's rules were
tuned while looking at its output.  This generator was written separately, without reading that one
or dedupe's code, with its own header styles, file formats and habits: which name / phone / address /
company variations each source makes and how often, people who change jobs, branches of a company in
other cities, unrelated companies sharing a 字号 (trade name), work emails and company switchboards.
Accuracy on its data therefore shows how dedupe does on data it was not tuned on; a large gap to the
fixture benchmarks is a sign of overfitting.

World.  ``people / 4`` companies in 40 large cities (real districts and adcodes from
``src/dedupe/data/divisions.csv``, real area codes), with unified social credit codes that carry valid
check characters; people (Faker zh_CN names, plus common, compound and rare surnames) with one or two
mobiles, an optional personal email and a WeChat ID; 80 % employed, 12 % of those change job once.
Each person has 1-8 records spread over 2019 to mid-2025, each given to a source by the kind of person
(employee or consumer).  The truth's entity is the company of the record's date.

Known unrealism:
- WeChat IDs and email addresses are built from a name's pinyin (plus digits or a year), as people
  make them; where two people would get the same one, the later gets digits appended (real ones are
  unique).  Common names therefore give look-alike IDs (jun_wang, jun_wang7) of different people.
- A parent company gets at most one branch per city (a second would share the first's name).  Unrelated
  companies sharing a 字号 are told apart by their region (city or province), industry and legal form;
  two could in principle still get one name (both without region, or the same province, and the same
  industry and form), which is rare and did not happen in the sets checked (seeds 1-5).
- People are independent: no shared household phones or addresses, no family members.
- How often a field is blank, mistyped or reformatted is a guess, not measured on real data.

``--stats`` prints how often each variation was applied per source.  Output is deterministic for a
given ``--people`` and ``--seed`` (and the same Faker version).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import string
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import phonenumbers
from faker import Faker
from pypinyin import lazy_pinyin

ROOT = Path(__file__).resolve().parents[1]
DIVISIONS = ROOT / "src" / "dedupe" / "data" / "divisions.csv"

Division = tuple[str, str, list[tuple[str, str]]]  # province, city, [(district, adcode)]
Company = dict[str, Any]
Person = dict[str, Any]
Address = dict[str, Any]
Job = tuple[Company, str, str]  # company, title, work email
Record = tuple[dt.datetime, Person, Job | None]
Table = tuple[list[str], list[list[Any]]]

# ------------------------------------------------------------------ geography
AREA = {"北京市": "010", "上海市": "021", "天津市": "022", "重庆市": "023", "广州市": "020", "深圳市": "0755",
        "杭州市": "0571", "南京市": "025", "武汉市": "027", "成都市": "028", "西安市": "029", "苏州市": "0512",
        "佛山市": "0757", "宁波市": "0574", "青岛市": "0532", "厦门市": "0592", "长沙市": "0731", "郑州市": "0371",
        "济南市": "0531", "合肥市": "0551", "福州市": "0591", "沈阳市": "024", "大连市": "0411", "昆明市": "0871",
        "无锡市": "0510", "珠海市": "0756", "哈尔滨市": "0451", "长春市": "0431", "石家庄市": "0311", "南昌市": "0791",
        "南宁市": "0771", "贵阳市": "0851", "太原市": "0351", "温州市": "0577", "常州市": "0519", "泉州市": "0595",
        "惠州市": "0752", "嘉兴市": "0573", "绍兴市": "0575", "烟台市": "0535"}
CITY_W = {"北京市": 10, "上海市": 10, "深圳市": 9, "广州市": 7, "杭州市": 6, "成都市": 5, "南京市": 4, "武汉市": 4,
          "苏州市": 4, "西安市": 3, "重庆市": 3, "天津市": 3, "长沙市": 2, "郑州市": 2, "青岛市": 2, "厦门市": 2,
          "宁波市": 2, "合肥市": 2}
PROV_SHORT = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏", "宁夏回族自治区": "宁夏",
              "新疆维吾尔自治区": "新疆"}


def load_divisions(path: Path = DIVISIONS) -> list[Division]:
    """Every prefecture-level city that has districts, with its districts and their adcodes.

    A district is a ``district`` row of the table (区, 县, 县级市, 旗 ...).  Municipalities are their own
    city (北京市 北京市 东城区).  Left out: Taiwan, Hong Kong and Macau (adcodes 71, 81, 82); the
    province-administered county-level cities (仙桃 ...) and the county-less cities (东莞, 中山 ...),
    which have no ``district`` rows.  Sorted by (province, city), districts in adcode order.
    """
    by_city: dict[tuple[str, str], list[tuple[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["level"] != "district" or row["adcode"][:2] in ("71", "81", "82"):
                continue
            by_city.setdefault((row["province"], row["city"]), []).append((row["district"], row["adcode"]))
    return [(p, c, ds) for (p, c), ds in sorted(by_city.items())]


def sprov(p: str) -> str:
    """Short province name: 广东省 -> 广东, 广西壮族自治区 -> 广西."""
    return PROV_SHORT.get(p, p[:-1] if p[-1] in "省市" else p)


def scity(c: str) -> str:
    """Short city name: 深圳市 -> 深圳."""
    return c[:-1] if c.endswith("市") and len(c) > 2 else c


# ------------------------------------------------------------------ vocabulary
TRADE_CH = ("华锐达信通恒泰鑫瑞丰盛源宏博远创新腾飞汇金凯嘉联亿科德安康美佳益众和兴隆昌辉耀星辰天云海峰晟铭睿智迅"
            "捷诚力威启航优品尚卓越志成正大中方圆东南明光永利祥福顺弘毅宇维领途乐升晶合融蓝青鼎立翔拓展骏驰君")
INDUSTRY = [("科技", "Technology"), ("信息技术", "Information Technology"), ("网络科技", "Network Technology"),
            ("电子", "Electronics"), ("贸易", "Trading"), ("商贸", "Trading"), ("物流", "Logistics"),
            ("医疗器械", "Medical Devices"), ("生物科技", "Biotech"), ("建筑工程", "Construction"),
            ("文化传媒", "Culture & Media"), ("餐饮管理", "Catering Management"), ("机械设备", "Machinery"),
            ("新材料", "New Materials"), ("教育科技", "Education Technology"), ("企业管理咨询", "Consulting"),
            ("投资管理", "Investment Management"), ("食品", "Food"), ("服饰", "Apparel"), ("汽车服务", "Auto Services"),
            ("环保科技", "Environmental Tech"), ("软件", "Software"), ("智能科技", "Intelligent Technology"),
            ("实业", "Industrial"), ("电气", "Electric"), ("化工", "Chemical"), ("精密制造", "Precision Manufacturing"),
            ("供应链管理", "Supply Chain"), ("广告", "Advertising"), ("能源", "Energy")]
FORMS = [("有限公司", 55, "Co., Ltd."), ("有限责任公司", 12, "Co., Ltd."), ("股份有限公司", 14, "Co., Ltd."),
         ("集团有限公司", 6, "Group Co., Ltd."), ("集团股份有限公司", 2, "Group Co., Ltd.")]
FORM_EN = {f: e for f, _, e in FORMS}
ROADS = ("人民路 中山路 解放路 建设路 和平路 长江路 黄河路 新华路 文化路 胜利路 青年路 科技路 创业路 高新路 工业大道 滨河路 "
         "迎宾大道 学府路 光明路 东风路 北京路 南京路 延安路 幸福路 振兴路 朝阳路 世纪大道 金融街 科苑路 软件园路 "
         "高新南一道 天府大道 珠江路 湖滨路 江南大道 环城北路 体育西路 五一路 民主路 育才路").split()
BLDG_SFX = ["大厦", "中心", "广场", "科技园", "产业园", "国际大厦", "商务中心", "创意园"]
ESTATE_SFX = ["小区", "花园", "苑", "家园", "新村", "公寓", "华庭", "雅居"]
TITLES = [("总经理", 4), ("副总经理", 3), ("销售经理", 8), ("采购经理", 8), ("采购主管", 5), ("采购专员", 6),
          ("技术总监", 3), ("工程师", 8), ("高级工程师", 4), ("行政专员", 4), ("财务经理", 4), ("市场部经理", 4),
          ("董事长", 2), ("总监", 3), ("项目经理", 6), ("人事经理", 3), ("运营主管", 3), ("客服主管", 2), ("", 6)]
COMMON = [("张伟", "M"), ("王芳", "F"), ("李娜", "F"), ("刘洋", "M"), ("王伟", "M"), ("李伟", "M"), ("王静", "F"),
          ("张敏", "F"), ("李静", "F"), ("张丽", "F"), ("王磊", "M"), ("刘伟", "M"), ("李强", "M"), ("张静", "F"),
          ("刘芳", "F"), ("陈静", "F"), ("王军", "M"), ("张勇", "M"), ("李军", "M"), ("王秀英", "F")]
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "司徒", "夏侯", "尉迟", "公孙", "令狐"]
RARE = list("仉亓禚訾乜宓逯郗佘厍鞠蒯滕隗郦缑")
SURNAME_PY = {"曾": "zeng", "单": "shan", "仇": "qiu", "解": "xie", "查": "zha", "朴": "piao", "盖": "ge", "区": "ou",
              "乐": "yue", "尉迟": "yuchi", "缪": "miao", "覃": "qin", "种": "chong", "召": "shao"}
MOB_PFX = [130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 147, 150, 151, 152, 153, 155, 156, 157, 158, 159,
           166, 173, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 198, 199]
MAIL_FREE = [("qq.com", 40), ("163.com", 25), ("126.com", 10), ("gmail.com", 6), ("sina.com", 5), ("foxmail.com", 5),
             ("hotmail.com", 4), ("139.com", 3), ("yeah.net", 2)]
_T = ("张張 伟偉 刘劉 陈陳 杨楊 黄黃 赵趙 吴吳 孙孫 马馬 罗羅 郑鄭 谢謝 许許 韩韓 冯馮 邓鄧 蒋蔣 叶葉 苏蘇 吕呂 卢盧 钟鍾 "
      "谭譚 陆陸 贾賈 韦韋 邹鄒 闫閆 龙龍 贺賀 顾顧 龚龔 万萬 钱錢 严嚴 静靜 丽麗 强強 军軍 艳艷 杰傑 涛濤 华華 红紅 鹏鵬 "
      "辉輝 飞飛 凤鳳 国國 东東 兰蘭 宁寧 晓曉 颖穎 鸿鴻 岚嵐 荣榮 庆慶 云雲 阳陽 泽澤 锋鋒 刚剛 欧歐 诸諸 门門 区區 广廣 "
      "号號 楼樓 层層 单單 厦廈 园園 汇匯 达達 业業 际際 务務 贸貿 开開 网網 络絡 设設 术術 长長 乐樂 梦夢 玮瑋 维維 丰豐 "
      "凯凱 锐銳 进進 伦倫 连連 兴興 亚亞 爱愛 铭銘 宝寶 贤賢 洁潔 帅帥 瑶瑤 继繼 颜顏 纪紀 缪繆 诚誠 锦錦 汉漢 书書 "
      "卫衛 晖暉 庄莊 聂聶 汤湯 时時 义義 县縣 创創 电電 讯訊 恒恆")
TRAD = {p[0]: p[1] for p in _T.split()}
FW = str.maketrans("0123456789-()+", "０１２３４５６７８９－（）＋")
DIG = "零一二三四五六七八九"
NICKS = ["阳光", "静待花开", "平安是福", "Sunny", "Lucky", "随风", "海阔天空", "岁月静好", "一帆风顺", "🌸花开富贵",
         "Michael", "Amy", "Jack", "Tina", "Kevin", "Lily", "David", "Grace", "知足常乐", "简单", "追梦人", "晴天",
         "老{s}", "{s}哥", "{s}姐", "A-{t}-{n}", "{n}", "{n}", "{n}", "{py}", "{n}🍀"]
USCC_CH = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def cn_num(n: int) -> str:
    """0-999 in Chinese numerals: 12 -> 十二, 305 -> 三百零五."""
    if n < 10:
        return DIG[n]
    if n < 100:
        return (DIG[n // 10] if n >= 20 else "") + "十" + (DIG[n % 10] if n % 10 else "")
    r = n % 100
    if r == 0:
        rest = ""
    elif r < 10:
        rest = "零" + DIG[r]
    else:
        rest = cn_num(r) if r >= 20 else "一" + cn_num(r)
    return DIG[n // 100] + "百" + rest


def trad(s: str) -> str:
    """Traditional characters for the simplified ones in TRAD."""
    return "".join(TRAD.get(c, c) for c in s)


def wpick(rng: random.Random, items: list[tuple[Any, int]]) -> Any:
    """One value of ``items`` ``[(value, weight), ...]`` by weight."""
    return rng.choices([i[0] for i in items], [i[1] for i in items])[0]


def make_uscc(rng: random.Random, code6: str) -> str:
    """A unified social credit code (企业, 91) registered at ``code6``, with valid check characters."""
    org = "".join(rng.choice("0123456789" * 3 + "ABCDEFGHJKLMNPQRTUWY") for _ in range(8))
    s = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(org, [3, 7, 9, 10, 5, 8, 4, 2], strict=True))
    oc = {10: "X", 11: "0"}.get(11 - s % 11, str(11 - s % 11))
    body = "91" + code6 + org + oc
    return body + USCC_CH[(31 - sum(USCC_CH.index(c) * w for c, w in zip(body, USCC_W, strict=True)) % 31) % 31]


# ------------------------------------------------------------------ world
class World:
    """The true companies and people.

    ``rng`` drives everything; ``fix_rng`` is a second stream used only to make an ID unique when the
    first choice is taken, so that those fixes do not shift any other choice.
    """

    def __init__(self, n_people: int, seed: int, divisions: Path = DIVISIONS) -> None:
        self.rng = random.Random(seed)
        self.fix_rng = random.Random(f"{seed}:unique")
        self.fk = Faker("zh_CN")
        self.fk.seed_instance(seed)
        self.divs = load_divisions(divisions)
        self.bycity = {c: (p, c, ds) for p, c, ds in self.divs}
        self.big = [c for c in AREA if c in self.bycity]
        self.used_phones: set[str] = set()
        self.used_trades: set[str] = set()
        self.used_domains: set[str] = set()
        self.used_wx: set[str] = set()
        self.mail_owner: dict[str, int] = {}
        self.branches: set[tuple[str, str]] = set()  # (parent id, city) of every branch
        self.companies: list[Company] = []
        self.people: list[Person] = []
        self.make_companies(max(20, round(n_people / 4)))
        self.make_people(n_people)

    # ---- helpers
    def pick_city(self, big_p: float = 1.0) -> Division:
        rng = self.rng
        if rng.random() < big_p:
            return self.bycity[rng.choices(self.big, [CITY_W.get(c, 1) for c in self.big])[0]]
        return rng.choice(self.divs)

    def mobile(self) -> str:
        while True:
            m = f"{self.rng.choice(MOB_PFX)}{self.rng.randrange(10 ** 8):08d}"
            if m not in self.used_phones:
                self.used_phones.add(m)
                return m

    def landline(self, city: str) -> str:
        while True:
            n = AREA[city] + self.rng.choice("2568") + f"{self.rng.randrange(10 ** 7):07d}"
            if n not in self.used_phones:
                self.used_phones.add(n)
                return n

    def unique_mail(self, local: str, domain: str, owner: int) -> str:
        """``local@domain``, with digits appended while it belongs to someone else."""
        while self.mail_owner.get(f"{local}@{domain}", owner) != owner:
            local += self.fix_rng.choice(string.digits)
        self.mail_owner[f"{local}@{domain}"] = owner
        return f"{local}@{domain}"

    def trade_name(self) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.15:
                t = self.fk.company_prefix()
                if not (2 <= len(t) <= 3) or any(k in t for k in "软件信息国际公司网络"):
                    continue
            else:
                t = "".join(rng.choice(TRADE_CH) for _ in range(wpick(rng, [(2, 60), (3, 35), (4, 5)])))
            if t not in self.used_trades and len(set(t)) == len(t):
                self.used_trades.add(t)
                return t

    def street(self) -> str:
        """A Faker street name of more than two characters."""
        while True:
            s = self.fk.street_name()
            if len(s) > 2:
                return s

    def address(self, city_t: Division, office: bool) -> Address:
        rng = self.rng
        p, c, ds = city_t
        dist, code6 = rng.choice(ds)
        road = self.street() if rng.random() < 0.15 else rng.choice(ROADS)
        a: Address = dict(prov=p, city=c, dist=dist, code6=code6, road=road,
                          no=rng.choice([rng.randint(1, 30), rng.randint(1, 999)]), office=office)
        if office:
            fl = rng.randint(2, 32)
            a.update(name="".join(rng.sample(TRADE_CH, 2)) + rng.choice(BLDG_SFX), floor=fl,
                     room=fl * 100 + rng.randint(1, 20), tower=rng.choice(["", "", "", "A座", "B座", "C栋"]))
        else:
            fl = rng.randint(1, 28)
            a.update(name="".join(rng.sample(TRADE_CH, 2)) + rng.choice(ESTATE_SFX), bldg=rng.randint(1, 25),
                     unit=rng.randint(1, 4), room=fl * 100 + rng.randint(1, 4))
        return a

    def branch_parent(self, dup: list[Company], city: str) -> Company | None:
        """The parent of a new branch in ``city``: one without a branch there yet (two would share a name)."""
        par = self.rng.choice(dup)
        if (par["id"], city) in self.branches:
            free = [x for x in dup if (x["id"], city) not in self.branches]
            par = self.fix_rng.choice(free) if free else None
        return par

    def make_companies(self, n: int) -> None:
        rng = self.rng
        for i in range(n):
            city_t = self.pick_city(1.0)
            p, c, ds = city_t
            co: Company = dict(id=f"C{i + 1:04d}", prov=p, city=c, ind=rng.choice(INDUSTRY),
                               form=wpick(rng, [(f, w) for f, w, _ in FORMS]), parent=None)
            dup = [x for x in self.companies if x["parent"] is None and x["city"] != c]
            r = rng.random()
            par = self.branch_parent(dup, c) if r < 0.05 and dup else None
            if par is not None:  # branch of an existing company in another city
                self.branches.add((par["id"], c))
                co.update(parent=par, trade=par["trade"], ind=par["ind"], form=par["form"], style=par["style"],
                          region=par["region"], domain=par["domain"])
            else:
                # r < 0.075: the same 字号 as a company in another city
                co["trade"] = rng.choice(dup)["trade"] if (r < 0.075 and dup) else self.trade_name()
                co["style"] = wpick(rng, [("city", 65), ("bracket", 15), ("prov", 10), ("none", 10)])
                muni = p == c
                co["region"] = {"city": scity(c) if muni or rng.random() < 0.2 else c, "bracket": scity(c),
                                "prov": sprov(p), "none": ""}[co["style"]]
                pys = lazy_pinyin(co["trade"])
                py = "".join(pys)
                dom = rng.choice([py, py, "".join(x[0] for x in pys) + rng.choice(["tech", "group", "gf", ""])])
                while dom + ".x" in self.used_domains or len(dom) < 3:
                    dom += rng.choice(string.digits + "cn")
                self.used_domains.add(dom + ".x")
                co["domain"] = dom + rng.choice([".com", ".com", ".cn", ".com.cn", ".net"])
            co["full"] = self.canon(co)
            co["addr"] = self.address(city_t, True)
            co["tel"] = self.landline(c)
            co["uscc"] = make_uscc(rng, co["addr"]["code6"]) if rng.random() < 0.5 else ""
            if co["parent"]:
                co["en"] = co["parent"]["en"] + f" {''.join(lazy_pinyin(scity(c))).title()} Branch"
            else:
                place = "".join(lazy_pinyin(scity(c) if co["style"] != "prov" else sprov(p))).title()
                co["en"] = f"{place} {''.join(lazy_pinyin(co['trade'])).title()} {co['ind'][1]} {FORM_EN[co['form']]}"
            self.companies.append(co)

    def canon(self, co: Company, bracket: str = "（）", style: str | None = None) -> str:
        """The registered name (or, with ``style``, the name written in that style)."""
        if co["parent"]:
            return self.canon(co["parent"], bracket) + scity(co["city"]) + "分公司"
        st = style or co["style"]
        t, ind, form, reg = co["trade"], co["ind"][0], co["form"], co["region"]
        if st == "bracket":
            return t + bracket[0] + (reg if st == co["style"] else scity(co["city"])) + bracket[1] + ind + form
        return (reg if st != "none" else "") + t + ind + form

    def pinyin_of(self, sur: str, given: str) -> tuple[str, str]:
        s = SURNAME_PY.get(sur) or "".join(lazy_pinyin(sur))
        return s, "".join(lazy_pinyin(given))

    def make_people(self, n: int) -> None:
        rng, fk = self.rng, self.fk
        cw = [rng.lognormvariate(0, 0.9) for _ in self.companies]
        for i in range(n):
            g = rng.choice("MF")
            r = rng.random()
            if r < 0.05:
                nm, g = rng.choice(COMMON)
                sur, given = nm[0], nm[1:]
            else:
                sur = rng.choice(COMPOUND) if r < 0.08 else rng.choice(RARE) if r < 0.10 else fk.last_name()
                given = fk.first_name_male() if g == "M" else fk.first_name_female()
            p: Person = dict(id=i + 1, sur=sur, given=given, name=sur + given, g=g)
            p["py"] = self.pinyin_of(sur, given)
            p["mobiles"] = [self.mobile() for _ in range(1 if rng.random() < 0.75 else 2)]
            sp, gp = p["py"]
            if rng.random() < 0.45:
                dom = wpick(rng, MAIL_FREE)
                if dom == "qq.com":
                    loc = rng.choice([str(rng.randint(10 ** 5, 4 * 10 ** 9))] * 2
                                     + [sp + gp, sp + gp + str(rng.randint(1, 99)), gp[0] + sp + str(rng.randint(1970, 2002)),
                                        sp + "_" + gp, sp + gp[0] + str(rng.randint(100, 999))])
                else:
                    loc = rng.choice([sp + gp, sp + gp + str(rng.randint(1, 999)), gp + sp + str(rng.randint(70, 99)),
                                      sp + "." + gp, gp[0] + sp + str(rng.randint(1, 99))])
                p["pmail"] = self.unique_mail(loc, dom, p["id"])
            else:
                p["pmail"] = ""
            consumer = rng.random() < 0.2
            p["jobs"] = []
            if not consumer:
                co = rng.choices(self.companies, cw)[0]
                p["jobs"].append(self.job(p, co))
                if rng.random() < 0.12:  # job changer
                    same = [c for c in self.companies if c["city"] == co["city"] and c is not co]
                    co2 = rng.choice(same) if same and rng.random() < 0.7 else rng.choice(self.companies)
                    if co2 is not co:
                        p["switch"] = dt.datetime(2020, 6, 1) + dt.timedelta(days=rng.randint(0, 1300))
                        p["jobs"].append(self.job(p, co2))
            home_city = self.bycity[p["jobs"][0][0]["city"]] if p["jobs"] and rng.random() < 0.85 else self.pick_city(0.6)
            p["home"] = self.address(home_city, False)
            wx = rng.choice(["wxid_" + "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(14)),
                             sp + gp + str(rng.randint(1, 9999)), gp + "_" + sp, p["mobiles"][0],
                             sp + gp[0] + str(rng.randint(1970, 2003)),
                             "wxid_" + "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(12))])
            while wx in self.used_wx:  # WeChat IDs are unique: the second 王军 gets jun_wang7
                wx += self.fix_rng.choice(string.digits)
            self.used_wx.add(wx)
            p["wx"] = wx
            t = p["jobs"][0][0]["trade"] if p["jobs"] else rng.choice(["建材", "装修", "宝妈", "二手车"])
            p["nick"] = rng.choice(NICKS).format(s=sur, t=t, n=p["name"], py=(gp.title() + " " + sp.title()))
            self.people.append(p)

    def job(self, p: Person, co: Company) -> Job:
        rng = self.rng
        sp, gp = p["py"]
        mail = ""
        if rng.random() < 0.6:
            loc = rng.choice([gp + "." + sp, sp + gp, sp + "." + gp, gp[0] + sp, sp + gp[0], gp + sp[0]])
            mail = self.unique_mail(loc, co["domain"], p["id"])
        return co, wpick(rng, TITLES), mail

    def job_at(self, p: Person, d: dt.datetime) -> Job | None:
        if not p["jobs"]:
            return None
        return p["jobs"][1] if len(p["jobs"]) > 1 and d >= p["switch"] else p["jobs"][0]


# ------------------------------------------------------------------ formatting
class Fmt:
    """How one source writes names, phones, companies, addresses and dates; counts the variations used."""

    def __init__(self, rng: random.Random, src: str, stats: Counter[tuple[str, str]]) -> None:
        self.rng, self.src, self.stats = rng, src, stats
        self.faults: list[set[str]] = []  # per row written: the phone faults put into it

    def rows_of(self, lst: list[Record]) -> Iterator[Record]:
        """The records of ``lst``, each starting a row whose phone faults are noted."""
        for record in lst:
            self.faults.append(set())
            yield record

    def fault(self, kind: str) -> None:
        if self.faults:
            self.faults[-1].add(kind)

    def check_plan(self, tel: str) -> None:
        """Note a landline that China's numbering plan has no such number for (libphonenumber's
        metadata): this generator gives every city 8-digit local numbers, some cities have 7."""
        if not phonenumbers.is_valid_number(phonenumbers.parse(tel, "CN")):
            self.fault("plan")

    def tag(self, t: str) -> None:
        self.stats[(self.src, t)] += 1

    def ch(self, opts: dict[str, int], field: str) -> str:
        """One variation of ``opts`` (variation -> weight), counted."""
        t = self.rng.choices(list(opts), list(opts.values()))[0]
        self.tag(field + ":" + t)
        return t

    def name(self, p: Person, job: Job | None, opts: dict[str, int]) -> str:
        rng, t = self.rng, self.ch(opts, "name")
        sp, gp = p["py"]
        if t == "trad":
            return trad(p["name"])
        if t == "space":
            return p["sur"] + rng.choice([" ", " ", "  ", "\u3000"]) + (p["given"] if rng.random() < 0.7 else " ".join(p["given"]))
        if t == "honorific":
            ttl = job[1] if job else ""
            if ("总" in ttl or "董事" in ttl) and rng.random() < 0.8:
                h = "总"
            elif "经理" in ttl and rng.random() < 0.7:
                h = "经理"
            elif "工程师" in ttl and rng.random() < 0.6:
                h = "工"
            else:
                h = "先生" if p["g"] == "M" else rng.choice(["女士"] * 5 + ["小姐"])
            return p["sur"] + h
        if t == "pinyin":
            return rng.choice([f"{sp.title()} {gp.title()}", f"{gp.title()} {sp.title()}",
                               f"{sp.upper()} {gp.upper()}", f"{gp.upper()} {sp.upper()}", f"{sp} {gp}"])
        if t == "blank":
            return ""
        return p["name"]

    def mobile(self, m: str, opts: dict[str, int]) -> str | int:
        rng, t = self.rng, self.ch(opts, "mobile")
        if t == "typo":
            i = rng.randrange(1, 11)
            k = rng.random()
            if k < 0.45:
                self.fault("invalid")
                return m[:i] + m[i + 1:]  # a digit dropped
            if k < 0.75:
                self.fault("invalid")
                return m[:i] + m[i] + m[i:]  # a digit doubled
            if i < 10:  # two digits swapped: the wrong number, or none (an unallocated prefix)
                swapped = m[:i] + m[i + 1] + m[i] + m[i + 2:]
                self.fault("wrong" if phonenumbers.is_valid_number(phonenumbers.parse(swapped, "CN")) else "invalid")
                return swapped
            self.fault("invalid")
            return m[:-1]
        if t == "excel":
            self.fault("invalid")
        return {"plain": m, "dash": f"{m[:3]}-{m[3:7]}-{m[7:]}", "space": f"{m[:3]} {m[3:7]} {m[7:]}",
                "plus86": rng.choice([f"+86 {m[:3]} {m[3:7]} {m[7:]}", "+86" + m, "+86-" + m]), "cc86": "86" + m,
                "lead0": "0" + m, "fullwidth": m.translate(FW), "number": int(m), "blank": "",
                "excel": f"{int(m) / 1e10:.5f}".rstrip("0").rstrip(".") + "E+10"}[t]

    def landline(self, tel: str, opts: dict[str, int], ext: str | None = None) -> str:
        rng, t = self.rng, self.ch(opts, "landline")
        three = ("010", "020", "021", "022", "023", "024", "025", "027", "028", "029")
        ac, n = (tel[:3], tel[3:]) if tel[:3] in three else (tel[:4], tel[4:])
        self.check_plan(tel)
        if t == "local":  # no area code: complete only where the row tells the city
            self.fault("local")
        s = {"dash": ac + "-" + n, "paren": f"({ac}){n}", "fwparen": f"（{ac}）{n}", "plain": ac + n,
             "space": f"{ac} {n[:4]} {n[4:]}", "local": n, "plus86": f"+86-{ac[1:]}-{n}"}[t]
        if ext:
            s += rng.choice(["转" + ext, "-" + ext, " 转" + ext, "*" + ext] if self.src != "crm"
                            else [" ext." + ext, " x" + ext, "-" + ext])
        return s

    def company(self, w: World, co: Company, opts: dict[str, int]) -> str:
        rng, t = self.rng, self.ch(opts, "company")
        if co["parent"] and t in ("abbrev", "short", "bracket", "halfbracket", "noshi"):
            par = co["parent"]
            head = rng.choice([par["trade"] + par["ind"][0], par["trade"], w.canon(par, "()" if t == "halfbracket" else "（）")])
            return head + scity(co["city"]) + "分公司"
        if t == "abbrev":
            return co["trade"] + co["ind"][0]
        if t == "short":
            return co["trade"]
        if t in ("bracket", "halfbracket"):
            if co["style"] != "none" or rng.random() < 0.5:
                return w.canon(co, "()" if t == "halfbracket" else "（）", "bracket")
            return co["full"]
        if t == "noshi":
            return scity(co["city"]) + co["trade"] + co["ind"][0] + co["form"] if co["style"] == "city" else co["full"]
        if t == "trad":
            return trad(co["full"])
        if t == "en":
            return co["en"]
        if t == "blank":
            return ""
        return co["full"]

    def address(self, a: Address, opts: dict[str, int], spaced: float = 0.1, with_region: bool = True) -> str:
        rng, t = self.rng, self.ch(opts, "addr")
        p, c = a["prov"], a["city"]
        muni, sp = p == c, rng.random() < spaced
        if sp:
            self.tag("addr:spaced")
        if not with_region:
            parts = []
        elif t == "full":
            parts = [p, c] if not muni or (sp and rng.random() < 0.5) else [p]
        elif t == "noprov":
            parts = [c]
        else:  # 'short': 广东深圳南山区
            parts = [sprov(p)] if muni else [sprov(p), scity(c)]
        if rng.random() > 0.03:
            parts.append(a["dist"])
        cn = rng.random() < 0.05
        if cn:
            self.tag("addr:cn_numeral")
        num = (cn_num(a["no"]) if cn else str(a["no"])) + "号"
        parts.append(a["road"] + num)
        if a["office"]:
            k = rng.random()
            fl, room = a["floor"], a["room"]
            if k < 0.4:
                unit = f"{room}室"
            elif k < 0.7:
                unit = f"{fl}层{room}室"
            elif k < 0.9:
                unit = f"{fl}楼{room}"
            else:
                unit = f"{fl}楼"
            det = a["name"] + a["tower"] + unit
        else:
            b, u, r = a["bldg"], a["unit"], a["room"]
            if cn:
                b = cn_num(b)
            det = a["name"] + rng.choice([f"{b}栋{u}单元{r}室", f"{a['bldg']}-{u}-{r}", f"{b}号楼{u}单元{r}",
                                          f"{b}幢{u}单元{r}室", f"{b}栋{r}"])
        parts.append(det)
        return (" " if sp else "").join(parts)

    def date(self, d: dt.datetime, fmts: dict[str, int]) -> str:
        """``d`` in one of ``fmts`` (strftime format -> weight); ``%-m %-d %-H`` are unpadded."""
        f = self.rng.choices(list(fmts), list(fmts.values()))[0]
        return d.strftime(f.replace("%-m", str(d.month)).replace("%-d", str(d.day)).replace("%-H", str(d.hour)))


# ------------------------------------------------------------------ sources
SRC_W = {"emp": {"crm": 30, "expo": 25, "orders": 12, "tickets": 15, "wechat": 18},
         "con": {"crm": 8, "expo": 4, "orders": 45, "tickets": 23, "wechat": 20}}
N_REC = [(1, 8), (2, 12), (3, 15), (4, 17), (5, 16), (6, 13), (7, 11), (8, 8)]
OWNERS = ["Li Na", "Chen Hao", "Wang Ting", "Zhao Lei", "孙悦", "周杰", "Sun Yue", "Huang Qiang"]
PRODUCTS = [("商用净水器 JS-200", 1899), ("A4复印纸 70g 5包/箱", 129), ("激光打印机 M1136", 1299), ("办公椅 人体工学款", 699),
            ("无线鼠标键盘套装", 159), ("27英寸显示器", 1499), ("工业级交换机 24口", 2380), ("茶叶礼盒 西湖龙井", 568),
            ("空气净化器 KJ500", 2199), ("移动硬盘 2TB", 469), ("投影仪 商务款", 3299), ("保温杯 定制LOGO", 89)]
TICKET_Q = [("售后维修", "设备无法开机，要求上门维修"), ("发票问题", "咨询增值税专用发票开具，需提供税号"), ("物流查询", "催发货，查询物流进度"),
            ("退换货", "收到商品有破损，申请换货"), ("产品咨询", "咨询产品型号及批量采购价格"), ("投诉", "安装人员迟到，客户不满意"),
            ("账户问题", "登录不了会员账户，重置密码"), ("安装预约", "预约上门安装时间")]
EXPOS = ["中国国际工业博览会", "中国电子信息博览会", "中国国际医疗器械博览会", "智能制造装备展", "亚洲物流双年展", "中国国际消费电子展"]


def phone_cell(f: Fmt, p: Person, job: Job | None, mob_opts: dict[str, int], sw_p: float, two_p: float) -> str | int:
    """A phone cell: one of the person's mobiles as ``mob_opts`` writes it, sometimes the company
    switchboard instead (``sw_p``) or two numbers in one cell (``two_p``)."""
    rng = f.rng
    mobs = p["mobiles"]
    m = mobs[0] if len(mobs) == 1 or rng.random() < 0.7 else mobs[1]
    if job and rng.random() < sw_p:
        f.tag("phone:switchboard")
        ext = str(rng.randint(800, 8999)) if rng.random() < 0.5 else None
        return f.landline(job[0]["tel"], {"dash": 5, "paren": 2, "fwparen": 1, "plain": 1, "space": 1}, ext)
    s = f.mobile(m, mob_opts)
    if isinstance(s, str) and s and rng.random() < two_p and (len(mobs) > 1 or job):
        f.tag("phone:two_numbers")
        other = [x for x in mobs if x != m]
        o = other[0] if other else f.landline(job[0]["tel"], {"dash": 1})
        s = s + rng.choice(["/", " / ", "；", ";", "，", " "]) + o
    return s


def src_crm(w: World, f: Fmt, lst: list[Record]) -> Table:
    hdr = ["Contact ID", "Salutation", "Name", "Company", "Title", "Mobile", "Phone", "Email", "Province", "City",
           "Address", "Tax ID", "Lead Source", "Owner", "Created Date"]
    rows, rng = [], f.rng
    for i, (d, p, job) in enumerate(f.rows_of(lst)):
        co = job[0] if job else None
        addr = co["addr"] if co and rng.random() < 0.85 else p["home"]
        mail = (job[2] if job and job[2] and rng.random() < 0.8 else p["pmail"]) if rng.random() < 0.85 else ""
        mob = phone_cell(f, p, job, {"plain": 82, "dash": 4, "plus86": 4, "cc86": 2, "excel": 2, "typo": 2, "blank": 4},
                         0.04, 0.03)
        rows.append([
            f"CUS{100000 + i * 7 + rng.randint(0, 6):06d}",
            rng.choice(["Mr." if p["g"] == "M" else "Ms.", ""]),
            f.name(p, job, {"canon": 80, "pinyin": 12, "honorific": 3, "trad": 2, "space": 3}),
            f.company(w, co, {"canon": 75, "bracket": 5, "noshi": 5, "abbrev": 5, "en": 8, "halfbracket": 2}) if co else "",
            (job[1] if job and rng.random() < 0.85 else ""),
            mob,
            f.landline(co["tel"], {"dash": 6, "plus86": 2, "paren": 1, "plain": 1},
                       str(rng.randint(800, 8999)) if rng.random() < 0.4 else None)
            if co and rng.random() < 0.45 else "",
            mail.title() if mail and rng.random() < 0.03 else mail,
            "" if rng.random() < 0.15 else rng.choice([addr["prov"], sprov(addr["prov"])]),
            "" if rng.random() < 0.1 else rng.choice([addr["city"], scity(addr["city"])]),
            f.address(addr, {"full": 3, "noprov": 4, "short": 1}, 0.05, with_region=rng.random() < 0.5)
            if rng.random() < 0.9 else "",
            co["uscc"] if co and co["uscc"] and rng.random() < 0.6 else "",
            rng.choice(["Website", "Trade Show", "Referral", "Cold Call", "Purchased List", "Inbound Call"]),
            rng.choice(OWNERS),
            f.date(d, {"%Y-%m-%d %H:%M": 80, "%m/%d/%Y": 10, "%Y/%m/%d": 10})])
    return hdr, rows


def src_expo(w: World, f: Fmt, lst: list[Record]) -> Table:
    hdr = ["序号", "姓名", "单位名称", "职务", "手机", "邮箱", "所在城市", "签到时间", "展会名称"]
    rows, rng = [], f.rng
    for i, (d, p, job) in enumerate(f.rows_of(lst)):
        co = job[0] if job else None
        city = co["city"] if co else p["home"]["city"]
        mob = phone_cell(f, p, job, {"plain": 45, "dash": 15, "space": 10, "number": 18, "fullwidth": 4, "typo": 3,
                                     "plus86": 2, "excel": 1}, 0.06, 0.03)
        rows.append([
            i + 1,
            f.name(p, job, {"canon": 84, "space": 8, "trad": 4, "honorific": 3, "blank": 1}),
            f.company(w, co, {"canon": 45, "abbrev": 22, "short": 8, "bracket": 8, "halfbracket": 5, "noshi": 10, "trad": 2})
            if co else rng.choice(["", "", "", "个人", "无"]),
            (job[1] if job and rng.random() < 0.7 else ""),
            mob,
            (job[2] if job and job[2] and rng.random() < 0.6 else p["pmail"]) if rng.random() < 0.6 else "",
            rng.choice([city, scity(city), scity(city), ""]),
            f.date(d, {"%Y/%-m/%-d %H:%M": 80, "%Y年%m月%d日": 10, "%Y-%m-%d": 10}),
            f"{d.year}{EXPOS[(d.year + d.month // 4) % len(EXPOS)]}（{['上海', '深圳', '北京'][d.month % 3]}）"])
    return hdr, rows


def src_orders(w: World, f: Fmt, lst: list[Record]) -> Table:
    hdr = ["订单编号", "下单时间", "收货人", "联系电话", "收货地址", "商品名称", "数量", "实付金额", "发票抬头", "纳税人识别号", "订单状态"]
    rows, rng = [], f.rng
    for d, p, job in f.rows_of(lst):
        co = job[0] if job else None
        addr = co["addr"] if co and rng.random() < 0.55 else p["home"]
        prod, price = rng.choice(PRODUCTS)
        q = rng.choice([1, 1, 1, 2, 3, 5, 10])
        inv = co is not None and rng.random() < 0.45
        mob = phone_cell(f, p, job, {"plain": 86, "plus86": 3, "cc86": 2, "space": 3, "typo": 2, "fullwidth": 2, "excel": 2},
                         0.02, 0.02)
        rows.append([
            f"{rng.randint(1, 4)}{rng.randrange(10 ** 12):012d}",
            f.date(d, {"%Y-%m-%d %H:%M:%S": 85, "%Y/%m/%d %H:%M": 15}),
            f.name(p, job, {"canon": 88, "honorific": 6, "trad": 3, "space": 3}),
            mob,
            f.address(addr, {"full": 75, "noprov": 15, "short": 10}, 0.4),
            prod, q, f"{price * q * rng.choice([1, 1, 0.95, 0.9]):.2f}",
            f.company(w, co, {"canon": 85, "bracket": 5, "noshi": 5, "halfbracket": 5}) if inv
            else ("个人" if rng.random() < 0.1 else ""),
            co["uscc"] if inv and co["uscc"] and rng.random() < 0.7 else "",
            rng.choice(["交易成功"] * 6 + ["已发货", "已退款", "待收货"])])
    return hdr, rows


def src_tickets(w: World, f: Fmt, lst: list[Record]) -> Table:
    hdr = ["工单号", "创建时间", "客户称呼", "来电号码", "联系电话", "所属公司", "问题分类", "问题描述", "处理状态", "受理客服"]
    rows, rng = [], f.rng
    seq: defaultdict[dt.date, int] = defaultdict(int)
    for d, p, job in f.rows_of(lst):
        co = job[0] if job else None
        seq[d.date()] += 1
        m = rng.choice(p["mobiles"])
        if co and rng.random() < 0.15:
            caller = co["tel"] if rng.random() < 0.8 else co["tel"][-8:]
            f.check_plan(co["tel"])
            if len(caller) == 8:  # a local call shows no area code
                f.fault("local")
            f.tag("caller:switchboard")
        else:
            caller = ("0" + m) if rng.random() < 0.08 else m
        contact = phone_cell(f, p, job, {"plain": 60, "dash": 20, "space": 8, "typo": 4, "fullwidth": 3, "plus86": 5},
                             0.1, 0.05) if rng.random() < 0.45 else ""
        cat, desc = rng.choice(TICKET_Q)
        if rng.random() < 0.15:
            where = co["addr"] if co and rng.random() < 0.6 else p["home"]
            desc += "，上门地址：" + f.address(where, {"full": 2, "noprov": 5, "short": 3})
        rows.append([
            f"GD{d.strftime('%Y%m%d')}{seq[d.date()]:04d}",
            f.date(d, {"%Y-%m-%d %H:%M": 80, "%Y年%-m月%-d日 %H:%M": 10, "%Y%m%d": 10}),
            f.name(p, job, {"honorific": 52, "canon": 42, "trad": 2, "blank": 2, "space": 2}),
            caller, contact,
            f.company(w, co, {"canon": 40, "abbrev": 30, "short": 10, "blank": 20}) if co else "",
            cat, desc,
            rng.choice(["已解决", "已关闭", "处理中", "待回访"]),
            rng.choice(["客服01", "客服07", "小美", "小王", "客服12"])])
    return hdr, rows


def src_wechat(w: World, f: Fmt, lst: list[Record]) -> Table:
    hdr = ["微信号", "昵称", "备注名", "手机号", "地区", "公司", "标签", "添加时间", "所属员工"]
    rows, rng = [], f.rng
    for d, p, job in f.rows_of(lst):
        co = job[0] if job else None
        home = co["addr"] if co else p["home"]
        pr, c = home["prov"], home["city"]
        reg = f"{sprov(pr)} {home['dist'][:-1] if pr == c and len(home['dist']) > 2 else scity(c)}"
        reg = rng.choice([reg] * 8 + ["", "中国大陆 " + reg if rng.random() < 0.5 else ""])
        nm = f.name(p, job, {"canon": 62, "honorific": 12, "trad": 5, "blank": 18, "space": 3})
        if nm and co and rng.random() < 0.35:
            f.tag("name:remark_with_company")
            tr = co["trade"] + (scity(co["city"]) + "分" if co["parent"] else "")
            nm = rng.choice([nm + "-" + tr, tr + " " + nm, nm + "（" + tr + "）"])
        mob = phone_cell(f, p, job, {"plain": 75, "space": 10, "dash": 5, "plus86": 5, "typo": 3, "fullwidth": 2},
                         0.02, 0.04) if rng.random() < 0.6 else ""
        rows.append([
            p["wx"] if rng.random() < 0.85 else "",
            p["nick"] if rng.random() < 0.9 else rng.choice(NICKS[:20]),
            nm, mob, reg,
            f.company(w, co, {"abbrev": 35, "short": 15, "canon": 30, "blank": 20}) if co else "",
            rng.choice(["客户", "潜在客户", "VIP", "展会", "客户,VIP", "老客户", ""]),
            f.date(d, {"%Y-%m-%d": 80, "%Y.%m.%d": 10, "%Y/%m/%d": 10}),
            rng.choice(["销售-李娜", "销售-陈浩", "客服-小美", "销售-赵磊", "市场-孙悦"])])
    return hdr, rows


SOURCES: dict[str, Callable[[World, Fmt, list[Record]], Table]] = {
    "crm": src_crm, "expo": src_expo, "orders": src_orders, "tickets": src_tickets, "wechat": src_wechat}
FILES = {"crm": ("csv", "utf-8-sig"), "expo": ("xlsx", None), "orders": ("csv", "gbk"),
         "tickets": ("csv", "utf-8"), "wechat": ("csv", "utf-8")}


def build(world: World, stats: Counter[tuple[str, str]]) -> tuple[dict[str, Table], dict[str, list[tuple[int, str, str]]]]:
    """Every source's table, and per source the (contact, entity, phone faults) of each row."""
    rng = world.rng
    recs: defaultdict[str, list[Record]] = defaultdict(list)
    start = dt.datetime(2019, 1, 1)
    for p in world.people:
        kind = "emp" if p["jobs"] else "con"
        k = wpick(rng, N_REC)
        if len(p["jobs"]) > 1:
            k = max(k, 2)
        dates = [start + dt.timedelta(seconds=rng.randrange(int(6.5 * 365 * 86400))) for _ in range(k)]
        if len(p["jobs"]) > 1:  # make sure both employers show up
            sw = p["switch"]
            if all(d >= sw for d in dates):
                dates[0] = sw - dt.timedelta(days=rng.randint(30, 500))
            if all(d < sw for d in dates):
                dates[-1] = sw + dt.timedelta(days=rng.randint(10, 400))
        for d in dates:
            src = wpick(rng, list(SRC_W[kind].items()))
            if src in ("crm", "expo", "tickets", "wechat"):  # office hours for business sources
                d = d.replace(hour=rng.randint(8, 19))
            recs[src].append((d, p, world.job_at(p, d)))
    tables, meta = {}, {}
    for src, lst in recs.items():
        lst.sort(key=lambda x: x[0])
        fmt = Fmt(rng, src, stats)
        tables[src] = SOURCES[src](world, fmt, lst)
        meta[src] = [(p["id"], job[0]["id"] if job else f"P{p['id']}", ";".join(sorted(faults)))
                     for (_, p, job), faults in zip(lst, fmt.faults, strict=True)]
    return tables, meta


def write(out_dir: Path, tables: dict[str, Table], meta: dict[str, list[tuple[int, str, str]]]) -> None:
    """The five sources and truth.csv into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    truth = []
    for src, (ext, enc) in FILES.items():
        hdr, rows = tables[src]
        path = out_dir / f"{src}.{ext}"
        if ext == "xlsx":
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "签到表"
            ws.append(hdr)
            for r in rows:
                ws.append(r)
            wb.save(path)
        else:
            with path.open("w", encoding=enc, newline="") as fh:
                cw = csv.writer(fh)
                cw.writerow(hdr)
                cw.writerows(rows)
        truth.extend([src, i + 1, p, entity, faults] for i, (p, entity, faults) in enumerate(meta[src]))
    with (out_dir / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        cw = csv.writer(fh)
        cw.writerow(["source", "row", "contact", "entity", "phone_fault"])
        cw.writerows(truth)


def generate(out_dir: Path, people: int, seed: int) -> tuple[World, dict[str, Table], Counter[tuple[str, str]]]:
    """Generate one set into ``out_dir``; the world, the tables and the variation counts."""
    stats: Counter[tuple[str, str]] = Counter()
    world = World(people, seed)
    tables, meta = build(world, stats)
    write(out_dir, tables, meta)
    return world, tables, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--samples", type=int, default=4, help="sample rows to print per source")
    parser.add_argument("--stats", action="store_true", help="print variation counts")
    args = parser.parse_args()
    world, tables, stats = generate(args.out, args.people, args.seed)
    print(f"companies={len(world.companies)} people={len(world.people)}")
    for s in FILES:
        print(f"{s:<8} {len(tables[s][1]):6d} rows")
    print(f"total    {sum(len(tables[s][1]) for s in FILES):6d} rows")
    for s in FILES:
        hdr, rows = tables[s]
        print(f"\n[{s}] " + " | ".join(hdr))
        for r in random.Random(args.seed).sample(rows, min(args.samples, len(rows))):
            print("   ", " | ".join("" if v is None else str(v) for v in r))
    if args.stats:
        for (s, t), n in sorted(stats.items()):
            print(f"  {s:<8} {t:<20} {n:6d}  ({100.0 * n / len(tables[s][1]):.1f}%)")


if __name__ == "__main__":
    main()
