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

.PHONY: grade watch test bench bulk certs scheduler worker exercises exercise validate messages curves clean

grade: $(READY) $(CATALOGS)
	@$(BIN)/python -m grader $(GRADE_FLAGS)

# make grade, then again each time an exercise file is saved (the changed steps first); Ctrl-C ends
watch: $(READY) $(CATALOGS)
	@$(BIN)/python -m grader --watch $(GRADE_FLAGS)

# make bulk SUBMISSIONS=path/to/submissions OUT=results WORKERS=2 ARGS="--gradescope"
# On a Dask cluster: make bulk SUBMISSIONS=... SCHEDULER=tls://HOST:8786
bulk: $(READY) $(CATALOGS)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make bulk SUBMISSIONS=folder [OUT=results] [WORKERS=N] [SCHEDULER=tls://HOST:8786] [DATA_DIR=...] [ARGS=...]" >&2; exit 2; }
	@$(BIN)/python -m grader bulk "$(SUBMISSIONS)" --out "$(or $(OUT),results)" \
		$(if $(WORKERS),--workers $(WORKERS)) $(if $(SCHEDULER),--scheduler $(SCHEDULER) --tls $(TLS)) \
		$(if $(DATA_DIR),--data-dir $(DATA_DIR)) $(ARGS)

# A grading cluster (see the README): `make certs` once, copy .grader/tls/ to every machine of
# the cluster, then `make scheduler` on one machine and on each grading machine (with this kit
# and the datasets): make worker SCHEDULER=tls://HOST:8786 SLOTS=2. Every connection is TLS with
# that certificate: nothing without its key (students' code cannot read it) can join.
TLS ?= .grader/tls
TLS_FLAGS = --tls-ca-file $(TLS)/ca.pem --tls-cert $(TLS)/cert.pem --tls-key $(TLS)/key.pem
NEED_TLS = @test -f $(TLS)/key.pem || { echo "no TLS certificate in $(TLS): run 'make certs' once (on one machine), then copy $(TLS) to the same place on every machine of the cluster" >&2; exit 2; }

certs: $(READY)
	$(BIN)/python -m grader.bulk.certs $(TLS)

scheduler: $(READY) $(CATALOGS)
	$(NEED_TLS)
	PYTHONPATH=$(CURDIR) DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION=True $(BIN)/dask scheduler \
		--protocol tls --port $(or $(PORT),8786) $(TLS_FLAGS)

worker: $(READY) $(CATALOGS)
	@test -n "$(SCHEDULER)" || { echo "usage: make worker SCHEDULER=tls://HOST:8786 [SLOTS=N] [DATA_DIR=...]" >&2; exit 2; }
	$(NEED_TLS)
	PYTHONPATH=$(CURDIR) DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION=True \
		$(if $(DATA_DIR),KIT_DATA_DIR=$(abspath $(DATA_DIR))) $(BIN)/dask worker \
		$(SCHEDULER) --nworkers $(or $(SLOTS),1) --nthreads 1 --resources grading=1 \
		--memory-limit 0 $(TLS_FLAGS)

# exercises/<id>.py and .ipynb from each master, solutions/<id>.py (after editing one; a test
# checks they agree). A new exercise: make exercise NEW=<id> DATA=fashion_mnist (or CSV=file
# TARGET=column), then python -m grader draft-spec <id>, make exercises, make validate EX=<id>.
exercises: $(READY)
	$(BIN)/python -m grader exercises

exercise: $(READY)
	@test -n "$(NEW)" || { echo "usage: make exercise NEW=id DATA=fashion_mnist|iris|diabetes|sign_language_mnist | CSV=file TARGET=column [TITLE=...]" >&2; exit 2; }
	$(BIN)/python -m grader new $(NEW) $(if $(DATA),--data $(DATA)) $(if $(CSV),--csv $(CSV)) \
		$(if $(TARGET),--target $(TARGET)) $(if $(TITLE),--title "$(TITLE)")

# Whether exercise EX is fit to hand out: the master passes at seeds 0-4, the stub gets TODO,
# each step's forgotten code fails that step only, Korean for every text, the notebook runs.
validate: $(READY) $(CATALOGS)
	@test -n "$(EX)" || { echo "usage: make validate EX=id [DATA_DIR=...]" >&2; exit 2; }
	$(BIN)/python -m grader validate $(EX) $(if $(DATA_DIR),--data-dir $(DATA_DIR))

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

# uv installs the pinned packages in seconds where pip takes minutes; pip if uv cannot be had.
# Both compile the packages' bytecode once, here: the students' processes (and any machine with
# PYTHONDONTWRITEBYTECODE set) never write it, and without it every process that imports Keras
# compiles TensorFlow again (import keras: 11 s instead of 5.5 s on a 2-core machine).
$(READY): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	( $(BIN)/python -m pip install --quiet uv && \
	  $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.txt ) || \
	( $(BIN)/python -m pip install --quiet --upgrade pip && \
	  $(BIN)/python -m pip install --quiet -r requirements.txt )
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
