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

.PHONY: grade test bench bulk clean

grade: $(READY)
	@$(BIN)/python -m grader $(GRADE_FLAGS)

# make bulk SUBMISSIONS=path/to/submissions OUT=results WORKERS=2 ARGS="--gradescope"
bulk: $(READY)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make bulk SUBMISSIONS=folder [OUT=results] [WORKERS=N] [DATA_DIR=...] [ARGS=...]" >&2; exit 2; }
	@$(BIN)/python -m grader bulk "$(SUBMISSIONS)" --out "$(or $(OUT),results)" \
		$(if $(WORKERS),--workers $(WORKERS)) $(if $(DATA_DIR),--data-dir $(DATA_DIR)) $(ARGS)

test: $(READY)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Re-measures the reference solutions; the spec thresholds cite these files.
BENCH_SEEDS_iris := 1 2 3 4 5 6 7 8 9 10
BENCH_SEEDS := 1 2 3 4 5
bench: $(READY)
	for ex in iris fashion_mnist imdb sign_language_mnist; do \
		seeds="$(BENCH_SEEDS)"; [ $$ex = iris ] && seeds="$(BENCH_SEEDS_iris)"; \
		$(BIN)/python bench/reference_accuracy.py --exercise $$ex --seeds $$seeds \
			--out bench/$$ex-reference.json $(if $(DATA_DIR),--data-dir $(DATA_DIR)) || exit 1; \
	done

$(READY): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

clean:
	rm -rf .grader .pytest_cache
