/* parse_emit.c - the model back to JSON with the API's own field names (for
 * --json), and indentation of stored JSON text for display. */
#include "config.h"

#include "parse.h"

#include <stdlib.h>
#include <string.h>

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

static struct json_object *execution_result_to_json(const struct wr_run_list *l,
                                                    const struct wr_run *r)
{
	struct json_object *o = json_object_new_object();

	if (o && add_json_text(o, "result", model_run_result(l, r)) &&
	    add_string(o, "logs", model_run_logs(l, r)) &&
	    add_object(o, "workerStats", metrics_to_json(&r->metrics)))
		return o;
	json_object_put(o);
	return NULL;
}

static struct json_object *run_to_json(const struct wr_run_list *l, const struct wr_run *r)
{
	struct json_object *o = json_object_new_object();

	if (o && add_string(o, "historyEntryId", r->id) &&
	    add_string(o, "workerKey", r->worker_key) &&
	    add_string(o, "workerType", r->worker_type) &&
	    add_string(o, "workerProjectKey", r->project_key) &&
	    add_string(o, "executionStatus", r->status) &&
	    add_json_text(o, "executionPayload", model_run_payload(l, r)) &&
	    add_object(o, "executionResult", execution_result_to_json(l, r)) &&
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
static bool write_json(FILE *f, struct json_object *o, bool pretty, bool indent)
{
	size_t len, safe_len;
	const char *text = json_object_to_json_string_length(
		o, pretty ? PARSE_JSON_PRETTY : PARSE_JSON_COMPACT, &len);
	char *safe;
	bool ok;

	if (!text)
		return false;
	safe_len = sanitize_json(NULL, text, len);
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

/* Writes o and a newline, then puts o. */
static bool emit_object(FILE *f, struct json_object *o, bool pretty)
{
	bool ok = o && write_json(f, o, pretty, false) && write_bytes(f, "\n", 1);

	json_object_put(o);
	return ok && !ferror(f);
}

bool parse_emit_run(FILE *f, const struct wr_run_list *l, const struct wr_run *r, bool pretty)
{
	return emit_object(f, run_to_json(l, r), pretty);
}

bool parse_emit_runs(FILE *f, const struct wr_run_list *l, const struct wr_run *const *runs,
                     size_t n, bool pretty)
{
	size_t i;

	if (n == 0)
		return write_bytes(f, "[]\n", 3) && !ferror(f);
	if (!write_bytes(f, pretty ? "[\n  " : "[", pretty ? 4 : 1))
		return false;
	for (i = 0; i < n; i++) {
		struct json_object *o = run_to_json(l, runs[i]);
		bool ok = o && write_json(f, o, pretty, pretty);

		json_object_put(o);
		if (!ok)
			return false;
		if (i + 1 < n && !write_bytes(f, pretty ? ",\n  " : ",", pretty ? 4 : 1))
			return false;
	}
	return write_bytes(f, pretty ? "\n]\n" : "]\n", pretty ? 3 : 2) && !ferror(f);
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

	if (!parse_json_text(json, &o))
		return NULL;
	text = json_object_to_json_string_ext(o, PARSE_JSON_PRETTY);
	if (text)
		out = strdup(text);
	json_object_put(o);
	return out;
}
