/* parse.c - Workers API JSON to the model: the history (streamed, one entry
 * at a time), the worker list and the rerun result. */
#include "config.h"

#include "parse.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonsplit.h"
#include "parse_entry.h"
#include "parse_json.h"
#include "spool.h"

/* One history entry may not be larger than this (a single-object history is
 * one entry). It also keeps every entry within json-c's int lengths. */
#define PARSE_MAX_ENTRY_MIB 64
#define PARSE_MAX_ENTRY ((size_t)PARSE_MAX_ENTRY_MIB * 1024 * 1024)

/* ---- copying values out of json-c --------------------------------------- */

/* U+FFFD REPLACEMENT CHARACTER: stands for a NUL (\u0000) inside a string,
 * which would otherwise end the C string and hide the rest of it. */
static const char replacement[] = "\xEF\xBF\xBD";

/* s[0..n) with each NUL replaced; a malloc'd, NUL-terminated copy. */
static char *dup_replacing_nul(const char *s, size_t n)
{
	size_t nuls = 0, i, k = 0;
	char *out;

	for (i = 0; i < n; i++)
		nuls += s[i] == '\0';
	if (nuls > (SIZE_MAX - 1 - n) / 2)
		return NULL;
	out = malloc(n + 2 * nuls + 1);
	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '\0') {
			memcpy(out + k, replacement, 3);
			k += 3;
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	return out;
}

/* A copy of the bytes of JSON string v, in arena a when given, else
 * malloc'd. NULL when out of memory. */
static char *copy_string(struct wr_arena *a, struct json_object *v)
{
	const char *s = json_object_get_string(v);
	size_t n = (size_t)json_object_get_string_len(v);
	char *heap;

	if (!memchr(s, '\0', n)) {
		if (a)
			return arena_strndup(a, s, n);
		heap = malloc(n + 1);
		if (heap) {
			memcpy(heap, s, n);
			heap[n] = '\0';
		}
		return heap;
	}
	heap = dup_replacing_nul(s, n);
	if (heap && a) {
		char *in_arena = arena_strdup(a, heap);

		free(heap);
		return in_arena;
	}
	return heap;
}

/* The string member key of o copied into *out (NULL when absent or not a
 * string). False only when out of memory. */
static bool take_string(struct wr_arena *a, struct json_object *o, const char *key, char **out)
{
	struct json_object *v = parse_json_member(o, key, json_type_string);

	*out = NULL;
	if (!v)
		return true;
	*out = copy_string(a, v);
	return *out != NULL;
}

/* Member key of o, any JSON including null, as JSON text printed with
 * flags (PARSE_JSON_COMPACT or PARSE_JSON_PRETTY) in *out, malloc'd; NULL
 * when the key is absent. False only when out of memory. */
static bool take_json(struct json_object *o, const char *key, int flags, char **out)
{
	struct json_object *v;
	const char *text;
	size_t len;

	*out = NULL;
	if (!o || !json_object_object_get_ex(o, key, &v))
		return true;
	/* A JSON null (v == NULL) gives "null". */
	text = json_object_to_json_string_length(v, flags, &len);
	if (!text)
		return false;
	*out = strndup(text, len);
	return *out != NULL;
}

static struct wr_metrics metrics_from(struct json_object *o)
{
	struct wr_metrics m = model_metrics_none();

	if (!o)
		return m;
	m.cpu_ms = parse_json_count(o, "cpuTimeMillis");
	m.mem_bytes = parse_json_count(o, "topMemoryUsageBytes");
	m.duration_ms = parse_json_count(o, "executionDurationMillis");
	return m;
}

size_t parse_budget(size_t max_body)
{
	return max_body > SIZE_MAX / PARSE_BUDGET_FACTOR ? SIZE_MAX
	                                                 : max_body * PARSE_BUDGET_FACTOR;
}

