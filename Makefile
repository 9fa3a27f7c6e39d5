# Pace — the two commands a new machine needs are `make run` and `make test`.
#
#   make run        install missing system packages, build (release), start paced in the foreground
#   make test       install what the tests need, build, lint, run every test
#   make simulate   the simulated-patient study of the budget (docs/envelope.md), full size, release mode
#   make install    install pace and paced to $(BINDIR) and the systemd user units to $(UNITDIR)
#   make uninstall  remove them again
#
# Debian/Ubuntu packages are installed with apt-get, through sudo unless you are root, and only when missing.

SWIFT      ?= swift
PREFIX     ?= $(HOME)/.local
BINDIR     ?= $(PREFIX)/bin
UNITDIR    ?= $(or $(XDG_CONFIG_HOME),$(HOME)/.config)/systemd/user

# What building needs, and what the tests need on top.
BUILD_PACKAGES := libsystemd-dev pkg-config
TEST_PACKAGES  := $(BUILD_PACKAGES) systemd

# Release binaries link the Swift standard library statically: faster start, smaller idle footprint.
RELEASE_FLAGS  := -c release --static-swift-stdlib
RELEASE_BIN     = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)
DEBUG_BIN       = $(shell $(SWIFT) build --show-bin-path)
SUDO           := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build release install uninstall packages test-packages lint clean simulate

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

release: packages
	$(SWIFT) build $(RELEASE_FLAGS)

build: packages
	$(SWIFT) build

# Ctrl-C sends SIGINT to paced, which stops cleanly and removes its socket.
run: release
	@echo "Starting paced with its built-in defaults. In another terminal: $(RELEASE_BIN)/pace"
	@exec "$(RELEASE_BIN)/paced"

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Plugins Sources Tests

# Debug builds treat every warning as an error (see Package.swift).
test: test-packages
	$(SWIFT) build --build-tests
	$(MAKE) --no-print-directory lint
	PACE_BIN_DIR="$(DEBUG_BIN)" $(SWIFT) test --skip-build

# ENVELOPE.md section C: none / fixed / adaptive / oracle on the same 1,000 virtual patients per cell, every
# compliance and missing-data level, fixed seed; prints the table and the six pass criteria (exit 1 if any fails).
simulate:
	$(SWIFT) build $(RELEASE_FLAGS) --product pace-sim
	"$(RELEASE_BIN)/pace-sim" study --patients 1000

install: release
	install -d "$(BINDIR)" "$(UNITDIR)"
	install -m 0755 "$(RELEASE_BIN)/paced" "$(RELEASE_BIN)/pace" "$(BINDIR)/"
	sed 's|@BINDIR@|$(BINDIR)|g' systemd/paced.service > "$(UNITDIR)/paced.service"
	install -m 0644 systemd/paced.socket "$(UNITDIR)/paced.socket"
	@echo
	@echo "Installed pace and paced to $(BINDIR), units to $(UNITDIR). Enable Pace with:"
	@echo "    systemctl --user daemon-reload && systemctl --user enable --now paced.socket"

uninstall:
	-systemctl --user disable --now paced.socket paced.service 2>/dev/null
	rm -f "$(BINDIR)/paced" "$(BINDIR)/pace" "$(UNITDIR)/paced.service" "$(UNITDIR)/paced.socket"
	-systemctl --user daemon-reload 2>/dev/null
	@echo "Removed Pace. Your data stays in $${XDG_STATE_HOME:-$$HOME/.local/state}/pace; delete it yourself if you want it gone."

clean:
	rm -rf .build
