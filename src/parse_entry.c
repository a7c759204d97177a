/* parse_entry.c - one history entry, read once by the fast reader. */
#include "config.h"

#include "parse_entry.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spool.h"

/* ---- fields ------------------------------------------------------------- */

enum field {
	F_OTHER,
	F_ID, F_WORKER, F_TYPE, F_PROJECT, F_STATUS, F_TRIGGER, F_VERSION, F_TRACE,
	F_START, F_END, F_TEST, F_RESULT,
};

#define NAME(s) s, sizeof s - 1
static const struct {
	const char *name;
	size_t len;
	enum field field;
} names[] = {
	{ NAME("historyEntryId"), F_ID },
	{ NAME("workerKey"), F_WORKER },
	{ NAME("workerType"), F_TYPE },
	{ NAME("workerProjectKey"), F_PROJECT },
	{ NAME("executionStatus"), F_STATUS },
	{ NAME("triggeredBy"), F_TRIGGER },
	{ NAME("executedVersion"), F_VERSION },
	{ NAME("traceId"), F_TRACE },
	{ NAME("startTimeMillis"), F_START },
	{ NAME("endTimeMillis"), F_END },
	{ NAME("testRun"), F_TEST },
	{ NAME("executionResult"), F_RESULT },
};

static enum field field_of(const struct jw_str *key)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((key->escaped || (key->n == names[i].len && key->raw[0] == names[i].name[0])) &&
		    jw_str_is_n(key, names[i].name, names[i].len))
			return names[i].field;
	return F_OTHER;
}

static bool force_json;

void parse_entry_force_json(bool on)
{
	force_json = on;
}

/* ---- strings kept once --------------------------------------------------- */

/* Past this many, new strings are no longer kept in the table (a field
 * that never repeats, such as a version per run, would only fill it). */
enum { INTERN_MAX = 1 << 16 };

struct interned {
	const char *s; /* in the arena; NULL: a free slot */
	uint32_t len, hash;
};

struct entry_intern {
	struct interned *v;
	size_t n, cap; /* cap: a power of two, at most half full */
};

struct entry_intern *entry_intern_new(void)
{
	return calloc(1, sizeof(struct entry_intern));
}

void entry_intern_free(struct entry_intern *t)
{
	if (t)
		free(t->v);
	free(t);
}