static size_t add_sat(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t mib_ceil(size_t bytes)
{
	return bytes / (1024 * 1024) + (bytes % (1024 * 1024) != 0);
}

/* what ("history", "worker list", "rerun result") would take more than
 * budget bytes: WR_ERR_TOO_BIG. */
static bool over_budget(struct wr_error *err, const char *what, size_t budget)
{
	wr_error_set(err, WR_ERR_TOO_BIG, 0,
	             "the %s is larger than --max-body allows (it would take more than %zu MiB "
	             "of memory)", what, mib_ceil(budget));
	return false;
}

static bool nomem(struct wr_error *err, const char *what)
{
	wr_error_set(err, WR_ERR_NOMEM, 0, "%s: out of memory", what);
	return false;
}

/* ---- one history entry -------------------------------------------------- */

/* The string member key of o into a run's field, in the list's arena. */
static bool take_run_string(struct wr_arena *a, struct json_object *o, const char *key,
                            const char **field)
{
	char *s;

	if (!take_string(a, o, key, &s))
		return false;
	*field = s;
	return true;
}

static bool run_strings(struct wr_arena *a, struct json_object *o, struct wr_run *r)
{
	return take_run_string(a, o, "historyEntryId", &r->id) &&
	       take_run_string(a, o, "workerKey", &r->worker_key) &&
	       take_run_string(a, o, "workerType", &r->worker_type) &&
	       take_run_string(a, o, "workerProjectKey", &r->project_key) &&
	       take_run_string(a, o, "executionStatus", &r->status) &&
	       take_run_string(a, o, "triggeredBy", &r->triggered_by) &&
	       take_run_string(a, o, "executedVersion", &r->executed_version) &&
	       take_run_string(a, o, "traceId", &r->trace_id);
}

/* Does the string member key of o hold a NUL (\u0000), which the copy
 * replaces? */
static bool has_nul(struct json_object *o, const char *key)
{
	struct json_object *v = parse_json_member(o, key, json_type_string);

	return v && memchr(json_object_get_string(v), '\0',
	                   (size_t)json_object_get_string_len(v)) != NULL;
}

/* Maps one history entry object onto run r (fresh from
 * model_run_list_push): json-c's reading, for what the fast reader left
 * to it. */
static bool run_from_json(struct wr_arena *a, struct json_object *o, struct wr_run *r)
{
	struct json_object *result = parse_json_member(o, "executionResult", json_type_object);

	if (!run_strings(a, o, r))
		return false;
	/* What a rerun would send must be the server's own bytes. */
	r->altered = has_nul(o, "historyEntryId") || has_nul(o, "workerKey") ||
	             has_nul(o, "workerProjectKey");
	r->kind = model_status_kind(r->status);
	r->start_ms = parse_json_count(o, "startTimeMillis");
	r->end_ms = parse_json_count(o, "endTimeMillis");
	r->test_run = parse_json_flag(o, "testRun");
	r->metrics = metrics_from(parse_json_member(result, "workerStats", json_type_object));
	return true;
}

/* ---- the streaming history ---------------------------------------------- */

struct parse_history {
	struct wr_run_list *out;
	struct entry_intern *intern; /* strings kept once, in out's arena */
	struct jsonsplit *split;
	struct json_tokener *tok;
	struct wr_error err; /* the first failure, repeated by later calls */
	bool failed;
	struct parse_history_stats stats;
	size_t budget; /* 0: none */
};

/* The memory the list holds: its array (as allocated) and its arena. */
static size_t history_used(const struct wr_run_list *l)
{
	return add_sat(l->cap * sizeof *l->v, arena_bytes(l->arena));
}

/* Would the list, after one more run, and json-c's tree of tree bytes pass
 * the budget? Counts the array as it will be when it grows. */
static bool history_over(const struct parse_history *h, size_t tree)
{
	const struct wr_run_list *l = h->out;
	size_t cap = l->n < l->cap ? l->cap : l->cap ? 2 * l->cap : 64;
	size_t used;

	if (!h->budget)
		return false;
	used = add_sat(cap > SIZE_MAX / sizeof *l->v ? SIZE_MAX : cap * sizeof *l->v,
	               arena_bytes(l->arena));
	return add_sat(used, tree) > h->budget;
}

static const char *type_phrase(enum jw_type t)
{
	switch (t) {
	case JW_NULL: return "null";
	case JW_TRUE:
	case JW_FALSE: return "a boolean";
	case JW_NUMBER: return "a number";
	case JW_OBJECT: return "an object";
	case JW_ARRAY: return "an array";
	case JW_STRING: return "a string";
	case JW_NONE: break;
	}
	return "a value";
}

static enum jw_type json_type_of(struct json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null: return JW_NULL;
	case json_type_boolean: return JW_TRUE;
	case json_type_double:
	case json_type_int: return JW_NUMBER;
	case json_type_object: return JW_OBJECT;
	case json_type_array: return JW_ARRAY;
	case json_type_string: return JW_STRING;
	}
	return JW_NONE;
}

