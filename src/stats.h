/* stats.h - numbers over a set of runs (a worker's, or every run): how
 * many, how many succeeded, the success rate, the failures by status, the
 * 50th and 95th percentiles of duration, CPU time and peak memory, and the
 * outcomes of the last runs. Pure functions over the model, no curses: the
 * interface asks once per data load (app.data_gen), never per key or paint.
 *
 * The runs are given as indexes into a run list, newest first, as
 * app_view() gives them. "Succeeded" and "failed" mean what
 * model_run_failed() says.
 */
#ifndef WRUN_STATS_H
#define WRUN_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

enum stats_metric { STATS_DURATION, STATS_CPU, STATS_MEMORY, STATS_METRIC_COUNT };

/* A run's outcome, as a strip of them shows it. */
enum stats_outcome {
	STATS_SUCCEEDED, /* STATUS_SUCCESS */
	STATS_FAILED,    /* STATUS_FAIL */
	STATS_OTHER,     /* any other status (TIMEOUT, unknown, none): did not succeed */
};

/* How many outcomes struct stats keeps: the last runs' strip. */
#define STATS_STRIP 10

/* The runs that did not succeed with one status. */
struct stats_status {
	const char *label; /* model_status_label(): points into a run of the list
	                    * (valid while it lives) or is a constant */
	size_t count;
};

struct stats {
	size_t runs;       /* runs counted */
	size_t succeeded;
	int rate;          /* stats_rate(succeeded, runs); -1: no runs */
	/* The runs that did not succeed, by status label: the most frequent
	 * first, equal counts in label order. NULL when none. */
	struct stats_status *failures;
	size_t n_failures;
	/* Nearest-rank percentiles over the runs that report the metric;
	 * WR_NONE when none does. known: how many do. */
	int64_t p50[STATS_METRIC_COUNT], p95[STATS_METRIC_COUNT];
	size_t known[STATS_METRIC_COUNT];
	/* The outcomes (enum stats_outcome) of the last n_strip runs, at most
	 * STATS_STRIP, oldest first. */
	uint8_t strip[STATS_STRIP];
	size_t n_strip;
};

/* Succeeded, failed with STATUS_FAIL, or another status. */
enum stats_outcome stats_outcome(const struct wr_run *r);

/* A run's value of a metric (duration: model_run_duration), WR_NONE when
 * it did not report it. */
int64_t stats_value(const struct wr_run *r, enum stats_metric m);

/* The percent of runs that succeeded, rounded to the nearest (halves up),
 * except that only all is 100 and only none is 0: 199 of 200 is 99, 1 of
 * 201 is 1. -1 when runs is 0. */
int stats_rate(size_t succeeded, size_t runs);

/* The nearest-rank percentile p (1..100) of v[0..n): the smallest value
 * with at least p% of the values at or below it. Sorts v in place.
 * WR_NONE when n is 0. */
int64_t stats_percentile(int64_t *v, size_t n, int p);

/* The outcomes of the last (newest) min(n, max) runs of idx[0..n) (newest
 * first) into out, oldest first; returns how many. */
size_t stats_strip(const struct wr_run_list *l, const uint32_t *idx, size_t n, uint8_t *out,
                   size_t max);

/* Everything above over the runs idx[0..n) of l (newest first). False when
 * out of memory: then st is empty (as for no runs) and still to be freed
 * with stats_free. */
bool stats_compute(struct stats *st, const struct wr_run_list *l, const uint32_t *idx, size_t n);

/* Frees what stats_compute allocated; st is left empty. */
void stats_free(struct stats *st);

#endif
