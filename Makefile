# esep — the two commands a newcomer needs are `make demo` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
OUT     := out
STAMP   := $(VENV)/.installed

.PHONY: install demo test samples bench clean demo-ingest

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(BIN)/pytest

# The main job on the samples; every stage adds its step to DEMO_STEPS.
DEMO_STEPS := demo-ingest
demo: $(STAMP)
	@$(MAKE) --no-print-directory $(DEMO_STEPS)
	@echo "Everything the demo made is in $(OUT)/"

demo-ingest: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/esep ingest samples/plan-ky.docx -o $(OUT)/plan-ky.json
	$(BIN)/esep ingest samples/plan-ky.pdf --table

samples: $(STAMP)
	$(BIN)/python samples/make_samples.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(OUT) bench/data
