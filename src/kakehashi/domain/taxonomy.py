"""Bilingual sector and technology vocabulary, with the aliases people use for the same thing.

Labels from files ("Cyber Security", "Information Technology", "医療") resolve to one shared term so that
a Japanese scout and an English file describe the same startups; unknown labels become free `tag` terms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Facet(StrEnum):
    SECTOR = "sector"
    TECHNOLOGY = "technology"
    INDUSTRY = "industry"
    TAG = "tag"


@dataclass(frozen=True, slots=True)
class Term:
    facet: Facet
    slug: str
    label_en: str
    label_ja: str | None
    aliases: tuple[str, ...] = ()


def _t(facet: Facet, slug: str, en: str, ja: str, *aliases: str) -> Term:
    return Term(facet, slug, en, ja, aliases)


S, T = Facet.SECTOR, Facet.TECHNOLOGY

VOCABULARY: tuple[Term, ...] = (
    # Sectors: the markets a startup sells into.
    _t(
        S,
        "cybersecurity",
        "Cybersecurity",
        "サイバーセキュリティ",
        "Cyber Security",
        "Cyber",
        "Security",
        "Network Security",
        "Information Security",
        "Cloud Security",
        "Identity Management",
        "Fraud Detection",
        "セキュリティ",
        "情報セキュリティ",
        "サイバー",
    ),
    _t(
        S,
        "digital-health",
        "Digital Health",
        "デジタルヘルス",
        "Health Care",
        "Healthcare",
        "Health",
        "Medical",
        "Medical Device",
        "Health Diagnostics",
        "Hospital",
        "Life Science",
        "Life Sciences",
        "Biotechnology",
        "Biotech",
        "Pharmaceutical",
        "Wellness",
        "ヘルスケア",
        "医療",
        "医療機器",
        "ヘルステック",
        "バイオ",
        "ライフサイエンス",
        "創薬",
        "MedTech",
        "HealthTech",
    ),
    _t(
        S,
        "artificial-intelligence",
        "Artificial Intelligence",
        "人工知能",
        "AI",
        "Generative AI",
        "GenAI",
        "Predictive Analytics",
        "Big Data",
        "Analytics",
        "Data Science",
        "AI・機械学習",
        "生成AI",
        "データ分析",
    ),
    _t(
        S,
        "agrifood",
        "Agrifood",
        "アグリフード",
        "AgTech",
        "Agtech",
        "Agriculture",
        "AgriTech",
        "Food",
        "Food and Beverage",
        "FoodTech",
        "Food Tech",
        "Farming",
        "Alternative Protein",
        "Precision Agriculture",
        "農業",
        "アグリテック",
        "フードテック",
        "食品",
        "代替タンパク",
    ),
    _t(
        S,
        "water",
        "Water",
        "水",
        "Water Technology",
        "Water Tech",
        "WaterTech",
        "Water Purification",
        "Desalination",
        "Irrigation",
        "水処理",
        "水資源",
        "海水淡水化",
        "灌漑",
    ),
    _t(
        S,
        "mobility",
        "Mobility",
        "モビリティ",
        "Automotive",
        "Transportation",
        "Autonomous Vehicles",
        "Electric Vehicle",
        "EV",
        "Smart Mobility",
        "Logistics",
        "Ride Sharing",
        "Fleet Management",
        "自動車",
        "自動運転",
        "交通",
        "物流",
        "運輸",
    ),
    _t(
        S,
        "fintech",
        "Fintech",
        "フィンテック",
        "FinTech",
        "Financial Services",
        "Finance",
        "Payments",
        "Banking",
        "InsurTech",
        "Insurance",
        "Lending",
        "Cryptocurrency",
        "Blockchain",
        "Wealth Management",
        "金融",
        "決済",
        "保険",
        "インシュアテック",
        "ブロックチェーン",
        "暗号資産",
    ),
    _t(
        S,
        "industrial-technology",
        "Industrial Technology",
        "産業技術",
        "Industrial",
        "Manufacturing",
        "Industry 4.0",
        "Industrial Automation",
        "Industrial IoT",
        "IIoT",
        "Smart Factory",
        "Industrial Engineering",
        "製造",
        "製造業",
        "ものづくり",
        "産業",
        "スマートファクトリー",
        "産業IoT",
    ),
    _t(
        S,
        "energy",
        "Energy",
        "エネルギー",
        "CleanTech",
        "Clean Energy",
        "Renewable Energy",
        "Solar",
        "Energy Storage",
        "Battery",
        "Smart Grid",
        "Oil and Gas",
        "再生可能エネルギー",
        "太陽光",
        "蓄電池",
        "電力",
    ),
    _t(
        S,
        "climate-tech",
        "Climate Tech",
        "気候テック",
        "Climate",
        "ClimateTech",
        "Sustainability",
        "GreenTech",
        "Carbon Capture",
        "Environmental",
        "Environmental Engineering",
        "脱炭素",
        "環境",
        "カーボンニュートラル",
        "サステナビリティ",
    ),
    _t(
        S,
        "semiconductors",
        "Semiconductors",
        "半導体",
        "Semiconductor",
        "Chips",
        "Chip Design",
        "EDA",
        "Electronics",
        "Photonics",
        "Optics",
        "電子部品",
        "チップ",
        "フォトニクス",
    ),
    _t(
        S,
        "enterprise-software",
        "Enterprise Software",
        "エンタープライズソフトウェア",
        "Software",
        "SaaS",
        "Information Technology",
        "IT",
        "B2B",
        "Enterprise",
        "Cloud Computing",
        "Cloud",
        "DevOps",
        "Developer Tools",
        "Database",
        "ソフトウェア",
        "情報技術",
        "クラウド",
        "業務ソフト",
    ),
    _t(
        S,
        "retail-ecommerce",
        "Retail & E-commerce",
        "小売・EC",
        "Retail",
        "E-Commerce",
        "Ecommerce",
        "Retail Technology",
        "Marketplace",
        "Consumer",
        "Consumer Goods",
        "小売",
        "EC",
        "電子商取引",
    ),
    _t(
        S,
        "marketing-adtech",
        "Marketing & AdTech",
        "マーケティング・アドテック",
        "Marketing",
        "Advertising",
        "AdTech",
        "Ad Tech",
        "MarTech",
        "Digital Marketing",
        "広告",
        "マーケティング",
    ),
    _t(
        S,
        "media-gaming",
        "Media & Gaming",
        "メディア・ゲーム",
        "Media",
        "Gaming",
        "Video Games",
        "Entertainment",
        "Content",
        "Music",
        "Video",
        "ゲーム",
        "エンターテインメント",
        "メディア",
    ),
    _t(S, "edtech", "Education", "教育", "EdTech", "Education Technology", "E-Learning", "エドテック"),
    _t(
        S,
        "real-estate-construction",
        "Real Estate & Construction",
        "不動産・建設",
        "Real Estate",
        "PropTech",
        "Construction",
        "ConTech",
        "Smart Building",
        "Smart Cities",
        "Smart City",
        "不動産",
        "建設",
        "スマートシティ",
    ),
    _t(
        S,
        "telecommunications",
        "Telecommunications",
        "通信",
        "Telecom",
        "5G",
        "Wireless",
        "Networking",
        "Satellite Communication",
        "通信インフラ",
        "無線",
    ),
    _t(
        S,
        "aerospace-defense",
        "Aerospace & Defense",
        "航空宇宙・防衛",
        "Aerospace",
        "Defense",
        "Space",
        "Space Technology",
        "Drones",
        "UAV",
        "Homeland Security",
        "航空宇宙",
        "宇宙",
        "防衛",
        "ドローン",
    ),
    _t(
        S,
        "hr-tech",
        "HR Tech",
        "HRテック",
        "Human Resources",
        "HR",
        "Recruiting",
        "Future of Work",
        "人事",
        "採用",
    ),
    _t(
        S,
        "materials-chemicals",
        "Materials & Chemicals",
        "素材・化学",
        "Advanced Materials",
        "Materials",
        "Chemicals",
        "Nanotechnology",
        "素材",
        "材料",
        "化学",
        "ナノテク",
    ),
    # Technologies: how a product works.
    _t(
        T,
        "machine-learning",
        "Machine Learning",
        "機械学習",
        "ML",
        "Deep Learning",
        "深層学習",
        "Neural Networks",
    ),
    _t(
        T,
        "computer-vision",
        "Computer Vision",
        "画像認識",
        "Image Recognition",
        "Machine Vision",
        "Video Analytics",
        "マシンビジョン",
        "映像解析",
    ),
    _t(
        T,
        "nlp",
        "Natural Language Processing",
        "自然言語処理",
        "Conversational AI",
        "Chatbot",
        "Speech Recognition",
        "LLM",
        "Large Language Models",
        "音声認識",
        "大規模言語モデル",
    ),
    _t(T, "robotics", "Robotics", "ロボティクス", "Robots", "Robot", "Autonomous Systems", "ロボット"),
    _t(
        T,
        "iot",
        "Internet of Things",
        "IoT",
        "IoT",
        "Sensors",
        "Connected Devices",
        "Edge Computing",
        "センサー",
        "エッジコンピューティング",
    ),
    _t(
        T,
        "quantum",
        "Quantum Computing",
        "量子コンピューティング",
        "Quantum",
        "Quantum Technology",
        "量子",
        "量子技術",
    ),
    _t(
        T,
        "lidar-radar",
        "Lidar & Radar",
        "LiDAR・レーダー",
        "Lidar",
        "LiDAR",
        "Radar",
        "Imaging Radar",
        "レーダー",
    ),
    _t(T, "digital-twin", "Digital Twin", "デジタルツイン", "Simulation", "シミュレーション"),
    _t(
        T,
        "blockchain-tech",
        "Distributed Ledger",
        "分散台帳",
        "Distributed Ledger Technology",
        "DLT",
        "分散台帳技術",
    ),
    _t(T, "biometrics", "Biometrics", "生体認証", "Face Recognition", "Fingerprint", "顔認証"),
    _t(
        T,
        "genomics",
        "Genomics",
        "ゲノミクス",
        "Genetics",
        "DNA Sequencing",
        "Synthetic Biology",
        "ゲノム",
        "遺伝子",
        "合成生物学",
    ),
    _t(
        T,
        "ar-vr",
        "AR/VR",
        "AR・VR",
        "Augmented Reality",
        "Virtual Reality",
        "Mixed Reality",
        "XR",
        "拡張現実",
        "仮想現実",
    ),
    _t(
        T,
        "3d-printing",
        "3D Printing",
        "3Dプリンティング",
        "Additive Manufacturing",
        "3Dプリンタ",
        "積層造形",
    ),
    _t(
        T,
        "battery-tech",
        "Battery Technology",
        "電池技術",
        "Batteries",
        "Energy Storage Systems",
        "全固体電池",
    ),
    _t(T, "cloud-native", "Cloud Native", "クラウドネイティブ", "Kubernetes", "Serverless", "Microservices"),
    _t(T, "edge-ai", "Edge AI", "エッジAI", "TinyML", "On-device AI", "オンデバイスAI"),
    _t(
        T,
        "cryptography",
        "Cryptography",
        "暗号技術",
        "Encryption",
        "Post-Quantum Cryptography",
        "暗号",
        "耐量子暗号",
    ),
    _t(T, "wearables", "Wearables", "ウェアラブル", "Wearable Technology", "Wearable", "ウェアラブル端末"),
    _t(T, "drones-tech", "Autonomous Drones", "自律ドローン", "Drone Technology", "自律飛行"),
    _t(
        T,
        "satellite",
        "Satellite Technology",
        "衛星技術",
        "Satellites",
        "Earth Observation",
        "衛星",
        "地球観測",
    ),
    _t(
        T,
        "mems-photonics",
        "Silicon Photonics",
        "シリコンフォトニクス",
        "MEMS",
        "Optical Sensors",
        "光センサー",
    ),
    _t(T, "membranes", "Membrane Filtration", "膜ろ過", "Membranes", "Reverse Osmosis", "逆浸透膜", "膜技術"),
    _t(T, "precision-irrigation", "Precision Irrigation", "精密灌漑", "Drip Irrigation", "点滴灌漑"),
    _t(T, "cell-culture", "Cell Culture", "細胞培養", "Cultured Meat", "Cell-based Meat", "培養肉"),
    _t(T, "predictive-maintenance", "Predictive Maintenance", "予知保全", "Condition Monitoring", "設備保全"),
    _t(
        T, "medical-imaging", "Medical Imaging", "医用画像", "Radiology", "Medical Image Analysis", "画像診断"
    ),
    _t(
        T,
        "remote-monitoring",
        "Remote Patient Monitoring",
        "遠隔モニタリング",
        "Remote Monitoring",
        "Telehealth",
        "Telemedicine",
        "遠隔医療",
        "オンライン診療",
    ),
)


def label_key(label: str) -> str:
    """Comparable form of a label: NFKC, case-folded, punctuation and spaces removed."""
    text = unicodedata.normalize("NFKC", label).casefold()
    text = text.replace("&", "and")
    return re.sub(r"[\W_]+", "", text)


def slugify(label: str) -> str:
    """URL-safe slug for a free label; non-Latin text is kept (NFKC) so Japanese tags stay readable."""
    text = unicodedata.normalize("NFKC", label).casefold().replace("&", " and ")
    text = re.sub(r"[^\w]+", "-", text).strip("-")
    return text[:120] or "tag"


def _build_index() -> dict[str, Term]:
    index: dict[str, Term] = {}
    for term in VOCABULARY:
        for text in (term.slug, term.label_en, term.label_ja or "", *term.aliases):
            key = label_key(text)
            # First writer wins: sector aliases are listed before the technology terms that share words.
            if key and key not in index:
                index[key] = term
    return index


_INDEX = _build_index()
BY_SLUG: dict[str, Term] = {term.slug: term for term in VOCABULARY}


def resolve_term(label: str) -> Term:
    """The vocabulary term a label names, or a free `tag` term keeping the label as written."""
    cleaned = " ".join(label.split())
    term = _INDEX.get(label_key(cleaned))
    if term is not None:
        return term
    # "Artificial Intelligence (AI)", "医療（ヘルスケア）": try the text outside and inside the brackets.
    outside = re.sub(r"[(（\[].*?[)）\]]", " ", cleaned).strip()
    inside = re.findall(r"[(（\[](.*?)[)）\]]", cleaned)
    for candidate in (outside, *inside):
        term = _INDEX.get(label_key(candidate)) if candidate else None
        if term is not None:
            return term
    is_japanese = any(ord(ch) > 0x2E80 for ch in cleaned)
    return Term(Facet.TAG, slugify(cleaned), cleaned, cleaned if is_japanese else None, ())


def split_labels(text: str) -> list[str]:
    """Split a cell such as "Cyber Security, SaaS; AI" or "医療・ヘルスケア、AI" into labels."""
    parts = re.split(r"[,;|、，；\n]+", text)
    labels: list[str] = []
    for part in parts:
        cleaned = " ".join(part.split())
        if cleaned and cleaned not in labels:
            labels.append(cleaned)
    return labels
