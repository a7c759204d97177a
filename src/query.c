/* query.c - the run query (see query.h). */
#include "config.h"

#include "query.h"

#include <stdlib.h>
#include <string.h>

void query_init(struct wr_query *q)
{
	memset(q, 0, sizeof *q);
	q->since_ms = q->until_ms = WR_NONE;
	q->sort = WR_SORT_START;
}

const char *query_sort_name(enum wr_sort s)
{
	static const char *const names[WR_SORT_COUNT] = {
		"start", "duration", "cpu", "memory", "status",
	};

	return s < WR_SORT_COUNT ? names[s] : "start";
}

static bool has(const char *field, const char *text)
{
	return field && strcasestr(field, text) != NULL;
}

bool query_match(const struct wr_query *q, const struct wr_run *r)
{
	if (q->worker_key && (!r->worker_key || strcmp(r->worker_key, q->worker_key) != 0))
		return false;
	if (q->failed && !model_run_failed(r))
		return false;
	if (q->since_ms != WR_NONE && (r->start_ms < 0 || r->start_ms < q->since_ms))
		return false;
	if (q->until_ms != WR_NONE && (r->start_ms < 0 || r->start_ms > q->until_ms))
		return false;
	if (q->text && *q->text) {
		const char *t = q->text;

		return has(r->worker_key, t) || has(r->status, t) ||
		       has(model_status_label(r->status), t) || has(r->triggered_by, t) ||
		       has(r->executed_version, t) || has(r->id, t);
	}
	return true;
}

bool query_match_worker(const struct wr_worker *w, const char *text)
{
	return !text || !*text || has(w->key, text) || has(w->action, text);
}

/* Failures first, then other statuses (by name), then successes. */
static int status_rank(const struct wr_run *r)
{
	return r->kind == WR_STATUS_FAIL ? 0 : r->kind == WR_STATUS_OTHER ? 1 : 2;
}

static int64_t sort_value(const struct wr_run *r, enum wr_sort s)
{
	switch (s) {
	case WR_SORT_DURATION:
		return model_run_duration(r);
	case WR_SORT_CPU:
		return r->metrics.cpu_ms;
	case WR_SORT_MEMORY:
		return r->metrics.mem_bytes;
	default:
		return 0;
	}
}

struct order {
	const struct wr_run *v;
	enum wr_sort sort;
	int dir; /* 1, or -1 reversed */
};

static int cmp_runs(const void *pa, const void *pb, void *ctx)
{
	const struct order *o = ctx;
	uint32_t ia = *(const uint32_t *)pa, ib = *(const uint32_t *)pb;
	const struct wr_run *a = &o->v[ia], *b = &o->v[ib];
	int c = 0;

	if (o->sort == WR_SORT_STATUS) {
		c = status_rank(a) - status_rank(b);
		if (!c && a->kind == WR_STATUS_OTHER)
			c = strcmp(a->status ? a->status : "", b->status ? b->status : "");
	} else if (o->sort != WR_SORT_START) {
		int64_t x = sort_value(a, o->sort), y = sort_value(b, o->sort);

		c = x > y ? -1 : x < y; /* the largest first; unknown (-1) last */
	}
	if (!c)
		c = ia < ib ? -1 : ia > ib; /* the list is newest first */
	return c * o->dir;
}

size_t query_run(const struct wr_run_list *l, const struct wr_query *q, const uint32_t *in,
                 size_t n, uint32_t *out)
{
	struct order o = { l->v, q->sort, q->reverse ? -1 : 1 };
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (query_match(q, &l->v[in[i]]))
			out[k++] = in[i];
	/* in[] is in list order unless a caller made it otherwise: sorting
	 * by index restores "newest first" as the last key of every order. */
	if (k > 1)
		qsort_r(out, k, sizeof *out, cmp_runs, &o);
	return k;
}
