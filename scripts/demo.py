"""`make demo`: local CRM sandboxes → `meltano run` → unified profiles in output/hull.db."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STORE = ROOT / "output" / "hull.db"
#: (kind, port) of each sandbox the demo starts; matches the `sandbox` environment.
SANDBOXES = (("copper", 8801), ("pipedrive", 8802))
#: Both CRMs into one store: people and companies they share become one profile.
PIPELINE = ["tap-copper", "target-hull", "tap-pipedrive", "target-hull"]


def start_sandboxes() -> subprocess.Popen:
    args = [BIN / "crm-sandbox", "serve", *(k for k, _ in SANDBOXES)]
    for _, port in SANDBOXES:
        args += ["--port", str(port)]
    proc = subprocess.Popen([*args, "--size", "2000"], stdout=subprocess.DEVNULL)
    for _, port in SANDBOXES:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_sandbox/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            proc.kill()
            raise SystemExit(f"sandbox on port {port} did not start")
    return proc


def main() -> int:
    for path in ROOT.glob("output/hull.db*"):
        path.unlink()
    env = {
        **os.environ,
        "MELTANO_ENVIRONMENT": "sandbox",
        "TAP_COPPER_API_KEY": "sandbox-copper-key",  # the sandbox's fixed test credentials
        "TAP_PIPEDRIVE_API_TOKEN": "sandbox-pipedrive-token",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    sandboxes = start_sandboxes()
    try:
        print(f"== meltano run {' '.join(PIPELINE)}  (sandbox environment)", flush=True)
        subprocess.run(
            [BIN / "meltano", "run", "--full-refresh", *PIPELINE], cwd=ROOT, env=env, check=True
        )
    finally:
        sandboxes.terminate()
        sandboxes.wait()
    hull = [BIN / "hull", "--database-url", f"sqlite:///{STORE}"]
    print("\n== hull stats", flush=True)
    subprocess.run([*hull, "stats"], check=True)
    export = subprocess.run([*hull, "export", "users"], check=True, capture_output=True, text=True)
    example = max(
        (json.loads(line) for line in export.stdout.splitlines()),
        key=lambda u: (
            u["account_id"] is not None,
            len({a.split("/")[0] for a in u["attributes"]}),
        ),
    )
    print(f"\n== hull show --email {example['email']}", flush=True)
    subprocess.run([*hull, "show", "--email", example["email"]], check=True)
    if shutil.which("meltano") is None:
        print(f"\n(meltano is in {BIN}; activate .venv to run it yourself)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
