"""Charts of the insights dashboards: Vega-Lite specifications built with Altair from plain tables
(`specs`), money in the page's number style (`numbers`: 億/万 in Japanese, $M/$B in English), and
server-side rendering to PNG and SVG with vl-convert (`render`)."""
