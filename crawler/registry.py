"""The site registry: which portals we crawl, read from TOML data files.

Site knowledge lives in ``crawler/sites/*.toml`` (one ``[[site]]`` table per
portal) so that adding a county is an edit to data, not to code.  A user can
point ``--sites FILE`` at a file of their own; a mistake in it is reported
with the file, the site and the field, because a scheduler's log is often the
only place the user will see it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BUILTIN_DIR = Path(__file__).parent / "sites"

RENDER_JS_VALUES = ("auto", True, False)
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class RegistryError(ValueError):
    """A site file that cannot be used, with a message naming the field."""


@dataclass(frozen=True)
class Site:
    """One portal as the crawler sees it."""

    id: str
    name: str
    region: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    render_js: str | bool = "auto"
    column_urls: tuple[str, ...] = ()
    link_patterns: tuple[str, ...] = ()
    max_depth: int = 8
    max_pages: int = 3000
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def allows_host(self, host: str | None) -> bool:
        """True when ``host`` is one of the site's domains or a subdomain of one."""
        if not host:
            return False
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("start_urls", "allowed_domains", "column_urls", "link_patterns"):
            data[key] = list(data[key])
        return data


_KNOWN_FIELDS = {
    "id", "name", "region", "start_urls", "allowed_domains", "render_js",
    "column_urls", "link_patterns", "max_depth", "max_pages",
}


def _fail(source: str, index: int, site_id: str | None, field_name: str, why: str) -> RegistryError:
    where = f"site #{index + 1}" + (f" ({site_id!r})" if site_id else "")
    return RegistryError(f"{source}: {where}: field '{field_name}' {why}")


def _str_list(raw: dict, key: str, fail, required: bool) -> tuple[str, ...]:
    value = raw.get(key, [] if not required else None)
    if value is None:
        raise fail(key, "is required")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(key, "must be a list of non-empty strings")
    if required and not value:
        raise fail(key, "must not be empty")
    return tuple(v.strip() for v in value)


def _parse_site(raw: Any, source: str, index: int) -> Site:
    site_id = raw.get("id") if isinstance(raw, dict) else None

    def fail(field_name: str, why: str) -> RegistryError:
        return _fail(source, index, site_id if isinstance(site_id, str) else None, field_name, why)

    if not isinstance(raw, dict):
        raise fail("site", "must be a table")
    unknown = sorted(set(raw) - _KNOWN_FIELDS)
    if unknown:
        raise fail(unknown[0], f"is not a known field (known: {', '.join(sorted(_KNOWN_FIELDS))})")
    for key in ("id", "name", "region"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise fail(key, "is required and must be a non-empty string")
    if not _ID_RE.match(raw["id"]):
        raise fail("id", "must be lower-case letters, digits, '-' or '_' (it is used in file names and URLs)")

    start_urls = _str_list(raw, "start_urls", fail, required=True)
    column_urls = _str_list(raw, "column_urls", fail, required=False)
    for url in start_urls + column_urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise fail("start_urls" if url in start_urls else "column_urls", f"has {url!r}, which is not an http(s) URL")

    domains = tuple(d.lower().lstrip(".") for d in _str_list(raw, "allowed_domains", fail, required=True))
    for d in domains:
        if "/" in d or ":" in d or " " in d:
            raise fail("allowed_domains", f"has {d!r}: give bare domain names such as 'xunwu.gov.cn'")

    render_js = raw.get("render_js", "auto")
    if render_js not in RENDER_JS_VALUES or isinstance(render_js, int) and not isinstance(render_js, bool):
        raise fail("render_js", f'must be "auto", true or false, not {render_js!r}')

    patterns = _str_list(raw, "link_patterns", fail, required=False)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise fail("link_patterns", f"has an invalid regular expression {pattern!r}: {exc}") from None

    limits = {}
    for key, default in (("max_depth", 8), ("max_pages", 3000)):
        value = raw.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise fail(key, f"must be a positive integer, not {value!r}")
        limits[key] = value

    site = Site(
        id=raw["id"], name=raw["name"].strip(), region=raw["region"].strip(),
        start_urls=start_urls, allowed_domains=domains, render_js=render_js,
        column_urls=column_urls, link_patterns=patterns, source=source, **limits,
    )
    for url in start_urls + column_urls:
        if not site.allows_host(urlsplit(url).hostname):
            raise fail("allowed_domains", f"does not cover the host of {url!r}")
    return site


def load_file(path: str | Path) -> list[Site]:
    """Read one TOML site file; raise :class:`RegistryError` on any problem."""
    path = Path(path)
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"{source}: no such site file") from None
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{source}: not UTF-8 text ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{source}: not valid TOML: {exc}") from None
    raw_sites = data.get("site")
    if not isinstance(raw_sites, list) or not raw_sites:
        raise RegistryError(f"{source}: field 'site' is required: add one [[site]] table per portal")
    return [_parse_site(raw, source, i) for i, raw in enumerate(raw_sites)]


def load_registry(paths: list[str | Path] | None = None) -> dict[str, Site]:
    """All sites from ``paths`` (or the built-in files), keyed by id.

    Ids must be unique across files: they are the sites' primary keys in the
    archive, so two portals sharing one would mix their records.
    """
    files = [Path(p) for p in paths] if paths else sorted(BUILTIN_DIR.glob("*.toml"))
    sites: dict[str, Site] = {}
    for path in files:
        for site in load_file(path):
            if site.id in sites:
                raise RegistryError(
                    f"{path}: field 'id': {site.id!r} is already defined in {sites[site.id].source}"
                )
            sites[site.id] = site
    return sites


def select(sites: dict[str, Site], ids: list[str] | tuple[str, ...] | None) -> list[Site]:
    """The sites named by ``ids`` (all when empty), with a clear error for an unknown id."""
    if not ids:
        return list(sites.values())
    unknown = [i for i in ids if i not in sites]
    if unknown:
        raise RegistryError(
            f"unknown site id {unknown[0]!r}; known: {', '.join(sorted(sites)) or '(none)'}"
        )
    return [sites[i] for i in ids]
