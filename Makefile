# Pace — the two commands a new machine needs are `make run` and `make test`.
#
#   make run        install missing system packages, build (release), start paced in the foreground
#   make test       install what the tests need, build, lint, run every test
#   make stress     the event log's crash test with thousands of SIGKILLs, and its property tests ten times over
#   make bench      Pace against physical limits and its peers, release build: one table, written to
#                   docs/performance.md and docs/performance.json (numbers printed, not asserted)
#   make bench-log  the event log's own benchmarks (append, replay, snapshot start-up at the log level)
#   make hot-text   regenerate Sources/paced/hot-text.ld, where the release link places the code paced runs
#   make docs       rewrite the generated parts of docs/ (the event table of docs/events.md) from the sources
#   make schema     rewrite what is generated from the events' definitions: the event codec's fast path, then docs
#   make simulate   the simulated-patient study of the budget (docs/envelope.md), full size, release mode
#   make test-clock the kernel clock-change test, opt-in: it steps this machine's clock by one nanosecond
#   make install    install pace and paced to $(BINDIR), the systemd user units to $(UNITDIR), the man pages
#                   to $(MANDIR) and pace's shell completions (bash, zsh, fish) under $(DATADIR)
#   make uninstall  remove them again
#   make man        generate the man pages pace.1 and paced.1 into .build/man from the commands' own help
#   make deb        the Debian package .build/deb/pace_$(VERSION)_amd64.deb (debhelper; lintian must find no error)
#   make test-session  install that package on a freshly booted Debian 12 with a real systemd user manager and
#                   check the service as a person meets it (../shared/tools/user-session; minutes, root; not
#                   part of `make test`)
#
# Debian/Ubuntu packages are installed with apt-get, through sudo unless you are root, and only when missing.

SWIFT      ?= swift
# Pace's version: written once, in ProductInfo.version (what `pace --version` and `paced --version` print).
VERSION    := $(shell sed -n 's/^ *package static let version = "\(.*\)"$$/\1/p' Sources/PaceProtocol/ProductInfo.swift)
PREFIX     ?= $(HOME)/.local
BINDIR     ?= $(PREFIX)/bin
UNITDIR    ?= $(or $(XDG_CONFIG_HOME),$(HOME)/.config)/systemd/user
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man/man1
# Where bash-completion, zsh (once on $$fpath) and fish look for completions under $(DATADIR).
BASH_COMPLETIONS ?= $(DATADIR)/bash-completion/completions
ZSH_COMPLETIONS  ?= $(DATADIR)/zsh/site-functions
FISH_COMPLETIONS ?= $(DATADIR)/fish/vendor_completions.d

# What building needs, and what the tests need on top: systemd for systemd-analyze, systemd-journald,
# journalctl and systemd-cat; util-linux and mount for the private journal's `unshare --mount` and bind mount;
# for the desktop tests private dbus-daemons (dbus, which also brings dbus-send for dunstctl), Python test
# servers (python3-dbus, python3-gi), and the real dunst on a virtual X display (dunst, xvfb).
# libsqlite3-dev: `pace import` reads Gadgetbridge's SQLite export; sqlite3 makes the tests' fixtures from its schema.
BUILD_PACKAGES := libsystemd-dev pkg-config libsqlite3-dev
# librsvg2-bin: rsvg-convert renders `pace report --svg` in the tests. xfce4-panel, xfconf, gir1.2-gtk-3.0: a real
# tray host (Xfce's Status Tray under Xvfb) and GDK to screenshot it, for TrayTests. imagemagick: screenshots of failing dunst tests.
# syncthing: two real Syncthing instances on loopback carry the sync folder between two paceds (docs/sync.md).
TEST_PACKAGES  := $(BUILD_PACKAGES) sqlite3 systemd util-linux mount dbus python3-dbus python3-gi dunst xvfb librsvg2-bin \
                  xfce4-panel xfconf gir1.2-gtk-3.0 syncthing imagemagick python3-fusepy
