/* parse_json.c - json-c helpers shared by the parse modules: strict whole-value
 * parsing with byte offsets in errors, and typed member access. */
#include "config.h"

#include "parse_json.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "model.h"

/* json_tokener_get_parse_end arrived in json-c 0.15. */
#if defined(JSON_C_VERSION_NUM) && JSON_C_VERSION_NUM >= ((0 << 16) | (15 << 8))
#define TOKENER_END(tok) json_tokener_get_parse_end(tok)
#else
#define TOKENER_END(tok) ((size_t)(tok)->char_offset)
#endif

struct json_tokener *parse_json_tokener(void)
{
	struct json_tokener *tok = json_tokener_new_ex(PARSE_JSON_MAX_DEPTH);

	if (tok)
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	return tok;
}

const char *parse_json_byte_name(int c, char buf[8])
{
	if (c > 0x20 && c < 0x7F)
		snprintf(buf, 8, "'%c'", c);
	else
		snprintf(buf, 8, "0x%02x", (unsigned)c & 0xFF);
	return buf;
}

/* Per node of json-c's tree, measured with json-c 0.16 on glibc (malloc's
 * own overhead included), rounded up. */
#define TREE_OBJECT_BYTES 800
#define TREE_ARRAY_BYTES 160
#define TREE_VALUE_BYTES 100

static size_t add_sat(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t mul_sat(size_t a, size_t b)
{
	return b && a > SIZE_MAX / b ? SIZE_MAX : a * b;
}

/* The index of the quote that closes the string opened just before p[i],
 * or n when it does not close. */
static size_t string_end(const char *p, size_t i, size_t n)
{
	while (i < n) {
		const char *q = memchr(p + i, '"', n - i);
		size_t at, bs = 0;

		if (!q)
			return n;
		at = (size_t)(q - p);
		/* Escaped when an odd number of backslashes precede it. */
		while (at - bs > i && p[at - 1 - bs] == '\\')
			bs++;
		if (bs % 2 == 0)
			return at;
		i = at + 1;
	}
	return n;
}

size_t parse_json_tree_estimate(const char *p, size_t n)
{
	size_t objects = 0, arrays = 0, values = 1, total;

	for (size_t i = 0; i < n; i++) {
		switch (p[i]) {
		case '"':
			i = string_end(p, i + 1, n);
			break;
		case '{':
			objects++;
			break;
		case '[':
			arrays++;
			break;
		case ',':
		case ':':
			values++;
			break;
		default:
			break;
		}
	}
	total = add_sat(mul_sat(objects, TREE_OBJECT_BYTES), mul_sat(arrays, TREE_ARRAY_BYTES));
	total = add_sat(total, mul_sat(values, TREE_VALUE_BYTES));
	return add_sat(total, n);
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool value_fail(const char *what, const char *buf, size_t n, size_t at, size_t base,
                       enum json_tokener_error jerr, struct wr_error *err)
{
	char name[8];

	/* json-c stops just after a NUL byte as if the input ended there. */
	if (at > 0 && at <= n && buf[at - 1] == '\0') {
		at--;
		jerr = json_tokener_error_parse_unexpected;
	}
	if (jerr == json_tokener_error_parse_unexpected && at < n)
		wr_error_set(err, WR_ERR_PARSE, 0, "%s: unexpected %s at byte %zu", what,
		             parse_json_byte_name((unsigned char)buf[at], name), base + at);
	else
		wr_error_set(err, WR_ERR_PARSE, 0, "%s: %s at byte %zu", what,
		             json_tokener_error_desc(jerr), base + at);
	return false;
}

bool parse_json_value(struct json_tokener *tok, const char *what, const char *buf, size_t n,
                      size_t base, struct json_object **out, struct wr_error *err)
{
	struct json_object *o;
	enum json_tokener_error jerr;
	size_t end, i;

	*out = NULL;
	for (i = 0; i < n && is_ws(buf[i]); i++)
		;
	if (i == n) {
		wr_error_set(err, WR_ERR_PARSE, 0, "%s: empty document", what);
		return false;
	}
	if (n > INT_MAX - 1) {
		wr_error_set(err, WR_ERR_TOO_BIG, 0, "%s: document too large", what);
		return false;
	}
	json_tokener_reset(tok);
	o = json_tokener_parse_ex(tok, buf, (int)n);
	jerr = json_tokener_get_error(tok);
	end = TOKENER_END(tok);
	if (jerr == json_tokener_continue && end == n) {
		/* A number (or a cut document) needs the end of input: json-c
		 * takes a NUL for it. */
		o = json_tokener_parse_ex(tok, "", 1);
		jerr = json_tokener_get_error(tok);
		if (jerr != json_tokener_success)
			jerr = jerr == json_tokener_continue ? json_tokener_error_parse_eof : jerr;
	} else if (jerr == json_tokener_continue) {
		jerr = json_tokener_error_parse_eof;
	}
	if (jerr != json_tokener_success) {
		json_object_put(o);
		return value_fail(what, buf, n, end, base, jerr, err);
	}
	for (; end < n && is_ws(buf[end]); end++)
		;
	if (end < n) {
		json_object_put(o);
		return value_fail(what, buf, n, end, base, json_tokener_error_parse_unexpected, err);
	}
	*out = o;
	return true;
}

bool parse_json_text(const char *text, struct json_object **out)
{
	struct json_tokener *tok;
	struct wr_error err;
	bool ok;

	*out = NULL;
	if (!text)
		return false;
	tok = parse_json_tokener();
	if (!tok)
		return false;
	ok = parse_json_value(tok, "json", text, strlen(text), 0, out, &err);
	json_tokener_free(tok);
	return ok;
}

struct json_object *parse_json_member(struct json_object *o, const char *key, json_type t)
{
	struct json_object *v;

	if (!o || !json_object_is_type(o, json_type_object))
		return NULL;
	if (!json_object_object_get_ex(o, key, &v) || !v || !json_object_is_type(v, t))
		return NULL;
	return v;
}

int64_t parse_json_count(struct json_object *o, const char *key)
{
	struct json_object *v;

	if ((v = parse_json_member(o, key, json_type_int)) != NULL) {
		int64_t x = json_object_get_int64(v);

		/* json-c clamps what does not fit to INT64_MIN or INT64_MAX. */
		return x < 0 || x == INT64_MAX ? WR_NONE : x;
	}
	if ((v = parse_json_member(o, key, json_type_double)) != NULL) {
		double d = json_object_get_double(v);

		/* Also false for NaN. 9.2e18 is just below INT64_MAX. */
		if (!(d >= 0 && d < 9.2e18))
			return WR_NONE;
		return (int64_t)(d + 0.5);
	}
	return WR_NONE;
}

int parse_json_flag(struct json_object *o, const char *key)
{
	struct json_object *v = parse_json_member(o, key, json_type_boolean);

	return v ? (json_object_get_boolean(v) ? 1 : 0) : -1;
}
