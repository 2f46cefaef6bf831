"""PNG and SVG of a Vega-Lite spec, rendered on the server with vl-convert (Vega in an embedded
JavaScript engine: no browser, no network).

Japanese titles and labels need a CJK font: vl-convert sees the system fonts (fonts-noto-cjk on Debian,
installed with the browser by `make browser`); Debian's Noto directories are registered once as well, in
case the system font list is not read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import vl_convert

VEGA_LITE_VERSION = "6.4"  # the vendored vega-lite, and the schema Altair writes
PNG_SCALE = 2  # sharp in a slide or a report
FONT_DIRS = (
    Path("/usr/share/fonts/opentype/noto"),  # fonts-noto-cjk
    Path("/usr/share/fonts/truetype/noto"),
)
_fonts_registered = False


def _register_fonts() -> None:
    global _fonts_registered
    if _fonts_registered:
        return
    for directory in FONT_DIRS:
        if directory.is_dir():
            vl_convert.register_font_directory(str(directory))
    _fonts_registered = True


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (text stays text: searchable, and editable in a drawing program)."""
    _register_fonts()
    return str(vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION))


def to_png(spec: dict[str, Any], *, scale: float = PNG_SCALE) -> bytes:
    """The chart as a PNG image at `scale` times its CSS size."""
    _register_fonts()
    return bytes(vl_convert.vegalite_to_png(spec, vl_version=VEGA_LITE_VERSION, scale=scale))
