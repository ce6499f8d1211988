from pathlib import Path

import pytest

from crawler.registry import RegistryError, load_file, load_registry, select

GOOD = """
[[site]]
id = "demo"
name = "示例县人民政府"
region = "某省/某市/示例县"
start_urls = ["https://www.demo.gov.cn/"]
allowed_domains = ["demo.gov.cn"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_registry_ships_the_named_portals():
    sites = load_registry()
    assert {"xunwu", "yzh", "yanchi"} <= set(sites)
    assert sites["xunwu"].allows_host("www.xunwu.gov.cn")
    assert sites["yzh"].region.startswith("宁夏回族自治区")
    assert sites["yanchi"].name == "盐池县人民政府"


def test_user_file_loads(tmp_path):
    (site,) = load_file(write(tmp_path, GOOD))
    assert site.id == "demo" and site.render_js == "auto" and site.max_pages == 3000


def test_subdomains_allowed_but_not_lookalike_hosts(tmp_path):
    (site,) = load_file(write(tmp_path, GOOD))
    assert site.allows_host("files.demo.gov.cn")
    assert not site.allows_host("notdemo.gov.cn")
    assert not site.allows_host("demo.gov.cn.evil.com")


@pytest.mark.parametrize("change, field", [
    ('name = "示例县人民政府"', "name"),
    ('start_urls = ["https://www.demo.gov.cn/"]', "start_urls"),
    ('allowed_domains = ["demo.gov.cn"]', "allowed_domains"),
])
def test_missing_field_is_named(tmp_path, change, field):
    with pytest.raises(RegistryError, match=f"field '{field}'"):
        load_file(write(tmp_path, GOOD.replace(change, "")))


@pytest.mark.parametrize("extra, field, words", [
    ('render_js = "sometimes"', "render_js", "must be"),
    ("max_pages = 0", "max_pages", "positive integer"),
    ('link_patterns = ["(unclosed"]', "link_patterns", "invalid regular expression"),
    ('colour = "red"', "colour", "not a known field"),
])
def test_bad_value_is_named(tmp_path, extra, field, words):
    with pytest.raises(RegistryError, match=f"site #1 \\('demo'\\): field '{field}' .*{words}"):
        load_file(write(tmp_path, GOOD + extra + "\n"))


def test_start_url_outside_allowed_domains(tmp_path):
    text = GOOD.replace('allowed_domains = ["demo.gov.cn"]', 'allowed_domains = ["other.gov.cn"]')
    with pytest.raises(RegistryError, match="does not cover the host"):
        load_file(write(tmp_path, text))


def test_invalid_toml_names_the_file(tmp_path):
    path = write(tmp_path, "[[site]\nid=")
    with pytest.raises(RegistryError, match=f"{path}: not valid TOML"):
        load_file(path)


def test_duplicate_ids_across_files(tmp_path):
    a = write(tmp_path, GOOD)
    b = tmp_path / "more.toml"
    b.write_text(GOOD, encoding="utf-8")
    with pytest.raises(RegistryError, match="already defined"):
        load_registry([a, b])


def test_select_unknown_id():
    with pytest.raises(RegistryError, match="unknown site id 'nowhere'"):
        select(load_registry(), ["nowhere"])
