# libwallet — the two commands (see README.md), plus bench / fuzz / sanitize.
#
#   make demo    install missing packages, build, run the end-to-end demo
#   make test    install missing packages, build (warnings are errors), run every test
#   make bench   build optimised and run the benchmarks (writes docs/performance.md)
#   make sanitize  build and run every test under ASan + UBSan (build-asan/)
#   make fuzz    build the libFuzzer targets with clang and run each briefly

BUILD   ?= build
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
FUZZ_SECONDS ?= 30

.PHONY: all deps configure build test demo bench sanitize fuzz clean

all: build

deps:
	@./scripts/install-deps.sh
	@./scripts/install-npm.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWALLET_WERROR=ON $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

demo: build
	@./scripts/demo.sh $(BUILD)

bench: deps
	@cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DWALLET_TESTS=OFF >/dev/null
	@cmake --build build-bench -j$(JOBS) --target wallet-bench
	@./build-bench/bench/wallet-bench --markdown docs/performance.md

sanitize: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWALLET_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@# Every test but the fuzz corpus replays (label fuzz): `make fuzz` runs each
	@# target over its whole corpus under ASan + UBSan anyway, with libFuzzer.
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j$(JOBS) -LE '^fuzz$$'

fuzz: deps
	@./scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) build-bench build-asan build-fuzz
