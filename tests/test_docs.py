"""Docs that are interfaces must not drift from the code."""

from pathlib import Path

import crawler.settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_govarchive_setting_is_documented():
    doc = (DOCS / "settings.md").read_text("utf-8")
    names = [n for n in vars(crawler.settings) if n.startswith("GOVARCHIVE_")]
    assert names
    for name in names:
        assert f"| `{name}` |" in doc, f"{name} missing from docs/settings.md"


def test_readme_states_the_two_commands():
    readme = (DOCS.parent / "README.md").read_text("utf-8")
    assert "make demo" in readme and "make test" in readme
