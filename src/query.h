/* query.h - the one run query of wrun: which runs (a worker, "failed", a
 * text, a time window) and in which order. The interface's views and the
 * CLI's history both ask it, so "failed" or a filter cannot mean two
 * things. Pure functions over the model; views are index arrays into one
 * run list, built here when the query or the data changes, never per key.
 */
#ifndef WRUN_QUERY_H
#define WRUN_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

enum wr_sort {
	WR_SORT_START,    /* newest first */
	WR_SORT_DURATION, /* longest first */
	WR_SORT_CPU,      /* most CPU time first */
	WR_SORT_MEMORY,   /* highest peak memory first */
	WR_SORT_STATUS,   /* failures, then other statuses, then successes */
	WR_SORT_COUNT
};

struct wr_query {
	const char *worker_key;   /* NULL: every worker */
	bool failed;              /* only runs that did not succeed (model_run_failed) */
	const char *text;         /* NULL or "": any; else a part, in any case, of the
	                           * worker key, status, trigger, version or run ID */
	int64_t since_ms;         /* WR_NONE: no lower bound on the start */
	int64_t until_ms;         /* WR_NONE: no upper bound on the start */
	enum wr_sort sort;
	bool reverse;             /* the whole order turned around */
};

/* Every run, newest first. */
void query_init(struct wr_query *q);

/* "start", "duration", "cpu", "memory", "status". */
const char *query_sort_name(enum wr_sort s);

bool query_match(const struct wr_query *q, const struct wr_run *r);

/* The runs of in[0..n) (indexes into l->v) that match q, in q's order,
 * into out (room for n; may be in). l->v must be newest first, as the api
 * delivers it: ties keep that order. Returns how many. */
size_t query_run(const struct wr_run_list *l, const struct wr_query *q, const uint32_t *in,
                 size_t n, uint32_t *out);

/* A worker matches a filter text by a part of its key or action. */
bool query_match_worker(const struct wr_worker *w, const char *text);

#endif