/* Does object o carry a field that only a history entry has? */
static bool looks_like_entry(struct json_object *o)
{
	return parse_json_member(o, "historyEntryId", json_type_string) ||
	       parse_json_member(o, "workerKey", json_type_string) ||
	       parse_json_member(o, "executionStatus", json_type_string) ||
	       parse_json_count(o, "startTimeMillis") != WR_NONE;
}

/* json-c's view of an element, as the fast reader gives it. */
static void json_kind(struct json_object *o, struct entry_kind *kind)
{
	kind->type = json_type_of(o);
	kind->entry = kind->type == JW_OBJECT && looks_like_entry(o);
	kind->first_member[0] = '\0';
	if (kind->type == JW_OBJECT) {
		struct json_object_iterator it = json_object_iter_begin(o);
		struct json_object_iterator end = json_object_iter_end(o);

		if (!json_object_iter_equal(&it, &end))
			snprintf(kind->first_member, sizeof kind->first_member, "%s",
			         json_object_iter_peek_name(&it));
	}
}

/* Counts an element, and remembers it when it is the first non-entry. */
static void history_count(struct parse_history *h, const struct entry_kind *kind, size_t offset)
{
	struct parse_history_stats *st = &h->stats;

	st->elements++;
	if (kind->entry)
		return;
	if (st->not_entries++ > 0)
		return;
	st->first_index = st->elements - 1;
	st->first_offset = offset;
	st->first_type = type_phrase(kind->type);
	memcpy(st->first_member, kind->first_member, sizeof st->first_member);
}

/* Keeps the entry's bytes in the list's spool, for its text. */
static bool history_keep(struct parse_history *h, struct wr_run *r, const char *p, size_t n)
{
	struct wr_run_list *l = h->out;

	if (!l->spool && !(l->spool = spool_new())) {
		wr_error_set(&h->err, WR_ERR_SYSTEM, 0,
		             "history: no temporary file for the runs' text (TMPDIR, else /tmp): %s",
		             strerror(errno));
		return false;
	}
	if (!spool_append(l->spool, p, n, &r->entry_off)) {
		wr_error_set(&h->err, WR_ERR_SYSTEM, 0,
		             "history: cannot keep the runs' text in a temporary file (TMPDIR, "
		             "else /tmp): %s", strerror(errno));
		return false;
	}
	r->entry_len = (uint32_t)n;
	return true;
}

/* The element json-c's way: what the fast reader was unsure of. Either
 * json-c finds the error and words it, or it reads what the reader would
 * not vouch for (json-c's extensions, odd escapes) with its own meaning. */
static bool history_element_json(struct parse_history *h, const char *p, size_t n,
                                 size_t offset, struct entry_kind *kind)
{
	struct wr_run_list *l = h->out;
	struct json_object *o;
	struct wr_run *r;
	bool ok = true;

	/* Before json-c builds the entry's tree: the runs so far, the next
	 * one's place in the array and that tree must fit the budget. */
	if (h->budget && history_over(h, parse_json_tree_estimate(p, n)))
		return over_budget(&h->err, "history", h->budget);
	if (!parse_json_value(h->tok, "history", p, n, offset, &o, &h->err))
		return false;
	json_kind(o, kind);
	if (kind->type == JW_OBJECT) {
		r = model_run_list_push(l);
		ok = r && run_from_json(l->arena, o, r);
		if (r && !ok)
			l->n--; /* what it took of the arena is lost until the list dies */
		if (!ok)
			nomem(&h->err, "history");
		ok = ok && history_keep(h, r, p, n);
	}
	json_object_put(o);
	return ok;
}

