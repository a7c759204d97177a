/* fuzz_walk.c - the fast JSON reader (jsonwalk.c) against json-c: wherever
 * the reader is sure, json-c must accept the same bytes and mean the same
 * by them: the same text when printed compact and pretty, the same bytes
 * of a string, the same count of a number. A disagreement aborts. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "jsonwalk.h"
#include "parse_json.h"

static void agree(bool same)
{
	if (!same)
		abort();
}

/* jw_copy's text of the whole input, or NULL when the reader is unsure. */
static char *copy_text(const char *p, size_t n, bool pretty, size_t *len)
{
	struct jw w;
	struct jw_buf b = { 0 };
	struct jw_out o = { &b, pretty, 0 };

	jw_init(&w, p, n);
	if (!jw_copy(&w, &o, 0) || !jw_at_end(&w) || b.failed) {
		jw_buf_free(&b);
		return NULL;
	}
	*len = b.n;
	return b.p;
}

static void same_text(struct json_object *o, const char *p, size_t n, bool pretty)
{
	size_t len, jlen;
	char *mine = copy_text(p, n, pretty, &len);
	const char *theirs;

	if (!mine)
		return;
	theirs = json_object_to_json_string_length(o, pretty ? PARSE_JSON_PRETTY : PARSE_JSON_COMPACT,
	                                           &jlen);
	agree(theirs && len == jlen && memcmp(mine, theirs, len) == 0);
	free(mine);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct json_tokener *tok;
	struct json_object *o = NULL, *holder;
	struct wr_error err;
	struct jw w;
	bool accepted;

	jw_init(&w, p, size);
	if (!jw_skip(&w) || !jw_at_end(&w))
		return 0; /* unsure: json-c decides, as in wrun */
	tok = parse_json_tokener();
	if (!tok)
		return 0;
	accepted = parse_json_value(tok, "fuzz", p, size, 0, &o, &err);
	json_tokener_free(tok);
	agree(accepted);
	same_text(o, p, size, false);
	same_text(o, p, size, true);

	jw_init(&w, p, size);
	switch (jw_peek(&w)) {
	case JW_STRING: {
		struct jw_str s;
		char *out = malloc(size + 1);

		agree(jw_string(&w, &s));
		if (out) {
			size_t len = jw_unescape(&s, out, false, NULL);

			agree(len == (size_t)json_object_get_string_len(o) &&
			      memcmp(out, json_object_get_string(o), len) == 0);
			free(out);
		}
		break;
	}
	case JW_NUMBER: {
		struct jw_num num;

		agree(jw_number(&w, &num));
		holder = json_object_new_object();
		if (holder && json_object_object_add(holder, "k", json_object_get(o)) == 0)
			agree(jw_count(&num) == parse_json_count(holder, "k"));
		json_object_put(holder);
		break;
	}
	default:
		break;
	}
	json_object_put(o);
	return 0;
}
