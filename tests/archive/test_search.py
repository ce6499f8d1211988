import pytest

from archive.search import search
from archive.storage import open_archive, save_report, upsert_sites
from crawler.registry import load_registry

REPORTS = [
    ("寻乌县人民政府办公室2021年政府信息公开工作年度报告", "寻乌县人民政府办公室", 2021,
     "一、总体情况 本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。行政处罚决定12件。"),
    ("盐池县人民政府办公室2020年政府信息公开工作年度报告", "盐池县人民政府办公室", 2020,
     "一、总体情况 全年收到依申请公开6件。诉讼0件。"),
]


@pytest.fixture
def db(tmp_path):
    archive = open_archive(tmp_path / "a.db")
    upsert_sites(archive, load_registry().values())
    with archive.db.atomic():
        for i, (title, agency, year, text) in enumerate(REPORTS):
            save_report(archive, {"title": title, "agency": agency, "year": year, "text": text, "site_id": "xunwu",
                                  "canonical_url": f"http://www.xunwu.gov.cn/{i}.html", "parse_status": "partial"}, [], None)
    yield archive.db
    archive.close()


@pytest.mark.parametrize("query, agencies", [
    ("复", {"寻乌县人民政府办公室"}),                     # 1 character
    ("复议", {"寻乌县人民政府办公室"}),                   # 2 characters: trigram cannot, LIKE does
    ("诉讼", {"寻乌县人民政府办公室", "盐池县人民政府办公室"}),
    ("依申请", {"盐池县人民政府办公室"}),                 # 3 characters
    ("行政处罚决定12", {"寻乌县人民政府办公室"}),           # 8 characters
    ("盐池县 依申请", {"盐池县人民政府办公室"}),           # two terms, AND
])
def test_chinese_queries_of_every_length(db, query, agencies):
    assert {h.agency for h in search(db, query)} == agencies


def test_year_filter(db):
    assert [h.year for h in search(db, "总体情况", year=2020)] == [2020]


def test_snippet_highlights_hit(db):
    (hit,) = search(db, "行政处罚")
    assert "[行政处罚]" in hit.snippet


@pytest.mark.parametrize("query", ['"', "(", "AND OR", "*", "NEAR(", "复议 AND", '"""', "-", "a:b", ")))((("])
def test_hostile_queries_return_cleanly(db, query):
    assert isinstance(search(db, query), list)


def test_filters_narrow(db):
    assert {h.agency for h in search(db, "总体情况", filters={"agency": "盐池"})} == {"盐池县人民政府办公室"}
    assert search(db, "总体情况", filters={"agency": "不存在的机关"}) == []
    assert {h.year for h in search(db, "总体情况", filters={"parse_status": "partial", "year": 2021})} == {2021}
    assert len(search(db, "总体情况", filters={"unknown_column": "x"})) == 2   # unknown filters are ignored


def test_short_query_with_filter(db):
    assert [h.agency for h in search(db, "复议", filters={"year": 2020})] == []
    assert [h.agency for h in search(db, "诉讼", filters={"year": 2020})] == ["盐池县人民政府办公室"]


def test_title_hits_rank_first(db):
    hits = search(db, "盐池县人民政府办公室")
    assert hits[0].agency == "盐池县人民政府办公室"