/* Counts an element, then checks the budget against the runs so far. */
static bool history_counted(struct parse_history *h, const struct entry_kind *kind,
                            size_t offset)
{
	history_count(h, kind, offset);
	if (h->budget && history_used(h->out) > h->budget)
		return over_budget(&h->err, "history", h->budget);
	return true;
}

enum read_outcome { READ_DONE, READ_UNSURE, READ_FAILED };

/* The fast reader on the element at p: its fields into a new run when it
 * is an object (pushed first, so that its strings go straight into the
 * arena), its bytes into the spool, counted. With end, the element is the
 * object p starts with and *end gets its length; else it is all n bytes.
 * READ_UNSURE: nothing was kept, json-c's turn. READ_FAILED: h->err says
 * why. */
static enum read_outcome history_read_fast(struct parse_history *h, const char *p, size_t n,
                                           size_t offset, size_t *end)
{
	struct wr_run_list *l = h->out;
	struct entry_kind kind;
	struct wr_run *r = NULL;
	enum entry_status st;

	if (n > 0 && p[0] == '{' && !(r = model_run_list_push(l))) {
		nomem(&h->err, "history");
		return READ_FAILED;
	}
	st = entry_extract(p, n, l->arena, h->intern, r, &kind, end);
	if (st != ENTRY_OK) {
		if (r)
			l->n--;
		if (st == ENTRY_UNSURE)
			return READ_UNSURE;
		nomem(&h->err, "history");
		return READ_FAILED;
	}
	if (r && !history_keep(h, r, p, end ? *end : n))
		return READ_FAILED;
	return history_counted(h, &kind, offset) ? READ_DONE : READ_FAILED;
}

/* One complete top-level element (jsonsplit hands it out from its first
 * byte): the fast reader's, else json-c's. */
static bool history_element(void *ctx, const char *p, size_t n, size_t offset)
{
	struct parse_history *h = ctx;
	struct entry_kind kind;

	if (h->budget && history_over(h, 0))
		return over_budget(&h->err, "history", h->budget);
	switch (history_read_fast(h, p, n, offset, NULL)) {
	case READ_DONE:
		return true;
	case READ_FAILED:
		return false;
	case READ_UNSURE:
		break;
	}
	return history_element_json(h, p, n, offset, &kind) && history_counted(h, &kind, offset);
}

/* An element where it starts, in one pass: an entry that ends within the
 * chunk, read by the fast reader. Anything else goes the ordinary way. */
static enum jsonsplit_take history_take(void *ctx, const char *p, size_t avail, size_t offset,
                                        size_t *used)
{
	struct parse_history *h = ctx;

	if (p[0] != '{' || (h->budget && history_over(h, 0)))
		return JSONSPLIT_DECLINED;
	switch (history_read_fast(h, p, avail, offset, used)) {
	case READ_DONE:
		return JSONSPLIT_TAKEN;
	case READ_FAILED:
		return JSONSPLIT_TAKE_FAILED;
	case READ_UNSURE:
		break;
	}
	return JSONSPLIT_DECLINED; /* cut by the chunk's end, or json-c's */
}

void parse_history_set_budget(struct parse_history *h, size_t bytes)
{
	h->budget = bytes;
}

void parse_history_stats(const struct parse_history *h, struct parse_history_stats *out)
{
	*out = h->stats;
	out->top_object = jsonsplit_top_is_object(h->split);
}

struct parse_history *parse_history_new(struct wr_run_list *out)
{
	struct parse_history *h = calloc(1, sizeof *h);

