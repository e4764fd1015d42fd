"""A fresh clone, installed as ``make run`` installs it, diagnoses with the shipped model even
when a newer scikit-learn has been published.

``make check-install`` runs this. It clones the repository's committed state into a
temporary folder, puts a stand-in "scikit-learn 99.0.0" wheel where pip looks for packages
(``PIP_FIND_LINKS``: what a new release on the index looks like to pip), shows which
version pip would pick without the constraints file, installs with the Makefile's own rule
(``make .venv/.installed``, which uses ``constraints.txt``), and then loads the model and
diagnoses a message in the new environment. Exit status 0 when the model is in use.

Needs network access to the package index (or a warm pip cache); it installs the whole
runtime, so it takes a few minutes and is not part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWER = "99.0.0"
CHECK = """
import sklearn
from diagnose import FailedMessage, diagnose
from diagnose.learn import load_default_model
model, problem = load_default_model()
d = diagnose(FailedMessage(body="WIN a FREE prize, call now", error="30007"), model=model)
print(f"scikit-learn {sklearn.__version__}; mode {d.mode}; {problem or 'model loaded'}")
raise SystemExit(0 if d.mode == "rules+model" else 1)
"""


def stand_in_wheel(folder: Path) -> Path:
    """An empty ``scikit-learn`` wheel with a version above any real one."""
    folder.mkdir(parents=True, exist_ok=True)
    info = f"scikit_learn-{NEWER}.dist-info"
    path = folder / f"scikit_learn-{NEWER}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as whl:
        whl.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: scikit-learn\n"
                     f"Version: {NEWER}\n")  # fmt: skip
        whl.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: stand-in\n"
                     "Root-Is-Purelib: true\nTag: py3-none-any\n")  # fmt: skip
        whl.writestr(f"{info}/RECORD", "")
    return path


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, text=True, check=False, **kw)  # type: ignore[call-overload,no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="what to clone (its HEAD)")
    parser.add_argument("--python", default=sys.executable, help="interpreter for the venv")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sms-diagnose-install-"))
    clone, links = tmp / "clone", tmp / "newer"
    stand_in_wheel(links)
    env = {**os.environ, "PIP_FIND_LINKS": str(links)}
    if run(["git", "clone", "--quiet", str(args.repo), str(clone)]).returncode:
        return 1
    make = ["make", "-C", str(clone), ".venv/.installed", f"PYTHON={args.python}"]
    if run(make, env=env).returncode:
        return 1
    pip = [str(clone / ".venv" / "bin" / "python"), "-m", "pip", "install", "--dry-run",
           "--quiet", "--ignore-installed", "--report", "-", "-e", str(clone)]  # fmt: skip
    unpinned = run(pip, env=env, capture_output=True)
    if unpinned.returncode == 0:
        chosen = {
            p["metadata"]["name"]: p["metadata"]["version"]
            for p in json.loads(unpinned.stdout)["install"]
        }
        print(f"without constraints.txt pip would install scikit-learn {chosen['scikit-learn']}")
    check = run([str(clone / ".venv" / "bin" / "python"), "-c", CHECK], cwd=clone, env=env)
    print(f"fresh install in {tmp}" if args.keep else "")
    if not args.keep:
        run(["rm", "-rf", str(tmp)])
    return check.returncode


if __name__ == "__main__":
    sys.exit(main())
