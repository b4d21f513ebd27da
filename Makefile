# ecopetition: `make run` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Debian packages the app needs: CJK fonts and fast font subsetting for PDFs; Chromium for browser tests;
# PostgreSQL for the second test pass; gettext to compile translations; poppler to look at PDFs.
RUN_PKGS  := fonts-noto-cjk fonts-arphic-ukai libharfbuzz-subset0
TEST_PKGS := $(RUN_PKGS) chromium postgresql redis-server poppler-utils gettext

.PHONY: run test setup sysdeps-run sysdeps-test messages lint clean bench-peer

run: setup sysdeps-run
	$(BIN)/ecopetition migrate --noinput
	$(BIN)/ecopetition demo
	$(BIN)/ecopetition serve --host $(HOST) --port $(PORT)

test: setup sysdeps-test
	bash scripts/test.sh

# Installs into $(VENV) when it is missing or was installed from a different pyproject.toml. The file's
# content is compared, not its date: a fresh clone of the same commit gives it a new date and nothing to install.
# The project's own bytecode is compiled every time (only what changed is compiled again): an editable install
# leaves it to each process, and where PYTHONDONTWRITEBYTECODE is set every command would compile the modules
# it imports again (about 0.1 s of `ecopetition help`'s start-up).
setup:
	@want=$$(sha256sum pyproject.toml | cut -d' ' -f1); \
	if [ -x $(BIN)/python ] && [ "$$(cat $(VENV)/.installed 2>/dev/null)" = "$$want" ]; then \
	  $(BIN)/python -m compileall -q -j 0 ecopetition >/dev/null 2>&1; exit 0; fi; \
	command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (as $(PYTHON)); set PYTHON=... to another 3.11 interpreter."; exit 1; }; \
	echo "Installing ecopetition and its dependencies into $(VENV)"; \
	$(PYTHON) -m venv $(VENV) && \
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]' && \
	echo "$$want" > $(VENV)/.installed && \
	{ $(BIN)/python -m compileall -q -j 0 ecopetition >/dev/null 2>&1 || true; }

sysdeps-run:
	@bash scripts/sysdeps.sh $(RUN_PKGS)

sysdeps-test:
	@bash scripts/sysdeps.sh $(TEST_PKGS)

messages: setup
	bash scripts/messages.sh

lint: setup
	$(BIN)/ruff check .

# ecopetition against django-helpdesk on one PostgreSQL (benchmarks/peer/README.md); ARGS="--rounds 3" etc.
bench-peer: setup
	@bash scripts/sysdeps.sh postgresql
	bash benchmarks/peer/run.sh $(ARGS)

clean:
	rm -rf $(VENV) var
