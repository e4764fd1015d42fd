"""Write the model's figures into the README from the manifest (``make train`` runs this).

    python scripts/model_figures.py [--model-dir models] [--check]

The README holds the figures between ``<!-- model-figures:start -->`` and
``<!-- model-figures:end -->``; this replaces that block with
``diagnose.learn.report.figures_markdown`` of the manifest, so the README says what the
shipped model measured and nothing else. ``--check`` changes nothing and exits 1 when the
block differs (``tests/test_model_docs.py`` does the same check).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from diagnose.learn import MODEL_DIR, read_manifest
from diagnose.learn.report import figures_markdown

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- model-figures:start -->", "<!-- model-figures:end -->"


def with_figures(readme: str, figures: str) -> str:
    """``readme`` with the text between the markers replaced by ``figures``."""
    head, found, rest = readme.partition(START)
    _, found_end, tail = rest.partition(END)
    if not found or not found_end:
        raise ValueError(f"README has no {START} ... {END} block")
    return f"{head}{START}\n{figures}{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    parser.add_argument("--readme", type=Path, default=README)
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args()
    current = args.readme.read_text(encoding="utf-8")
    manifest = read_manifest(args.model_dir)
    if "deduplicated" not in manifest.get("metrics", {}).get("content_risk", {}):
        print(f"{args.model_dir}/manifest.json predates the near-duplicate-aware evaluation; "
              "run sms-diagnose train (or evaluate) first", file=sys.stderr)  # fmt: skip
        return 1
    wanted = with_figures(current, figures_markdown(manifest))
    if args.check:
        if wanted != current:
            print(f"{args.readme}: model figures differ from {args.model_dir}/manifest.json; "
                  "run python scripts/model_figures.py", file=sys.stderr)  # fmt: skip
            return 1
        return 0
    if wanted != current:
        args.readme.write_text(wanted, encoding="utf-8")
        print(f"updated the model figures in {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
