"""Synthetic annual disclosure reports in the national templates, with their ground truth.

Used by ``scripts/build_fixture_portals.py``.  The prose is our own; the
figures are drawn from a seeded random generator so that every table obeys
the template's arithmetic (勾稽关系) and the expected values are known
exactly.  A table is built once as a grid with merged regions and rendered
from that grid to HTML, PDF and DOCX, so all three formats carry the same
cells.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

APPLICANT_COLS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]

T3_RESULT_ROWS_2021 = [
    ("granted", "（一）予以公开", None),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("denied_state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("denied_prohibited_by_law", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("denied_security_stability", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("denied_third_party_rights", "（三）不予公开", "4.保护第三方合法权益"),
    ("denied_internal_affairs", "（三）不予公开", "5.属于三类内部事务信息"),
    ("denied_process_info", "（三）不予公开", "6.属于四类过程性信息"),
    ("denied_enforcement_file", "（三）不予公开", "7.属于行政执法案卷"),
    ("denied_admin_query", "（三）不予公开", "8.属于行政查询事项"),
    ("unavailable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unavailable_unclear", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("rejected_complaint", "（五）不予处理", "1.信访举报投诉类申请"),
    ("rejected_duplicate", "（五）不予处理", "2.重复申请"),
    ("rejected_publication", "（五）不予处理", "3.要求提供公开出版物"),
    ("rejected_excessive", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("rejected_confirmation", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_unpaid_fee", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_misc", "（六）其他处理", "3.其他"),
]
T3_RESULT_ROWS_2019 = [r for r in T3_RESULT_ROWS_2021 if not r[0].startswith("other_")] + [
    ("other", "（六）其他处理", None),
]
T4_ROWS = ["review", "litigation_direct", "litigation_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]


@dataclass
class Grid:
    """A table as a full grid of cell texts plus merged regions (r0, c0, r1, c1)."""

    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    def covered(self) -> set[tuple[int, int]]:
        """Cells hidden under a merge (every cell of a region but its top-left)."""
        hidden = set()
        for r0, c0, r1, c1 in self.merges:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        hidden.add((r, c))
        return hidden


@dataclass
class Report:
    key: str
    agency: str
    year: int
    template: str                    # "2019" or "2021"
    figures: dict = field(default_factory=dict)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
    if isinstance(value, str):
        return value
    return str(value)


def make_figures(rng: random.Random, template: str, carried_in: dict | None = None) -> dict:
    """Random figures that obey the template's arithmetic.

    ``carried_in`` is last year's 结转下年度 row: this year's 上年结转 must equal it.
    """
    figures: dict = {"2": {}, "3": {}, "4": {}}
    t2 = figures["2"]
    if template == "2021":
        for row in ("regulations", "normative_docs"):
            issued, repealed = rng.randint(0, 6), rng.randint(0, 2)
            t2[row] = {"issued": issued, "repealed": repealed, "in_force": issued + rng.randint(0, 30)}
        t2["administrative_license"] = {"decisions": rng.randint(0, 900)}
        t2["administrative_penalty"] = {"decisions": rng.randint(0, 300)}
        t2["administrative_coercion"] = {"decisions": rng.randint(0, 20)}
        t2["administrative_fees"] = {"amount": round(rng.uniform(0, 500), 2)}
    else:
        for row in ("regulations", "normative_docs"):
            made = rng.randint(0, 6)
            t2[row] = {"new_made": made, "new_published": made, "total_published": made + rng.randint(0, 40)}
        for row in ("administrative_license", "other_admin_services", "administrative_penalty", "administrative_coercion"):
            prev = rng.randint(0, 600)
            t2[row] = {"prev_year_items": prev, "change": rng.randint(-5, 20), "decisions": rng.randint(0, 1200)}
        t2["administrative_fees"] = {"prev_year_items": rng.randint(0, 10), "change": rng.randint(-2, 2)}
        t2["centralized_procurement"] = {"items": rng.randint(0, 40), "amount": round(rng.uniform(0, 9000), 2)}

    rows = T3_RESULT_ROWS_2021 if template == "2021" else T3_RESULT_ROWS_2019
    t3 = {key: {} for key in ["new_received", "carried_over"] + [r[0] for r in rows] + ["total_processed", "carried_forward"]}
    for col in APPLICANT_COLS[:-1]:
        busy = col == "natural_person" or rng.random() < 0.3
        new = rng.randint(1, 25) if busy else 0
        carried = carried_in[col] if carried_in else (rng.randint(0, 2) if busy else 0)
        forward = rng.randint(0, min(2, new + carried))
        t3["new_received"][col], t3["carried_over"][col], t3["carried_forward"][col] = new, carried, forward
        to_place = new + carried - forward
        for key, *_ in rows:
            t3[key][col] = 0
        keys = [r[0] for r in rows]
        for _ in range(to_place):
            key = "granted" if rng.random() < 0.55 else rng.choice(keys)
            t3[key][col] += 1
        t3["total_processed"][col] = to_place
    for key in t3:
        t3[key]["total"] = sum(t3[key][c] for c in APPLICANT_COLS[:-1])
    figures["3"] = t3

    for row in T4_ROWS:
        values = {c: (rng.randint(0, 3) if rng.random() < 0.4 else 0) for c in T4_COLS[:-1]}
        values["total"] = sum(values.values())
        figures["4"][row] = values
    return figures


T2_GROUPS = [
    ("第二十条第（一）项", ["regulations", "normative_docs"]),
    ("第二十条第（五）项", ["administrative_license", "other_admin_services"]),
    ("第二十条第（六）项", ["administrative_penalty", "administrative_coercion"]),
    ("第二十条第（八）项", ["administrative_fees"]),
    ("第二十条第（九）项", ["centralized_procurement"]),
]
T2_COL_ORDER = ["issued", "repealed", "in_force", "new_made", "new_published", "total_published",
                "prev_year_items", "change", "decisions", "items", "amount"]


def t2_row_label(key: str, template: str) -> str:
    return {"regulations": "规章", "normative_docs": "行政规范性文件" if template == "2021" else "规范性文件",
            "administrative_license": "行政许可", "other_admin_services": "其他对外管理服务事项",
            "administrative_penalty": "行政处罚", "administrative_coercion": "行政强制",
            "administrative_fees": "行政事业性收费", "centralized_procurement": "政府集中采购"}[key]


def t2_col_label(row: str, col: str, template: str) -> str:
    if col == "amount":
        return "采购总金额" if row == "centralized_procurement" else "本年收费金额（单位：万元）"
    if col == "decisions":
        return "本年处理决定数量" if template == "2021" else "处理决定数量"
    return {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
            "new_made": "本年新制作数量", "new_published": "本年新公开数量", "total_published": "对外公开总数量",
            "prev_year_items": "上一年项目数量", "change": "本年增/减", "items": "采购项目数量"}[col]


def cell(value, col: str = "") -> str:
    """A figure as the report prints it: blank for None, signed for 本年增/减."""
    if value is None:
        return ""
    if col == "change" and isinstance(value, int) and value:
        return f"{value:+d}"
    return _fmt(value)


def table2_grid(report: Report) -> Grid:
    """Table 2 with whatever rows and columns the figures have (2019, 2021 or hybrid)."""
    t2 = report.figures["2"]
    rows: list[list[str]] = []
    merges = []
    for clause, keys in T2_GROUPS:
        present = [k for k in keys if k in t2]
        if not present:
            continue
        cols = [c for c in T2_COL_ORDER if any(c in t2[k] for k in present)]
        rows.append([clause, "", "", ""])
        merges.append((len(rows) - 1, 0, len(rows) - 1, 3))
        lines = [("信息内容", [t2_col_label(present[0], c, report.template) for c in cols])]
        lines += [(t2_row_label(k, report.template), [cell(t2[k].get(c), c) for c in cols]) for k in present]
        for label, values in lines:
            rows.append([label] + values + [""] * (3 - len(values)))
            if len(values) < 3:   # the last value cell spans the rest of the row
                merges.append((len(rows) - 1, len(values), len(rows) - 1, 3))
    return Grid(rows, merges)


def table3_grid(report: Report) -> Grid:
    t3 = report.figures["3"]
    result_rows = T3_RESULT_ROWS_2021 if "other_misc" in t3 else T3_RESULT_ROWS_2019
    width = 10
    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    rows.append(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"] + [""] * 6)
    rows.append(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"])
    rows.append(["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])
    merges += [(0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9)]

    def values(key: str) -> list[str]:
        return [cell(t3[key].get(c)) for c in APPLICANT_COLS]

    def full_label_row(label: str, key: str) -> None:
        rows.append([label, "", ""] + values(key))
        merges.append((len(rows) - 1, 0, len(rows) - 1, 2))

    full_label_row("一、本年新收政府信息公开申请数量", "new_received")
    full_label_row("二、上年结转政府信息公开申请数量", "carried_over")
    first_result = len(rows)
    group_start: dict[str, int] = {}
    for key, group, item in result_rows:
        if item is None:
            rows.append(["三、本年度办理结果", group, ""] + values(key))
            merges.append((len(rows) - 1, 1, len(rows) - 1, 2))
        else:
            group_start.setdefault(group, len(rows))
            rows.append(["三、本年度办理结果", group, item] + values(key))
    rows.append(["三、本年度办理结果", "（七）总计", ""] + values("total_processed"))
    merges.append((len(rows) - 1, 1, len(rows) - 1, 2))
    merges.append((first_result, 0, len(rows) - 1, 0))
    for group, start in group_start.items():
        end = max(i for i, r in enumerate(rows) if r[1] == group)
        if end > start:
            merges.append((start, 1, end, 1))
    full_label_row("四、结转下年度继续办理", "carried_forward")
    assert all(len(r) == width for r in rows)
    return Grid(rows, merges)


def table4_grid(report: Report) -> Grid:
    t4 = report.figures["4"]
    labels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        ["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9,
        labels + ["未经复议直接起诉"] + [""] * 4 + ["复议后起诉"] + [""] * 4,
        [""] * 5 + labels + labels,
        [cell(t4[r][c]) for r in T4_ROWS for c in T4_COLS],
    ]
    merges = [(0, 0, 0, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)] + [(1, c, 2, c) for c in range(5)]
    return Grid(rows, merges)


def make_report(key: str, agency: str, year: int, template: str, seed: int, previous: Report | None = None) -> Report:
    """A synthetic report; pass last year's report of the same agency to chain 上年结转 to it."""
    rng = random.Random(seed)
    carried_in = previous.figures["3"]["carried_forward"] if previous else None
    report = Report(key=key, agency=agency, year=year, template=template,
                    figures=make_figures(rng, template, carried_in))
    t3 = report.figures["3"]
    doc_no = "国办公开办函〔2021〕30号" if template == "2021" else "国办公开办函〔2019〕60号"
    report.sections = [
        ("", [f"本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》（{doc_no}）编制，"
              f"统计期限为{year}年1月1日至12月31日。电子版可在{agency}门户网站下载。"]),
        ("一、总体情况", [
            f"{year}年，{agency}把政府信息公开作为转变作风、服务群众的日常工作，按照年初确定的任务清单逐项推进。",
            f"（一）主动公开。全年通过门户网站发布各类信息{rng.randint(200, 3000)}条，其中政策文件{rng.randint(5, 60)}件、"
            f"政策解读{rng.randint(3, 30)}篇，重点领域信息按目录及时更新。",
            f"（二）依申请公开。全年新收申请{t3['new_received']['total']}件，均在法定期限内答复，未发生逾期答复情形。",
            "（三）政府信息管理。落实信息发布审核制度，对涉及个人信息和商业秘密的内容逐条把关，对失效文件及时标注。",
            "（四）平台建设。完成网站栏目梳理，统一了年报、指南、目录的发布位置，方便公众查找。",
            "（五）监督保障。将政务公开纳入年度考核，组织业务培训两次，接受社会评议。",
        ]),
        ("二、主动公开政府信息情况", []),
        ("三、收到和处理政府信息公开申请情况", []),
        ("四、政府信息公开行政复议、行政诉讼情况", []),
        ("五、存在的主要问题及改进情况", [
            "一是部分栏目更新不够及时；二是政策解读形式较为单一。下一步将建立栏目责任清单，"
            "增加图解、问答等解读形式，提高公开质量。",
        ]),
        ("六、其他需要报告的事项", [f"{year}年度未收取信息处理费。本机关无其他需要报告的事项。"]),
    ]
    return report


def tables_for(report: Report) -> dict[str, Grid]:
    return {
        "二、主动公开政府信息情况": table2_grid(report),
        "三、收到和处理政府信息公开申请情况": table3_grid(report),
        "四、政府信息公开行政复议、行政诉讼情况": table4_grid(report),
    }
