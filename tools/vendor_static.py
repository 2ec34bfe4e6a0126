"""Copy the pinned front-end packages from node_modules into the static files.

Run by the setup step after `npm ci`; the copies are git-ignored, so the only source of
truth is package.json + package-lock.json.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "teekond" / "static" / "vendor"
FILES = {
    "htmx.org/dist/htmx.min.js": "htmx.min.js",
    "sortablejs/Sortable.min.js": "Sortable.min.js",
    "vega/build/vega.min.js": "vega.min.js",
    "vega-lite/build/vega-lite.min.js": "vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js": "vega-embed.min.js",
    "echarts/dist/echarts.min.js": "echarts.min.js",
}


def main() -> int:
    modules = ROOT / "node_modules"
    missing = [src for src in FILES if not (modules / src).is_file()]
    if missing:
        print(f"vendor: missing {', '.join(missing)}; run `npm ci` first", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for stale in TARGET.iterdir():
        # A package dropped from the list must not linger (and keep working) here.
        if stale.is_file() and stale.name not in FILES.values() and stale.name != ".stamp":
            stale.unlink()
    for src, name in FILES.items():
        shutil.copyfile(modules / src, TARGET / name)
    print(f"vendor: {len(FILES)} files copied to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