static uint32_t fnv1a(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct interned *intern_slot(struct entry_intern *t, const char *s, size_t n, uint32_t h)
{
	size_t mask = t->cap - 1, i = h & mask;

	while (t->v[i].s && !(t->v[i].hash == h && t->v[i].len == n && memcmp(t->v[i].s, s, n) == 0))
		i = (i + 1) & mask;
	return &t->v[i];
}

static bool intern_grow(struct entry_intern *t)
{
	struct entry_intern bigger = { .cap = t->cap ? 2 * t->cap : 64, .n = t->n };

	bigger.v = calloc(bigger.cap, sizeof *bigger.v);
	if (!bigger.v)
		return false;
	for (size_t i = 0; i < t->cap; i++)
		if (t->v[i].s)
			*intern_slot(&bigger, t->v[i].s, t->v[i].len, t->v[i].hash) = t->v[i];
	free(t->v);
	*t = bigger;
	return true;
}

/* The kept copy of s[0..n) (NUL-terminated at n), or s after keeping it;
 * s itself when it cannot be kept. */
static const char *intern(struct entry_intern *t, const char *s, size_t n)
{
	uint32_t h = fnv1a(s, n);
	struct interned *slot;

	if (n > UINT32_MAX)
		return s;
	if (t->cap) {
		slot = intern_slot(t, s, n, h);
		if (slot->s)
			return slot->s;
	}
	if (t->n >= INTERN_MAX || (2 * (t->n + 1) > t->cap && !intern_grow(t)))
		return s;
	slot = intern_slot(t, s, n, h);
	*slot = (struct interned){ s, (uint32_t)n, h };
	t->n++;
	return s;
}

/* ---- an entry's fields --------------------------------------------------- */

struct extract {
	struct jw w;
	struct wr_run *r;
	struct wr_arena *arena;
	struct entry_intern *intern; /* NULL: keep every string apart */
	struct jw_str name; /* the first member's, once named */
	bool named;
	bool nomem;
	/* Each of them had a NUL; the last value counts. */
	bool nul_id, nul_worker, nul_project;
	/* A field only an entry has (a string, or a start time). */
	bool entry_id, entry_worker, entry_status, entry_start;
};

/* A string member's value into *out, in the arena (once, when it repeats
 * and x keeps strings once); NULL when the value is of another type. */
static bool take_string(struct extract *x, const char **out, bool *had_nul, bool repeats)
{
	struct jw_str s;
	const char *kept;
	char *copy;
	size_t len;

	*out = NULL;
	if (had_nul)
		*had_nul = false;
	if (jw_peek(&x->w) != JW_STRING)
		return jw_skip(&x->w);
	if (!jw_string(&x->w, &s))
		return false;
	/* U+FFFD for a NUL is 3 bytes where \u0000 took 6: never longer. */
	copy = arena_alloc(x->arena, s.n + 1);
	if (!copy) {
		x->nomem = true;
		return false;
	}
	len = jw_unescape(&s, copy, true, had_nul);
	copy[len] = '\0';
	kept = repeats && x->intern ? intern(x->intern, copy, len) : copy;
	/* Escapes made it shorter; a string kept before needs none of it. */
	arena_shrink_last(x->arena, copy, s.n + 1, kept == copy ? len + 1 : 0);
	*out = kept;
	return true;
}

/* A count member (parse_json_count): WR_NONE unless a number. */
static bool take_count(struct jw *w, int64_t *out)
{
	struct jw_num num;

	*out = WR_NONE;
	if (jw_peek(w) != JW_NUMBER)
		return jw_skip(w);
	if (!jw_number(w, &num))
		return false;
	*out = jw_count(&num);
	return true;
}

/* A flag member (parse_json_flag): -1 unless a boolean. */
static bool take_flag(struct jw *w, int *out)
{
	enum jw_type t = jw_peek(w);

	*out = t == JW_TRUE ? 1 : t == JW_FALSE ? 0 : -1;
	return t == JW_TRUE || t == JW_FALSE ? jw_literal(w) : jw_skip(w);
}

/* A member of executionResult.workerStats (ctx: the metrics). */
static bool stats_member(struct jw *w, const struct jw_str *key, void *ctx)
{
	struct wr_metrics *m = ctx;
	int64_t *to = NULL;

	if (jw_str_is(key, "cpuTimeMillis"))
		to = &m->cpu_ms;
	else if (jw_str_is(key, "topMemoryUsageBytes"))
		to = &m->mem_bytes;
	else if (jw_str_is(key, "executionDurationMillis"))
		to = &m->duration_ms;
	return to ? take_count(w, to) : jw_skip(w);
}

/* A member of executionResult: only its workerStats go into the run. */
static bool result_member(struct jw *w, const struct jw_str *key, void *ctx)
{
	struct wr_metrics *m = ctx;

	if (!jw_str_is(key, "workerStats"))
		return jw_skip(w);
	/* The last workerStats counts, whole. */
	*m = model_metrics_none();
	return jw_members(w, stats_member, m);
}

static bool take_result(struct jw *w, struct wr_metrics *m)
{
	*m = model_metrics_none();
	return jw_members(w, result_member, m);
}

static bool take_field(struct extract *x, enum field f)
{
	struct wr_run *r = x->r;
	bool ok;

	switch (f) {
	case F_ID:
		ok = take_string(x, &r->id, &x->nul_id, false);
		x->entry_id = r->id != NULL;
		return ok;
	case F_WORKER:
		ok = take_string(x, &r->worker_key, &x->nul_worker, true);
		x->entry_worker = r->worker_key != NULL;
		return ok;
	case F_TYPE: return take_string(x, &r->worker_type, NULL, true);
	case F_PROJECT: return take_string(x, &r->project_key, &x->nul_project, true);
	case F_STATUS:
		ok = take_string(x, &r->status, NULL, true);
		x->entry_status = r->status != NULL;
		return ok;
	case F_TRIGGER: return take_string(x, &r->triggered_by, NULL, true);
	case F_VERSION: return take_string(x, &r->executed_version, NULL, true);
	case F_TRACE: return take_string(x, &r->trace_id, NULL, false);
	case F_START:
		ok = take_count(&x->w, &r->start_ms);
		/* json-c's parse_json_count says WR_NONE for a negative number. */
		x->entry_start = r->start_ms != WR_NONE;
		return ok;
	case F_END: return take_count(&x->w, &r->end_ms);
	case F_TEST: return take_flag(&x->w, &r->test_run);
	case F_RESULT: return take_result(&x->w, &r->metrics);
	case F_OTHER: break;
	}
	return jw_skip(&x->w);
}

/* A member of the entry (ctx: the extract). */
static bool entry_member(struct jw *w, const struct jw_str *key, void *ctx)
{
	struct extract *x = ctx;

	(void)w; /* x->w */
	if (!x->named) {
		x->name = *key;
		x->named = true;
	}
	return take_field(x, field_of(key));
}

/* The first member's name, cut as history_count cuts json-c's. */
static bool first_member(struct extract *x, const struct jw_str *key, char out[48])
{
	char *name = malloc(key->n + 1);

	if (!name) {
		x->nomem = true;
		return false;
	}
	name[jw_unescape(key, name, false, NULL)] = '\0';
	snprintf(out, 48, "%s", name);
	free(name);
	return true;
}

enum entry_status entry_extract(const char *p, size_t n, struct wr_arena *a,
                                struct entry_intern *intern, struct wr_run *r,
                                struct entry_kind *kind, size_t *end)
{
	struct extract x = { .arena = a, .intern = intern, .r = r };

	if (force_json)
		return ENTRY_UNSURE;
	jw_init(&x.w, p, n);
	kind->type = jw_peek(&x.w);
	kind->entry = false;
	kind->first_member[0] = '\0';
	if (kind->type != JW_OBJECT)
		return jw_skip(&x.w) && jw_at_end(&x.w) ? ENTRY_OK : ENTRY_UNSURE;
	if (!r)
		return ENTRY_UNSURE;
	jw_members(&x.w, entry_member, &x);
	if (x.nomem)
		return ENTRY_NOMEM;
	if (x.w.unsure || (!end && !jw_at_end(&x.w)))
		return ENTRY_UNSURE;
	if (end)
		*end = x.w.i;
	r->altered = x.nul_id || x.nul_worker || x.nul_project;
	r->kind = model_status_kind(r->status);
	kind->entry = x.entry_id || x.entry_worker || x.entry_status || x.entry_start;
	/* Only an object that is no entry is ever named. */
	if (!kind->entry && x.named && !first_member(&x, &x.name, kind->first_member))
		return ENTRY_NOMEM;
	return ENTRY_OK;
}

/* ---- text ----------------------------------------------------------------- */

/* The value at the reader's position: its range. */
static bool value_range(struct jw *w, size_t *at, size_t *end)
{
	jw_peek(w); /* past whitespace */
	*at = w->i;
	if (!jw_skip(w))
		return false;
	*end = w->i;
	return true;
}

/* A member of executionResult (ctx: the entry_text). */
static bool result_text_member(struct jw *w, const struct jw_str *key, void *ctx)
{
	struct entry_text *t = ctx;

	if (jw_str_is(key, "result")) {
		t->result = true;
		return value_range(w, &t->result_at, &t->result_end);
	}
	if (!jw_str_is(key, "logs"))
		return jw_skip(w);
	t->logs = jw_peek(w) == JW_STRING;
	return t->logs ? jw_string(w, &t->logs_token) : jw_skip(w);
}

/* A member of the entry (ctx: the entry_text). */
static bool text_member(struct jw *w, const struct jw_str *key, void *ctx)
{
	struct entry_text *t = ctx;

	if (jw_str_is(key, "executionPayload")) {
		t->payload = true;
		return value_range(w, &t->payload_at, &t->payload_end);
	}
	if (!jw_str_is(key, "executionResult"))
		return jw_skip(w);
	/* Only the last executionResult counts, whole. */
	t->result = t->logs = false;
	return jw_members(w, result_text_member, t);
}

enum entry_status entry_locate(const char *p, size_t n, struct entry_text *t)
{
	struct jw w;

	memset(t, 0, sizeof *t);
	if (force_json)
		return ENTRY_UNSURE;
	jw_init(&w, p, n);
	if (jw_peek(&w) != JW_OBJECT || !jw_members(&w, text_member, t) || !jw_at_end(&w))
		return ENTRY_UNSURE;
	return ENTRY_OK;
}

bool entry_read(const struct wr_run_list *l, const struct wr_run *r, struct jw_buf *into,
                struct wr_error *err)
{
	into->n = 0;
	if (r->entry_len == 0)
		return true;
	if (!l->spool) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "the run's text is not kept");
		return false;
	}
	if (into->cap < r->entry_len) {
		jw_buf_free(into);
		into->p = malloc(r->entry_len);
		if (!into->p) {
			wr_error_set(err, WR_ERR_NOMEM, 0, "the run's text: out of memory");
			return false;
		}
		into->cap = r->entry_len;
	}
	if (!spool_read(l->spool, r->entry_off, r->entry_len, into->p)) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "the run's text cannot be read back: %s",
		             strerror(errno));
		return false;
	}
	into->n = r->entry_len;
	return true;
}
