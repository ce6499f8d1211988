"""From document blocks to the report's sections and their table cells.

Reports arrive as structured tables (HTML/PDF/DOCX cells) or as flattened
text (tab-separated rows, or one cell per line with blank lines between
rows).  Both become the same thing here: for each of the six sections, its
prose and its *rows of cells*.  The table parsers read those rows; they never
need to know which format the report came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.document import Block, Table

SECTION_HEADINGS = {
    1: re.compile(r"^[一1][、.．]\s*总体情况"),
    2: re.compile(r"^[二2][、.．].{0,8}主动公开"),
    3: re.compile(r"^[三3][、.．].{0,10}(?:收到和处理|依申请)"),
    4: re.compile(r"^[四4][、.．].{0,14}复议"),
    5: re.compile(r"^[五5][、.．].{0,16}(?:问题|改进)"),
    6: re.compile(r"^[六6][、.．].{0,8}其他"),
}
SECTION_TITLES = {1: "总体情况", 2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况",
                  4: "政府信息公开行政复议、行政诉讼情况", 5: "存在的主要问题及改进情况", 6: "其他需要报告的事项"}

_VALUE_RE = re.compile(r"^([+\-－]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万元|元|件|项|个|条|次)?$")
BLANK_MARKS = frozenset({"—", "——", "－", "-", "--", "/", "／", "无", "―", "─"})
_SPACES = re.compile(r"[\s\u3000]+")


@dataclass
class Section:
    number: int
    heading: str
    lines: list[str] = field(default_factory=list)      # prose
    rows: list[list[str]] = field(default_factory=list)  # table cells, row by row ([] = a row break)

    @property
    def text(self) -> str:
        return "\n".join([self.heading, *self.lines]).strip()


@dataclass(frozen=True)
class Value:
    """A numeric cell: the number exactly as printed, or None for a printed blank mark."""

    number: int | float | None
    raw: str
    unit: str | None = None


def squash(text: str) -> str:
    return _SPACES.sub("", text or "")


def parse_value(cell: str) -> Value | None:
    """The cell as a figure, or None when it is not a figure (a label)."""
    text = squash(cell)
    if text in BLANK_MARKS:
        return Value(None, cell.strip())
    m = _VALUE_RE.match(text)
    if not m:
        return None
    sign, digits, decimals, unit = m.groups()
    digits = digits.replace(",", "")
    number: int | float = float(digits + decimals) if decimals else int(digits)
    if sign in ("-", "－"):
        number = -number
    return Value(number, cell.strip(), unit)


def heading_number(line: str, after: int) -> int | None:
    text = squash(line)
    for number in range(after + 1, 7):
        if SECTION_HEADINGS[number].match(text) and len(text) <= 40:
            return number
    return None


def split_sections(blocks: list[Block]) -> dict[int, Section]:
    """The six numbered sections, each with its prose lines and table rows.

    A heading is accepted only after the previous one, so 四、结转下年度继续办理
    (a table-3 row) is never taken for section 四.
    """
    sections: dict[int, Section] = {0: Section(0, "")}
    current = 0
    for block in blocks:
        if isinstance(block, Table):
            sections[current].rows.extend(block.text_rows())
            sections[current].rows.append([])
            continue
        for line in block.text.split("\n"):
            cells = line.split("\t")
            if len(cells) == 1:
                number = heading_number(line, current)
                if number:
                    current = number
                    sections[current] = Section(number, line.strip())
                    continue
            if not line.strip():
                sections[current].rows.append([])
            elif len(cells) > 1 or parse_value(line) is not None or len(squash(line)) <= 60:
                sections[current].rows.append(cells)
                if len(cells) == 1 and parse_value(line) is None:
                    sections[current].lines.append(line.strip())
            else:
                sections[current].lines.append(line.strip())
    return sections


def tokens(rows: list[list[str]]) -> list[str]:
    """Non-empty cells in reading order: what label/value scanning works on."""
    return [cell for row in rows for cell in row if squash(cell)]