	if (!h)
		return NULL;
	h->out = out;
	h->split = jsonsplit_new(PARSE_MAX_ENTRY, history_element, h);
	if (h->split)
		jsonsplit_set_take(h->split, history_take);
	h->tok = parse_json_tokener();
	h->intern = entry_intern_new();
	if (!h->split || !h->tok || !h->intern) {
		parse_history_free(h);
		return NULL;
	}
	return h;
}

void parse_history_free(struct parse_history *h)
{
	if (!h)
		return;
	jsonsplit_free(h->split);
	entry_intern_free(h->intern);
	if (h->tok)
		json_tokener_free(h->tok);
	free(h);
}

/* Turns a scanner failure into the parser's error (a callback failure has
 * already set it). */
static void history_split_error(struct parse_history *h, enum jsonsplit_status st)
{
	struct wr_error *e = &h->err;
	size_t at = jsonsplit_error_offset(h->split);
	char name[8];

	parse_json_byte_name(jsonsplit_error_byte(h->split), name);
	switch (st) {
	case JSONSPLIT_OK:
	case JSONSPLIT_ERR_CALLBACK:
		break;
	case JSONSPLIT_ERR_START:
		wr_error_set(e, WR_ERR_PARSE, 0,
		             "history: expected '[' or '{' but found %s at byte %zu", name, at);
		break;
	case JSONSPLIT_ERR_VALUE:
		wr_error_set(e, WR_ERR_PARSE, 0, "history: unexpected %s at byte %zu", name, at);
		break;
	case JSONSPLIT_ERR_SEPARATOR:
		wr_error_set(e, WR_ERR_PARSE, 0,
		             "history: expected ',' or ']' but found %s at byte %zu", name, at);
		break;
	case JSONSPLIT_ERR_TRAILING:
		wr_error_set(e, WR_ERR_PARSE, 0,
		             "history: unexpected %s after the end of the document at byte %zu",
		             name, at);
		break;
	case JSONSPLIT_ERR_EMPTY:
		wr_error_set(e, WR_ERR_PARSE, 0, "history: empty document");
		break;
	case JSONSPLIT_ERR_END_IN_ELEMENT:
		wr_error_set(e, WR_ERR_PARSE, 0, "history: document ends inside an entry");
		break;
	case JSONSPLIT_ERR_END_IN_ARRAY:
		wr_error_set(e, WR_ERR_PARSE, 0, "history: document ends before its closing ']'");
		break;
	case JSONSPLIT_ERR_TOO_BIG:
		wr_error_set(e, WR_ERR_TOO_BIG, 0,
		             "history: the entry at byte %zu is larger than %d MiB", at,
		             PARSE_MAX_ENTRY_MIB);
		break;
	case JSONSPLIT_ERR_NOMEM:
		nomem(e, "history");
		break;
	}
}

static bool history_result(struct parse_history *h, enum jsonsplit_status st,
                           struct wr_error *err)
{
	if (st != JSONSPLIT_OK && !h->failed) {
		history_split_error(h, st);
		h->failed = true;
	}
	if (!h->failed)
		return true;
	if (err)
		*err = h->err;
	return false;
}

bool parse_history_feed(struct parse_history *h, const char *buf, size_t n, struct wr_error *err)
{
	if (h->failed)
		return history_result(h, JSONSPLIT_OK, err);
	return history_result(h, jsonsplit_feed(h->split, buf, n), err);
}

bool parse_history_finish(struct parse_history *h, struct wr_error *err)
{
	if (h->failed)
		return history_result(h, JSONSPLIT_OK, err);
	return history_result(h, jsonsplit_finish(h->split), err);
}

bool parse_history(const char *buf, size_t n, struct wr_run_list *out, struct wr_error *err)
{
	struct parse_history *h = parse_history_new(out);
	bool ok;

	if (!h)
		return nomem(err, "history");
	ok = parse_history_feed(h, buf, n, err) && parse_history_finish(h, err);
	parse_history_free(h);
	return ok;
}

