/*
 * fuzz.h - what the libFuzzer targets of tests/fuzz/ share.
 *
 * Each target is one file, fuzz-NAME.c, with LLVMFuzzerTestOneInput()
 * feeding its input to one parser of libcmp the way a tool would.  The
 * parsers read files by name, so the input is first written to a file of
 * a private temporary directory (fuzz_file): the real open and read path
 * is what gets fuzzed, with no reader over memory added to the library
 * for the fuzzer's sake.  `make fuzz` builds and runs them; tests/fuzz/run
 * says how.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include "cmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

const char *fuzz_file(const char *name, const uint8_t *data, size_t size);
char *fuzz_str(const uint8_t *data, size_t size);
void fuzz_init(void);
void fuzz_read_decoded(const char *path);
void fuzz_read_alike(const char *path, const char *enc, const char *var, const char *ref, const char *fast);

/* Where die() goes back to in a target that catches it (fuzz_catch_die). */
extern jmp_buf fuzz_died;
void fuzz_catch_die(void);

/* A property of the code under test does not hold: a finding. */
#define fuzz_assert(c) ((c) ? (void)0 : fuzz_fail(#c, __FILE__, __LINE__))
_Noreturn void fuzz_fail(const char *what, const char *file, int line);

#endif
