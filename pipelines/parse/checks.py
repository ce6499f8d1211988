"""Arithmetic checks (勾稽关系) on a report's own figures.

Each check compares numbers that are all present; a check whose inputs are
missing is not run (and the missing figures are already in the parse notes),
so a failure always means the printed numbers disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.keys import APPLICANT_COLUMNS, T3_RESULT_ROWS, T4_COLUMNS, T4_ROWS


@dataclass
class Check:
    rule: str
    scope: str
    passed: bool
    detail: str


Figures = dict[int, dict[str, dict[str, int | float | None]]]


def _get(figures: Figures, table: int, row: str, col: str):
    return figures.get(table, {}).get(row, {}).get(col)


def _fmt(n) -> str:
    return f"{n:g}" if isinstance(n, float) else str(n)


def run_checks(figures: Figures) -> list[Check]:
    checks: list[Check] = []
    t3 = figures.get(3, {})
    result_rows = [r for r in T3_RESULT_ROWS if r in t3]
    for col in APPLICANT_COLUMNS:
        parts = [_get(figures, 3, r, col) for r in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if all(p is not None for p in parts):
            a, b, c, d = parts
            checks.append(Check("t3_balance", col, a + b == c + d,
                                f"新收 {_fmt(a)} + 上年结转 {_fmt(b)} = {_fmt(a + b)}; 总计 {_fmt(c)} + 结转下年度 {_fmt(d)} = {_fmt(c + d)}"))
        results = [_get(figures, 3, r, col) for r in result_rows]
        total = _get(figures, 3, "total_processed", col)
        if result_rows and total is not None and all(v is not None for v in results):
            checks.append(Check("t3_results_sum", col, sum(results) == total,
                                f"办理结果各项之和 {_fmt(sum(results))}; （七）总计 {_fmt(total)}"))
    for row, cols in t3.items():
        parts = [cols.get(c) for c in APPLICANT_COLUMNS[:-1]]
        total = cols.get("total")
        if total is not None and all(p is not None for p in parts):
            checks.append(Check("t3_row_sum", row, sum(parts) == total,
                                f"六类申请人之和 {_fmt(sum(parts))}; 总计 {_fmt(total)}"))
    for row in T4_ROWS:
        parts = [_get(figures, 4, row, c) for c in T4_COLUMNS[:-1]]
        total = _get(figures, 4, row, "total")
        if total is not None and all(p is not None for p in parts):
            checks.append(Check("t4_sum", row, sum(parts) == total,
                                f"维持+纠正+其他+未审结 {_fmt(sum(parts))}; 总计 {_fmt(total)}"))
    return checks


def carry_over_check(this: Figures, previous: Figures, previous_id: int) -> Check | None:
    """This report's 上年结转 against the same agency's previous report's 结转下年度 (total column)."""
    now = _get(this, 3, "carried_over", "total")
    before = _get(previous, 3, "carried_forward", "total")
    if now is None or before is None:
        return None
    return Check("carry_over_chain", "total", now == before,
                 f"上年结转 {_fmt(now)}; report {previous_id} (previous year) 结转下年度 {_fmt(before)}")