/* ---- a run's text, read back -------------------------------------------- */

/* The JSON value at p[at..end) as text, compact or pretty, as json-c
 * prints it; NULL with *unsure set when the reader leaves it to json-c. */
static char *value_text(const char *p, size_t at, size_t end, bool pretty, bool *unsure,
                        bool *nomem)
{
	struct jw w;
	struct jw_buf b = { 0 };
	struct jw_out o = { &b, pretty, 0 };

	jw_init(&w, p + at, end - at);
	if (!jw_copy(&w, &o, 0) || !jw_at_end(&w)) {
		*unsure = true;
		jw_buf_free(&b);
		return NULL;
	}
	jw_put(&b, "", 1);
	if (b.failed)
		*nomem = true;
	return b.failed ? NULL : b.p;
}

/* The fast reader's text; false when it is unsure (or memory ran out,
 * *nomem). */
static bool run_text_fast(const char *p, size_t n, unsigned want, struct wr_run_text *out,
                          bool *nomem)
{
	struct entry_text t;
	bool unsure = false, pretty = want & PARSE_TEXT_PRETTY;

	if (entry_locate(p, n, &t) != ENTRY_OK)
		return false;
	if ((want & PARSE_TEXT_LOGS) && t.logs) {
		out->logs = malloc(t.logs_token.n + 1);
		if (!out->logs) {
			*nomem = true;
			return false;
		}
		out->logs[jw_unescape(&t.logs_token, out->logs, true, NULL)] = '\0';
	}
	if ((want & PARSE_TEXT_PAYLOAD) && t.payload)
		out->payload = value_text(p, t.payload_at, t.payload_end, pretty, &unsure, nomem);
	if ((want & PARSE_TEXT_RESULT) && t.result && !unsure && !*nomem)
		out->result = value_text(p, t.result_at, t.result_end, pretty, &unsure, nomem);
	return !unsure && !*nomem;
}

/* json-c's text, for what the fast reader was unsure of. */
static bool run_text_json(const char *p, size_t n, unsigned want, struct wr_run_text *out,
                          struct wr_error *err)
{
	struct json_tokener *tok = parse_json_tokener();
	struct json_object *o, *result;
	int flags = want & PARSE_TEXT_PRETTY ? PARSE_JSON_PRETTY : PARSE_JSON_COMPACT;
	bool ok;

	if (!tok)
		return nomem(err, "the run's text");
	ok = parse_json_value(tok, "the run's entry", p, n, 0, &o, err);
	json_tokener_free(tok);
	if (!ok)
		return false;
	result = parse_json_member(o, "executionResult", json_type_object);
	ok = (!(want & PARSE_TEXT_LOGS) || take_string(NULL, result, "logs", &out->logs)) &&
	     (!(want & PARSE_TEXT_PAYLOAD) || take_json(o, "executionPayload", flags, &out->payload)) &&
	     (!(want & PARSE_TEXT_RESULT) || take_json(result, "result", flags, &out->result));
	json_object_put(o);
	return ok || nomem(err, "the run's text");
}

bool parse_run_text(const struct wr_run_list *l, const struct wr_run *r, unsigned want,
                    struct wr_run_text *out, struct wr_error *err)
{
	struct jw_buf entry = { 0 };
	bool ok, nomem_fast = false;

	memset(out, 0, sizeof *out);
	if (!entry_read(l, r, &entry, err)) {
		jw_buf_free(&entry);
		return false;
	}
	if (entry.n == 0)
		return true;
	ok = run_text_fast(entry.p, entry.n, want, out, &nomem_fast);
	if (!ok && nomem_fast) {
		nomem(err, "the run's text");
	} else if (!ok) {
		parse_run_text_free(out);
		ok = run_text_json(entry.p, entry.n, want, out, err);
	}
	if (!ok)
		parse_run_text_free(out);
	jw_buf_free(&entry);
	return ok;
}

void parse_run_text_free(struct wr_run_text *t)
{
	free(t->logs);
	free(t->payload);
	free(t->result);
	memset(t, 0, sizeof *t);
}

