# Two commands do all the set-up: `make grade` and `make test` create .venv from requirements.txt
# the first time they run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.installed

# make grade EX=iris SOLUTIONS=1 DATA_DIR=../shared/datasets JSON=results.json FRESH=1
GRADE_FLAGS := $(if $(EX),--exercise $(EX)) $(if $(SOLUTIONS),--solutions) \
               $(if $(DATA_DIR),--data-dir $(DATA_DIR)) $(if $(JSON),--json $(JSON)) \
               $(if $(FRESH),--no-cache) $(ARGS)

# The compiled message catalogs (gettext .mo, from the .po files by Babel).
CATALOGS := $(patsubst %.po,%.mo,$(wildcard messages/locale/*/LC_MESSAGES/kit.po))

.PHONY: grade test bench bulk notebooks messages curves clean

grade: $(READY) $(CATALOGS)
	@$(BIN)/python -m grader $(GRADE_FLAGS)

# make bulk SUBMISSIONS=path/to/submissions OUT=results WORKERS=2 ARGS="--gradescope"
bulk: $(READY) $(CATALOGS)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make bulk SUBMISSIONS=folder [OUT=results] [WORKERS=N] [DATA_DIR=...] [ARGS=...]" >&2; exit 2; }
	@$(BIN)/python -m grader bulk "$(SUBMISSIONS)" --out "$(or $(OUT),results)" \
		$(if $(WORKERS),--workers $(WORKERS)) $(if $(DATA_DIR),--data-dir $(DATA_DIR)) $(ARGS)

# exercises/<id>.ipynb from exercises/<id>.py (after editing an exercise; a test checks they agree)
notebooks: $(READY)
	$(BIN)/python -m grader.notebook

test: $(READY) $(CATALOGS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Times to feedback, reference accuracy over seeds, cold/warm grading, bulk throughput, the new
# exercises (their grading times, regression MAE and NumPy iris accuracy over seeds):
# writes bench/results.json (and bench/<exercise>-reference.json, cited by the spec thresholds).
bench: $(READY)
	$(BIN)/python bench/benchmark.py $(if $(DATA_DIR),--data-dir $(DATA_DIR)) $(ARGS)

# The three learning curves the regression exercise asks students to read (real training runs;
# the result, grader/specs/regression_curves.json, is committed).
curves: $(READY)
	$(BIN)/python bench/learning_curves.py

%.mo: %.po $(READY)
	$(BIN)/pybabel compile --statistics -D kit -i $< -o $@

$(READY): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

clean:
	rm -rf .grader .pytest_cache

# After adding or changing a message: extract the sentences users read into the template and
# merge them into each language's catalog (then translate the new entries; a test fails until
# every one is translated).
messages: $(READY)
	PYTHONPATH=. $(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --omit-header \
		-o messages/locale/kit.pot .
	$(BIN)/pybabel update -i messages/locale/kit.pot -d messages/locale -D kit --no-fuzzy-matching \
		--ignore-obsolete
