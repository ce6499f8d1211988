# The two commands a newcomer needs: `make demo` and `make test`.
# Both create .venv and install everything they need; nothing else is assumed.

PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: demo test install apt-deps fixtures clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages: LibreOffice converts legacy DOC/WPS/XLS attachments (and makes the DOC fixtures);
# the CJK font draws PDF fixtures and trend charts; chromium is the browser the serve test drives
# (through playwright's executable_path: `playwright install` cannot download here); redis-server holds
# the cluster test's job queue.
APT_PACKAGES = libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-zenhei chromium redis-server
apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

demo: install apt-deps
	$(PY) scripts/demo.py

test: install apt-deps
	$(PY) -m pytest -q

# Rebuild tests/fixtures/portals from scripts/build_fixture_portals.py.
fixtures: install apt-deps
	$(PY) scripts/build_fixture_portals.py
	$(PY) scripts/build_format_fixtures.py

clean:
	rm -rf $(VENV) archive.db archive.db-wal archive.db-shm archive.db.lock archive.blobs archive.warc archive.charts .pytest_cache
