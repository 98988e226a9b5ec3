# cmp - the complaint-handling toolkit.  Plain make: `make`, `make check`,
# `make install PREFIX=/usr/local DESTDIR=`, `make check SAN=1` (the same
# tests under AddressSanitizer and UndefinedBehaviorSanitizer, built apart
# in build-san/), `make clean`.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
SHAREDIR  = $(PREFIX)/share/cmp
LOCALEDIR = $(PREFIX)/share/locale
MANDIR    = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/site-functions

CC       ?= cc
CFLAGS   ?= -O2 -g
PKGS      = jansson inih libutf8proc
override CPPFLAGS += -D_GNU_SOURCE -DCMP_VERSION='"$(VERSION)"' -DSHAREDIR='"$(SHAREDIR)"' -Ilib
override CFLAGS   += -std=c17 -Wall -Wextra $(shell pkg-config --cflags $(PKGS))
LDLIBS    = -lcsv -lcrypto $(shell pkg-config --libs $(PKGS)) -lm

ifeq ($(SAN),1)
O = build-san
override CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
override LDFLAGS += -fsanitize=address,undefined
else
O = build
endif

TOOLS = cmp-new cmp-assign cmp-close cmp-due cmp-stats cmp-ls cmp-report
LIBSRC = $(wildcard lib/*.c)
LIBOBJ = $(LIBSRC:lib/%.c=$(O)/lib/%.o) $(O)/lib/default_conf.o
BINS = $(TOOLS:%=$(O)/bin/%)
UNIT = $(O)/bin/cmp-unit
LINGUAS = zh_CN
MO = $(LINGUAS:%=$(O)/share/locale/%/LC_MESSAGES/cmp.mo)

all: $(BINS) $(UNIT) $(O)/share $(O)/fault/fault.so $(MO)

$(O)/lib $(O)/cmd $(O)/bin:
	mkdir -p $@

# The build tree is laid out like an install, so binaries find share/cmp.
$(O)/share: | $(O)/bin
	ln -sfn ../share $@

# Messages in Chinese (lib/labels.c turns them on): `make pot` extracts
# po/cmp.pot (or POT=FILE) from the formats of the message functions and
# the usage and help texts (N_), `make po` merges it into each po/LANG.po,
# and msgfmt compiles those.  $(O)/share is a link, so the catalogues are
# in share/locale (not in git), one for both builds.
POT ?= po/cmp.pot
XGETTEXT = xgettext --language=C --from-code=UTF-8 --package-name=cmp \
    --package-version=$(VERSION) --sort-output --add-location=file \
    --keyword=_ --keyword=N_ --keyword=die:2 --keyword=warnx:1 --keyword=usage_error:2 \
    --keyword=die_also:1 --keyword=fail:2 --keyword=ticket_refuse:3 \
    --keyword=write_failed:2 --keyword=refuse:2 \
    --flag=die:2:c-format --flag=warnx:1:c-format --flag=usage_error:2:c-format \
    --flag=fail:2:c-format --flag=ticket_refuse:3:c-format \
    --flag=write_failed:2:c-format --flag=refuse:2:c-format

$(O)/share/locale/%/LC_MESSAGES/cmp.mo: po/%.po | $(O)/share
	mkdir -p $(@D)
	msgfmt --check -o $@.tmp $< && mv $@.tmp $@

pot:
	$(XGETTEXT) -o - lib/*.c cmd/*.c | msggrep -K -E -e '[[:alpha:]]{3}' -o $(POT)

po: pot
	for l in $(LINGUAS); do msgmerge -q -U --backup=none po/$$l.po $(POT) || exit 1; done

$(O)/lib/%.o: lib/%.c lib/cmp.h | $(O)/lib
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/lib/default_conf.c: share/cmp/cmp.conf tools/embed | $(O)/lib
	tools/embed default_conf < share/cmp/cmp.conf > $@

$(O)/lib/default_conf.o: $(O)/lib/default_conf.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/libcmp.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(O)/cmd/%.o: cmd/%.c lib/cmp.h | $(O)/cmd
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/bin/%: $(O)/cmd/%.o $(O)/libcmp.a | $(O)/bin
	$(CC) $(LDFLAGS) -o $@ $< $(O)/libcmp.a $(LDLIBS)

$(UNIT): tests/unit/cmp-unit.c $(O)/libcmp.a | $(O)/bin
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libcmp.a $(LDLIBS)

check: all
	CMP_BIN=$(CURDIR)/$(O)/bin CMP_SAN=$(SAN) tests/run

# Torture: tests/fault's shim fails the Nth write-path system call of a
# tool (tests/125-faults.bats); never sanitized itself, as it runs inside
# the handler of a signal.  `make torture ROUNDS=2000`: kill -9 at random
# instants for as many rounds as asked (tests/120-torture.bats runs 200).
ROUNDS ?= 2000
$(O)/fault/fault.so: tests/fault/fault.c
	mkdir -p $(O)/fault
	$(CC) -O2 -g -std=c17 -Wall -Wextra -fPIC -shared -o $@ tests/fault/fault.c

torture: all
	CMP_BIN=$(CURDIR)/$(O)/bin nice tests/torture $(ROUNDS)

# The benchmark (bench/run): the tools against Miller, sqlite3, gawk, jq
# and a C baseline on BENCH_ROWS generated tickets (data in $(O)/bench/data,
# not committed).  The full size writes bench/RESULTS.md; a smaller one,
# e.g. `make bench BENCH_ROWS=10000`, writes beside its data.
BENCH_ROWS ?= 1000000
ifeq ($(BENCH_ROWS),1000000)
BENCH_OUT ?= bench/RESULTS.md
else
BENCH_OUT ?= $(O)/bench/RESULTS-$(BENCH_ROWS).md
endif
BENCHBIN = $(O)/bench/gen $(O)/bench/baseline

$(O)/bench:
	mkdir -p $@

$(O)/bench/%: bench/%.c | $(O)/bench
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

bench: all $(BENCHBIN)
	CMP_BIN=$(CURDIR)/$(O)/bin BENCH_BIN=$(CURDIR)/$(O)/bench \
	    bench/run -n $(BENCH_ROWS) -d $(O)/bench/data -o $(BENCH_OUT)

# bash-completion loads a completion by the command's name: one file
# serves every tool, installed under each name.
install: $(BINS) $(MO)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	cp -R share/cmp/. $(DESTDIR)$(SHAREDIR)/
	for l in $(LINGUAS); do mkdir -p $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    cp $(O)/share/locale/$$l/LC_MESSAGES/cmp.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/ || exit 1; done
	for m in man/*.[157]; do \
	    s=$${m##*.}; cp $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	for t in $(TOOLS); do \
	    cp completions/cmp.bash $(DESTDIR)$(BASHCOMPDIR)/$$t; done
	cp completions/_cmp $(DESTDIR)$(ZSHCOMPDIR)/_cmp

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t \
	    $(DESTDIR)$(BASHCOMPDIR)/$$t; done
	rm -rf $(DESTDIR)$(SHAREDIR)
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/cmp.mo; done
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_cmp
	for m in man/*.[157]; do \
	    s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done

clean:
	rm -rf build build-san share/locale

.PHONY: all check torture bench install uninstall clean pot po
.SECONDARY:

# make fuzz: the libFuzzer targets of tests/fuzz/, one per parser (csv,
# csvdiff: the CSV scanner against libcsv,
# jsondiff: the JSON Lines fast path against jansson,
# jsonl, where, time, policy, map), built apart in build-fuzz/ by clang
# with AddressSanitizer and UndefinedBehaviorSanitizer, then each run for
# FUZZ_SECONDS (FUZZ_TARGETS picks some) on its corpus build-fuzz/corpus/
# TARGET, which tests/fuzz/run seeds from the project's own inputs and
# ../shared/corpus.  A finding stops its target and leaves the input as
# build-fuzz/TARGET-crash-*: fix it, then add it to tests/fuzz/regress/.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= csv csvdiff jsonl jsondiff where time policy map
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

fuzz: fuzz-build
	tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build:
	$(MAKE) O=build-fuzz CC=clang CFLAGS='$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link' build-fuzz/libcmp.a
	$(MAKE) $(FUZZ_TARGETS:%=build-fuzz/fuzz-%)

build-fuzz/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.c tests/fuzz/fuzz.h build-fuzz/libcmp.a
	clang $(CPPFLAGS) -Itests/fuzz $(CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< tests/fuzz/fuzz.c build-fuzz/libcmp.a $(LDLIBS)

clean: fuzz-clean
fuzz-clean:
	rm -rf build-fuzz

.PHONY: fuzz fuzz-build fuzz-clean
