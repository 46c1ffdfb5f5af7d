"""``newsfeed``: the pipeline's functions for people and tests (the DAGs wire the very same functions).

    newsfeed demo                      serve the sample site, run the news_ingest DAG through Airflow, report
    newsfeed db migrate                apply sql/ migrations
    newsfeed sources add|list|enable|disable
    newsfeed ingest [--source NAME]    one run of the pipeline without Airflow
    newsfeed backfill --from --to      fetch again (or --reanalyze) a date range
    newsfeed extract FILE...           article document JSON (FORMAT.md), no database needed
    newsfeed parse --json FILE...      parsed article metadata and body per file
    newsfeed subscribe --consumer NAME follow the change feed (JSON Lines)
    newsfeed feed prune                delete changes every consumer has read
    newsfeed quarantine list|retry|purge
    newsfeed status [--json]           health: sources, runs, quarantine, consumer lag
    newsfeed summary                   what is in the database
    newsfeed schema docs|json|dbt      schema reference (Markdown), article JSON Schema, dbt sources.yml
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from etl.config import get_settings
from etl.logs import setup_logging
from etl.sources import KINDS


def _file_id(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".html", ".htm", ".txt"):
        name = name.removesuffix(suffix)
    return name


def _read_article(path: Path, url: str | None):
    """A file as an Article: .txt is the body itself, .html/.html.gz goes through the parser."""
    from etl.fetch import fetch_file
    from etl.models import Article
    from etl.parse import parse_html

    page = fetch_file(path.resolve().as_uri(), get_settings().max_page_bytes)
    if page.content_type == "text/plain":
        return Article(url=url, body=page.body.decode("utf-8", errors="replace"))
    return parse_html(page.body, url=url)


def cmd_extract(args: argparse.Namespace) -> int:
    from etl.analyze import analyze_doc
    from etl.analyze.nlp import parse_texts

    if args.id and len(args.files) > 1:
        raise SystemExit("--id names one file; give one FILE or drop --id")
    articles = [_read_article(path, args.url) for path in args.files]
    published = dt.date.fromisoformat(args.published) if args.published else None
    for path, article, doc in zip(args.files, articles, parse_texts(a.body for a in articles), strict=True):
        document = analyze_doc(
            doc,
            doc_id=args.id or _file_id(path),
            published=published or (article.published.date() if article.published else None),
            url=args.url or article.canonical_url or article.url,
            title=article.title,
        )
        text = json.dumps(document.to_format(), ensure_ascii=False, indent=2)
        if args.out_dir:
            args.out_dir.mkdir(parents=True, exist_ok=True)
            (args.out_dir / f"{document.id}.json").write_text(text + "\n", encoding="utf-8")
        else:
            print(text)
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    from etl.parse import ParseError

    out = {}
    for path in args.files:
        try:
            article = _read_article(path, None)
        except ParseError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            continue
        out[_file_id(path)] = {
            "url": article.canonical_url or article.url,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "authors": article.authors,
            "language": article.language,
            "articleBody": article.body,
        }
    print(json.dumps(out, ensure_ascii=False, indent=None if len(out) > 1 else 2))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from etl.store.db import connect
    from etl.store.migrate import migrate

    with connect() as conn:
        applied = migrate(conn)
    print(f"applied {', '.join(applied)}" if applied else "schema is up to date")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    from etl.store.db import connect
    from etl.store.migrate import migrate
    from etl.store.sources import add_source, list_sources, set_enabled

    if args.action == "add" and not args.no_check and not _check_source(args.kind, args.url):
        return 1
    with connect() as conn:
        migrate(conn)
        if args.action == "add":
            source = add_source(conn, args.name or args.url, args.kind, args.url)
            print(f"added source {source.name!r} ({source.kind}) -> {source.url}")
        elif args.action == "list":
            for s in list_sources(conn):
                print(f"{s.source_id:>4}  {'on ' if s.enabled else 'off'}  {s.kind:<8} {s.name:<24} {s.url}")
        elif not set_enabled(conn, args.name, args.action == "enable"):
            print(f"no source named {args.name!r}", file=sys.stderr)
            return 1
    return 0


def _check_source(kind: str, url: str) -> bool:
    """Read a new source once, the way discovery will, and show what it lists; False when it cannot be read."""
    from etl.fetch import Fetcher, FetchError
    from etl.sources import SourceError, SourceSpec, discover

    try:
        found = discover(SourceSpec(kind, url), Fetcher())
    except (FetchError, SourceError, OSError) as exc:
        print(f"cannot read {url} as {kind}: {exc}", file=sys.stderr)
        return False
    dated = sum(1 for ref in found.refs if ref.published)
    print(f"{url} lists {len(found.refs)} articles ({dated} with a date)")
    for ref in found.refs[:5]:
        when = ref.published.date().isoformat() if ref.published else "undated"
        print(f"  {when}  {ref.title or ''}  {ref.url}")
    for child, reason, _ in found.failures:
        print(f"  could not read {child}: {reason}", file=sys.stderr)
    return True


def cmd_status(args: argparse.Namespace) -> int:
    from etl.status import collect, render
    from etl.store.db import connect
    from etl.store.migrate import migrate

    with connect() as conn:
        migrate(conn)
        status = collect(conn, dt.timedelta(hours=args.stale_after_hours))
    print(json.dumps(status.as_json(), default=str, indent=2) if args.json else render(status))
    return 0 if status.healthy else 1


def cmd_run(args: argparse.Namespace) -> int:
    """``ingest`` and ``backfill``: the same pipeline run, with a progress display."""
    from etl.pipeline import Window, run_pipeline
    from etl.progress import progress_for
    from etl.store.db import connect
    from etl.store.migrate import migrate

    if args.command == "backfill":
        mode, kind = ("reanalyze" if args.reanalyze else "refetch"), "backfill"
        if _day(args.date_from) >= _day(args.date_to):
            raise SystemExit("--from must be before --to")
    else:
        mode, kind = "ingest", "cli"
    window = Window(_day(args.date_from), _day(args.date_to))
    progress = progress_for(mode, quiet=args.quiet, json_logs=args.json_logs)
    with connect() as conn:
        migrate(conn)
        run_id, counts = run_pipeline(
            conn, kind=kind, mode=mode, source_names=args.source or None, window=window,
            older_than=getattr(args, "older_than", None), progress=progress,
        )
    print(json.dumps({"run_id": run_id, "mode": mode, "counts": counts}, indent=2))
    return 0


def _day(value: str | None) -> dt.datetime | None:
    return dt.datetime.combine(dt.date.fromisoformat(value), dt.time(), dt.UTC) if value else None


def cmd_summary(args: argparse.Namespace) -> int:
    from etl.report import summarize
    from etl.store.db import connect

    with connect() as conn:
        print(summarize(conn))
    return 0


def cmd_subscribe(args: argparse.Namespace) -> int:
    from etl.store.db import connect
    from etl.subscribe import Subscription

    tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables else None
    with connect() as conn:
        feed = Subscription(conn, args.consumer, tables=tables, from_start=args.from_start)
        batches = feed.follow(args.batch) if args.follow else feed.batches(args.batch)
        for batch in batches:
            for change in batch:
                print(json.dumps(change.as_json(), ensure_ascii=False, default=str))
            sys.stdout.flush()  # printed before the batch is acknowledged: at-least-once
    return 0


def cmd_feed(args: argparse.Namespace) -> int:
    from etl.store.db import connect
    from etl.store.feed import prune

    max_age = dt.timedelta(days=args.max_age_days) if args.max_age_days is not None else None
    with connect() as conn:
        result = prune(conn, max_age)
    if result.stale_consumers:
        print(f"warning: stale consumers lost unread changes older than {args.max_age_days} days: "
              f"{', '.join(result.stale_consumers)}", file=sys.stderr)
    print(f"deleted {result.deleted} feed rows")
    return 0


def cmd_quarantine(args: argparse.Namespace) -> int:
    from etl.store import quarantine
    from etl.store.db import connect

    with connect() as conn:
        if args.action == "list":
            rows = quarantine.list_quarantined(conn, stage=args.stage, reason=args.reason, limit=args.limit)
            if args.json:
                print(json.dumps([vars(r) for r in rows], default=str, indent=2))
            for r in [] if args.json else rows:
                print(f"{r.last_seen_at:%Y-%m-%d %H:%M}  {r.stage:<8} {r.reason:<26} x{r.attempts:<3} {r.url}")
        elif args.action == "retry":
            print(f"queued {quarantine.retry(conn, stage=args.stage, url=args.url)} items for the next run")
        else:
            age = dt.timedelta(days=args.older_than_days) if args.older_than_days is not None else None
            print(f"purged {quarantine.purge(conn, stage=args.stage, url=args.url, older_than=age)} rows")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """``schema docs`` and ``schema dbt`` read the comments of a migrated database; ``schema json`` needs none."""
    if args.action == "json":
        from etl.models import Document

        print(json.dumps(Document.model_json_schema(), indent=2, ensure_ascii=False))
        return 0
    from etl import schema_docs
    from etl.store.db import connect
    from etl.store.migrate import migrate

    with connect() as conn:
        migrate(conn)
        catalog = schema_docs.read_catalog(conn)
    if args.action == "dbt":
        sys.stdout.write(schema_docs.render_dbt(catalog))
    elif args.readme:
        changed = schema_docs.update_readme(args.readme, schema_docs.render_markdown(catalog))
        print(f"{args.readme}: {'updated' if changed else 'already up to date'}")
    else:
        sys.stdout.write(schema_docs.render_markdown(catalog))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    # our own server on 127.0.0.1: allow the loopback address and skip the one-second politeness delay
    os.environ.setdefault("NEWSFEED_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    os.environ.setdefault("NEWSFEED_MIN_HOST_DELAY", "0.05")
    get_settings.cache_clear()
    from etl.demo.run import run_demo

    return run_demo(port=args.port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsfeed", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--quiet", action="store_true", help="no progress display, only warnings and errors")
    common.add_argument("--json-logs", action="store_true", help="log lines as JSON objects (stderr)")
    command = functools.partial(commands.add_parser, parents=[common])

    demo = command("demo", help="serve the sample feed and run the news_ingest DAG against it")
    demo.add_argument("--port", type=int, default=8765, help="port of the sample site on 127.0.0.1")
    demo.set_defaults(func=cmd_demo)

    db = command("db", help="database schema")
    db.add_argument("action", choices=["migrate"])
    db.set_defaults(func=cmd_migrate)

    sources = command("sources", help="add, list, enable or disable sources")
    sources.add_argument("action", choices=["add", "list", "enable", "disable"])
    sources.add_argument("url", nargs="?", help="add: feed/sitemap/list URL or folder path")
    sources.add_argument("--name", help="source name (add: defaults to the URL; enable/disable: required)")
    sources.add_argument("--kind", choices=KINDS, default="rss")
    sources.add_argument("--no-check", action="store_true", help="add: skip reading the source once first")
    sources.set_defaults(func=cmd_sources)

    status = command("status", help="health of sources and consumers; exit 1 when a source is stale")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--stale-after-hours", type=float, default=6.0,
                        help="a source without a successful run for this long is stale (default 6)")
    status.set_defaults(func=cmd_status)

    ingest = command("ingest", help="run discover -> fetch -> process once, without Airflow")
    ingest.add_argument("--source", action="append", help="only this source (repeatable)")
    ingest.add_argument("--from", dest="date_from", help="only articles dated on or after YYYY-MM-DD")
    ingest.add_argument("--to", dest="date_to", help="only articles dated before YYYY-MM-DD")
    ingest.set_defaults(func=cmd_run)

    backfill = command("backfill", help="fetch again, or re-analyze, the articles of a date range")
    backfill.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD (inclusive)")
    backfill.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD (exclusive)")
    backfill.add_argument("--sources", dest="source", type=lambda v: [x for x in v.split(",") if x],
                          help="comma-separated source names (default: all)")
    backfill.add_argument("--reanalyze", action="store_true",
                          help="re-run parse, analysis and load on stored pages (no network)")
    backfill.add_argument("--older-than", help="with --reanalyze: only articles analyzed by an older version")
    backfill.set_defaults(func=cmd_run)

    extract = command("extract", help="print the article document JSON of pages or texts")
    extract.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".html, .html.gz or .txt")
    extract.add_argument("--id", help="document id (default: the file name without extensions)")
    extract.add_argument("--url", help="the article's URL")
    extract.add_argument("--published", help="publication date YYYY-MM-DD (plain text carries none)")
    extract.add_argument("--out-dir", type=Path, help="write <id>.json files here instead of printing")
    extract.set_defaults(func=cmd_extract)

    parse = command("parse", help="parsed metadata and body of pages")
    parse.add_argument("--json", action="store_true", required=True, help="print JSON (the only format)")
    parse.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parse.set_defaults(func=cmd_parse)

    subscribe = command("subscribe", help="print changes after a consumer's cursor as JSON Lines")
    subscribe.add_argument("--consumer", required=True, help="durable consumer name (its cursor is kept)")
    subscribe.add_argument("--from-start", action="store_true", help="a new consumer starts at the first change")
    subscribe.add_argument("--tables", help="comma-separated tables to follow, e.g. events,statements")
    mode = subscribe.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="print what is there and exit (the default)")
    mode.add_argument("--follow", action="store_true", help="keep going, woken by LISTEN/NOTIFY")
    subscribe.add_argument("--batch", type=int, default=100, help="changes per acknowledged batch")
    subscribe.set_defaults(func=cmd_subscribe)

    feed = command("feed", help="change-feed maintenance")
    feed.add_argument("action", choices=["prune"])
    feed.add_argument("--max-age-days", type=float, help="also delete changes older than this, read or not")
    feed.set_defaults(func=cmd_feed)

    quarantined = command("quarantine", help="see, retry or forget rejected items")
    quarantined.add_argument("action", choices=["list", "retry", "purge"])
    quarantined.add_argument("--stage", choices=["discover", "fetch", "parse", "analyze", "load"])
    quarantined.add_argument("--reason", help="list: only this reason (e.g. http_404)")
    quarantined.add_argument("--url", help="retry/purge: only this URL")
    quarantined.add_argument("--older-than-days", type=float, help="purge: only rows last seen before this")
    quarantined.add_argument("--limit", type=int, default=100, help="list: at most this many rows")
    quarantined.add_argument("--json", action="store_true", help="list: JSON instead of a table")
    quarantined.set_defaults(func=cmd_quarantine)

    summary = command("summary", help="row counts and a few rows of each table")
    summary.set_defaults(func=cmd_summary)

    schema = command("schema", help="schema reference, article JSON Schema, dbt sources")
    schema.add_argument("action", choices=["docs", "json", "dbt"],
                        help="docs: Markdown reference of the newsfeed views and news tables; json: JSON Schema of "
                             "the article document; dbt: sources.yml for the newsfeed views")
    schema.add_argument("--readme", type=Path, metavar="FILE",
                        help="docs: replace the reference between the schema-docs markers in FILE instead of printing")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(json_logs=args.json_logs, quiet=args.quiet)
    if args.command == "sources" and args.action == "add" and not args.url:
        raise SystemExit("sources add needs a URL")
    if args.command == "sources" and args.action in {"enable", "disable"} and not args.name:
        raise SystemExit(f"sources {args.action} needs --name")
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
