"""Every crawler setting in one place, with its default and why.

Scrapy settings keep Scrapy's names.  Our own settings start with
``GOVARCHIVE_``; each is documented here and in docs/settings.md (a test
checks that the two agree).  Override any of them on the command line with
``govarchive crawl -s NAME=VALUE`` or ``scrapy crawl reports -s NAME=VALUE``.
"""

import os

BOT_NAME = "govarchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- govarchive's own settings -------------------------------------------

# Path of the SQLite archive; raw captures go to "<archive>.blobs/" beside it.
GOVARCHIVE_ARCHIVE = os.environ.get("GOVARCHIVE_ARCHIVE", "archive.db")
# Site files to load (empty: the built-in crawler/sites/*.toml).
GOVARCHIVE_SITES_FILES: list[str] = []
# Site ids to crawl (empty: every site in the loaded files).
GOVARCHIVE_SITE_IDS: list[str] = []
# Where site operators can read who we are and reach us; sent in the User-Agent.
GOVARCHIVE_CONTACT_URL = "https://github.com/govarchive/govarchive"
# Largest download kept, in megabytes; bigger files are recorded as too_large.
GOVARCHIVE_MAX_DOWNLOAD_MB = 100
# Page budget per site for one crawl when set (0: each site's own max_pages).
GOVARCHIVE_MAX_PAGES = 0
# How many query-string variants of one path are followed (bounds search/calendar traps).
GOVARCHIVE_MAX_QUERY_VARIANTS = 10
# Seconds before the first retry; doubles on each further retry.
GOVARCHIVE_RETRY_BACKOFF_BASE = 2.0
# Longest wait between retries, in seconds.
GOVARCHIVE_RETRY_BACKOFF_MAX = 60.0
# Longest time one document's extraction may take, in seconds (then: error "timeout").
GOVARCHIVE_EXTRACT_TIMEOUT = 120.0
# Most pages a PDF may have (then: error "too_many_pages").
GOVARCHIVE_EXTRACT_MAX_PAGES = 300
# Most a DOCX/XLSX may inflate to, in megabytes (then: error "zip_bomb").
GOVARCHIVE_EXTRACT_MAX_INFLATED_MB = 200
# Folder for WARC files and their CDXJ index ("": "<archive name>.warc" beside the archive).
GOVARCHIVE_WARC_DIR = ""
# Size at which a WARC file is closed and the next one started, in megabytes.
GOVARCHIVE_WARC_MAX_MB = 1024
# Walk everything and fetch unconditionally (a backfill); off: incremental, conditional requests.
GOVARCHIVE_FULL = False
# Browser for script-built listings ("": Debian's chromium found on PATH).
GOVARCHIVE_BROWSER = ""
# Milliseconds a rendered page may keep running scripts after the network went quiet.
GOVARCHIVE_RENDER_WAIT_MS = 1500
# Seconds between progress lines in the log.
GOVARCHIVE_PROGRESS_INTERVAL = 15.0

# --- politeness -----------------------------------------------------------

USER_AGENT = f"govarchive/0.1 (+{GOVARCHIVE_CONTACT_URL})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# --- robustness -------------------------------------------------------------

DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = GOVARCHIVE_MAX_DOWNLOAD_MB * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = True
HTTPPROXY_ENABLED = True  # honours http_proxy / https_proxy / no_proxy from the environment

RETRY_GIVE_UP_LOG_LEVEL = "INFO"   # the spider logs the failure itself, in plainer words

DOWNLOADER_MIDDLEWARES = {
    # Replaced by SiteScopeMiddleware: Scrapy's drops offsite redirects silently at
    # scheduling time, so they could not be recorded in the archive.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.sitescope.SiteScopeMiddleware": 90,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 800,
    # Between DownloaderStats (850) and HttpCache (900): raw bytes, every redirect hop.
    "crawler.middlewares.warc.WarcMiddleware": 860,
}

ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.normalize.NormalizePipeline": 200,
    "pipelines.parse.ParsePipeline": 300,
    "pipelines.dedupe.DedupePipeline": 400,
    "pipelines.store.StorePipeline": 500,
}

EXTENSIONS = {
    "scrapy.extensions.logstats.LogStats": None,
    "crawler.progress.Progress": 500,
}

# Script-built listings are rendered by scrapy-playwright; other requests use Scrapy's own handler.
DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_ABORT_REQUEST = "crawler.browser.abort_request"
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30000

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