/* ---- whole documents ---------------------------------------------------- */

static bool parse_document(const char *what, const char *buf, size_t n, struct json_object **out,
                           struct wr_error *err)
{
	struct json_tokener *tok = parse_json_tokener();
	bool ok;

	*out = NULL;
	if (!tok)
		return nomem(err, what);
	ok = parse_json_value(tok, what, buf, n, 0, out, err);
	json_tokener_free(tok);
	return ok;
}

/* ---- workers ------------------------------------------------------------ */

static bool worker_from_json(struct wr_worker *w, struct json_object *o)
{
	struct json_object *version = parse_json_member(o, "currentVersion", json_type_object);
	struct json_object *secrets = parse_json_member(o, "secrets", json_type_array);

	memset(w, 0, sizeof *w);
	w->enabled = parse_json_flag(o, "enabled");
	w->debug = parse_json_flag(o, "debug");
	w->shared = parse_json_flag(o, "shared");
	w->modified_at = parse_json_count(version, "modifiedAt");
	w->n_secrets = secrets ? json_object_array_length(secrets) : 0;
	/* sourceCode and the secrets' values are never copied. */
	return take_string(NULL, o, "key", &w->key) &&
	       take_string(NULL, o, "description", &w->description) &&
	       take_string(NULL, o, "action", &w->action) &&
	       take_string(NULL, o, "projectKey", &w->project_key) &&
	       take_string(NULL, o, "application", &w->application) &&
	       take_string(NULL, version, "modifiedBy", &w->modified_by);
}

