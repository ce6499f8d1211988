"""Parse stage: a report's metadata, its six sections, its three tables as figures, and their checks.

``parse_report`` reads only the normalised document model of the report's
primary document; everything it cannot read is left empty and named in
``parse_notes``.  ``parse_status`` is ``ok`` when all three tables were read
completely, ``partial`` when anything is missing (the notes say what),
``failed`` when the report has no text.
"""

from __future__ import annotations

from crawler.items import CaptureItem
from pipelines.draft import ReportDraft
from pipelines.parse.cells import SECTION_TITLES, split_sections
from pipelines.parse.checks import run_checks
from pipelines.parse.metadata import parse_metadata
from pipelines.parse.tables import parse_table2, parse_table3, parse_table4


def figures_dict(figures) -> dict:
    out: dict = {}
    for f in figures:
        out.setdefault(f.table_no, {}).setdefault(f.row, {})[f.col] = f.value
    return out


def parse_report(draft: ReportDraft) -> ReportDraft:
    parse_metadata(draft)
    if not draft.primary:
        return draft
    sections = split_sections(draft.primary.norm_blocks)
    draft.sections = {n: s for n, s in sections.items() if n}
    notes = list(draft.parse_notes)
    missing_sections = [f"{n}" for n in SECTION_TITLES if n not in sections]
    if missing_sections:
        notes.append(f"sections not found: {', '.join(missing_sections)}")
    figures = []
    complete = True
    for parser, number in ((parse_table2, 2), (parse_table3, 3), (parse_table4, 4)):
        result = parser(sections.get(number))
        figures.extend(result.figures)
        notes.extend(result.notes)
        if any(f.raw is None for f in result.figures) or not result.figures \
                or any("not found" in n or "left out" in n or "not printed" in n for n in result.notes):
            complete = False
    draft.figures = figures
    draft.checks = run_checks(figures_dict(figures))
    draft.parse_notes = notes
    draft.parse_status = "ok" if complete and not any(n.endswith("_not_found") for n in notes) else "partial"
    return draft


class ParsePipeline:
    def process_item(self, item):
        return item if isinstance(item, CaptureItem) else parse_report(item)
