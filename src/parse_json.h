/* parse_json.h - json-c helpers shared by the parse modules (internal to
 * parse.c, parse_emit.c, parse_error.c and limits_cache.c: no other module
 * sees json-c). */
#ifndef WRUN_PARSE_JSON_H
#define WRUN_PARSE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json.h>

#include "error.h"

/* Nesting deeper than this is a parse error. An entry holds the worker's
 * payload and result two and three levels down, and they are whatever a
 * worker got or returned: one run nested 64 levels deep must not make a
 * whole history unreadable. json-c's tokener keeps its own stack; writing
 * and freeing recurse, and 512 levels are little stack. */
#define PARSE_JSON_MAX_DEPTH 512

/* Compact JSON text as stored in the model and written by --json. */
#define PARSE_JSON_COMPACT (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
/* Two-space indentation, "key": value. */
#define PARSE_JSON_PRETTY \
	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)

/* A strict tokener with PARSE_JSON_MAX_DEPTH; NULL when out of memory. */
struct json_tokener *parse_json_tokener(void);

/* Parses exactly one JSON value from buf[0..n), whitespace around it
 * allowed, with tok (reset first). *out gets the value (NULL for JSON null;
 * the caller puts it). On failure fills err with WR_ERR_PARSE and a message
 * "<what>: <problem> at byte <base + where>". */
bool parse_json_value(struct json_tokener *tok, const char *what, const char *buf, size_t n,
                      size_t base, struct json_object **out, struct wr_error *err);

/* The same for a NUL-terminated text, with a tokener of its own and no
 * message. */
bool parse_json_text(const char *text, struct json_object **out);

/* The member key of object o when it has type t; NULL when o is not an
 * object, or key is absent, or of another type (never its JSON text). */
struct json_object *parse_json_member(struct json_object *o, const char *key, json_type t);

/* A non-negative 64-bit integer member: json integers, and doubles rounded;
 * WR_NONE when absent, negative, out of range or of another type. */
int64_t parse_json_count(struct json_object *o, const char *key);

/* A boolean member as 1 or 0; -1 when absent or of another type. */
int parse_json_flag(struct json_object *o, const char *key);

/* What json-c's tree of a JSON text of n bytes at p would take, at most
 * about: each object ~800 bytes (json-c gives each a hash table of 16
 * entries), each array ~160, each other value and member ~100, plus the
 * text's own bytes (strings are copied). One pass over the bytes, strings
 * skipped; saturates at SIZE_MAX. Lets a caller refuse a text whose tree
 * would pass its memory budget before json-c builds it. */
size_t parse_json_tree_estimate(const char *p, size_t n);

/* Writes a short printable name for byte c into buf: 'x' for printable
 * ASCII, else 0xNN. Returns buf. */
const char *parse_json_byte_name(int c, char buf[8]);

#endif
