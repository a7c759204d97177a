/* parse_emit.c - the model back to JSON with the API's own field names (for
 * --json), and indentation of stored JSON text for display. */
#include "config.h"

#include "parse.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "jsonwalk.h"
#include "parse_entry.h"
#include "parse_json.h"
#include "sanitize.h"

/* ---- building objects --------------------------------------------------- */

/* Adds v under key, taking it; false (v put) when out of memory. */
static bool add(struct json_object *o, const char *key, struct json_object *v)
{
	if (json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return false;
	}
	return true;
}

static bool add_string(struct json_object *o, const char *key, const char *s)
{
	struct json_object *v;

	if (!s)
		return true;
	v = json_object_new_string(s);
	return v && add(o, key, v);
}

static bool add_count(struct json_object *o, const char *key, int64_t x)
{
	struct json_object *v;

	if (x < 0)
		return true;
	v = json_object_new_int64(x);
	return v && add(o, key, v);
}

static bool add_flag(struct json_object *o, const char *key, int flag)
{
	struct json_object *v;

	if (flag < 0)
		return true;
	v = json_object_new_boolean(flag != 0);
	return v && add(o, key, v);
}

/* Stored JSON text goes out as JSON again (a text that does not parse, which
 * the parser never stores, goes out as a string). */
static bool add_json_text(struct json_object *o, const char *key, const char *text)
{
	struct json_object *v;

	if (!text)
		return true;
	if (parse_json_text(text, &v))
		return add(o, key, v); /* v is NULL for JSON null: added as null */
	return add_string(o, key, text);
}

/* A new object that an adder filled, added under key unless empty. */
static bool add_object(struct json_object *o, const char *key, struct json_object *child)
{
	if (!child)
		return false;
	if (json_object_object_length(child) == 0) {
		json_object_put(child);
		return true;
	}
	return add(o, key, child);
}

static struct json_object *metrics_to_json(const struct wr_metrics *m)
{
	struct json_object *o = json_object_new_object();

	if (o && add_count(o, "cpuTimeMillis", m->cpu_ms) &&
	    add_count(o, "topMemoryUsageBytes", m->mem_bytes) &&
	    add_count(o, "executionDurationMillis", m->duration_ms))
		return o;
	json_object_put(o);
	return NULL;
}

static struct json_object *execution_result_to_json(const struct wr_run *r,
                                                    const struct wr_run_text *t)
{
	struct json_object *o = json_object_new_object();

	if (o && add_json_text(o, "result", t->result) && add_string(o, "logs", t->logs) &&
	    add_object(o, "workerStats", metrics_to_json(&r->metrics)))
		return o;
	json_object_put(o);
	return NULL;
}

/* The run as a tree, its text (t) read back by parse_run_text: the way for
 * what the fast reader leaves to json-c. run_direct below writes the same
 * bytes without the tree. */
static struct json_object *run_to_json(const struct wr_run *r, const struct wr_run_text *t)
{
	struct json_object *o = json_object_new_object();

	if (o && add_string(o, "historyEntryId", r->id) &&
	    add_string(o, "workerKey", r->worker_key) &&
	    add_string(o, "workerType", r->worker_type) &&
	    add_string(o, "workerProjectKey", r->project_key) &&
	    add_string(o, "executionStatus", r->status) &&
	    add_json_text(o, "executionPayload", t->payload) &&
	    add_object(o, "executionResult", execution_result_to_json(r, t)) &&
	    add_count(o, "startTimeMillis", r->start_ms) &&
	    add_count(o, "endTimeMillis", r->end_ms) &&
	    add_string(o, "triggeredBy", r->triggered_by) &&
	    add_flag(o, "testRun", r->test_run) &&
	    add_string(o, "executedVersion", r->executed_version) &&
	    add_string(o, "traceId", r->trace_id))
		return o;
	json_object_put(o);
	return NULL;
}

static struct json_object *limits_to_json(const struct wr_limits *l)
{
	struct json_object *o = json_object_new_object();

	if (o && add_count(o, "maxCpuTimeMillis", l->max_cpu_ms) &&
	    add_count(o, "maxMemoryUsageBytes", l->max_mem_bytes) &&
	    add_count(o, "maxExecutionDurationMillis", l->max_duration_ms))
		return o;
	json_object_put(o);
	return NULL;
}

