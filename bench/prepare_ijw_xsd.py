"""Copy the iJw/iWmo 3.2 XSDs into a folder `triage audit --xsd` reads (see docs/ijw-xsd.md).

    python bench/prepare_ijw_xsd.py SOURCE DEST

SOURCE holds the published schema folders, for example a copy of the public repository
i-Sociaal-Lab/jaapjunior, whose `packages/api/jw/bronnen/xsd/` and
`packages/api/wmo/bronnen/xsd/` hold them (each message XSD there begins with a Markdown title
line, `## JW301.xsd`, that is left out here). DEST gets `ijw/` and `iwmo/`, each with its own
`Basisschema.xsd`. Nothing is downloaded.
"""

from __future__ import annotations

import sys
from pathlib import Path

FOLDERS = {"ijw": ("packages/api/jw/bronnen/xsd", "jw"), "iwmo": ("packages/api/wmo/bronnen/xsd", "wmo")}


def prepare(source: Path, dest: Path) -> int:
    copied = 0
    for target, candidates in FOLDERS.items():
        folder = next((source / c for c in candidates if (source / c).is_dir()), None)
        if folder is None:
            raise SystemExit(f"{source}: no folder {' or '.join(candidates)}")
        (dest / target).mkdir(parents=True, exist_ok=True)
        for xsd in sorted(folder.glob("*.xsd")):
            text = xsd.read_text(encoding="utf-8")
            start = text.find("<?xml")
            if start < 0:
                start = text.find("<xs:schema")
            (dest / target / xsd.name).write_text(text[max(start, 0) :], encoding="utf-8")
            copied += 1
    return copied


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    print(f"{prepare(Path(sys.argv[1]), Path(sys.argv[2]))} XSD's gekopieerd")
