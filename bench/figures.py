"""Figures extractor vs quantulum3 on the development gold set, scored by ../shared/eval/score.py in one run.

    python bench/figures.py [--gold DIR] [--keep DIR] [--diff] [--no-quantulum]

Feeds each gold article's human-marked body (``article-benchmark/ground-truth.json``, or the seed text for
``seed-*``) to ``etl.analyze.figures.find_figures`` and to quantulum3 (heuristic mode: its bundled scikit-learn
classifier is switched off, as its documentation allows, because it breaks under current scikit-learn), writes
prediction files holding only figures, and scores both against gold files cut down to their figures, so the
other fields neither help nor hurt. Prints score.py's table for this extractor and both figures F1s side by side.
``--diff`` lists, per article, the gold figures missed and the predictions that matched nothing.

quantulum3 is a benchmark-only dependency: ``pip install quantulum3==0.10.0``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORE = SHARED / "eval" / "score.py"


def gold_body(gold_id: str, truth: dict) -> str:
    """The article text a gold file was annotated on."""
    if gold_id.startswith("seed-"):
        return (SHARED / "data" / "seed" / f"{gold_id.removeprefix('seed-')}.txt").read_text(encoding="utf-8")
    return truth[gold_id]["articleBody"]


def ours(texts: dict[str, str]) -> tuple[dict[str, list[dict]], float, float]:
    """This project's extractor: figures per article, seconds spent parsing (spaCy) and extracting (rules)."""
    from etl.analyze.figures import find_figures
    from etl.analyze.nlp import parse_text
    from etl.models import _number

    find_figures(parse_text("Warm-up: 3 people and $5 million."))  # load the model and the word lists first
    out, parsing, extracting = {}, 0.0, 0.0
    for gold_id, text in texts.items():
        t0 = time.perf_counter()
        doc = parse_text(text)
        t1 = time.perf_counter()
        figures = find_figures(doc)
        extracting += time.perf_counter() - t1
        parsing += t1 - t0
        out[gold_id] = [
            {
                "value": _number(f.value),
                "value_high": _number(f.value_high),
                "unit": f.unit,
                "object": f.object,
                "text": f.text,
                "qualifier": f.qualifier,
                "direction": f.direction,
            }
            for f in figures
        ]
    return out, parsing, extracting


def quantulum(texts: dict[str, str]) -> dict[str, list[dict]] | None:
    """quantulum3 in heuristic mode, mapped onto FORMAT.md's figure shape (it names no counted object)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import classifier, parser
    except ImportError:
        return None
    classifier.USE_CLF = False  # the bundled model needs an old scikit-learn; the documented fallback is heuristics
    out = {}
    for gold_id, text in texts.items():
        figures = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantities = parser.parse(text)
        for q in quantities:
            unit = None
            if q.unit.entity.name == "currency":
                unit = q.unit.currency_code
            elif q.unit.name == "percentage":
                unit = "percent"
            elif q.unit.name != "dimensionless":
                unit = q.unit.name
            value, high = q.value, None
            if q.uncertainty:
                value, high = q.value - q.uncertainty, q.value + q.uncertainty
            figures.append({"value": value, "value_high": high, "unit": unit, "object": None, "text": q.surface})
        out[gold_id] = figures
    return out


def write(folder: Path, docs: dict[str, list[dict]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for gold_id, figures in docs.items():
        (folder / f"{gold_id}.json").write_text(json.dumps({"id": gold_id, "figures": figures}, indent=1))


def score(gold: Path, pred: Path) -> tuple[dict, str]:
    """score.py's JSON summary and its printed table for one prediction folder."""
    run = [sys.executable, str(SCORE), "--gold", str(gold), "--pred", str(pred)]
    summary = json.loads(subprocess.run([*run, "--json"], capture_output=True, text=True, check=True).stdout)
    table = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    return summary, table


