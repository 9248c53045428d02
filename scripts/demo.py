"""`make demo`: the bundled sample Singer stream through target-hull, then the profiles."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUTPUT = ROOT / "output" / "demo"


def main() -> int:
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir(parents=True)
    config = OUTPUT / "target-hull.json"
    config.write_text(json.dumps({"source": "sample", "database_url": f"sqlite:///{OUTPUT}/hull.db"}))
    sample = ROOT / "target-hull" / "demo" / "sample.singer"
    print(f"== target-hull < {sample.relative_to(ROOT)}", flush=True)
    subprocess.run([BIN / "target-hull", "--config", config, "--input", sample], check=True)
    hull = [BIN / "hull", "--config", config]
    print("\n== hull stats", flush=True)
    subprocess.run([*hull, "stats"], check=True)
    print("\n== hull show --email jane.doe@acme.example", flush=True)
    subprocess.run([*hull, "show", "--email", "jane.doe@acme.example"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
