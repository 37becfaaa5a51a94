# Quick start: `make run` opens the app, `make test` runs the whole suite.
# Both create .venv and install what they need (and, as root, Qt's Debian libraries).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEB_PACKAGES := libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libfontconfig1 libdbus-1-3 \
	xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 \
	libxcb-image0 fonts-inter poppler-utils librsvg2-bin xdotool \
	at-spi2-core python3-pyatspi dbus-x11
PACKAGE ?=

.PHONY: run test test-slow lint format bench package install-desktop clean system-deps \
	translations update-translations

system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Note: missing Debian packages (install them as root):$$missing"; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test,package]"
	touch $(STAMP)

# the interface's translations: resources/translations/*.po (committed) compiled to .mo
translations: $(STAMP)
	$(PY) packaging/translations.py compile

# after marking new strings in the code: the template and each .po made again from it
update-translations: $(STAMP)
	$(PY) packaging/translations.py extract

run: system-deps $(STAMP) translations
	$(VENV)/bin/briefing-app $(PACKAGE)

test: system-deps $(STAMP) translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto --dist loadfile

# the long-running tests (soak) that make test leaves out
test-slow: system-deps $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m slow

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# the packaged start-up is measured too: built first, from the code being measured
bench: package
	$(PY) benchmarks/run.py

package: system-deps $(STAMP) translations
	$(PY) packaging/build.py

install-desktop:
	$(PYTHON) packaging/install_desktop.py

clean:
	rm -rf build dist .pytest_cache resources/translations/*.mo
