"""A readable account of what is in the database: row counts and a few rows of each kind.

``newsfeed demo`` prints it after the DAG run; ``newsfeed summary`` prints it any time.
"""

from __future__ import annotations

import psycopg

TABLES = ("sources", "article_refs", "raw_pages", "articles", "actors", "actor_aliases", "article_actors", "mentions",
          "statements", "figures", "events", "event_actors", "quarantine", "runs")


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM news.{t}" for t in TABLES)
    return {name: int(count) for name, count in conn.execute(query)}


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def summarize(conn: psycopg.Connection, rows: int = 8) -> str:
    lines = ["Rows per table:"]
    lines += [f"  news.{name:<14} {count:>7,}" for name, count in table_counts(conn).items()]

    lines.append("\nActors (most mentioned):")
    for name, kind, country, mentions in conn.execute(
        """SELECT a.name, a.type, a.country, count(m.*) FROM news.actors a JOIN news.mentions m USING (actor_id)
           GROUP BY a.actor_id ORDER BY count(m.*) DESC, a.name LIMIT %s""", (rows,)):
        lines.append(f"  {name:<32} {kind:<13} {country or '':<4} {mentions} mentions")

    lines.append("\nEvents (source -> TYPE -> target, date, status):")
    for kind, status, date, sources, targets, trigger in conn.execute(
        """SELECT e.event_type, e.status, e.event_date,
                  string_agg(ea.actor_name, ' & ') FILTER (WHERE ea.role = 'source'),
                  string_agg(ea.actor_name, ' & ') FILTER (WHERE ea.role = 'target'), e.trigger
           FROM news.events e LEFT JOIN news.event_actors ea USING (event_id)
           GROUP BY e.event_id ORDER BY e.event_date NULLS LAST, e.event_type LIMIT %s""", (rows,)):
        lines.append(f"  {sources or '?'} -> {kind} -> {targets or '?'}  ({date or 'no date'}, {status};"
                     f" trigger {trigger!r})")

    lines.append("\nStatements (speaker: quote):")
    for speaker, kind, quote in conn.execute(
        """SELECT speaker_name, kind, quote FROM news.statements
           ORDER BY speaker_name IS NULL, length(quote) DESC LIMIT %s""", (rows,)):
        text = quote if len(quote) <= 90 else quote[:87] + "..."
        lines.append(f"  {speaker or '(unattributed)'} [{kind}]: {text}")

    lines.append("\nFigures (value [to value_high] unit object):")
    for value, high, unit, obj, text in conn.execute(
        "SELECT value, value_high, unit, object, text FROM news.figures ORDER BY value DESC LIMIT %s", (rows,)):
        span = _number(value) + (f" to {_number(high)}" if high is not None else "")
        lines.append(f"  {span:<28} {unit or '':<8} {obj or '':<14} ({text})")

    quarantined = conn.execute(
        "SELECT stage, reason, count(*) FROM news.quarantine GROUP BY 1, 2 ORDER BY 3 DESC LIMIT %s", (rows,)
    ).fetchall()
    if quarantined:
        lines.append("\nQuarantine (stage, reason, count):")
        lines += [f"  {stage:<8} {reason:<28} {count}" for stage, reason, count in quarantined]
    return "\n".join(lines)
