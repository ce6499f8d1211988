"""govarchive: crawl, archive and search Chinese government disclosure annual reports."""

__version__ = "0.1.0"
