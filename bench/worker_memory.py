"""A worker's memory against the new words it meets: bounded for the pipeline, growing for bare spaCy.

    .venv/bin/python bench/worker_memory.py [--pages 1000] [--new-words 200]

spaCy keeps every word a Doc meets in the model's vocabulary for the life of the process. The other benchmarks
repeat the same 181 pages, so after the first pass nothing is new and they cannot see it; a long backfill of real
news keeps meeting names and numbers it has never seen. Here every page carries ``--new-words`` invented words
(names, places) that no earlier page had, and one process analyzes them chunk by chunk, as a worker does:

- ``pipeline``: ``etl.workers.analyze_chunk`` (parse, spaCy, extractors), which lets the vocabulary grow by
  ``VOCABULARY_GROWTH`` strings (``etl.analyze.nlp``; 200,000, about 65 MB) and runs in spaCy's memory zone past it;
- ``bare spaCy``: the same texts through ``nlp.pipe`` with the same batches, docs discarded.

Each runs in a fresh process (peak memory only grows within one), printing its resident memory and the size
of the model's string store as the pages go by. No database is needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterator

import psutil
from common import machine_line, settings_line

from etl.analyze.nlp import load_nlp
from etl.store.frontier import Page
from etl.workers import CHUNK_PAGES, analyze_chunk

SAMPLES = 6
LETTERS = "bdfgklmnprstvz"
VOWELS = "aeiou"


def invented_words(seed: int) -> Iterator[str]:
    """Capitalised words of 3-4 syllables that are not English, never the same one twice."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while True:
        word = "".join(rng.choice(LETTERS) + rng.choice(VOWELS) for _ in range(rng.randint(3, 4))).capitalize()
        if word not in seen:
            seen.add(word)
            yield word


def page_texts(pages: int, new_words: int) -> Iterator[str]:
    """News-like paragraphs naming ``new_words`` people and places no earlier page named (most of them in a list
    of delegates, so that a page is cheap to analyze for the new words it brings)."""
    words = invented_words(seed=pages * 1_000 + new_words)
    for n in range(pages):
        fresh = [next(words) for _ in range(new_words)]
        pairs = [f"{fresh[i]} {fresh[i + 1]}" for i in range(0, len(fresh) - 1, 2)]
        yield (f"Minister {pairs[0]} met {pairs[1]} in {fresh[-1]} on Monday to discuss the dispute, officials "
               f"said. \u201cWe agreed to keep talking,\u201d {pairs[0]} said after {200 + n} minutes. Among the "
               f"delegates were {', '.join(pairs[2:])}.")


def run(mode: str, pages: int, new_words: int) -> list[dict[str, float]]:
    """Analyze ``pages`` pages in this process; RSS and vocabulary at a few points on the way."""
    nlp = load_nlp()
    process = psutil.Process()
    every = max(pages // SAMPLES, CHUNK_PAGES)
    samples = [{"pages": 0, "rss_mb": process.memory_info().rss / 2**20, "strings": len(nlp.vocab.strings)}]
    texts = list(page_texts(pages, new_words))
    started = time.process_time()
    for start in range(0, pages, CHUNK_PAGES):
        chunk = texts[start:start + CHUNK_PAGES]
        if mode == "pipeline":
            analyze_chunk([_page(start + i, text) for i, text in enumerate(chunk)])
        else:
            for _ in nlp.pipe(chunk, batch_size=len(chunk)):
                pass
        done = start + len(chunk)
        if done % every < CHUNK_PAGES or done == pages:
            samples.append({"pages": done, "rss_mb": process.memory_info().rss / 2**20,
                            "strings": len(nlp.vocab.strings), "cpu_s": time.process_time() - started})
    return samples


def _page(n: int, text: str) -> Page:
    return Page(url=f"https://bench.invalid/{n}", source_id=None, final_url=f"https://bench.invalid/{n}",
                content_type="text/plain", html_gzip=gzip.compress(text.encode()), fetched_at=dt.datetime.now(dt.UTC),
                ref_title=None, ref_published=None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--new-words", type=int, default=200, help="invented words on each page (default 200)")
    parser.add_argument("--mode", choices=("pipeline", "bare"), help=argparse.SUPPRESS)  # internal: one run
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run(args.mode, args.pages, args.new_words)))
        return 0
    print("== bench/worker_memory.py: one worker's memory against the new words it meets ==")
    print(machine_line())
    print(settings_line())
    print(f"{args.pages} pages of {args.new_words} invented words each ({args.pages * args.new_words:,} words no "
          f"page repeats), in chunks of {CHUNK_PAGES}, each mode in a fresh process\n")
    for mode, label in (("pipeline", "pipeline (analyze_chunk)"), ("bare", "bare spaCy (nlp.pipe)")):
        proc = subprocess.run([sys.executable, __file__, "--mode", mode, "--pages", str(args.pages),
                               "--new-words", str(args.new_words)], capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(f"{label}: FAILED: {(proc.stderr.strip().splitlines() or ['no output'])[-1]}")
            continue
        samples = json.loads(proc.stdout.strip().splitlines()[-1])
        print(label)
        for s in samples:
            cpu = f", {s['cpu_s'] / s['pages'] * 1000:.0f} CPU ms/page" if s["pages"] else ""
            print(f"  after {s['pages']:>6} pages ({s['pages'] * args.new_words:>9,} new words): "
                  f"RSS {s['rss_mb']:>6.0f} MB, vocabulary {s['strings']:>9,} strings{cpu}")
        middle = samples[len(samples) // 2]
        for part, (start, end) in (("first", (samples[0], middle)), ("second", (middle, samples[-1]))):
            rss, strings = end["rss_mb"] - start["rss_mb"], end["strings"] - start["strings"]
            print(f"  {part} half ({start['pages']}-{end['pages']} pages): RSS {rss:+.0f} MB, "
                  f"vocabulary {strings:+,} strings")
        print()
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