static size_t str_bytes(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* What a worker's strings take. */
static size_t worker_bytes(const struct wr_worker *w)
{
	return str_bytes(w->key) + str_bytes(w->description) + str_bytes(w->action) +
	       str_bytes(w->project_key) + str_bytes(w->application) + str_bytes(w->modified_by);
}

/* Adds the worker of object o (skipped without a key); *strings counts the
 * bytes of the workers' strings. False only when out of memory. */
static bool worker_list_add(struct wr_worker_list *l, struct json_object *o, size_t *strings)
{
	struct wr_worker *w;

	if (!parse_json_member(o, "key", json_type_string))
		return true; /* no key: nothing to show or to ask for */
	w = model_worker_list_push(l);
	if (!w)
		return false;
	if (worker_from_json(w, o)) {
		*strings = add_sat(*strings, worker_bytes(w));
		return true;
	}
	model_worker_list_pop(l);
	return false;
}

/* The array of workers in the document: {"workers":[...]}, a bare array,
 * or one worker object (what GET /workers/{key} answers). */
static struct json_object *workers_array(struct json_object *root, bool *single,
                                         struct wr_error *err)
{
	struct json_object *v;

	*single = false;
	if (json_object_is_type(root, json_type_array))
		return root;
	if (!json_object_is_type(root, json_type_object)) {
		wr_error_set(err, WR_ERR_PARSE, 0, "workers: expected an object or an array");
		return NULL;
	}
	if (json_object_object_get_ex(root, "workers", &v)) {
		if (json_object_is_type(v, json_type_array))
			return v;
		wr_error_set(err, WR_ERR_PARSE, 0, "workers: \"workers\" is not an array");
		return NULL;
	}
	if (parse_json_member(root, "key", json_type_string)) {
		*single = true;
		return root;
	}
	wr_error_set(err, WR_ERR_PARSE, 0, "workers: no \"workers\" array");
	return NULL;
}

bool parse_workers(const char *buf, size_t n, struct wr_worker_list *out, struct wr_error *err)
{
	return parse_workers_within(buf, n, 0, out, err);
}

bool parse_workers_within(const char *buf, size_t n, size_t budget, struct wr_worker_list *out,
                          struct wr_error *err)
{
	struct json_object *root, *arr;
	bool single, ok = true;
	size_t i, len, held = 0, strings = 0;

	memset(out, 0, sizeof *out);
	/* The body and json-c's tree of it live while the workers are built. */
	if (budget) {
		held = add_sat(n, parse_json_tree_estimate(buf, n));
		if (held > budget)
			return over_budget(err, "worker list", budget);
	}
	if (!parse_document("workers", buf, n, &root, err))
		return false;
	arr = workers_array(root, &single, err);
	if (!arr) {
		json_object_put(root);
		return false;
	}
	len = single ? 1 : json_object_array_length(arr);
	for (i = 0; ok && i < len; i++) {
		struct json_object *o = single ? arr : json_object_array_get_idx(arr, i);

		if (json_object_is_type(o, json_type_object))
			ok = worker_list_add(out, o, &strings);
		if (ok && budget &&
		    add_sat(add_sat(held, strings), out->cap * sizeof *out->v) > budget) {
			json_object_put(root);
			model_worker_list_free(out);
			return over_budget(err, "worker list", budget);
		}
	}
	json_object_put(root);
	if (!ok) {
		model_worker_list_free(out);
		return nomem(err, "workers");
	}
	return true;
}

/* ---- rerun -------------------------------------------------------------- */

static struct wr_limits limits_from(struct json_object *o)
{
	struct wr_limits l = model_limits_none();

	if (!o)
		return l;
	l.max_cpu_ms = parse_json_count(o, "maxCpuTimeMillis");
	l.max_mem_bytes = parse_json_count(o, "maxMemoryUsageBytes");
	l.max_duration_ms = parse_json_count(o, "maxExecutionDurationMillis");
	if (l.max_cpu_ms >= 0 || l.max_mem_bytes >= 0 || l.max_duration_ms >= 0)
		l.source = WR_LIMITS_RERUN;
	return l;
}

/* result {data, executionStatus}; a result that is not an object is the
 * data itself. The status may also stand at the top level. */
static bool rerun_result(struct wr_rerun *r, struct json_object *root)
{
	struct json_object *result = parse_json_member(root, "result", json_type_object);

	if (result) {
		if (!take_json(result, "data", PARSE_JSON_COMPACT, &r->data_json) ||
		    !take_string(NULL, result, "executionStatus", &r->status))
			return false;
	} else if (!take_json(root, "result", PARSE_JSON_COMPACT, &r->data_json)) {
		return false;
	}
	if (!r->status && !take_string(NULL, root, "executionStatus", &r->status))
		return false;
	r->kind = model_status_kind(r->status);
	return true;
}

bool parse_rerun(const char *buf, size_t n, struct wr_rerun *out, struct wr_error *err)
{
	return parse_rerun_within(buf, n, 0, out, err);
}

bool parse_rerun_within(const char *buf, size_t n, size_t budget, struct wr_rerun *out,
                        struct wr_error *err)
{
	struct json_object *root;
	bool ok;

	memset(out, 0, sizeof *out);
	out->metrics = model_metrics_none();
	out->limits = model_limits_none();
	out->kind = WR_STATUS_OTHER;
	/* The body, json-c's tree of it, and the result's strings: copies of
	 * the body's, at most n more. */
	if (budget && add_sat(add_sat(n, n), parse_json_tree_estimate(buf, n)) > budget)
		return over_budget(err, "rerun result", budget);
	if (!parse_document("rerun", buf, n, &root, err))
		return false;
	if (!json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		wr_error_set(err, WR_ERR_PARSE, 0, "rerun: expected an object");
		return false;
	}
	out->metrics = metrics_from(parse_json_member(root, "executionMetrics", json_type_object));
	out->limits = limits_from(parse_json_member(root, "executionLimits", json_type_object));
	ok = take_string(NULL, root, "executionId", &out->execution_id) &&
	     take_string(NULL, root, "logs", &out->logs) && rerun_result(out, root);
	json_object_put(root);
	if (!ok) {
		model_rerun_free(out);
		out->metrics = model_metrics_none();
		out->limits = model_limits_none();
		out->kind = WR_STATUS_OTHER;
		return nomem(err, "rerun");
	}
	return true;
}
