# esep — the two commands a newcomer needs are `make demo` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
OUT     := out
STAMP   := $(VENV)/.installed

.PHONY: install demo test samples screenshots bench clean messages demo-ingest demo-report demo-diff demo-forms demo-workspace \
        demo-stage

# The messages' catalogs: .po sources in the repository, compiled to .mo at install.
LOCALES := model/locale
PO      := $(wildcard $(LOCALES)/*/LC_MESSAGES/esep.po)
MO      := $(PO:.po=.mo)
SOURCES := esep ingest model render store
# click's own words ("Usage:", "Missing argument") are translated in esep's catalogs too
CLICK    = $(shell $(BIN)/python -c "import click, os; print(os.path.dirname(click.__file__))")

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

$(MO): %.mo: %.po $(STAMP)
	$(BIN)/pybabel -q compile -i $< -o $@

install: $(STAMP) $(MO)

test: $(STAMP) $(MO)
	$(BIN)/pytest

# After changing a message in the code: extract them all, update ky and ru, then translate
# the new entries (msgstr "") in the .po files; the tests fail while one is missing.
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output -w 100 --project esep -k NP_:1c,2 \
	  -o $(LOCALES)/esep.pot $(SOURCES) $(CLICK)
	for lang in ky ru; do \
	  if [ -f $(LOCALES)/$$lang/LC_MESSAGES/esep.po ]; then \
	    $(BIN)/pybabel -q update -D esep -l $$lang -i $(LOCALES)/esep.pot -d $(LOCALES) --no-fuzzy-matching -w 100; \
	  else $(BIN)/pybabel -q init -D esep -l $$lang -i $(LOCALES)/esep.pot -d $(LOCALES); fi; \
	done
	@$(MAKE) --no-print-directory $(MO)

# The main job on the samples; every stage adds its step to DEMO_STEPS.
DEMO_STEPS := demo-ingest
DEMO_STEPS += demo-forms
DEMO_STEPS += demo-report
DEMO_STEPS += demo-diff
DEMO_STEPS += demo-workspace
DEMO_STEPS += demo-stage
demo: $(STAMP) $(MO)
	@$(MAKE) --no-print-directory $(DEMO_STEPS)
	@echo "Everything the demo made is in $(OUT)/"

demo-ingest: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/esep ingest samples/plan-ky.docx -o $(OUT)/plan-ky.json
	$(BIN)/esep ingest samples/plan-ky.pdf --table

demo-forms: $(STAMP)
	$(BIN)/esep forms samples/plan-ky.docx --year 2025 -o $(OUT)/forms/2025 --force
	$(BIN)/esep collect samples/plan-ky.docx samples/submissions/2025 --year 2025 -o $(OUT)/progress-2025.json

demo-diff: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/esep diff samples/plan-ky.docx samples/plan-ky-v2.pdf --docx $(OUT)/diff-v1-v2.docx

# The official report for 2025 and its public PDF and HTML, from the sample submissions
# (or, until they exist, from blank forms).
REPORT_INBOX := $(or $(wildcard samples/submissions/2025),$(OUT)/report-2025/blank-forms)
demo-report: $(STAMP)
	@test -d samples/submissions/2025 || $(BIN)/esep forms samples/plan-ky.docx --year 2025 -o $(REPORT_INBOX) >/dev/null
	$(BIN)/esep report samples/plan-ky.docx $(REPORT_INBOX) --year 2025 -o $(OUT)/report-2025/report.docx \
	  --public --signer-position "Башкармалыктын начальниги" --signer-name "А. Асанов" \
	  --preparer "Б. Бекова" --phone "0312 00 00 00"
	@echo "The report for 2025 is in $(OUT)/report-2025/: report.docx (to sign), report.pdf and report.html (public)"

# The first stage, 2025-2027, in short: each year's forms (from 2026 with last year's answers
# and the amended plan), filled by script and collected, then the stage summary.
demo-stage: $(STAMP)
	$(BIN)/python samples/three_years.py $(OUT)/stage --public
	@echo "The stage summary is in $(OUT)/stage/: stage.docx (to sign), stage.pdf and stage.html (public)"

# A workspace: the plan, its amendment, the 2025 forms (made from the first version) carried to the
# second without --previous-plan, then where it stands and one measure's story.
WS := $(OUT)/workspace
demo-workspace: $(STAMP)
	@rm -rf $(WS)
	$(BIN)/esep ingest samples/plan-ky.docx --workspace $(WS) --given-on 2025-01-15 -o $(OUT)/plan-v1.json 2>/dev/null
	$(BIN)/esep collect samples/plan-ky.docx samples/submissions/2025 --year 2025 --workspace $(WS)
	$(BIN)/esep ingest samples/plan-ky-v2.docx --workspace $(WS) --given-on 2026-03-01 -o $(OUT)/plan-v2.json 2>/dev/null
	$(BIN)/esep collect samples/plan-ky-v2.docx samples/submissions/2025 --year 2025 --workspace $(WS)
	$(BIN)/esep status --workspace $(WS)
	$(BIN)/esep history 6.3.1 --workspace $(WS)

samples: $(STAMP)
	$(BIN)/python samples/make_samples.py
	$(BIN)/python samples/make_submissions.py
	$(BIN)/python samples/make_formats.py
	$(BIN)/python samples/make_houses.py

# The README's pictures of the page (docs/serve-*.png), in headless chromium; look at each after.
screenshots: $(STAMP) $(MO)
	$(BIN)/python docs/screenshots.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(OUT) bench/data
