"""Decide how an HTML page's bytes are encoded, trusting the bytes over the labels.

Chinese portals declare GBK and serve UTF-8, and the reverse.  Rules, in order:

1. bytes that decode as strict UTF-8 and are not pure ASCII are UTF-8 — GBK
   text is almost never valid UTF-8, so this is strong evidence;
2. bytes that decode as strict GB18030 (a superset of GBK and GB2312) are GB18030;
3. otherwise the declared encoding, with replacement characters where it fails.
"""

from __future__ import annotations

import re

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_GB_FAMILY = {"gbk", "gb2312", "gb18030", "x-gbk", "cp936", "gb_2312-80"}


def normalise_label(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    return "gb18030" if label in _GB_FAMILY else label


def declared_encoding(body: bytes, content_type: str | None) -> str | None:
    """The charset from the Content-Type header, else from a <meta> tag."""
    if content_type:
        m = re.search(r"charset\s*=\s*[\"']?([\w-]+)", content_type, re.I)
        if m:
            return normalise_label(m.group(1))
    m = _META_CHARSET_RE.search(body[:4096])
    return normalise_label(m.group(1).decode("ascii", "ignore")) if m else None


def detect(body: bytes, declared: str | None) -> str:
    """The encoding to decode ``body`` with (see module docstring)."""
    try:
        body.decode("utf-8")
        if not body.isascii():
            return "utf-8"
    except UnicodeDecodeError:
        pass
    else:
        return normalise_label(declared) or "utf-8"
    try:
        body.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        return normalise_label(declared) or "utf-8"


def decode(body: bytes, declared: str | None) -> tuple[str, str]:
    """``(text, encoding used)``."""
    encoding = detect(body, declared)
    try:
        return body.decode(encoding, errors="replace"), encoding
    except LookupError:   # a declared label Python does not know
        return body.decode("utf-8", errors="replace"), "utf-8"
