/* stats.c - numbers over a set of runs (see stats.h). */
#include "config.h"

#include "stats.h"

#include <stdlib.h>
#include <string.h>

enum stats_outcome stats_outcome(const struct wr_run *r)
{
	if (!model_run_failed(r))
		return STATS_SUCCEEDED;
	return r->kind == WR_STATUS_FAIL ? STATS_FAILED : STATS_OTHER;
}

int64_t stats_value(const struct wr_run *r, enum stats_metric m)
{
	int64_t v;

	switch (m) {
	case STATS_DURATION:
		return model_run_duration(r);
	case STATS_CPU:
		v = r->metrics.cpu_ms;
		break;
	case STATS_MEMORY:
		v = r->metrics.mem_bytes;
		break;
	default:
		return WR_NONE;
	}
	return v >= 0 ? v : WR_NONE;
}

int stats_rate(size_t succeeded, size_t runs)
{
	unsigned long long pct;

	if (!runs)
		return -1;
	if (succeeded >= runs)
		return 100;
	if (!succeeded)
		return 0;
	pct = ((unsigned long long)succeeded * 200 + runs) / (2ULL * runs);
	/* Rounding must not make a mixed record look perfect or hopeless. */
	if (pct >= 100)
		return 99;
	if (pct == 0)
		return 1;
	return (int)pct;
}

static int i64_cmp(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

int64_t stats_percentile(int64_t *v, size_t n, int p)
{
	size_t rank;

	if (!n)
		return WR_NONE;
	if (p < 1)
		p = 1;
	if (p > 100)
		p = 100;
	qsort(v, n, sizeof *v, i64_cmp);
	/* Nearest rank: ceil(p/100 * n), 1-based. */
	rank = (n / 100) * (size_t)p + ((n % 100) * (size_t)p + 99) / 100;
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

size_t stats_strip(const struct wr_run_list *l, const uint32_t *idx, size_t n, uint8_t *out,
                   size_t max)
{
	size_t k = n < max ? n : max;

	/* idx is newest first: its first k, turned around. */
	for (size_t i = 0; i < k; i++)
		out[i] = (uint8_t)stats_outcome(&l->v[idx[k - 1 - i]]);
	return k;
}

static void stats_empty(struct stats *st)
{
	memset(st, 0, sizeof *st);
	st->rate = -1;
	for (int m = 0; m < STATS_METRIC_COUNT; m++) {
		st->p50[m] = WR_NONE;
		st->p95[m] = WR_NONE;
	}
}

void stats_free(struct stats *st)
{
	free(st->failures);
	stats_empty(st);
}

static int label_cmp(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

static int status_cmp(const void *pa, const void *pb)
{
	const struct stats_status *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->label, b->label);
}

/* The failures by status, from the labels of the runs that did not
 * succeed (sorted here). */
static bool count_failures(struct stats *st, const char **labels, size_t n)
{
	size_t distinct = 0;

	if (!n)
		return true;
	qsort(labels, n, sizeof *labels, label_cmp);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(labels[i - 1], labels[i]) != 0)
			distinct++;
	st->failures = calloc(distinct, sizeof *st->failures);
	if (!st->failures)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(labels[i - 1], labels[i]) != 0)
			st->failures[st->n_failures++].label = labels[i];
		st->failures[st->n_failures - 1].count++;
	}
	qsort(st->failures, st->n_failures, sizeof *st->failures, status_cmp);
	return true;
}

bool stats_compute(struct stats *st, const struct wr_run_list *l, const uint32_t *idx, size_t n)
{
	const char **labels = NULL;
	int64_t *vals = NULL;
	size_t n_labels = 0;
	bool ok = false;

	stats_empty(st);
	if (!n)
		return true;
	labels = calloc(n, sizeof *labels);
	vals = calloc(n, sizeof *vals);
	if (!labels || !vals)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct wr_run *r = &l->v[idx[i]];

		if (model_run_failed(r))
			labels[n_labels++] = model_status_label(r->status);
	}
	st->runs = n;
	st->succeeded = n - n_labels;
	st->rate = stats_rate(st->succeeded, n);
	if (!count_failures(st, labels, n_labels))
		goto out;
	for (int m = 0; m < STATS_METRIC_COUNT; m++) {
		size_t k = 0;

		for (size_t i = 0; i < n; i++) {
			int64_t v = stats_value(&l->v[idx[i]], (enum stats_metric)m);

			if (v != WR_NONE)
				vals[k++] = v;
		}
		st->known[m] = k;
		st->p50[m] = stats_percentile(vals, k, 50);
		st->p95[m] = stats_percentile(vals, k, 95);
	}
	st->n_strip = stats_strip(l, idx, n, st->strip, STATS_STRIP);
	ok = true;
out:
	free(labels);
	free(vals);
	if (!ok)
		stats_free(st);
	return ok;
}
