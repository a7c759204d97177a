/* jsonwalk.h - a fast reader of JSON text that knows when it is unsure.
 *
 * wrun means by a JSON document exactly what json-c means by it: json-c
 * decides what is valid, what a number is, what an escape gives. json-c
 * builds a tree to say so, and on a history of 20,000 runs that tree is
 * most of the work. This reader walks the bytes once and builds nothing,
 * for the JSON every server sends: RFC 8259 text. On anything else it
 * answers "unsure" (false) and the caller asks json-c, which accepts the
 * text with its own meaning or says exactly what is wrong with it.
 *
 * Unsure, always: bytes that are not RFC 8259 JSON (json-c's extensions
 * such as NaN, Infinity, "1.", "-01", raw control bytes in strings, other
 * whitespace; and every error); a lone surrogate escape; an integer of
 * more than 18 digits; nesting deeper than JW_MAX_DEPTH. Where the reader
 * is sure, it agrees with json-c 0.16 in JSON_TOKENER_STRICT mode, byte
 * for byte (fuzz/fuzz_walk.c checks it against json-c on every input).
 *
 * Pure functions of bytes: no allocation except in struct jw_buf.
 */
#ifndef WRUN_JSONWALK_H
#define WRUN_JSONWALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Below json-c's own limit (512), so that json-c words the error. */
#define JW_MAX_DEPTH 500

/* A position in n bytes at p. unsure is set by the first thing the
 * reader cannot vouch for, and every later call then fails. */
struct jw {
	const char *p;
	size_t n, i;
	int depth;
	bool unsure;
};

/* A string token: its raw bytes between the quotes. */
struct jw_str {
	const char *raw;
	size_t n;
	bool escaped; /* it holds a backslash escape */
};

/* A number token. */
struct jw_num {
	const char *raw;
	size_t n;
	bool is_double; /* it has a fraction or an exponent (json-c: a double) */
	int64_t value;  /* an integer's value (never a double's) */
};

enum jw_type { JW_NONE, JW_OBJECT, JW_ARRAY, JW_STRING, JW_NUMBER, JW_TRUE, JW_FALSE, JW_NULL };

void jw_init(struct jw *w, const char *p, size_t n);

/* Skips whitespace; the next byte's value type (JW_NONE at the end or on
 * a byte that starts no value). */
enum jw_type jw_peek(struct jw *w);
/* Skips whitespace; true when the next byte is c, which it then consumes. */
bool jw_eat(struct jw *w, char c);
/* True when only whitespace is left. */
bool jw_at_end(struct jw *w);

/* Reads one value of the type jw_peek gave. */
bool jw_string(struct jw *w, struct jw_str *out);
bool jw_number(struct jw *w, struct jw_num *out);
bool jw_literal(struct jw *w); /* true, false or null */
/* Any value, checked and passed over. */
bool jw_skip(struct jw *w);

/* The value at the reader: an object is read a member at a time, member
 * reading each value (key is the member's name); any other value is passed
 * over. False when unsure or when member returned false. */
typedef bool jw_member_fn(struct jw *w, const struct jw_str *key, void *ctx);
bool jw_members(struct jw *w, jw_member_fn *member, void *ctx);

/* The bytes a string token stands for, into out (room for s->n bytes is
 * always enough: an escape never grows). A NUL (\u0000) becomes U+FFFD
 * when nul_to_fffd, else stays a NUL; *had_nul (unless NULL) says whether
 * there was one. Returns the length written. */
size_t jw_unescape(const struct jw_str *s, char *out, bool nul_to_fffd, bool *had_nul);
/* Does the string token, decoded, equal name[0..len)? */
bool jw_str_is_n(const struct jw_str *s, const char *name, size_t len);
/* The same with a NUL-terminated name. */
static inline bool jw_str_is(const struct jw_str *s, const char *name)
{
	return jw_str_is_n(s, name, strlen(name));
}

/* A number's value as wrun counts (milliseconds, bytes): an integer that
 * is negative, or a double that is negative, not finite or past 9.2e18,
 * is WR_NONE (-1); a double rounds to the nearest integer. As json-c gives
 * it through json_object_get_int64 and json_object_get_double. */
int64_t jw_count(const struct jw_num *num);

/* ---- writing as json-c writes ------------------------------------------ */

/* A growing byte buffer; failed is set (and nothing more is written) when
 * memory runs out. */
struct jw_buf {
	char *p;
	size_t n, cap;
	bool failed;
};

void jw_buf_free(struct jw_buf *b);
/* Room for more bytes; false (and failed set) when memory runs out. */
bool jw_reserve(struct jw_buf *b, size_t more);

static inline void jw_put(struct jw_buf *b, const char *p, size_t n)
{
	if (b->cap - b->n < n && !jw_reserve(b, n))
		return;
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

static inline void jw_puts(struct jw_buf *b, const char *s)
{
	jw_put(b, s, strlen(s));
}

/* How json-c prints: compact is JSON_C_TO_STRING_PLAIN, pretty is
 * JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED; both with
 * JSON_C_TO_STRING_NOSLASHESCAPE (parse_json.h). */

/* A string as json-c escapes it: s is n decoded bytes. */
void jw_put_json_string(struct jw_buf *b, const char *s, size_t n);
/* A string token of the reader, decoded and escaped in one pass (NULs as
 * jw_unescape says). */
void jw_put_token(struct jw_buf *b, const struct jw_str *s, bool nul_to_fffd);

/* The structure of an object or an array as json-c lays it out. level is
 * the depth of the container (0 at the top). */
struct jw_out {
	struct jw_buf *b;
	bool pretty;
	int base; /* pretty: levels of indentation added to every line after the
	           * first (an element of a pretty array is at 1) */
};
void jw_out_open(struct jw_out *o, char open);
/* Before each member: the separator, the newline and the indentation;
 * then the quoted key and ':' when key is not NULL. first says whether it
 * is the container's first member. */
void jw_out_member(struct jw_out *o, int level, bool first, const char *key);
void jw_out_close(struct jw_out *o, char close, int level, bool had_members);

/* Reads one value and writes it as json-c would print its tree at the
 * given level. Unsure also when an object repeats a name or a name holds
 * an escape (json-c keeps the first place and the last value, and cuts a
 * name at a NUL): the caller then asks json-c. On false, what was written
 * is garbage. */
bool jw_copy(struct jw *w, struct jw_out *o, int level);

#endif