# What `make bench` compares Pace with, in the same run: Timewarrior (`timew`, a C++ time tracker CLI), and the
# break timers Workrave and Safe Eyes on a virtual X display (xvfb) with a private session bus (dbus); the heart-rate
# rows read the fake BlueZ (python3-dbus, python3-gi); the samples rows build a Gadgetbridge export (sqlite3).
BENCH_PACKAGES := $(BUILD_PACKAGES) timewarrior workrave safeeyes xvfb dbus python3-dbus python3-gi sqlite3
# What `make deb` needs on top of building: debhelper (dh), dpkg-dev (dpkg-buildpackage) and lintian.
DEB_PACKAGES   := $(BUILD_PACKAGES) debhelper dpkg-dev lintian

# Release binaries link the Swift standard library statically: faster start, smaller idle footprint. They link the
# C++ runtime the Swift runtime uses (libstdc++) statically too, where the C compiler knows its archive: one shared
# library fewer to load and bind at every start (1,700 symbol lookups; `pace status` runs 1.7 million fewer
# instructions, about 1 ms less). The standard library's link line asks for `-lstdc++`; the linker script of that
# name in STATIC_CXX_DIR, searched first, hands the linker the archive instead, by the path the C compiler gave.
# libgcc_s and glibc stay shared.
# Each Swift function gets its own section, so the linker drops unused ones and Sources/paced/hot-text.ld can place
# the ones paced runs together (`make hot-text`; docs/performance.md).
LIBSTDCXX_ARCHIVE := $(shell $(CC) -print-file-name=libstdc++.a 2>/dev/null)
STATIC_CXX_DIR    := $(CURDIR)/.build/static-libstdc++
STATIC_CXX_FLAGS  := $(if $(filter /%,$(LIBSTDCXX_ARCHIVE)),-Xswiftc -L$(STATIC_CXX_DIR))
# `pace` is linked as a static position-independent executable in these builds (PACE_STATIC_PIE, read by Package.swift;
# docs/performance.md), which may carry no run path: hence --disable-local-rpath (nothing needs $ORIGIN: the Swift
# libraries are linked in).
export PACE_STATIC_PIE := 1
RELEASE_FLAGS  := -c release --static-swift-stdlib --disable-local-rpath -Xswiftc -Xfrontend -Xswiftc -function-sections \
                  $(STATIC_CXX_FLAGS)
RELEASE_BIN     = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)
DEBUG_BIN       = $(shell $(SWIFT) build --show-bin-path)
SUDO           := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Python packages the interoperability tests need (installed with pip when missing).
TEST_PYTHON_PACKAGES := varlink==31.0.0 pytest

