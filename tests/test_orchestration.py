"""How a run's window is chosen from its kind, its data interval and its params."""

from __future__ import annotations

import datetime as dt

from etl.orchestration import run_kind, run_window

START = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
END = dt.datetime(2026, 11, 20, 11, tzinfo=dt.UTC)


def test_scheduled_runs_take_their_interval_widened_back_by_the_lookback() -> None:
    assert run_window("scheduled", START, END, {"lookback_hours": 6}) == (START - dt.timedelta(hours=6), END)


def test_backfill_runs_take_exactly_their_interval() -> None:
    assert run_window("backfill", START, END, {"lookback_hours": 6}) == (START, END)


def test_manual_runs_take_their_params_not_the_logical_date() -> None:
    assert run_window("manual", START, END, {}) == (None, None)
    window = run_window("manual", START, END, {"window_start": "2026-11-01", "window_end": "2026-11-02T00:00:00Z"})
    assert window == (dt.datetime(2026, 11, 1, tzinfo=dt.UTC), dt.datetime(2026, 11, 2, tzinfo=dt.UTC))


def test_run_types_map_to_run_kinds() -> None:
    assert [run_kind(t) for t in ("scheduled", "backfill", "manual", "asset_triggered")] == [
        "scheduled", "backfill", "manual", "scheduled"]
