"""Tables 2, 3 and 4 → figures with canonical keys.

The rule everywhere: a figure is exactly what the report prints, or absent
with a recorded reason.  Labels are matched tolerantly (keywords, spaces
ignored, rows in template order), values never guessed.  One deduction is
allowed because it is arithmetic, not a guess: when a table-3 row prints six
of its seven cells and all six are 0, the seventh is 0 too (either it is the
total of zeros, or a part of a zero total — counts are never negative).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.parse.cells import Section, Value, parse_value, squash, tokens
from archive.keys import APPLICANT_COLUMNS, T2_COLUMNS, T2_ROWS, T3_ROWS, T4_COLUMNS, T4_ROWS


@dataclass
class Figure:
    table_no: int
    row: str
    col: str
    value: int | float | None
    raw: str | None
    label: str | None = None
    unit: str | None = None


@dataclass
class TableResult:
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)      # what is missing or odd, in words

    def add(self, table_no: int, row: str, col: str, value: Value | None, label: str | None, note: str | None = None):
        self.figures.append(Figure(table_no, row, col, value.number if value else None,
                                   value.raw if value else None, label, value.unit if value else None))
        if note:
            self.notes.append(note)


# --- table 2 ---------------------------------------------------------------------

def _t2_row(label: str) -> str | None:
    for key, (_, keywords) in T2_ROWS.items():
        if any(k in label for k in keywords):
            return key
    return None


def _t2_column(label: str) -> tuple[str | None, str | None]:
    for key, _, keywords in T2_COLUMNS:
        if any(k in label for k in keywords):
            return key, ("万元" if "万元" in label else None)
    return None, None


def parse_table2(section: Section | None) -> TableResult:
    result = TableResult()
    if section is None:
        result.notes.append("table 2: section 二 not found")
        return result
    cells = tokens(section.rows)
    columns: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    i = 0
    while i < len(cells):
        label = squash(cells[i])
        if label == "信息内容":
            columns, i = [], i + 1
            while i < len(cells) and parse_value(cells[i]) is None and squash(cells[i]) != "信息内容" \
                    and not squash(cells[i]).startswith("第二十条") and _t2_row(squash(cells[i])) is None:
                key, unit = _t2_column(squash(cells[i]))
                if key:
                    columns.append((key, unit))
                i += 1
            continue
        if parse_value(cells[i]) is not None or label.startswith("第二十条") or not columns:
            i += 1
            continue
        values: list[Value] = []
        j = i + 1
        while j < len(cells) and (v := parse_value(cells[j])) is not None:
            values.append(v)
            j += 1
        if not values:
            i += 1
            continue
        key = _t2_row(label) or f"raw:{cells[i].strip()}"
        if key in seen:
            result.notes.append(f"table 2: row {key} printed twice; second kept out")
            i = j
            continue
        seen.add(key)
        _assign_t2(result, key, cells[i].strip(), columns, values)
        i = j
    missing = [k for k in T2_ROWS if k not in seen]
    if not seen:
        result.notes.append("table 2: no rows found")
    elif missing and len(missing) == len(T2_ROWS):
        result.notes.append("table 2: no known rows")
    return result


def _assign_t2(result: TableResult, key: str, label: str, columns, values: list[Value]) -> None:
    n = len(columns)
    if len(values) > n:
        if len({v.raw for v in values}) == 1:
            result.notes.append(f"table 2: {key} prints {len(values)} equal values for {n} column(s); one kept")
            values = values[:n]
        else:
            result.notes.append(f"table 2: {key} prints {len(values)} values for {n} column(s); left out")
            for col, unit in columns:
                result.add(2, key, col, None, label)
            return
    for index, (col, unit) in enumerate(columns):
        if index < len(values):
            value = values[index]
            if unit and value.unit is None:
                value = Value(value.number, value.raw, unit)
            result.add(2, key, col, value, label)
        else:
            result.add(2, key, col, None, label, f"table 2: {key}.{col} not printed")


# --- table 3 ---------------------------------------------------------------------

def _t3_match(label: str, start: int, previous: str | None) -> tuple[str | None, int]:
    """The first template row at or after ``start`` that the label names."""
    for index in range(start, len(T3_ROWS)):
        key, _, keywords = T3_ROWS[index]
        if key == "other":
            tail = label[-8:]
            if tail.endswith("其他处理") and not any(k in label for k in ("逾期不补正", "收费通知")):
                return key, index + 1
            continue
        if key == "other_misc":
            if previous in ("other_no_correction", "other_unpaid_fee") and label.endswith("其他") \
                    and len(label) <= 8:
                return key, index + 1
            continue
        if any(k in label for k in keywords):
            return key, index + 1
    return None, start


def parse_table3(section: Section | None) -> TableResult:
    result = TableResult()
    if section is None:
        result.notes.append("table 3: section 三 not found")
        return result
    cells = tokens(section.rows)
    position, previous = 0, None
    label_parts: list[str] = []
    found: dict[str, list[Value]] = {}
    labels: dict[str, str] = {}
    i = 0
    while i < len(cells):
        if parse_value(cells[i]) is None:
            label_parts.append(cells[i])
            i += 1
            continue
        values: list[Value] = []
        while i < len(cells) and (v := parse_value(cells[i])) is not None:
            values.append(v)
            i += 1
        label = squash("".join(label_parts))
        label_parts = []
        key, position = _t3_match(label, position, previous)
        if key is None:
            result.notes.append(f"table 3: {len(values)} values under an unrecognised label {label[:30]!r}; left out")
            continue
        found[key], labels[key], previous = values, label, key
    for key, values in found.items():
        _assign_t3(result, key, labels[key], values)
    template_rows = [k for k, _, _ in T3_ROWS]
    has_2021_other = any(k.startswith("other_") for k in found)
    expected = [k for k in template_rows if k not in (("other",) if has_2021_other else
                                                      ("other_no_correction", "other_unpaid_fee", "other_misc"))]
    missing = [k for k in expected if k not in found]
    if missing:
        result.notes.append(f"table 3: rows not found: {', '.join(missing)}")
    return result


def _assign_t3(result: TableResult, key: str, label: str, values: list[Value]) -> None:
    if len(values) > 7 and len({v.raw for v in values}) == 1:
        result.notes.append(f"table 3: {key} prints {len(values)} equal values for 7 columns; 7 kept")
        values = values[:7]
    if len(values) == 7:
        for col, value in zip(APPLICANT_COLUMNS, values):
            result.add(3, key, col, value, label)
    elif len(values) == 6 and all(v.number == 0 for v in values):
        for col in APPLICANT_COLUMNS:
            result.add(3, key, col, Value(0, "0"), label)
        result.notes.append(f"table 3: {key} prints 6 zeros for 7 columns; the 7th is 0 by arithmetic")
    else:
        for col in APPLICANT_COLUMNS:
            result.add(3, key, col, None, label)
        result.notes.append(f"table 3: {key} prints {len(values)} values for 7 columns; left out")


# --- table 4 ---------------------------------------------------------------------

def parse_table4(section: Section | None) -> TableResult:
    """Fifteen cells, usually one row. A row of exactly 15 cells keeps blank positions."""
    result = TableResult()
    if section is None:
        result.notes.append("table 4: section 四 not found")
        return result
    cells: list[Value | None] | None = None
    for row in section.rows:
        trimmed = list(row)
        while trimmed and not squash(trimmed[-1]):
            trimmed.pop()
        parsed = [parse_value(c) if squash(c) else Value(None, "") for c in trimmed]   # a printed blank
        filled = [p for p in parsed if p is not None and p.raw]
        if len(trimmed) == 15 and len(filled) >= 5 and all(p is not None for p in parsed):
            cells = parsed
            break
    if cells is None:
        values = [v for v in (parse_value(c) for c in tokens(section.rows)) if v is not None]
        if len(values) == 15:
            cells = values
        else:
            result.notes.append(f"table 4: {len(values)} values found for 15 cells; left out")
            for row in T4_ROWS:
                for col in T4_COLUMNS:
                    result.add(4, row, col, None, None)
            return result
    for index, value in enumerate(cells):
        row, col = T4_ROWS[index // 5], T4_COLUMNS[index % 5]
        result.add(4, row, col, value, None)
    return result
