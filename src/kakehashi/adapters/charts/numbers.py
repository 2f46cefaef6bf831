"""Money and shares as analysts in each language write them.

Japanese pages count in 万 (10^4), 億 (10^8) and 兆 (10^12) — "35億ドル", not "3.5B"; English pages in
thousands, millions and billions — "$3.5B". The same rule exists twice: in Python for tables, file exports
and tooltips, and as a Vega expression for chart axes (so the browser and vl-convert label alike).
"""

from __future__ import annotations

# (threshold, divisor, suffix, decimals), largest first: "1.2億ドル", but "4,740万ドル" (no 4,740.3万)
_JA_STEPS = ((1e12, 1e12, "兆ドル", 1), (1e8, 1e8, "億ドル", 1), (1e4, 1e4, "万ドル", 0))
_EN_STEPS = ((1e9, 1e9, "B", 1), (1e6, 1e6, "M", 1), (1e3, 1e3, "K", 1))


def _trim(number: float, decimals: int) -> str:
    text = f"{number:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def money_label(value: float | None, locale: str) -> str:
    """`3_500_000_000` -> "35億ドル" (ja) or "$3.5B" (en); None -> "–"."""
    if value is None:
        return "–"
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if locale == "ja":
        for threshold, divisor, suffix, decimals in _JA_STEPS:
            if magnitude >= threshold:
                return f"{sign}{_trim(magnitude / divisor, decimals)}{suffix}"
        return f"{sign}{_trim(magnitude, 0)}ドル"
    for threshold, divisor, suffix, decimals in _EN_STEPS:
        if magnitude >= threshold:
            return f"{sign}${_trim(magnitude / divisor, decimals)}{suffix}"
    return f"{sign}${_trim(magnitude, 0)}"


def share_label(value: float | None) -> str:
    """0.0312 -> "3.1%" (the same in both languages)."""
    return "–" if value is None else f"{value * 100:.1f}%"


def money_expression(locale: str, field: str = "datum.value") -> str:
    """A Vega expression that labels the number `field` like `money_label` (axis labelExpr, legends)."""
    v = field
    steps = _JA_STEPS if locale == "ja" else _EN_STEPS
    parts: list[str] = []
    for threshold, divisor, suffix, decimals in steps:
        number = f"format({v} / {divisor:g}, '{',.1~f' if decimals else ',.0f'}')"
        text = f"{number} + '{suffix}'" if locale == "ja" else f"'$' + {number} + '{suffix}'"
        parts.append(f"abs({v}) >= {threshold:g} ? {text}")
    last = f"format({v}, ',.0f') + 'ドル'" if locale == "ja" else f"'$' + format({v}, ',.0f')"
    return " : ".join([*parts, last])