static struct json_object *rerun_result_to_json(const struct wr_rerun *r)
{
	struct json_object *o = json_object_new_object();

	if (o && add_json_text(o, "data", r->data_json) &&
	    add_string(o, "executionStatus", r->status))
		return o;
	json_object_put(o);
	return NULL;
}

static struct json_object *rerun_to_json(const struct wr_rerun *r)
{
	struct json_object *o = json_object_new_object();

	if (o && add_string(o, "executionId", r->execution_id) &&
	    add_string(o, "logs", r->logs) &&
	    add_object(o, "executionMetrics", metrics_to_json(&r->metrics)) &&
	    add_object(o, "executionLimits", limits_to_json(&r->limits)) &&
	    add_object(o, "result", rerun_result_to_json(r)))
		return o;
	json_object_put(o);
	return NULL;
}

/* A worker without sourceCode and without secrets. */
static struct json_object *worker_to_json(const struct wr_worker *w)
{
	struct json_object *o = json_object_new_object();
	struct json_object *version = json_object_new_object();

	if (o && version && add_string(o, "key", w->key) &&
	    add_string(o, "description", w->description) &&
	    add_flag(o, "enabled", w->enabled) && add_string(o, "action", w->action) &&
	    add_string(o, "projectKey", w->project_key) &&
	    add_string(o, "application", w->application) && add_flag(o, "debug", w->debug) &&
	    add_flag(o, "shared", w->shared) &&
	    add_count(version, "modifiedAt", w->modified_at) &&
	    add_string(version, "modifiedBy", w->modified_by)) {
		if (add_object(o, "currentVersion", version))
			return o;
		version = NULL; /* add_object put it */
	}
	json_object_put(version);
	json_object_put(o);
	return NULL;
}

/* ---- writing ------------------------------------------------------------ */

static bool write_bytes(FILE *f, const char *p, size_t n)
{
	return fwrite(p, 1, n, f) == n;
}

/* Writes the text of o; with indent, every line after the first is
 * indented by two more spaces (an element inside a pretty array). JSON text
 * holds raw newlines only between tokens, never inside strings. */
static bool write_text(FILE *f, const char *text, size_t len, bool indent)
{
	const char *nl;

	if (!indent)
		return write_bytes(f, text, len);
	while ((nl = memchr(text, '\n', len)) != NULL) {
		size_t line = (size_t)(nl - text) + 1;

		if (!write_bytes(f, text, line) || !write_bytes(f, "  ", 2))
			return false;
		text += line;
		len -= line;
	}
	return write_bytes(f, text, len);
}

/* json-c writes DEL, C1 controls, bidi and invisible characters, and bytes
 * that are not UTF-8 as they are: on a terminal, U+009B is a CSI. They go
 * out as \u escapes (see sanitize_json), which says the same in JSON. */
static bool write_safe(FILE *f, const char *text, size_t len, bool indent)
{
	size_t safe_len = sanitize_json(NULL, text, len);
	char *safe;
	bool ok;

	if (safe_len == len)
		return write_text(f, text, len, indent);
	safe = malloc(safe_len);
	if (!safe)
		return false;
	sanitize_json(safe, text, len);
	ok = write_text(f, safe, safe_len, indent);
	free(safe);
	return ok;
}

static bool write_json(FILE *f, struct json_object *o, bool pretty, bool indent)
{
	size_t len;
	const char *text = json_object_to_json_string_length(
		o, pretty ? PARSE_JSON_PRETTY : PARSE_JSON_COMPACT, &len);

	return text && write_safe(f, text, len, indent);
}

/* Writes o and a newline, then puts o. */
static bool emit_object(FILE *f, struct json_object *o, bool pretty)
{
	bool ok = o && write_json(f, o, pretty, false) && write_bytes(f, "\n", 1);

	json_object_put(o);
	return ok && !ferror(f);
}

/* ---- a run, straight from its entry's bytes -------------------------------- */

