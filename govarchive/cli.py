"""The `govarchive` command: a thin layer over crawler/, pipelines/ and archive/.

Library errors become friendly CLI errors here and only here.  Option names
are a stable interface for scripts and schedulers: add options, do not
rename them.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from govarchive import __version__

ARCHIVE_HELP = "SQLite archive file (default: $GOVARCHIVE_ARCHIVE or ./archive.db)."


def default_archive() -> str:
    return os.environ.get("GOVARCHIVE_ARCHIVE", "archive.db")


archive_option = click.option(
    "--archive", "archive_path", type=click.Path(dir_okay=False), default=default_archive,
    show_default="./archive.db", help=ARCHIVE_HELP,
)
sites_option = click.option(
    "--sites", "sites_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
    help="Site file (TOML, one [[site]] per portal) to use instead of the built-in registry. Repeatable.",
)


def _open(archive_path: str, create: bool = False):
    from archive.schema import SchemaError
    from archive.storage import open_archive

    try:
        return open_archive(archive_path, create=create)
    except (FileNotFoundError, SchemaError) as exc:
        raise click.ClickException(str(exc)) from None


def _load_sites(sites_files: tuple[str, ...], ids: tuple[str, ...] = ()):
    from crawler.registry import RegistryError, load_registry, select

    try:
        return select(load_registry(list(sites_files) or None), list(ids))
    except RegistryError as exc:
        raise click.ClickException(f"bad site registry: {exc}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govarchive")
def cli() -> None:
    """Crawl, archive and search Chinese government disclosure annual reports
    (政府信息公开工作年度报告)."""


# --- sites ---------------------------------------------------------------------

@cli.command()
@sites_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per site.")
def sites(sites_files: tuple[str, ...], as_json: bool) -> None:
    """List the portals in the site registry."""
    found = _load_sites(sites_files)
    if as_json:
        for site in found:
            click.echo(json.dumps(site.to_dict(), ensure_ascii=False))
        return
    rows = [(s.id, s.name, s.region, ", ".join(s.start_urls), str(s.render_js).lower()) for s in found]
    _table(["id", "name", "region", "start_urls", "render_js"], rows)
    click.echo(f"\n{len(found)} sites")


# --- crawl -----------------------------------------------------------------------

def _parse_setting(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="-s/--set")
        name, value = pair.split("=", 1)
        out[name.strip()] = value
    return out


def _configure_logging(verbose: int, quiet: bool, log_file: str | None) -> None:
    level = logging.WARNING if quiet else logging.INFO
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    logging.basicConfig(level=level, handlers=handlers, force=True,
                        format="%(asctime)s %(levelname)-7s %(message)s", datefmt="%H:%M:%S")
    scrapy_level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    for name in ("scrapy", "twisted", "py.warnings", "trafilatura", "pdfminer", "htmldate", "charset_normalizer"):
        logging.getLogger(name).setLevel(max(scrapy_level, level) if name == "scrapy" else logging.ERROR)


@cli.command()
@sites_option
@click.option("--site", "site_ids", multiple=True, metavar="ID", help="Crawl only this site. Repeatable.")
@archive_option
@click.option("-s", "--set", "settings_pairs", multiple=True, metavar="NAME=VALUE",
              help="Override a crawler setting (see docs/settings.md). Repeatable.")
@click.option("--max-pages", type=int, default=None, help="Page budget per site for this crawl.")
@click.option("--full", is_flag=True, help="Backfill: walk every listing page and fetch unconditionally.")
@click.option("--warc-dir", type=click.Path(file_okay=False), default=None,
              help="Where WARC files go (default: <archive name>.warc beside the archive).")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None, help="Also write the log here.")
@click.option("-v", "--verbose", count=True, help="Show Scrapy's own log (-vv: debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and the final summary.")
def crawl(sites_files, site_ids, archive_path, settings_pairs, max_pages, full, warc_dir, log_file, verbose,
          quiet) -> None:
    """Crawl portals for annual reports and archive them.

    Exits 0 when the crawl ran to its end, even if some documents failed:
    failures are recorded in the archive's `captures` table with their reason.
    """
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.spiders.reports import ReportsSpider

    selected = _load_sites(sites_files, site_ids)
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("GOVARCHIVE_ARCHIVE", archive_path, priority="cmdline")
    settings.set("GOVARCHIVE_SITES_FILES", list(sites_files), priority="cmdline")
    settings.set("GOVARCHIVE_SITE_IDS", [s.id for s in selected], priority="cmdline")
    for name, value in _parse_setting(settings_pairs).items():
        settings.set(name, value, priority="cmdline")
    if max_pages:
        settings.set("GOVARCHIVE_MAX_PAGES", max_pages, priority="cmdline")
    if full:
        settings.set("GOVARCHIVE_FULL", True, priority="cmdline")
    if warc_dir:
        settings.set("GOVARCHIVE_WARC_DIR", warc_dir, priority="cmdline")
    from archive.lock import ArchiveLocked, acquire

    try:
        acquire(archive_path)
    except ArchiveLocked as exc:
        raise click.ClickException(str(exc)) from None
    settings.set("LOG_ENABLED", False, priority="cmdline")   # we configure logging ourselves
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")

    click.echo(f"Crawling {len(selected)} site(s) into {archive_path}: {', '.join(s.id for s in selected)}", err=True)
    process = CrawlerProcess(settings)
    _configure_logging(verbose, quiet, log_file)
    # Pass the class, not a Crawler: CrawlerProcess.crawl(crawler) re-applies the
    # process settings over what ReportsSpider.update_settings decided.
    process.crawl(ReportsSpider)
    process.start()

    archive = _open(archive_path, create=True)
    from archive.stats import last_run

    run = last_run(archive.db)
    total = archive.db.execute("select count(*) from reports").fetchone()[0]
    archive.close()
    if not run or run["status"] == "running":
        raise click.ClickException("the crawl did not start or did not finish; see the log above")
    click.echo(
        f"Crawl run {run['id']} {run['finish_reason']}: {run['pages']} pages, {run['reports_new']} new reports, "
        f"{run['reports_seen']} already archived, {run['attachments']} attachments, {run['errors']} fetch errors. "
        f"The archive now holds {total} reports."
    )
    if run["finish_reason"] not in ("finished",):
        sys.exit(1)


# --- search ------------------------------------------------------------------------

@cli.command()
@click.argument("query")
@archive_option
@click.option("--year", type=int, default=None, help="Only reports about this year.")
@click.option("--region", default=None, help="Only reports from this region (any part: 宁夏, 吴忠市, 盐池县).")
@click.option("--agency", default=None, help="Only reports of agencies whose name contains this.")
@click.option("--template", type=click.Choice(["2019", "2021", "hybrid"]), default=None)
@click.option("--status", "parse_status", type=click.Choice(["ok", "partial", "failed"]), default=None,
              help="Only reports with this parse status.")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
def search(query: str, archive_path: str, year: int | None, region: str | None, agency: str | None,
           template: str | None, parse_status: str | None, limit: int, as_json: bool) -> None:
    """Full-text search of the archived reports (Chinese; queries of any length).

    Every word of QUERY must match; quotes, brackets and FTS operators are searched as plain text.
    """
    import sqlite3

    from archive.search import search as run_search

    archive = _open(archive_path)
    filters = {"region": region, "agency": agency, "template": template, "parse_status": parse_status}
    try:
        hits = run_search(archive.db, query, limit=limit, year=year, filters=filters)
    except sqlite3.OperationalError as exc:
        raise click.ClickException(f"cannot search for {query!r}: {exc}") from None
    finally:
        archive.close()
    if as_json:
        for hit in hits:
            click.echo(json.dumps({"report_id": hit.report_id, "title": hit.title, "agency": hit.agency,
                                   "region": hit.region, "year": hit.year, "url": hit.url,
                                   "snippet": hit.snippet}, ensure_ascii=False))
        return
    if not hits:
        click.echo(f"No reports match {query!r}.")
        return
    for hit in hits:
        click.echo(f"[{hit.report_id}] {hit.year or '????'} {hit.title or '(untitled)'}")
        click.echo(f"      {hit.agency or ''}  {hit.url}")
        click.echo(f"      {' '.join(hit.snippet.split())}")
    click.echo(f"\n{len(hits)} report(s)")


# --- stats ---------------------------------------------------------------------------

@cli.command()
@archive_option
@click.option("--json", "as_json", is_flag=True)
def stats(archive_path: str, as_json: bool) -> None:
    """What the archive holds: reports by site, year and status, fetch errors by reason."""
    from archive.stats import last_run, summary

    archive = _open(archive_path)
    data = summary(archive.db)
    data["last_run"] = last_run(archive.db)
    archive.close()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    click.echo(f"{data['reports']} reports from {data['sites']} sites "
               f"({data['report_sources']} sources, {data['captures']} captures, {data['capture_errors']} fetch errors)")
    for heading, key in (("by site", "reports_by_site"), ("by year", "reports_by_year"),
                         ("by parse status", "reports_by_status"), ("fetch errors by reason", "errors_by_reason")):
        if data[key]:
            click.echo(f"  {heading}: " + ", ".join(f"{k}={v}" for k, v in data[key].items()))
    run = data["last_run"]
    if run:
        click.echo(f"  last crawl run {run['id']}: {run['status']} ({run['started_at']} → {run['finished_at'] or '…'})")


# --- reprocess -----------------------------------------------------------------------

@cli.command()
@archive_option
@sites_option
def reprocess(archive_path: str, sites_files: tuple[str, ...]) -> None:
    """Re-run extraction and parsing on stored captures, without fetching."""
    from pipelines.reprocess import reprocess as run_reprocess

    archive = _open(archive_path)
    regions = {row["id"]: row["region"] for row in archive.db.query("select id, region from sites")}
    total = archive.db.execute("select count(*) from reports").fetchone()[0]
    with click.progressbar(length=total, label="Reprocessing reports", file=sys.stderr) as bar:
        result = run_reprocess(archive, regions, progress=lambda n: bar.update(1))
    archive.close()
    click.echo(f"Reprocessed {result.reports} reports: {result.changed} changed"
               + (f", {result.missing_blobs} raw captures missing from the blob store" if result.missing_blobs else ""))


# --- show / check ----------------------------------------------------------------------

def _cell(entry: dict | None) -> str:
    if entry is None:
        return ""
    if entry["value"] is None:
        return entry["raw"] if entry["raw"] else ("·" if entry["raw"] == "" else "?")
    value = entry["value"]
    return f"{value:g}" if isinstance(value, float) else str(value)


@cli.command()
@click.argument("report_id", type=int)
@archive_option
@click.option("--json", "as_json", is_flag=True, help="The whole record as JSON.")
@click.option("--history", is_flag=True, help="The report's versions and what changed between them.")
def show(report_id: int, archive_path: str, as_json: bool, history: bool) -> None:
    """A report's metadata, its three tables and its checks.

    In tables, · is a cell printed blank and ? a cell that could not be read.
    """
    from archive.reports import keys_in_order, load_report, versions

    archive = _open(archive_path)
    report = load_report(archive.db, report_id)
    report_versions = versions(archive.db, report_id) if report else []
    archive.close()
    if report is None:
        raise click.ClickException(f"no report {report_id} in {archive_path}")
    if history:
        if as_json:
            click.echo(json.dumps(report_versions, ensure_ascii=False, indent=1))
            return
        click.echo(f"[{report['id']}] {report['title'] or '(untitled)'}: {len(report_versions)} version(s)")
        for v in report_versions:
            mark = "current" if v["current"] else f"superseded {v['superseded_at']}"
            click.echo(f"  v{v['version']}  published {v['published_on'] or '?'}  first seen {v['first_seen_at']}"
                       f"  ({mark})\n      {v['source_url']}")
            for change in v.get("changed_figures", []):
                click.echo(f"      changed {change}")
            if v.get("text_changed") and not v.get("changed_figures"):
                click.echo("      text changed, figures the same")
        return
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    click.echo(f"[{report['id']}] {report['title'] or '(untitled)'}")
    for label, key in (("agency", "agency"), ("level", "level"), ("region", "region"), ("report year", "year"),
                       ("template", "template"), ("published", "published_on"), ("parse status", "parse_status"),
                       ("notes", "parse_notes"), ("url", "canonical_url")):
        if report.get(key) is not None:
            click.echo(f"  {label:<13}{report[key]}")
    order = keys_in_order()
    names = {2: "Table 2 主动公开", 3: "Table 3 依申请公开", 4: "Table 4 复议·诉讼"}
    for table_no in (2, 3, 4):
        rows = report["tables"].get(table_no)
        click.echo(f"\n{names[table_no]}")
        if not rows:
            click.echo("  (not parsed)")
            continue
        row_keys = [k for k in order[table_no][0] if k in rows] + [k for k in rows if k not in order[table_no][0]]
        cols = [c for c in order[table_no][1] if any(c in rows[r] for r in row_keys)]
        _table(["row", *cols], [(r, *[_cell(rows[r].get(c)) for c in cols]) for r in row_keys])
    click.echo("\nChecks")
    failed = [c for c in report["checks"] if not c["passed"]]
    click.echo(f"  {len(report['checks']) - len(failed)} passed, {len(failed)} failed")
    for c in failed:
        click.echo(f"  FAILED {c['rule']} [{c['scope']}]: {c['detail']}")
    click.echo("\nSources")
    for s in report["sources"]:
        click.echo(f"  {s['role']:<10} {s['format'] or '-':<5} {s['url']}" + (f"  ({s['error']})" if s["error"] else ""))


@cli.command()
@archive_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per failing report.")
def check(archive_path: str, as_json: bool) -> None:
    """List reports whose arithmetic (勾稽关系) fails."""
    from archive.reports import failing_reports

    archive = _open(archive_path)
    failing = failing_reports(archive.db)
    total = archive.db.execute("select count(distinct report_id) from checks").fetchone()[0]
    archive.close()
    if as_json:
        for entry in failing:
            click.echo(json.dumps(entry, ensure_ascii=False))
        return
    for entry in failing:
        click.echo(f"[{entry['report_id']}] {entry['year']} {entry['agency'] or ''} — {entry['title'] or ''}")
        for f in entry["failures"]:
            click.echo(f"    {f['rule']} [{f['scope']}]: {f['detail']}")
    click.echo(f"{len(failing)} of {total} checked reports have failing checks.")


# --- export / trend / serve ------------------------------------------------------------

@cli.command(name="export")
@archive_option
@click.option("--table", type=click.Choice(["reports", "figures", "checks"]), default="reports", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--wide", is_flag=True, help="Figures in wide form: one row per report, one column per key.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="-", help="File to write (default: stdout).")
def export_cmd(archive_path: str, table: str, fmt: str, wide: bool, output: str) -> None:
    """Export reports, figures or checks as CSV or JSON lines."""
    from archive.export import export

    archive = _open(archive_path)
    if output == "-":
        count = export(archive.db, table, fmt, sys.stdout, wide=wide)
    else:
        with open(output, "w", encoding="utf-8", newline="") as out:
            count = export(archive.db, table, fmt, out, wide=wide)
    archive.close()
    if output != "-":
        click.echo(f"Wrote {count} rows to {output}", err=True)


def default_charts_dir(archive_path: str) -> Path:
    path = Path(archive_path)
    return path.with_name(path.stem + ".charts")


@cli.command()
@archive_option
@click.option("--agency", default=None, help="One agency (exact name).")
@click.option("--region", default=None, help="Every report in a region (any part: 宁夏, 吴忠市).")
@click.option("--figure", "figures", multiple=True, help="received, granted, denied, reviews, lawsuits (repeatable).")
@click.option("--output", type=click.Path(file_okay=False), default=None,
              help="Folder for the chart (default: <archive>.charts, which `govarchive serve` publishes).")
@click.option("--json", "as_json", is_flag=True)
def trend(archive_path: str, agency: str | None, region: str | None, figures: tuple[str, ...],
          output: str | None, as_json: bool) -> None:
    """Key figures year by year, with changes; writes a PNG chart and an HTML page."""
    from archive.trend import KEY_FIGURES, table_rows, trend as compute, write_chart

    if agency and region:
        raise click.UsageError("give --agency or --region, not both")
    archive = _open(archive_path)
    try:
        result = compute(archive.db, agency=agency, region=region, figures=list(figures) or None)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        archive.close()
    if not result.years:
        raise click.ClickException(f"no reports for {result.scope}")
    folder = Path(output) if output else default_charts_dir(archive_path)
    png, page = write_chart(result, folder)
    if as_json:
        click.echo(json.dumps({"scope": result.scope, "years": result.years, "series": result.series,
                               "png": str(png), "html": str(page)}, ensure_ascii=False))
        return
    click.echo(f"{result.scope}: {len(result.years)} year(s)")
    _table(["year", *[KEY_FIGURES[k][3] for k in result.series]], table_rows(result))
    click.echo(f"\nChart: {png}\nPage:  {page}")


@cli.command()
@archive_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--immutable", is_flag=True, help="The archive will not change while served (faster; no crawl running).")
def serve(archive_path: str, host: str, port: int, immutable: bool) -> None:
    """Browse and query the archive in Datasette, read-only."""
    import subprocess
    import tempfile

    from archive.serve import STATIC_DIR, metadata

    path = Path(archive_path)
    if not path.exists():
        raise click.ClickException(f"no archive at {path}")
    _open(archive_path).close()   # migrate before serving read-only
    charts = default_charts_dir(archive_path)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(metadata(path.stem, "/charts/index.html" if charts.is_dir() else None), fh, ensure_ascii=False)
    cmd = [sys.executable, "-m", "datasette", "serve", "-i" if immutable else "", str(path),
           "--metadata", fh.name, "--host", host, "--port", str(port),
           "--setting", "default_page_size", "50", "--setting", "sql_time_limit_ms", "5000",
           "--setting", "truncate_cells_html", "300"]
    cmd += ["--static", f"assets:{STATIC_DIR}"]
    if charts.is_dir():
        cmd += ["--static", f"charts:{charts}"]
    click.echo(f"Serving {path} read-only at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    try:
        code = subprocess.run([c for c in cmd if c], check=False).returncode
    except KeyboardInterrupt:
        return
    if code not in (0, -2, 130):
        raise click.ClickException(f"Datasette stopped with exit code {code}")


# --- merge -----------------------------------------------------------------------------

@cli.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@archive_option
def merge(shards: tuple[str, ...], archive_path: str) -> None:
    """Fold shard archives (crawled by other workers) into the archive, idempotently."""
    from archive.lock import ArchiveLocked, acquire
    from pipelines.merge import merge as run_merge

    try:
        acquire(archive_path)
    except ArchiveLocked as exc:
        raise click.ClickException(str(exc)) from None
    target = _open(archive_path, create=True)
    for shard_path in shards:
        if Path(shard_path).resolve() == Path(archive_path).resolve():
            raise click.ClickException("a shard cannot be merged into itself")
        shard = _open(shard_path)
        result = run_merge(shard, target)
        shard.close()
        click.echo(f"{shard_path}: {result.copies} copies, {result.new_reports} new reports, "
                   f"{result.failed_captures} failed fetches recorded")
    total = target.db.execute("select count(*) from reports").fetchone()[0]
    target.close()
    click.echo(f"{archive_path} now holds {total} reports.")


# --- cluster ---------------------------------------------------------------------------

redis_option = click.option("--redis", "redis_url", default="redis://127.0.0.1:6379/0", show_default=True,
                            help="Redis that holds the job queue.")


@cli.group()
def cluster() -> None:
    """A crawl spread over several machines: site jobs on Redis (RQ), one ingester writing the archive."""


@cluster.command(name="enqueue")
@sites_option
@click.option("--site", "site_ids", multiple=True, metavar="ID")
@redis_option
@click.option("--shard-dir", type=click.Path(file_okay=False), required=True,
              help="Shared folder where workers write their shard archives.")
@click.option("--group", type=int, default=1, show_default=True,
              help="Sites per job: crawled together by one process (a host still belongs to one job).")
@click.option("-s", "--set", "settings_pairs", multiple=True, metavar="NAME=VALUE")
def cluster_enqueue(sites_files, site_ids, redis_url, shard_dir, group, settings_pairs) -> None:
    """Queue crawl jobs: one per site, or per group of sites."""
    from redis import Redis

    from govarchive.cluster import enqueue

    selected = _load_sites(sites_files, site_ids)
    jobs = enqueue(Redis.from_url(redis_url), [s.id for s in selected], list(sites_files), shard_dir,
                   list(settings_pairs), group=group)
    click.echo(f"Queued {len(jobs)} job(s) for {len(selected)} site(s) on {redis_url}")


@cluster.command(name="worker")
@redis_option
@click.option("--name", default=None, help="Worker name (default: host and pid).")
@click.option("--burst", is_flag=True, help="Exit when the queue is empty.")
def cluster_worker(redis_url: str, name: str | None, burst: bool) -> None:
    """Run site jobs from the queue, one at a time."""
    from redis import Redis

    from govarchive.cluster import work

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-7s %(message)s", datefmt="%H:%M:%S")
    work(Redis.from_url(redis_url), name=name, burst=burst)


@cluster.command(name="ingest")
@redis_option
@archive_option
@click.option("--interval", type=float, default=5.0, show_default=True, help="Seconds between rounds.")
@click.option("--until-done", is_flag=True, help="Exit once every queued job has finished and been merged.")
def cluster_ingest(redis_url: str, archive_path: str, interval: float, until_done: bool) -> None:
    """Merge finished shards into the archive and requeue the jobs of dead workers (the only writer)."""
    from redis import Redis

    from archive.lock import ArchiveLocked
    from govarchive.cluster import ingest

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-7s %(message)s", datefmt="%H:%M:%S")
    try:
        final = ingest(Redis.from_url(redis_url), archive_path, interval=interval, until_done=until_done)
    except ArchiveLocked as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Done: {final.merged} shard(s) merged, {final.failed} job(s) failed.")


@cluster.command(name="status")
@redis_option
def cluster_status(redis_url: str) -> None:
    """Queue length and job states."""
    from redis import Redis

    from govarchive.cluster import status

    s = status(Redis.from_url(redis_url))
    click.echo(f"{s.total} jobs: {s.queued} waiting, {s.running} running, {s.finished} finished ({s.merged} merged),"
               f" {s.failed} failed")


# --- warc ------------------------------------------------------------------------------

@cli.group()
def warc() -> None:
    """WARC captures: check them."""


@warc.command(name="check")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
def warc_check(directory: str) -> None:
    """Read every record of every WARC in DIRECTORY, verifying digests; exit 1 on any problem."""
    from archive.warc import check as run_check

    result = run_check(directory)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(result.by_type.items()))
    click.echo(f"{result.files} file(s), {result.records} records ({kinds}), {len(result.problems)} problems")
    for problem in result.problems:
        click.echo(f"  ✗ {problem}")
    if result.problems:
        sys.exit(1)


# --- eval ------------------------------------------------------------------------------

def print_scores(scores, label: str) -> None:
    """Accuracy scores in words (shared by `govarchive eval` and benchmarks/accuracy.py)."""
    click.echo(f"{label}: {scores.reports} reports, {scores.cells} labelled cells")
    click.echo(f"  cells exactly right   {scores.cells_right}/{scores.cells} = {scores.cell_accuracy:.4%}"
               + (f"  ({scores.cells_extra} parsed cells not in the labels)" if scores.cells_extra else ""))
    for table, (right, total) in scores.by_table.items():
        if total:
            click.echo(f"    table {table}            {right}/{total} = {right / total:.4%}")
    for fmt, (right, total) in sorted(scores.by_format.items()):
        if total:
            click.echo(f"    {fmt:<20}{right}/{total} = {right / total:.4%}")
    for key, (right, total) in scores.metadata.items():
        click.echo(f"  {key:<22}{right}/{total}")
    click.echo(f"  inconsistent reports flagged by exactly the right rules: "
               f"{scores.inconsistent_flagged_right}/{scores.inconsistent}")
    click.echo(f"  consistent reports with a false check failure: {scores.consistent_with_false_failures}")
    for name, what in scores.errors[:10]:
        click.echo(f"  ✗ {name}: {what}")


@cli.command(name="eval")
@click.argument("corpus", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Scores as JSON.")
@click.option("--min-accuracy", type=float, default=None,
              help="Exit 1 when cell accuracy is below this share (e.g. 0.995): a gate for CI.")
def evaluate_cmd(corpus: tuple[str, ...], as_json: bool, min_accuracy: float | None) -> None:
    """Score the parser against labelled corpora (default: tests/fixtures/seeds and tests/fixtures/formats).

    A corpus folder holds report files (.txt flattened text, .html, .pdf, .docx, .doc) with their
    ground truth beside them as <stem>.figures.json or expected/<stem>.json.
    """
    from pipelines.parse.evaluate import corpus_files, evaluate

    folders = [Path(c) for c in corpus] or [p for p in (Path("tests/fixtures/seeds"), Path("tests/fixtures/formats"))
                                            if p.is_dir()]
    if not folders:
        raise click.ClickException("no corpus given and tests/fixtures/ not found here")
    files = [f for folder in folders for f in corpus_files(folder)]
    if not files:
        raise click.ClickException("no labelled reports found in " + ", ".join(map(str, folders)))
    scores = evaluate(files)
    if as_json:
        click.echo(json.dumps(scores.to_dict(), ensure_ascii=False, indent=1))
    else:
        print_scores(scores, ", ".join(map(str, folders)))
    if min_accuracy is not None and scores.cell_accuracy < min_accuracy:
        raise click.ClickException(f"cell accuracy {scores.cell_accuracy:.4%} is below {min_accuracy:.4%}")


def _table(headers: list[str], rows: list[tuple]) -> None:
    from unicodedata import east_asian_width

    def width(text: str) -> int:
        return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)

    widths = [max([width(h)] + [width(str(r[i])) for r in rows]) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(str(c) + " " * (w - width(str(c))) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    click.echo(line(headers))
    click.echo(line(["-" * w for w in widths]))
    for row in rows:
        click.echo(line(row))


def main() -> None:
    cli(prog_name="govarchive")


if __name__ == "__main__":
    main()
