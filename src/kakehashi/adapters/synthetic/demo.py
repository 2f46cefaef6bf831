"""The fictional demo catalogue, built deterministically by code: every name here is invented.

About 300 Israeli startups in eight sectors, 40 Japanese corporations (Japanese names, kana readings and
Japanese descriptions), investors from Japan, Korea, China, the US, Europe and Israel, funding rounds
2013-2025 and deals (acquisitions, R&D centres, agreements, partnerships, investments). All is_demo=True.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from kakehashi.adapters.synthetic.companies import _describe_en, _describe_ja, company_name
from kakehashi.adapters.synthetic.vocabulary import IL_CITIES, SECTORS, SectorPhrases
from kakehashi.domain.money import to_usd
from kakehashi.domain.organizations import (
    CompanyRecord,
    DateConfidence,
    EmployeeRange,
    InvestorRef,
    OperatingStatus,
    OrganizationKind,
    PartialDate,
    RoundRecord,
    Stage,
    normalize_name,
)

DEMO_SEED = 20240611
DEMO_VERSION = "demo-v1"  # recorded as the import batch's file digest so a re-load is recognisable

# How many demo startups per sector (about 300 in all).
STARTUP_QUOTAS: dict[str, int] = {
    "Cybersecurity": 55,
    "Digital Health": 48,
    "Artificial Intelligence": 48,
    "Agrifood": 30,
    "Water": 20,
    "Mobility": 36,
    "Fintech": 33,
    "Industrial Technology": 30,
}


@dataclass(frozen=True, slots=True)
class Industry:
    ja: str
    kana: str
    en: str
    sectors: tuple[str, ...]
    what_ja: str
    what_en: str
    focus: tuple[tuple[str, str], ...]  # (Japanese, English) sentences, aligned
    interests: tuple[tuple[str, str], ...]  # what it scouts for in Israel (Japanese, English)


INDUSTRIES: tuple[Industry, ...] = (
    Industry("重工業", "ジュウコウギョウ", "Heavy Industries", ("Industrial Technology", "Energy"), "総合重機メーカー",
             "diversified heavy machinery maker",
             (("発電設備、産業機械、航空宇宙部品を手がける", "It builds power plants, industrial machinery and aerospace parts"),
              ("工場の自動化と脱炭素化を重点分野としている", "Factory automation and decarbonisation are its priorities")),
             (("予知保全とロボティクス", "predictive maintenance and robotics"),
              ("水素とエネルギー貯蔵", "hydrogen and energy storage"))),
    Industry("電機", "デンキ", "Electric", ("Industrial Technology", "Semiconductors"), "総合電機メーカー",
             "electronics and electrical equipment maker",
             (("家電、産業用機器、半導体を製造する", "It makes home appliances, industrial equipment and semiconductors"),
              ("スマートファクトリー向けソリューションを展開している", "It sells smart-factory solutions")),
             (("エッジAIとセンサー技術", "edge AI and sensor technology"),
              ("サイバーセキュリティ", "cybersecurity for connected products"))),
    Industry("化学", "カガク", "Chemical", ("Materials & Chemicals",), "総合化学メーカー", "chemicals company",
             (("機能性素材と電子材料を主力とする", "Functional materials and electronic materials are its core"),
              ("循環型素材の開発に力を入れている", "It invests in circular, recyclable materials")),
             (("水処理と膜技術", "water treatment and membranes"), ("精密農業向け資材", "inputs for precision agriculture"))),
    Industry("製薬", "セイヤク", "Pharmaceutical", ("Digital Health",), "製薬会社", "pharmaceutical company",
             (("がん領域と中枢神経領域の新薬を開発する", "It develops oncology and central nervous system drugs"),
              ("デジタル治療と臨床試験の効率化に取り組む", "It works on digital therapeutics and faster clinical trials")),
             (("AI創薬と臨床試験支援", "AI drug discovery and clinical trial tools"),
              ("遠隔患者モニタリング", "remote patient monitoring"))),
    Industry("自動車", "ジドウシャ", "Motor", ("Mobility",), "自動車メーカー", "car maker",
             (("乗用車と商用車を国内外で生産する", "It builds passenger and commercial vehicles in Japan and abroad"),
              ("電動化と自動運転の開発を加速している", "It is accelerating electrification and autonomous driving")),
             (("車載センサーと自動運転", "automotive sensors and autonomous driving"),
              ("車載サイバーセキュリティ", "automotive cybersecurity"))),
    Industry("商事", "ショウジ", "Trading", ("Agrifood", "Energy"), "総合商社", "general trading company",
             (("食料、エネルギー、インフラ事業に投資する", "It invests in food, energy and infrastructure businesses"),
              ("世界各地で新規事業を立ち上げている", "It starts new businesses around the world")),
             (("フードテックと代替タンパク", "food tech and alternative protein"),
              ("水インフラとアグリテック", "water infrastructure and agritech"))),
    Industry("銀行", "ギンコウ", "Bank", ("Fintech",), "地方銀行グループ", "regional banking group",
             (("個人と中小企業向けの金融サービスを提供する", "It serves individuals and small businesses"),
              ("デジタルバンキングへの移行を進めている", "It is moving its services to digital banking")),
             (("不正検知と本人確認", "fraud detection and identity verification"),
              ("組込型金融", "embedded finance"))),
    Industry("食品", "ショクヒン", "Foods", ("Agrifood",), "食品メーカー", "food manufacturer",
             (("調味料、冷凍食品、飲料を製造する", "It makes seasonings, frozen food and beverages"),
              ("健康志向の新商品開発に力を入れている", "It focuses on healthier new products")),
             (("植物性タンパクと発酵技術", "plant-based protein and fermentation"),
              ("食品ロス削減技術", "technology that cuts food waste"))),
    Industry("建設", "ケンセツ", "Construction", ("Real Estate & Construction",), "総合建設会社", "general contractor",
             (("超高層ビルとインフラ工事を手がける", "It builds high-rise buildings and infrastructure"),
              ("建設現場の省人化が経営課題である", "Labour-saving on building sites is a top priority")),
             (("建設ロボットとデジタルツイン", "construction robotics and digital twins"),
              ("スマートシティ", "smart city technology"))),
    Industry("通信", "ツウシン", "Telecom", ("Telecommunications", "Cybersecurity"), "通信事業者", "telecom operator",
             (("携帯電話と法人向けネットワークを提供する", "It runs mobile and enterprise networks"),
              ("5Gとクラウドサービスを拡大している", "It is expanding 5G and cloud services")),
             (("ネットワークセキュリティ", "network security"), ("生成AIと音声解析", "generative AI and speech analytics"))),
    Industry("精機", "セイキ", "Precision", ("Industrial Technology",), "精密機器メーカー", "precision equipment maker",
             (("計測機器と光学機器を製造する", "It makes measuring instruments and optics"),
              ("半導体製造装置向け部品が主力である", "Parts for semiconductor equipment are its core business")),
             (("マシンビジョンと外観検査", "machine vision and visual inspection"),
              ("フォトニクス", "photonics"))),
    Industry("損害保険", "ソンガイホケン", "Insurance", ("Fintech",), "損害保険会社", "non-life insurer",
             (("自動車保険と企業向け保険を提供する", "It sells motor and commercial insurance"),
              ("事故予防型の保険商品を開発している", "It develops insurance that prevents accidents")),
             (("インシュアテックと不正請求検知", "insurtech and claims-fraud detection"),
              ("ドライバーモニタリング", "driver monitoring"))),
    Industry("電力", "デンリョク", "Electric Power", ("Energy", "Water"), "電力会社", "electric power company",
             (("発電と送配電を担う", "It generates and distributes electricity"),
              ("再生可能エネルギーの比率を高めている", "It is raising its share of renewable energy")),
             (("系統用蓄電池とスマートグリッド", "grid batteries and smart grids"),
              ("設備のサイバー防御", "cyber defence for power plants"))),
    Industry("水処理", "ミズショリ", "Water Solutions", ("Water",), "水処理エンジニアリング会社",
             "water treatment engineering company",
             (("上下水道と工業用水の設備を手がける", "It builds water and wastewater plants"),
              ("漏水対策と水の再利用に取り組む", "It works on leak reduction and water reuse")),
             (("漏水検知と水質センサー", "leak detection and water-quality sensors"),
              ("海水淡水化", "desalination"))),
    Industry("医療機器", "イリョウキキ", "Medical Devices", ("Digital Health",), "医療機器メーカー",
             "medical device maker",
             (("画像診断装置と内視鏡を製造する", "It makes imaging systems and endoscopes"),
              ("AIによる診断支援を強化している", "It is adding AI diagnostic support")),
             (("医用画像AI", "AI for medical imaging"), ("ウェアラブル医療機器", "wearable medical devices"))),
    Industry("物流", "ブツリュウ", "Logistics", ("Mobility",), "総合物流会社", "logistics company",
             (("国内外の輸送と倉庫を運営する", "It runs transport and warehouses in Japan and abroad"),
              ("ドライバー不足への対応が急務である", "The driver shortage is an urgent issue")),
             (("倉庫ロボットと配送最適化", "warehouse robots and route optimisation"),
              ("フリート管理", "fleet management"))),
)  # fmt: skip

# Invented corporate name stems: kanji, katakana reading, romanisation.
STEMS: tuple[tuple[str, str, str], ...] = (
    ("天城", "アマギ", "Amagi"), ("青嶺", "アオミネ", "Aomine"), ("翠峰", "スイホウ", "Suiho"),
    ("朝凪", "アサナギ", "Asanagi"), ("白鷺", "シラサギ", "Shirasagi"), ("星川", "ホシカワ", "Hoshikawa"),
    ("鳴海", "ナルミ", "Narumi"), ("藤波", "フジナミ", "Fujinami"), ("瑞雲", "ズイウン", "Zuiun"),
    ("若葉", "ワカバ", "Wakaba"), ("琴浦", "コトウラ", "Kotoura"), ("八雲", "ヤクモ", "Yakumo"),
    ("蒼空", "ソウクウ", "Sokuu"), ("桜丘", "サクラガオカ", "Sakuragaoka"), ("月影", "ツキカゲ", "Tsukikage"),
    ("東雲", "シノノメ", "Shinonome"), ("紫苑", "シオン", "Shion"), ("千草", "チグサ", "Chigusa"),
    ("高嶺", "タカネ", "Takane"), ("澄川", "スミカワ", "Sumikawa"), ("葵台", "アオイダイ", "Aoidai"),
    ("霧島", "キリシマ", "Kirishima"), ("黎明", "レイメイ", "Reimei"), ("潮見", "シオミ", "Shiomi"),
    ("陽向", "ヒナタ", "Hinata"), ("錦野", "ニシキノ", "Nishikino"), ("雪嶺", "セツレイ", "Setsurei"),
    ("楓原", "カエデハラ", "Kaedehara"), ("碧海", "ヘキカイ", "Hekikai"), ("松風", "マツカゼ", "Matsukaze"),
    ("稲穂", "イナホ", "Inaho"), ("宝来", "ホウライ", "Horai"), ("岬野", "ミサキノ", "Misakino"),
    ("玉川原", "タマガワラ", "Tamagawara"), ("旭嶺", "キョクレイ", "Kyokurei"), ("深緑", "シンリョク", "Shinryoku"),
    ("大凪", "オオナギ", "Onagi"), ("光葉", "ミツハ", "Mitsuha"), ("瀬音", "セオト", "Seoto"), ("花筏", "ハナイカダ", "Hanaikada"),
)  # fmt: skip

JP_CITIES: tuple[tuple[str, str], ...] = (
    ("Tokyo", "東京"), ("Tokyo", "東京"), ("Tokyo", "東京"), ("Osaka", "大阪"), ("Nagoya", "名古屋"),
    ("Yokohama", "横浜"), ("Kyoto", "京都"), ("Kobe", "神戸"), ("Fukuoka", "福岡"), ("Hiroshima", "広島"),
)  # fmt: skip

INVESTORS: tuple[tuple[str, str | None, str], ...] = (
    ("Sakura Bridge Ventures", "さくらブリッジ・ベンチャーズ", "JP"), ("Hoshizora Capital", "星空キャピタル", "JP"),
    ("Kansai Innovation Partners", "関西イノベーションパートナーズ", "JP"), ("Tokyo Gateway Fund", "東京ゲートウェイファンド", "JP"),
    ("Hanbit Ventures", None, "KR"), ("Seoul Harbor Investment", None, "KR"), ("Gangnam Deep Tech Fund", None, "KR"),
    ("Jade River Capital", None, "CN"), ("Pearl Delta Ventures", None, "CN"), ("Shenzhen Bay Innovation Fund", None, "CN"),
    ("Redwood Crest Ventures", None, "US"), ("Harbor Point Capital", None, "US"), ("Bay Bridge Partners", None, "US"),
    ("Hudson Lane Ventures", None, "US"), ("Rhine Valley Partners", None, "DE"), ("Seine Innovation Capital", None, "FR"),
    ("Thames Growth Partners", None, "GB"), ("Nordic Fjord Ventures", None, "SE"), ("Alpine Deep Tech Fund", None, "CH"),
    ("Amstel Frontier Ventures", None, "NL"), ("Negev Peak Ventures", None, "IL"), ("Galilee Seed Partners", None, "IL"),
    ("Yarkon Capital", None, "IL"), ("Carmel Ridge Partners", None, "IL"), ("Jordan Valley Angels", None, "IL"),
    ("Tel Aviv Impact Fund", None, "IL"),
)  # fmt: skip
INVESTOR_REGION_WEIGHTS = {"IL": 34, "US": 24, "JP": 14, "EU": 10, "KR": 8, "CN": 6, "CVC": 4}

ROUND_LADDER: tuple[tuple[str, int, int], ...] = (
    (Stage.SEED, 500_000, 4_000_000),
    (Stage.SERIES_A, 5_000_000, 20_000_000),
    (Stage.SERIES_B, 15_000_000, 50_000_000),
    (Stage.SERIES_C, 35_000_000, 120_000_000),
    (Stage.SERIES_D_PLUS, 80_000_000, 300_000_000),
)
EMPLOYEES_BY_STAGE = {0: (1, 10), 1: (11, 50), 2: (51, 200), 3: (201, 500), 4: (501, 1000)}


@dataclass(frozen=True, slots=True)
class DemoDeal:
    kind: str  # acquisition | rd_center | agreement | partnership | investment
    announced_on: date
    title: str
    description: str
    amount_usd: int | None
    parties: tuple[tuple[str, str], ...]  # (organization name, role)


@dataclass
class DemoDataset:
    startups: list[CompanyRecord] = field(default_factory=list)
    corporations: list[CompanyRecord] = field(default_factory=list)
    investors: list[CompanyRecord] = field(default_factory=list)
    rounds: list[RoundRecord] = field(default_factory=list)
    deals: list[DemoDeal] = field(default_factory=list)

    @property
    def organizations(self) -> list[CompanyRecord]:
        return [*self.startups, *self.corporations, *self.investors]


def _corporations(rng: random.Random) -> list[CompanyRecord]:
    records = []
    for index, (kanji, kana, romaji) in enumerate(STEMS):
        industry = INDUSTRIES[index % len(INDUSTRIES)]
        city, city_ja = JP_CITIES[rng.randrange(len(JP_CITIES))]
        year = rng.randint(1890, 1985)
        focus_ja, focus_en = industry.focus[rng.randrange(len(industry.focus))]
        wants = rng.sample(industry.interests, k=len(industry.interests))
        name_en = f"{romaji} {industry.en}"
        name_ja = f"{kanji}{industry.ja}株式会社"
        short_ja = f"{kanji}{industry.ja}"
        description_ja = (
            f"{short_ja}は{year}年創業、{city_ja}に本社を置く{industry.what_ja}。{focus_ja}。"
            f"イスラエルのスタートアップとの協業を通じて、{wants[0][0]}や{wants[1][0]}の技術を探している。"
        )
        description_en = (
            f"{name_en} is a {industry.what_en} founded in {year} and headquartered in {city}. {focus_en}. "
            f"Through partnerships with Israeli startups it is looking for {wants[0][1]} and {wants[1][1]}."
        )
        employees = rng.choice(((1001, 5000), (5001, 10000), (10001, None)))
        records.append(
            CompanyRecord(
                name=name_en,
                kind=OrganizationKind.CORPORATION,
                name_ja=name_ja,
                name_kana=f"{kana}{industry.kana}",
                name_en=name_en,
                country="JP",
                city=city,
                website=f"https://www.{romaji.lower()}-{industry.en.lower().replace(' ', '')}.example.jp",
                founded=PartialDate(date(year, 1, 1), DateConfidence.YEAR),
                employees=EmployeeRange(*employees),
                status=OperatingStatus.ACTIVE,
                stage=Stage.PUBLIC,
                description_en=description_en,
                description_ja=description_ja,
                sectors=list(industry.sectors),
                tags=["Japanese corporation", "日本企業"],
                is_demo=True,
            )
        )
    return records


def _investors() -> list[CompanyRecord]:
    return [
        CompanyRecord(
            name=name,
            kind=OrganizationKind.INVESTOR,
            name_ja=name_ja,
            country=country,
            website=f"https://{normalize_name(name)}.example.com",
            description_en=f"{name} is a venture investor (fictional, demo data).",
            description_ja=f"{name_ja}はベンチャー投資家（架空のデモデータ）。" if name_ja else None,
            status=OperatingStatus.ACTIVE,
            is_demo=True,
        )
        for name, name_ja, country in INVESTORS
    ]


def _startup(rng: random.Random, name: str, sector: SectorPhrases) -> tuple[CompanyRecord, int]:
    city = IL_CITIES[rng.randrange(len(IL_CITIES))][0]
    year = rng.randint(2008, 2023)
    ladder = max(0, min(len(ROUND_LADDER) - 1, (2025 - year) // 3 + rng.randint(-1, 1)))
    description_ja = _describe_ja(rng, name, sector, city) if rng.random() < 0.3 else None
    technologies = rng.sample(sector.technologies, k=2)
    record = CompanyRecord(
        name=name,
        kind=OrganizationKind.STARTUP,
        country="IL",
        city=city,
        website=f"https://www.{normalize_name(name)}.example.com",
        founded=PartialDate(date(year, rng.randint(1, 12), 1), DateConfidence.MONTH),
        employees=EmployeeRange(*EMPLOYEES_BY_STAGE[ladder]),
        status=OperatingStatus.ACTIVE,
        description_en=_describe_en(rng, name, sector, city),
        description_ja=description_ja,
        sectors=[sector.label],
        technologies=technologies,
        is_demo=True,
    )
    return record, ladder


def _pick_investors(rng: random.Random, corporations: list[CompanyRecord], count: int) -> list[InvestorRef]:
    by_region: dict[str, list[tuple[str, str]]] = {}
    for name, _ja, country in INVESTORS:
        region = "EU" if country in ("DE", "FR", "GB", "SE", "CH", "NL") else country
        by_region.setdefault(region, []).append((name, country))
    by_region["CVC"] = [(c.name, "JP") for c in corporations]
    regions = list(INVESTOR_REGION_WEIGHTS)
    weights = list(INVESTOR_REGION_WEIGHTS.values())
    chosen: list[InvestorRef] = []
    while len(chosen) < count:
        region = rng.choices(regions, weights)[0]
        name, country = rng.choice(by_region[region])
        if all(ref.name != name for ref in chosen):
            chosen.append(InvestorRef(name, country, is_lead=not chosen))
    return chosen


def _rounds(
    rng: random.Random, startup: CompanyRecord, ladder: int, corporations: list[CompanyRecord]
) -> list[RoundRecord]:
    assert startup.founded is not None
    rounds = []
    when = date(max(2013, startup.founded.value.year), rng.randint(1, 12), rng.randint(1, 28))
    for step in range(ladder + 1):
        if when.year > 2025:
            break
        round_type, low, high = ROUND_LADDER[step]
        amount_usd = int(round(rng.uniform(low, high), -5))
        investors = _pick_investors(rng, corporations, rng.randint(1, 4))
        lead_country = investors[0].country
        currency, amount = "USD", amount_usd
        if lead_country == "JP" and rng.random() < 0.6:
            currency, amount = "JPY", int(round(amount_usd / 0.0067, -6))
        rounds.append(
            RoundRecord(
                company_name=startup.name,
                round_type=str(round_type),
                company_website=startup.website,
                announced=PartialDate(when, DateConfidence.DAY),
                amount=amount,
                currency=currency,
                amount_usd=to_usd(amount, currency),
                investors=investors,
            )
        )
        months = rng.randint(12, 26)
        total = when.month - 1 + months
        when = date(when.year + total // 12, total % 12 + 1, min(when.day, 28))
    return rounds


_DEAL_TOPICS = (
    ("予知保全", "predictive maintenance"), ("車載サイバーセキュリティ", "automotive cybersecurity"),
    ("遠隔医療", "remote patient monitoring"), ("AI画像検査", "AI visual inspection"),
    ("精密農業", "precision agriculture"), ("漏水検知", "leak detection"), ("不正検知", "fraud detection"),
    ("スマートファクトリー", "smart factories"), ("代替タンパク", "alternative protein"), ("生成AI", "generative AI"),
)  # fmt: skip


def _deals(rng: random.Random, data: DemoDataset) -> list[DemoDeal]:
    deals: list[DemoDeal] = []
    startups = list(data.startups)
    rng.shuffle(startups)
    corporations = data.corporations

    def when() -> date:
        return date(rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))

    for startup in startups[:10]:  # acquisitions
        buyer = rng.choice(corporations)
        amount = int(round(rng.uniform(30e6, 900e6), -6))
        startup.status, startup.stage = OperatingStatus.ACQUIRED, Stage.ACQUIRED
        deals.append(
            DemoDeal("acquisition", when(), f"{buyer.name} acquires {startup.name}",
                     f"{buyer.name} acquired the Israeli startup {startup.name} to strengthen its "
                     f"{startup.sectors[0].lower()} business. / {buyer.name_ja}がイスラエルの{startup.name}を買収。",
                     amount, ((buyer.name, "acquirer"), (startup.name, "target")))
        )  # fmt: skip
    for corporation in rng.sample(corporations, 8):  # R&D centres
        city = rng.choice(("Tel Aviv", "Haifa", "Herzliya", "Jerusalem", "Be'er Sheva"))
        deals.append(
            DemoDeal("rd_center", when(), f"{corporation.name} opens an R&D centre in {city}",
                     f"{corporation.name} opened a research and development centre in {city} to work with "
                     f"Israeli engineers and startups. / {corporation.name_ja}が{city}に研究開発拠点を開設。",
                     None, ((corporation.name, "host"),))
        )  # fmt: skip
    for startup in startups[10:24]:  # agreements (MoU)
        partner = rng.choice(corporations)
        topic_ja, topic_en = rng.choice(_DEAL_TOPICS)
        deals.append(
            DemoDeal("agreement", when(), f"{partner.name} and {startup.name} sign an MoU on {topic_en}",
                     f"Memorandum of understanding to test {startup.name}'s technology for {topic_en} in Japan. / "
                     f"{partner.name_ja}と{startup.name}が{topic_ja}に関する覚書を締結。",
                     None, ((partner.name, "partner"), (startup.name, "partner")))
        )  # fmt: skip
    for startup in startups[24:34]:  # partnerships / PoC
        partner = rng.choice(corporations)
        deals.append(
            DemoDeal("partnership", when(), f"{partner.name} starts a PoC with {startup.name}",
                     f"A proof-of-concept project between {partner.name} and {startup.name} in Japan. / "
                     f"{partner.name_ja}と{startup.name}が日本で実証実験（PoC）を開始。",
                     None, ((partner.name, "partner"), (startup.name, "partner")))
        )  # fmt: skip
    for startup in startups[34:42]:  # strategic investments
        investor = rng.choice(corporations)
        amount = int(round(rng.uniform(2e6, 40e6), -5))
        deals.append(
            DemoDeal("investment", when(), f"{investor.name} invests in {startup.name}",
                     f"Strategic investment by {investor.name} in {startup.name}. / "
                     f"{investor.name_ja}が{startup.name}に出資。",
                     amount, ((investor.name, "investor"), (startup.name, "target")))
        )  # fmt: skip
    deals.sort(key=lambda deal: (deal.announced_on, deal.title))
    return deals


def build_demo(seed: int = DEMO_SEED) -> DemoDataset:
    """The whole demo catalogue; the same seed always gives the same data."""
    rng = random.Random(seed)
    data = DemoDataset(corporations=_corporations(rng), investors=_investors())
    sectors = {sector.label: sector for sector in SECTORS}
    index = 0
    ladders: list[int] = []
    for label, quota in STARTUP_QUOTAS.items():
        for _ in range(quota):
            record, ladder = _startup(rng, company_name(index, 777_777), sectors[label])
            data.startups.append(record)
            ladders.append(ladder)
            index += 1
    for startup, ladder in zip(data.startups, ladders, strict=True):
        rounds = _rounds(rng, startup, ladder, data.corporations)
        data.rounds.extend(rounds)
        startup.total_funding_usd = sum(r.amount_usd or 0 for r in rounds) or None
        startup.stage = Stage(rounds[-1].round_type) if rounds else Stage.SEED
    data.deals = _deals(rng, data)
    return data
