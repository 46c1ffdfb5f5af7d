"""Score the analysis stage alone on the development gold set, using the human-marked article bodies.

    python bench/gold_eval.py [--gold DIR] [--keep DIR]

``../shared/eval/run_eval.sh`` measures the whole product (our parser included); this harness isolates the
extractors: it feeds each gold article's true body (``article-benchmark/ground-truth.json``, or the seed text)
to ``etl.analyze.analyze_text`` and scores the documents with ``../shared/eval/score.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from etl.analyze import analyze_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def gold_body(gold_id: str, truth: dict) -> str:
    if gold_id.startswith("seed-"):
        return (SHARED / "data" / "seed" / f"{gold_id.removeprefix('seed-')}.txt").read_text(encoding="utf-8")
    return truth[gold_id]["articleBody"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=SHARED / "eval" / "gold" / "dev")
    parser.add_argument("--keep", type=Path, help="write predictions here instead of a temporary folder")
    args, score_args = parser.parse_known_args()
    if not args.gold.is_dir():
        print(f"no gold set at {args.gold}: this harness needs ../shared beside the project", file=sys.stderr)
        return 2
    truth = json.loads((SHARED / "data" / "article-benchmark" / "ground-truth.json").read_text(encoding="utf-8"))
    out = args.keep or Path(tempfile.mkdtemp(prefix="gold-eval-"))
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.gold.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        document = analyze_text(gold_body(path.stem, truth), doc_id=path.stem, published=published)
        (out / path.name).write_text(json.dumps(document.to_format(), ensure_ascii=False, indent=1))
    score = [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(args.gold), "--pred", str(out)]
    return subprocess.call(score + score_args)


if __name__ == "__main__":
    sys.exit(main())
