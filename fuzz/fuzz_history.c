/* fuzz_history.c - the streaming history parser, fed in chunks whose sizes
 * come from the input itself, so chunk boundaries are fuzzed too.
 *
 * Differential: every input is parsed twice, the fast way (jsonwalk.c,
 * with json-c for what it is unsure of) and json-c's way alone. Both must
 * fail with the same message, or give the same runs, the same text of
 * each run and the same --json, byte for byte; else it aborts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "parse.h"
#include "parse_entry.h"

struct outcome {
	struct wr_run_list runs;
	struct wr_error err;
	bool ok;
};

static bool parse_chunks(const uint8_t *data, size_t size, size_t step, struct outcome *o)
{
	struct parse_history *p;
	size_t off = 0;

	memset(o, 0, sizeof *o);
	if (!model_run_list_init(&o->runs))
		return false;
	p = parse_history_new(&o->runs);
	if (!p)
		return false;
	o->ok = true;
	while (o->ok && off < size) {
		size_t n = size - off < step ? size - off : step;

		o->ok = parse_history_feed(p, (const char *)data + off, n, &o->err);
		off += n;
	}
	o->ok = o->ok && parse_history_finish(p, &o->err);
	parse_history_free(p);
	if (o->ok)
		model_run_list_sort_newest(&o->runs);
	return true;
}

/* The runs as JSON (the even ones pretty), malloc'd; NULL when writing
 * failed. */
static char *emit_text(const struct wr_run_list *runs, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	bool ok = f != NULL;
	size_t i;

	if (!f)
		return NULL;
	for (i = 0; ok && i < runs->n; i++)
		ok = parse_emit_run(f, runs, &runs->v[i], i % 2 == 0);
	if (fclose(f) != 0 || !ok) {
		free(text);
		return NULL;
	}
	return text;
}

static void agree(bool same)
{
	if (!same)
		abort();
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void same_text(const struct wr_run_list *la, const struct wr_run *a,
                      const struct wr_run_list *lb, const struct wr_run *b)
{
	for (unsigned pretty = 0; pretty <= PARSE_TEXT_PRETTY; pretty += PARSE_TEXT_PRETTY) {
		struct wr_run_text ta, tb;
		struct wr_error err;

		agree(parse_run_text(la, a, PARSE_TEXT_ALL | pretty, &ta, &err));
		parse_entry_force_json(true);
		agree(parse_run_text(lb, b, PARSE_TEXT_ALL | pretty, &tb, &err));
		parse_entry_force_json(false);
		agree(same_str(ta.logs, tb.logs) && same_str(ta.payload, tb.payload) &&
		      same_str(ta.result, tb.result));
		parse_run_text_free(&ta);
		parse_run_text_free(&tb);
	}
}

static void same_runs(const struct wr_run_list *la, const struct wr_run_list *lb)
{
	agree(la->n == lb->n);
	for (size_t i = 0; i < la->n; i++) {
		const struct wr_run *a = &la->v[i], *b = &lb->v[i];

		agree(same_str(a->id, b->id) && same_str(a->worker_key, b->worker_key) &&
		      same_str(a->worker_type, b->worker_type) &&
		      same_str(a->project_key, b->project_key) && same_str(a->status, b->status) &&
		      same_str(a->triggered_by, b->triggered_by) &&
		      same_str(a->executed_version, b->executed_version) &&
		      same_str(a->trace_id, b->trace_id));
		agree(a->start_ms == b->start_ms && a->end_ms == b->end_ms &&
		      a->metrics.cpu_ms == b->metrics.cpu_ms &&
		      a->metrics.mem_bytes == b->metrics.mem_bytes &&
		      a->metrics.duration_ms == b->metrics.duration_ms && a->kind == b->kind &&
		      a->test_run == b->test_run && a->altered == b->altered &&
		      a->entry_len == b->entry_len);
		same_text(la, a, lb, b);
	}
}

static void same_json(const struct wr_run_list *la, const struct wr_run_list *lb)
{
	size_t na = 0, nb = 0;
	char *ja = emit_text(la, &na), *jb;

	parse_entry_force_json(true);
	jb = emit_text(lb, &nb);
	parse_entry_force_json(false);
	agree(ja && jb && na == nb && memcmp(ja, jb, na) == 0);
	free(ja);
	free(jb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outcome fast, json;
	size_t step;

	if (size == 0)
		return 0;
	/* The first byte picks the chunk size: 1..256 bytes. */
	step = (size_t)data[0] + 1;
	data++;
	size--;
	if (parse_chunks(data, size, step, &fast)) {
		parse_entry_force_json(true);
		bool made = parse_chunks(data, size, step, &json);

		parse_entry_force_json(false);
		if (made) {
			agree(fast.ok == json.ok);
			if (fast.ok) {
				same_runs(&fast.runs, &json.runs);
				same_json(&fast.runs, &json.runs);
			} else {
				agree(fast.err.kind == json.err.kind &&
				      strcmp(fast.err.msg, json.err.msg) == 0);
			}
		}
		model_run_list_free(&json.runs);
	}
	model_run_list_free(&fast.runs);
	return 0;
}
