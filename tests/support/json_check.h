/*
 * json_check.h - a small, strict JSON validator for tests (RFC 8259).
 *
 * Accepts exactly one JSON text: objects, arrays, strings (escapes
 * including \uXXXX with paired UTF-16 surrogates), numbers, true, false
 * and null, surrounded by optional whitespace.  Raw bytes inside strings
 * must be well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF) and not control characters.  Anything after the
 * value other than whitespace is an error, and so is a byte-order mark.
 *
 * The parser is iterative: nesting is tracked on an explicit stack (at
 * most JSON_CHECK_MAX_DEPTH levels), so hostile input cannot exhaust the
 * C stack.  It allocates nothing.
 */
#ifndef COMSCAN_TESTS_JSON_CHECK_H
#define COMSCAN_TESTS_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_CHECK_MAX_DEPTH 1024

/* True when the n bytes at s are one valid JSON text.  On failure, when
 * errcap > 0, writes a NUL-terminated "offset N: reason" message to err
 * (err may be NULL when errcap is 0). */
bool json_check(const char *s, size_t n, char *err, size_t errcap);

#endif /* COMSCAN_TESTS_JSON_CHECK_H */
