"""Derive the shipped commune centres (code,lat,lon,canton) from the shared reference file.

Usage: python scripts/build_commune_centres.py [../shared/data/communes.csv]
Writes maillage/territory/data/commune-centres.csv (ODbL 1.0, see the README beside it).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "communes.csv"
TARGET = ROOT / "maillage" / "territory" / "data" / "commune-centres.csv"


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    with source.open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: row["code"])
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "lat", "lon", "canton"])
        writer.writerows([row["code"], row["lat"], row["lon"], row["canton"]] for row in rows)
    print(f"{TARGET.relative_to(ROOT)} : {len(rows)} communes.")


if __name__ == "__main__":
    main()
