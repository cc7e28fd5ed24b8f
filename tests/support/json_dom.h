/*
 * json_dom.h - a small JSON reader for tests: parses one JSON text into a
 * tree so a test can look values up by key and index and compare them
 * exactly.  Validity is tests/support/json_check's job: run json_check
 * first; json_dom_parse still fails cleanly (NULL) on anything it cannot
 * read, but it is not a validator.
 *
 * Strings are decoded (escapes, \uXXXX with surrogate pairs) into
 * NUL-terminated UTF-8; a decoded U+0000 is kept and counted in len.
 * Nesting is limited to JSON_DOM_MAX_DEPTH levels (the parser recurses).
 */
#ifndef COMSCAN_TESTS_JSON_DOM_H
#define COMSCAN_TESTS_JSON_DOM_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_DOM_MAX_DEPTH 64

typedef enum json_type {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT
} json_type;

typedef struct json_value json_value;
struct json_value {
	json_type type;
	char *str;           /* JSON_STRING: decoded text; JSON_NUMBER: its literal text */
	size_t len;          /* bytes in str                                             */
	double num;          /* JSON_NUMBER                                              */
	json_value **items;  /* JSON_ARRAY elements / JSON_OBJECT member values          */
	char **keys;         /* JSON_OBJECT member names (decoded), parallel to items    */
	size_t n;            /* elements or members                                      */
};

/* Parses n bytes at s; NULL when they are not one readable JSON text. */
json_value *json_dom_parse(const char *s, size_t n);
void json_dom_free(json_value *v);

/* The value of member key of an object (the first one when repeated), or
 * NULL when v is not an object or has no such member. */
const json_value *json_dom_get(const json_value *v, const char *key);
/* Element i of an array, or NULL. */
const json_value *json_dom_at(const json_value *v, size_t i);
/* Number of members of an object with that name (duplicates detection). */
size_t json_dom_key_count(const json_value *v, const char *key);

#endif /* COMSCAN_TESTS_JSON_DOM_H */
