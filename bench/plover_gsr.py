"""Sentence-level check of event typing and roles against the PLOVER gold standard records.

    python bench/plover_gsr.py [--show-misses N] [--type ASSAULT]

Runs the events extractor (with the actors it needs) over the 322 hand-coded sentences in
``../shared/data/plover-gsr/PLOVER_GSR_CAMEO.json`` and prints

- the share of sentences where an event of the gold type is found (goal >= 0.70), and
- of those, the share whose source and target agree with the gold actors.

The records carry PLOVER 0.5 labels; they are mapped to the current types as the data's README says (DEMAND ->
REQUEST, DISAPPROVE -> ACCUSE, FIGHT -> ASSAULT, INVESTIGATE -> ACCUSE). The gold actors are text ("Senior Hungarian
and Romanian officials"), so a predicted actor agrees with them when one of its forms (name, aliases, mentions)
shares a content word with the gold text ("Hungary" has the alias or mention "Hungarian"). A side the gold leaves
empty agrees with anything; for CONSULT, AGREE and COOPERATE the sides may be swapped (FORMAT.md).

The records are read from ``../shared`` and never copied into this repository (their licence is CC BY-SA 4.0).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GSR = SHARED / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
STOP = {"the", "a", "an", "of", "and", "in", "on", "for", "to", "s", "its", "his", "her", "their", "senior",
        "officials", "official", "government", "president", "minister", "leader", "leaders", "forces", "group",
        "party"}


def words(text: str) -> set[str]:
    """Content words, accents and possessives stripped, with a crude stem so "Hungarian" meets "Hungary"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text).replace(".", "")  # "U.S." -> "us"
    out = set()
    for word in re.findall(r"[a-z0-9]+", text):
        if word in STOP or (len(word) < 2):
            continue
        out.add(word)
        for suffix in ("ians", "ian", "ans", "an", "ese", "ish", "i", "s", "y", "ia"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                out.add(word[: -len(suffix)])
    return out


def actor_words(actor) -> set[str]:
    forms = [actor.name, *actor.aliases, *(m.text for m in actor.mentions)]
    found: set[str] = set()
    for form in forms:
        found |= words(form)
    return found


def gold_side(value: object) -> list[dict]:
    """A record's source or target as a list of actor dicts (some records hold "" or a stray word instead)."""
    return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []


def side_agrees(gold: list[dict], predicted: list[str], by_name: dict) -> bool:
    if not gold:
        return True
    gold_words: set[str] = set()
    for actor in gold:
        gold_words |= words(actor.get("actorText") or "")
    for name in predicted:
        actor = by_name.get(name)
        if actor is not None and actor_words(actor) & gold_words:
            return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show-misses", type=int, default=0, metavar="N", help="print N sentences missed")
    parser.add_argument("--show-roles", type=int, default=0, metavar="N", help="print N role disagreements")
    parser.add_argument("--type", help="only records of this (mapped) type")
    args = parser.parse_args()
    if not GSR.is_file():
        print(f"no PLOVER gold standard at {GSR}: this benchmark needs ../shared beside the project", file=sys.stderr)
        return 2

    from etl.analyze.actors import find_actors
    from etl.analyze.events import find_events
    from etl.analyze.nlp import load_nlp

    records = [r for r in json.loads(GSR.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]
    for record in records:
        record["type"] = OLD_LABELS.get(record["event"], record["event"])
    if args.type:
        records = [r for r in records if r["type"] == args.type.upper()]
    nlp = load_nlp()
    totals: Counter[str] = Counter()
    found_by_type: Counter[str] = Counter()
    all_by_type: Counter[str] = Counter()
    misses: list[str] = []
    role_misses: list[str] = []
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        actors = find_actors(doc)
        events = find_events(doc, actors, None)
        by_name = {a.name: a for a in actors.actors}
        kind = record["type"]
        all_by_type[kind] += 1
        totals["sentences"] += 1
        same_type = [e for e in events if e.type == kind]
        if not same_type:
            got = ", ".join(f"{e.type}:{e.trigger}" for e in events) or "-"
            misses.append(f"{kind:<9} [{record['eventText']}] got {got} | {record['text'][:150]}")
            continue
        totals["found"] += 1
        found_by_type[kind] += 1
        gold_src, gold_tgt = gold_side(record.get("source")), gold_side(record.get("target"))
        agree = any(
            (side_agrees(gold_src, e.source, by_name) and side_agrees(gold_tgt, e.target, by_name))
            or (kind in SYMMETRIC and side_agrees(gold_src, e.target, by_name)
                and side_agrees(gold_tgt, e.source, by_name))
            for e in same_type
        )
        if agree:
            totals["roles"] += 1
        else:
            e = same_type[0]
            role_misses.append(
                f"{kind:<9} gold {[a['actorText'] for a in gold_src]} -> {[a['actorText'] for a in gold_tgt]}; "
                f"got {e.source} -> {e.target} | {record['text'][:120]}"
            )
    n = totals["sentences"]
    print(f"PLOVER GSR sentences: {n}")
    print(f"event of the gold type found: {totals['found']}/{n} = {totals['found'] / n:.3f}  (goal >= 0.70)")
    if totals["found"]:
        print(f"  of those, source and target agree: {totals['roles']}/{totals['found']} = "
              f"{totals['roles'] / totals['found']:.3f}")
    print()
    print(f"{'type':<10}{'found':>8}{'of':>6}{'share':>8}")
    for kind in sorted(all_by_type):
        share = found_by_type[kind] / all_by_type[kind]
        print(f"{kind:<10}{found_by_type[kind]:>8}{all_by_type[kind]:>6}{share:>8.2f}")
    for line in misses[: args.show_misses]:
        print("MISS", line)
    for line in role_misses[: args.show_roles]:
        print("ROLE", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