def diff(gold: dict[str, list[dict]], pred: dict[str, list[dict]]) -> None:
    """Missed gold figures and unmatched predictions, matched the way score.py matches them."""
    sys.path.insert(0, str(SCORE.parent))
    import score as scorer  # the shared scorer, for its exact matching rules

    for gold_id in sorted(gold):
        g, p = gold[gold_id], pred.get(gold_id, [])
        pairs = scorer.greedy(
            g,
            p,
            lambda a, b: (
                (
                    scorer.close(a.get("value"), b.get("value"))
                    and scorer.close(a.get("value_high"), b.get("value_high"))
                )
                * 1.0
            ),
        )
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        lines = [
            f"  - missed   {g[i]['text']!r} value={g[i]['value']} object={g[i]['object']}"
            for i in range(len(g))
            if i not in matched_g
        ]
        lines += [
            f"  + extra    {p[j]['text']!r} value={p[j]['value']} object={p[j]['object']}"
            for j in range(len(p))
            if j not in matched_p
        ]
        lines += [
            f"  ~ object   {p[j]['text']!r}: {p[j]['object']!r} vs gold {g[i]['object']!r}"
            for i, j in pairs
            if scorer.head(g[i].get("object")) != scorer.head(p[j].get("object"))
        ]
        if lines:
            print(gold_id[:24])
            print("\n".join(lines))


def main() -> int:
    if "PYTHONHASHSEED" not in os.environ:
        # quantulum3's heuristic disambiguation iterates over sets, so its output moves with the hash seed
        # (110 or 108 figures on dev): pin the seed so every run prints the same comparison
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "gold" / "dev")
    ap.add_argument("--keep", type=Path, help="write the prediction and cut-down gold folders here")
    ap.add_argument("--diff", action="store_true", help="list misses, extras and object mismatches per article")
    ap.add_argument("--no-quantulum", action="store_true", help="skip the quantulum3 comparison")
    args = ap.parse_args()
    if not args.gold.is_dir() or not SCORE.exists():
        print(
            f"no gold set at {args.gold} (or no scorer at {SCORE}): this benchmark needs ../shared beside the project",
            file=sys.stderr,
        )
        return 2
    truth = json.loads((SHARED / "data" / "article-benchmark" / "ground-truth.json").read_text(encoding="utf-8"))
    gold_docs = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.gold.glob("*.json"))}
    texts = {gold_id: gold_body(gold_id, truth) for gold_id in gold_docs}
    gold_figures = {gold_id: doc.get("figures") or [] for gold_id, doc in gold_docs.items()}

    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-figures-"))
    write(root / "gold", gold_figures)
    predicted, parsing, extracting = ours(texts)
    write(root / "ours", predicted)
    summary, table = score(root / "gold", root / "ours")
    print("news-event-feed figures (etl.analyze.figures):")
    print(table)

    rows = [("news-event-feed", summary["figures"])]
    if not args.no_quantulum:
        q = quantulum(texts)
        if q is None:
            print("quantulum3 is not installed: pip install quantulum3==0.10.0", file=sys.stderr)
        else:
            write(root / "quantulum3", q)
            rows.append(("quantulum3 0.10.0 (heuristic)", score(root / "gold", root / "quantulum3")[0]["figures"]))
    print(f"{'figures on ' + args.gold.name:<32}{'F1':>7}{'P':>7}{'R':>7}{'object':>8}{'unit':>7}")
    for name, s in rows:
        print(
            f"{name:<32}{s['f1']:>7.3f}{s['precision']:>7.3f}{s['recall']:>7.3f}"
            f"{s['object_accuracy']:>8.3f}{s['unit_accuracy']:>7.3f}"
        )
    print(
        f"time for {len(texts)} articles: spaCy parse {parsing * 1000:.0f} ms, "
        f"figures rules {extracting * 1000:.0f} ms ({extracting / max(parsing, 1e-9):.0%} of the parse)"
    )
    if args.diff:
        diff(gold_figures, predicted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