/* What a run's output needs: reused from run to run. */
struct emit {
	struct jw_buf entry; /* the entry, read back from the spool */
	struct jw_buf text;  /* the run's JSON text */
	bool pretty;
};

static void member_string(struct jw_out *o, bool *first, const char *key, const char *s)
{
	if (!s)
		return;
	jw_out_member(o, 0, *first, key);
	jw_put_json_string(o->b, s, strlen(s));
	*first = false;
}

static void member_count(struct jw_out *o, int level, bool *first, const char *key, int64_t x)
{
	char num[24];

	if (x < 0)
		return;
	jw_out_member(o, level, *first, key);
	jw_put(o->b, num, (size_t)snprintf(num, sizeof num, "%" PRId64, x));
	*first = false;
}

/* A value of the entry, as json-c prints it at level; false when unsure. */
static bool member_value(struct jw_out *o, int level, bool *first, const char *key,
                         const char *entry, size_t at, size_t end)
{
	struct jw w;

	jw_out_member(o, level, *first, key);
	*first = false;
	jw_init(&w, entry + at, end - at);
	return jw_copy(&w, o, level + 1) && jw_at_end(&w);
}

static bool has_metrics(const struct wr_metrics *m)
{
	return m->cpu_ms >= 0 || m->mem_bytes >= 0 || m->duration_ms >= 0;
}

/* executionResult, when it has anything to hold. */
static bool result_direct(struct jw_out *o, bool *first, const struct wr_run *r,
                          const char *entry, const struct entry_text *t)
{
	bool inner = true, stats = true;

	if (!t->result && !t->logs && !has_metrics(&r->metrics))
		return true;
	jw_out_member(o, 0, *first, "executionResult");
	*first = false;
	jw_out_open(o, '{');
	if (t->result && !member_value(o, 1, &inner, "result", entry, t->result_at, t->result_end))
		return false;
	if (t->logs) {
		jw_out_member(o, 1, inner, "logs");
		jw_put_token(o->b, &t->logs_token, true);
		inner = false;
	}
	if (has_metrics(&r->metrics)) {
		jw_out_member(o, 1, inner, "workerStats");
		inner = false;
		jw_out_open(o, '{');
		member_count(o, 2, &stats, "cpuTimeMillis", r->metrics.cpu_ms);
		member_count(o, 2, &stats, "topMemoryUsageBytes", r->metrics.mem_bytes);
		member_count(o, 2, &stats, "executionDurationMillis", r->metrics.duration_ms);
		jw_out_close(o, '}', 2, true);
	}
	jw_out_close(o, '}', 1, true);
	return true;
}

/* The run's JSON text into e->text, byte for byte what json-c prints of
 * run_to_json's tree; false when the fast reader is unsure of the entry. */
static bool run_direct(struct emit *e, const struct wr_run *r, const char *entry, size_t n,
                       bool indent)
{
	/* Indented as write_text would indent it: in one write. */
	struct jw_out o = { &e->text, e->pretty, indent ? 1 : 0 };
	struct entry_text t = { 0 };
	bool first = true;

	e->text.n = 0;
	if (n > 0 && entry_locate(entry, n, &t) != ENTRY_OK)
		return false;
	jw_out_open(&o, '{');
	member_string(&o, &first, "historyEntryId", r->id);
	member_string(&o, &first, "workerKey", r->worker_key);
	member_string(&o, &first, "workerType", r->worker_type);
	member_string(&o, &first, "workerProjectKey", r->project_key);
	member_string(&o, &first, "executionStatus", r->status);
	if (t.payload && !member_value(&o, 0, &first, "executionPayload", entry, t.payload_at,
	                               t.payload_end))
		return false;
	if (!result_direct(&o, &first, r, entry, &t))
		return false;
	member_count(&o, 0, &first, "startTimeMillis", r->start_ms);
	member_count(&o, 0, &first, "endTimeMillis", r->end_ms);
	member_string(&o, &first, "triggeredBy", r->triggered_by);
	if (r->test_run >= 0) {
		jw_out_member(&o, 0, first, "testRun");
		jw_puts(o.b, r->test_run ? "true" : "false");
		first = false;
	}
	member_string(&o, &first, "executedVersion", r->executed_version);
	member_string(&o, &first, "traceId", r->trace_id);
	jw_out_close(&o, '}', 0, !first);
	return !e->text.failed;
}

