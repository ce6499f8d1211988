"""The data dictionary: canonical keys of the three statistics tables and the labels that name them.

This is the data dictionary of the ``figures`` table (docs/schema.md lists
it for users).  Labels are matched tolerantly — by the keywords here, after
spaces are removed — because real reports vary the wording, misspell it
(结果维护, 只记) and split it across lines and pages.
"""

from __future__ import annotations

APPLICANT_COLUMNS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
APPLICANT_LABELS = {
    "natural_person": "自然人", "commercial": "商业企业 / 商业机构", "research": "科研机构",
    "social_org": "社会公益组织 / 社会组织", "legal_service": "法律服务机构", "other_org": "其他", "total": "总计 / 合计",
}

# Table 3 rows in template order: (key, printed label, keywords any of which identifies the row).
T3_ROWS: list[tuple[str, str, tuple[str, ...]]] = [
    ("new_received", "一、本年新收政府信息公开申请数量", ("本年新收",)),
    ("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    ("granted", "三、本年度办理结果（一）予以公开", ("予以公开",)),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("部分公开",)),
    ("denied_state_secret", "（三）不予公开 1.属于国家秘密", ("国家秘密",)),
    ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", ("禁止公开",)),
    ("denied_security_stability", "3.危及“三安全一稳定”", ("三安全", "一稳定", "危及")),
    ("denied_third_party_rights", "4.保护第三方合法权益", ("第三方",)),
    ("denied_internal_affairs", "5.属于三类内部事务信息", ("内部事务",)),
    ("denied_process_info", "6.属于四类过程性信息", ("过程性",)),
    ("denied_enforcement_file", "7.属于行政执法案卷", ("执法案卷",)),
    ("denied_admin_query", "8.属于行政查询事项", ("行政查询",)),
    ("unavailable_not_held", "（四）无法提供 1.本机关不掌握相关政府信息", ("不掌握",)),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作", ("另行制作", "没有现成")),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", ("仍不明确", "补正后")),
    ("rejected_complaint", "（五）不予处理 1.信访举报投诉类申请", ("信访", "举报投诉", "投诉举报")),
    ("rejected_duplicate", "2.重复申请", ("重复申请",)),
    ("rejected_publication", "3.要求提供公开出版物", ("出版物",)),
    ("rejected_excessive", "4.无正当理由大量反复申请", ("大量反复",)),
    ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", ("重新出具", "确认或")),
    ("other", "（六）其他处理 (2019 template: one row)", ()),
    ("other_no_correction", "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ("逾期不补正",)),
    ("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ("收费通知", "缴纳费用")),
    ("other_misc", "3.其他 (2021 template)", ()),
    ("total_processed", "（七）总计", ("总计", "合计")),
    ("carried_forward", "四、结转下年度继续办理", ("结转下年度", "下年度继续")),
]
T3_RESULT_ROWS = [k for k, _, _ in T3_ROWS[2:-2]]

# Table 2 rows: key → (labels as printed, keywords).
T2_ROWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "regulations": ("规章", ("规章",)),
    "normative_docs": ("行政规范性文件 / 规范性文件", ("规范性文件",)),
    "administrative_license": ("行政许可", ("行政许可",)),
    "other_admin_services": ("其他对外管理服务事项", ("其他对外管理服务",)),
    "administrative_penalty": ("行政处罚", ("行政处罚",)),
    "administrative_coercion": ("行政强制", ("行政强制",)),
    "administrative_fees": ("行政事业性收费", ("行政事业性收费",)),
    "centralized_procurement": ("政府集中采购", ("政府集中采购", "集中采购")),
}
# Table 2 columns: key → (labels as printed, keywords). Checked in this order: 采购总金额 before 收费金额.
T2_COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("issued", "本年制发件数", ("制发",)),
    ("repealed", "本年废止件数", ("废止",)),
    ("in_force", "现行有效件数", ("现行有效",)),
    ("new_made", "本年新制作数量", ("新制作",)),
    ("new_published", "本年新公开数量", ("新公开",)),
    ("total_published", "对外公开总数量", ("对外公开总",)),
    ("prev_year_items", "上一年项目数量", ("上一年",)),
    ("change", "本年增/减", ("增/减", "增减", "增／减")),
    ("decisions", "（本年）处理决定数量", ("处理决定",)),
    ("items", "采购项目数量", ("采购项目",)),
    ("amount", "采购总金额 / 本年收费金额（单位：万元）", ("总金额", "收费金额", "金额")),
]

T4_ROWS = ["review", "litigation_direct", "litigation_after_review"]
T4_ROW_LABELS = {"review": "行政复议", "litigation_direct": "行政诉讼 — 未经复议直接起诉",
                 "litigation_after_review": "行政诉讼 — 复议后起诉"}
T4_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]
T4_COLUMN_LABELS = {"upheld": "结果维持 (typo 结果维护)", "corrected": "结果纠正", "other": "其他结果",
                    "pending": "尚未审结", "total": "总计"}