# The libFuzzer target for the Varlink parser and the JSON reader and writer, built with swiftc beside SwiftPM
# (libFuzzer brings its own main); StrictJSON is the tests' judge of what is JSON.
FUZZ_SOURCES   := Tests/Fuzz/VarlinkMessageFuzzer.swift $(addprefix Sources/PaceProtocol/Varlink/,\
                  VarlinkFrameReader.swift VarlinkMessage.swift VarlinkError.swift VarlinkJSON.swift JSONValue.swift) \
                  $(wildcard Sources/PaceJSON/*.swift) Tests/PaceTestSupport/StrictJSON.swift
FUZZ_BIN       := .build-fuzz/varlink-fuzz
FUZZ_SECONDS   ?= 600
# The libFuzzer target for event values: decode, validate, apply, then every query (issue 22); PaceCore, PaceJSON and
# the event codec compiled into it as one module. Its seeds (the reproductions) are in Tests/Fuzz/event-corpus.
EVENT_FUZZ_SOURCES := Tests/Fuzz/EventValueFuzzer.swift $(shell find Sources/PaceCore -name '*.swift') \
                  $(wildcard Sources/PaceJSON/*.swift) Sources/PaceProtocol/Varlink/JSONValue.swift \
                  Sources/PaceDaemon/Store/EventCodec.swift Sources/PaceDaemon/Store/EventCodec+FastPath.swift
EVENT_FUZZ_BIN := .build-fuzz/event-fuzz

# The man pages come from swift-argument-parser's generate-manual tool (what its generate-manual plugin runs),
# which reads the built executables' help; it works offline. The date in the page is the last commit's.
MAN_DATE        := $(shell git log -1 --format=%cs 2>/dev/null || date +%F)
GENERATE_MANUAL  = $(DEBUG_BIN)/generate-manual

# Writes pace.1 and paced.1 into .build/man from the executables in directory $(1).
define generate_man
	$(SWIFT) build --product generate-manual
	@mkdir -p .build/man
	for tool in pace paced; do "$(GENERATE_MANUAL)" "$(1)/$$tool" --date $(MAN_DATE) --output-directory .build/man; done
	@# A blank line in a help text is a paragraph break; in mdoc that is .Pp (groff warns of a blank line).
	sed -i 's/^$$/.Pp/' .build/man/pace.1 .build/man/paced.1
endef

.PHONY: run test stress bench bench-log bench-packages hot-text release-flags build release static-cxx install \
	uninstall packages test-packages lint clean fuzz fuzz-smoke simulate test-clock man man-check docs schema deb \
	test-session

# Installs the Debian packages named in $(1) that are not installed yet; runs `apt-get update` once, first.
define ensure_packages
	@missing=""; \
	for package in $(1); do \
		dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

packages:
	$(call ensure_packages,$(BUILD_PACKAGES))

test-packages:
	$(call ensure_packages,$(TEST_PACKAGES))
	@python3 -c 'import varlink, pytest' 2>/dev/null || \
		python3 -m pip install -q --disable-pip-version-check $(TEST_PYTHON_PACKAGES)

# SwiftPM does not recompile when only -Xswiftc flags change, so a release build made before RELEASE_FLAGS changed
# would be linked from old objects: start it afresh when they do.
release-flags:
	@if [ "$$(cat .build/release-flags 2>/dev/null)" != "$(RELEASE_FLAGS)" ]; then \
		rm -rf "$(RELEASE_BIN)"; mkdir -p .build; echo "$(RELEASE_FLAGS)" > .build/release-flags; \
	fi

release: packages release-flags static-cxx
	$(SWIFT) build $(RELEASE_FLAGS)

static-cxx:
	@mkdir -p "$(STATIC_CXX_DIR)"
	@echo 'INPUT($(or $(filter /%,$(LIBSTDCXX_ARCHIVE)),libstdc++.a))' > "$(STATIC_CXX_DIR)/libstdc++.so"

build: packages
	$(SWIFT) build

# Ctrl-C sends SIGINT to paced, which stops cleanly and removes its socket.
run: release
	@echo "Starting paced with its built-in defaults. In another terminal: $(RELEASE_BIN)/pace"
	@exec "$(RELEASE_BIN)/paced"

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Plugins Sources Tests Benchmarks

# Debug builds treat every warning as an error (see Package.swift).
test: test-packages
	$(SWIFT) build --build-tests
	$(MAKE) --no-print-directory lint
	PACE_BIN_DIR="$(DEBUG_BIN)" $(SWIFT) test --skip-build
	PACE_BIN_DIR="$(DEBUG_BIN)" python3 -m pytest -q -p no:cacheprovider Tests/Interop
	$(MAKE) --no-print-directory man-check
	$(MAKE) --no-print-directory fuzz-smoke
	@# The benchmark harness at toy sizes on the debug build: it runs and prints numbers (seconds; nothing asserted).
	$(MAKE) --no-print-directory $(ECHO_BIN)
	"$(DEBUG_BIN)/pace-bench" --smoke --echo $(ECHO_BIN) --independent-client Benchmarks/RoundTrip/roundtrip.py

# The event table of docs/events.md is made from the Swift definitions of the events; a test fails when it differs.
docs:
	$(SWIFT) build --build-tests
	PACE_WRITE_DOCS=1 $(SWIFT) test --skip-build --filter EventsDocumentationTests

# Rewrites what is generated from the events' Codable definitions (Sources/PaceCore/Events): the event codec's fast
# path, then the table in docs/events.md. (If the old fast path no longer compiles, empty its two functions first.)
schema:
	$(SWIFT) build --build-tests
	PACE_WRITE_SCHEMA=1 $(SWIFT) test --skip-build --filter EventCodecFastPathTests
	$(MAKE) --no-print-directory docs

# Opt-in, needs CAP_SYS_TIME: steps this machine's clock one nanosecond forward (adjtimex ADJ_SETOFFSET) to
# check that the kernel's clock-change notification reaches the desktop layer. Not part of `make test`,
# because it touches a clock other programs share.
test-clock: test-packages
	$(SWIFT) build --build-tests
	PACE_TEST_CLOCK_STEP=1 $(SWIFT) test --skip-build --filter kernelClockChangeIsNoticedOnce

man: build
	$(call generate_man,$(DEBUG_BIN))
	@echo "Man pages in .build/man; read one with: man -l .build/man/pace.1"

# The generated page names every command (part of `make test`).
man-check: man
	@for command in status start stop rest log add dump checkin flare snooze answer history why kinds report export \
		import calibrate increase watch waybar doctor hr morning events edit name delete undo devices sync; do \
		grep -q "^\.It Em $$command\$$" .build/man/pace.1 || { echo "man-check: pace.1 lacks $$command"; exit 1; }; \
	done
	@grep -q "^\.Dt PACED 1" .build/man/paced.1
	@echo "man-check: pace.1 and paced.1 name every command"

$(FUZZ_BIN): $(FUZZ_SOURCES)
	@mkdir -p .build-fuzz/corpus
	swiftc -O -use-ld=lld -sanitize=fuzzer,address -parse-as-library -package-name pace -module-name PaceFuzz \
		-enable-upcoming-feature InternalImportsByDefault -enable-upcoming-feature ExistentialAny \
		$(FUZZ_SOURCES) -o $@

$(EVENT_FUZZ_BIN): $(EVENT_FUZZ_SOURCES)
	@mkdir -p .build-fuzz/event-corpus
	swiftc -O -use-ld=lld -sanitize=fuzzer,address -parse-as-library -package-name pace -module-name PaceEventFuzz \
		-enable-upcoming-feature InternalImportsByDefault -enable-upcoming-feature ExistentialAny \
		$(EVENT_FUZZ_SOURCES) -o $@

# A short fuzzing run of each target over the committed seeds (part of `make test`); `make fuzz` runs each for
# FUZZ_SECONDS.
fuzz-smoke: $(FUZZ_BIN) $(EVENT_FUZZ_BIN)
	@$(FUZZ_BIN) -max_total_time=15 -artifact_prefix=.build-fuzz/ .build-fuzz/corpus Tests/Fuzz/corpus \
		> .build-fuzz/smoke.log 2>&1 || { tail -40 .build-fuzz/smoke.log; exit 1; }
	@echo "fuzz-smoke: $$(tail -1 .build-fuzz/smoke.log)"
	@$(EVENT_FUZZ_BIN) -max_total_time=15 -artifact_prefix=.build-fuzz/event- .build-fuzz/event-corpus \
		Tests/Fuzz/event-corpus > .build-fuzz/event-smoke.log 2>&1 || { tail -40 .build-fuzz/event-smoke.log; exit 1; }
	@echo "fuzz-smoke (events): $$(tail -1 .build-fuzz/event-smoke.log)"

fuzz: $(FUZZ_BIN) $(EVENT_FUZZ_BIN)
	$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=.build-fuzz/ .build-fuzz/corpus Tests/Fuzz/corpus
	$(EVENT_FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=.build-fuzz/event- .build-fuzz/event-corpus \
		Tests/Fuzz/event-corpus

# STRESS_KILLS SIGKILLs of a writer process in mid-append; every acknowledged record must survive each one.
STRESS_KILLS ?= 3000
stress: test-packages
	$(SWIFT) build --build-tests
	PACE_LOG_CRASH_KILLS=$(STRESS_KILLS) PACE_LOG_PROPERTY_SCALE=10 PACE_BIN_DIR="$(DEBUG_BIN)" \
		$(SWIFT) test --skip-build --filter 'CrashTests|EventLogPropertyTests'

bench-packages:
	$(call ensure_packages,$(BENCH_PACKAGES))

# BENCH_DIR: where the benchmark data goes (default /tmp); use the disk your log lives on, never a tmpfs.
# The binaries are the ones `make install` installs: release, static Swift standard library.
# The commit measured; "+changes" when code differs from it (docs/, which the run rewrites, does not count).
BENCH_COMMIT = $(shell git rev-parse --short HEAD 2>/dev/null)$(shell git diff --quiet HEAD -- . ':!docs' 2>/dev/null || echo "+changes")
# The floor for a round trip: a C echo server (Benchmarks/RoundTrip/echo.c), the same one the independent client
# (Benchmarks/RoundTrip/roundtrip.py) compares paced with.
ECHO_BIN := .build/pace-echo
$(ECHO_BIN): Benchmarks/RoundTrip/echo.c
	@mkdir -p .build
	$(CC) -O2 -Wall -Wextra -o $@ $<

bench: bench-packages release-flags static-cxx $(ECHO_BIN)
	$(SWIFT) build $(RELEASE_FLAGS) --product paced
	$(SWIFT) build $(RELEASE_FLAGS) --product pace
	$(SWIFT) build $(RELEASE_FLAGS) --product pace-bench
	"$(RELEASE_BIN)/pace-bench" $(if $(BENCH_DIR),--directory "$(BENCH_DIR)") --commit "$(BENCH_COMMIT)" \
		--echo $(ECHO_BIN) --independent-client Benchmarks/RoundTrip/roundtrip.py \
		--build "release, static Swift standard library$(if $(STATIC_CXX_FLAGS), and libstdc++); function sections, paced linked with hot-text.ld" \
		--markdown docs/performance.md --json docs/performance.json

# Rewrites Sources/paced/hot-text.ld from a callgrind profile of the release paced starting on a year of history
# and serving common requests (Benchmarks/hot_text.py); rerun after large changes to the daemon.
hot-text: packages release-flags static-cxx
	$(call ensure_packages,valgrind binutils)
	@# Profile paced linked without the list (valgrind ignores the symbols of code outside .text). SwiftPM does not
	@# see the script as an input of the link: removing the binary makes it link again.
	python3 Benchmarks/hot_text.py --empty Sources/paced/hot-text.ld
	rm -f "$(RELEASE_BIN)/paced"
	$(SWIFT) build $(RELEASE_FLAGS) --product paced
	$(SWIFT) build $(RELEASE_FLAGS) --product pace-bench
	python3 Benchmarks/hot_text.py "$(RELEASE_BIN)/paced" "$(RELEASE_BIN)/pace-bench" Sources/paced/hot-text.ld
	rm -f "$(RELEASE_BIN)/paced"
	$(SWIFT) build $(RELEASE_FLAGS) --product paced

bench-log: packages release-flags static-cxx
	$(SWIFT) build $(RELEASE_FLAGS) --product pace-log-bench
	"$(RELEASE_BIN)/pace-log-bench" $(if $(BENCH_DIR),--directory "$(BENCH_DIR)")

# ENVELOPE.md section C: none / fixed / adaptive / oracle on the same 1,000 virtual patients per cell, every
# compliance and missing-data level, fixed seed; prints the table and the six pass criteria (exit 1 if any fails).
simulate: release-flags static-cxx
	$(SWIFT) build $(RELEASE_FLAGS) --product pace-sim
	"$(RELEASE_BIN)/pace-sim" study --patients 1000

# DESTDIR stages the files for a package (debian/rules): they are put under it, while the unit names
# $(BINDIR) as the installed system will have it.
install: release
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(UNITDIR)" "$(DESTDIR)$(MANDIR)" "$(DESTDIR)$(BASH_COMPLETIONS)" \
		"$(DESTDIR)$(ZSH_COMPLETIONS)" "$(DESTDIR)$(FISH_COMPLETIONS)"
	install -m 0755 "$(RELEASE_BIN)/paced" "$(RELEASE_BIN)/pace" "$(DESTDIR)$(BINDIR)/"
	sed 's|@BINDIR@|$(BINDIR)|g' systemd/paced.service > "$(DESTDIR)$(UNITDIR)/paced.service"
	install -m 0644 systemd/paced.socket "$(DESTDIR)$(UNITDIR)/paced.socket"
	$(call generate_man,$(RELEASE_BIN))
	install -m 0644 .build/man/pace.1 .build/man/paced.1 "$(DESTDIR)$(MANDIR)/"
	@# bash-completion sources the script: the #! line swift-argument-parser writes would only mislead.
	"$(RELEASE_BIN)/pace" --generate-completion-script bash | sed '1{/^#!/d}' > "$(DESTDIR)$(BASH_COMPLETIONS)/pace"
	"$(RELEASE_BIN)/pace" --generate-completion-script zsh > "$(DESTDIR)$(ZSH_COMPLETIONS)/_pace"
	"$(RELEASE_BIN)/pace" --generate-completion-script fish > "$(DESTDIR)$(FISH_COMPLETIONS)/pace.fish"
ifeq ($(DESTDIR),)
	@echo
	@echo "Installed pace and paced to $(BINDIR), units to $(UNITDIR), man pages to $(MANDIR),"
	@echo "completions to $(DATADIR) (zsh: add $(ZSH_COMPLETIONS) to fpath). Enable Pace with:"
	@echo "    systemctl --user daemon-reload && systemctl --user enable --now paced.socket"
endif

uninstall:
	-systemctl --user disable --now paced.socket paced.service 2>/dev/null
	rm -f "$(BINDIR)/paced" "$(BINDIR)/pace" "$(UNITDIR)/paced.service" "$(UNITDIR)/paced.socket" \
		"$(MANDIR)/pace.1" "$(MANDIR)/paced.1" "$(BASH_COMPLETIONS)/pace" "$(ZSH_COMPLETIONS)/_pace" \
		"$(FISH_COMPLETIONS)/pace.fish"
	-systemctl --user daemon-reload 2>/dev/null
	@echo "Removed Pace. Your data stays in $${XDG_STATE_HOME:-$$HOME/.local/state}/pace; delete it yourself if you want it gone."

# The package is built by dpkg-buildpackage through debian/rules, which calls `make release` and `make install`
# (so the package holds what RELEASE_FLAGS build) and leaves the .deb in .build/deb. debian/changelog names the
# package's version and must agree with VERSION.
DEB_DIR  := .build/deb
DEB_ARCH  = $(shell dpkg --print-architecture)
DEB       = $(DEB_DIR)/pace_$(VERSION)_$(DEB_ARCH).deb
deb:
	$(call ensure_packages,$(DEB_PACKAGES))
	@command -v $(SWIFT) >/dev/null || { echo "deb: $(SWIFT) is not on PATH; the package is built with Swift 6.3"; exit 1; }
	@changelog=$$(dpkg-parsechangelog -S Version); [ "$$changelog" = "$(VERSION)" ] || { \
		echo "deb: debian/changelog is at $$changelog, ProductInfo.version at $(VERSION): add a changelog entry"; exit 1; }
	rm -rf "$(DEB_DIR)" && mkdir -p "$(DEB_DIR)"
	PACE_DEB_DIR="$(DEB_DIR)" dpkg-buildpackage --build=binary --no-sign \
		--changes-file="$(DEB_DIR)/pace_$(VERSION)_$(DEB_ARCH).changes" --changes-option=-u"$(DEB_DIR)" \
		--buildinfo-file="$(DEB_DIR)/pace_$(VERSION)_$(DEB_ARCH).buildinfo" --buildinfo-option=-u"$(DEB_DIR)"
	@# Errors fail the build; the warnings left are explained in debian/README.source.
	lintian --fail-on error --tag-display-limit 0 "$(DEB_DIR)/pace_$(VERSION)_$(DEB_ARCH).changes"
	@echo "deb: $(DEB)"

# The package on a fresh Debian 12 booted with systemd, as its user `ana` meets it: Tests/Session/package.sh says
# what is checked. USER_SESSION_TIMEOUT (seconds) bounds the whole run.
test-session: deb
	../shared/tools/user-session 'Tests/Session/package.sh "$(DEB)"'

clean:
	rm -rf .build .build-fuzz