/* The run json-c's way: for an entry the fast reader is unsure of. */
static bool run_tree(struct emit *e, const struct wr_run_list *l, const struct wr_run *r,
                     bool indent, FILE *f)
{
	struct wr_run_text t;
	struct wr_error err;
	struct json_object *o;
	bool ok;

	if (!parse_run_text(l, r, PARSE_TEXT_ALL, &t, &err))
		return false;
	o = run_to_json(r, &t);
	ok = o && write_json(f, o, e->pretty, indent);
	json_object_put(o);
	parse_run_text_free(&t);
	return ok;
}

static bool emit_one(struct emit *e, FILE *f, const struct wr_run_list *l, const struct wr_run *r,
                     bool indent)
{
	struct wr_error err;

	if (!entry_read(l, r, &e->entry, &err))
		return false;
	if (run_direct(e, r, e->entry.p, e->entry.n, indent))
		return write_safe(f, e->text.p, e->text.n, false);
	if (e->text.failed)
		return false;
	return run_tree(e, l, r, indent, f);
}

static void emit_free(struct emit *e)
{
	jw_buf_free(&e->entry);
	jw_buf_free(&e->text);
}

bool parse_emit_run(FILE *f, const struct wr_run_list *l, const struct wr_run *r, bool pretty)
{
	struct emit e = { .pretty = pretty };
	bool ok = emit_one(&e, f, l, r, false) && write_bytes(f, "\n", 1);

	emit_free(&e);
	return ok && !ferror(f);
}

bool parse_emit_runs(FILE *f, const struct wr_run_list *l, const struct wr_run *const *runs,
                     size_t n, bool pretty)
{
	struct emit e = { .pretty = pretty };
	bool ok = true;
	size_t i;

	if (n == 0)
		return write_bytes(f, "[]\n", 3) && !ferror(f);
	if (!write_bytes(f, pretty ? "[\n  " : "[", pretty ? 4 : 1))
		return false;
	for (i = 0; ok && i < n; i++) {
		ok = emit_one(&e, f, l, runs[i], pretty);
		if (ok && i + 1 < n)
			ok = write_bytes(f, pretty ? ",\n  " : ",", pretty ? 4 : 1);
	}
	emit_free(&e);
	return ok && write_bytes(f, pretty ? "\n]\n" : "]\n", pretty ? 3 : 2) && !ferror(f);
}

bool parse_emit_rerun(FILE *f, const struct wr_rerun *r, bool pretty)
{
	return emit_object(f, rerun_to_json(r), pretty);
}

bool parse_emit_workers(FILE *f, const struct wr_worker_list *l, bool pretty)
{
	struct json_object *root = json_object_new_object();
	struct json_object *arr = json_object_new_array();
	size_t i;

	if (!root || !arr || !add(root, "workers", arr)) {
		if (!root)
			json_object_put(arr);
		json_object_put(root);
		return false;
	}
	for (i = 0; i < l->n; i++) {
		struct json_object *w = worker_to_json(&l->v[i]);

		if (!w || json_object_array_add(arr, w) != 0) {
			json_object_put(w);
			json_object_put(root);
			return false;
		}
	}
	return emit_object(f, root, pretty);
}

char *parse_pretty_json(const char *json)
{
	struct json_object *o;
	const char *text;
	char *out = NULL;
	struct jw w;
	struct jw_buf b = { 0 };
	struct jw_out pretty = { &b, true, 0 };

	if (!json)
		return NULL;
	/* The fast reader first: the detail pane does this for every run it
	 * shows. json-c for what it is unsure of, as everywhere. */
	jw_init(&w, json, strlen(json));
	if (jw_copy(&w, &pretty, 0) && jw_at_end(&w)) {
		jw_put(&b, "", 1);
		if (!b.failed)
			return b.p;
	}
	jw_buf_free(&b);
	if (!parse_json_text(json, &o))
		return NULL;
	text = json_object_to_json_string_ext(o, PARSE_JSON_PRETTY);
	if (text)
		out = strdup(text);
	json_object_put(o);
	return out;
}
