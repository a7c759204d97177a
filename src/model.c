/* model.c - the plain data of wrun: arena, lists, limits. */
#include "config.h"

#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spool.h"

/* ---- status and limits --------------------------------------------------- */

enum wr_status_kind model_status_kind(const char *status)
{
	if (!status)
		return WR_STATUS_OTHER;
	/* One documentation page spells it STATUS_SUCCES. */
	if (strcmp(status, "STATUS_SUCCESS") == 0 || strcmp(status, "STATUS_SUCCES") == 0)
		return WR_STATUS_SUCCESS;
	if (strcmp(status, "STATUS_FAIL") == 0)
		return WR_STATUS_FAIL;
	return WR_STATUS_OTHER;
}

struct wr_metrics model_metrics_none(void)
{
	return (struct wr_metrics){ WR_NONE, WR_NONE, WR_NONE };
}

struct wr_limits model_limits_none(void)
{
	return (struct wr_limits){ WR_NONE, WR_NONE, WR_NONE, WR_LIMITS_NONE, WR_NONE, 0 };
}

struct wr_limits model_limits_sample(void)
{
	return (struct wr_limits){ WR_SAMPLE_MAX_CPU_MS, WR_SAMPLE_MAX_MEM_BYTES,
		                   WR_SAMPLE_MAX_DURATION_MS, WR_LIMITS_SAMPLE, WR_NONE, 0 };
}

/* Fills a missing field of to from from; true when it did. */
static bool field_fill(int64_t *to, int64_t from)
{
	if (*to >= 0 || from < 0)
		return false;
	*to = from;
	return true;
}

/* Fills the fields to lacks from from. Fields of configured limits are
 * marked in from_flags; the first other limits that give a field name the
 * source. */
static void limits_fill(struct wr_limits *to, const struct wr_limits *from)
{
	unsigned gave = 0;

	if (!from || from->source == WR_LIMITS_NONE)
		return;
	if (field_fill(&to->max_cpu_ms, from->max_cpu_ms))
		gave |= WR_LIMIT_CPU;
	if (field_fill(&to->max_mem_bytes, from->max_mem_bytes))
		gave |= WR_LIMIT_MEM;
	if (field_fill(&to->max_duration_ms, from->max_duration_ms))
		gave |= WR_LIMIT_DURATION;
	if (!gave)
		return;
	if (from->source == WR_LIMITS_CONFIG) {
		to->from_flags |= gave;
	} else if (to->source == WR_LIMITS_NONE) {
		to->source = from->source;
		to->seen_ms = from->seen_ms;
	}
}

static struct wr_limits limits_merge(const struct wr_limits *first,
                                     const struct wr_limits *second)
{
	struct wr_limits out = model_limits_none();
	struct wr_limits sample = model_limits_sample();

	limits_fill(&out, first);
	limits_fill(&out, second);
	limits_fill(&out, &sample);
	if (out.source == WR_LIMITS_NONE && out.from_flags)
		out.source = WR_LIMITS_CONFIG;
	return out;
}

struct wr_limits model_limits_effective(const struct wr_limits *rerun,
                                        const struct wr_limits *config)
{
	/* The flags win over anything saved or reported: they are how a user
	 * corrects limits that are out of date. */
	return limits_merge(config, rerun);
}

struct wr_limits model_limits_reported(const struct wr_limits *rerun,
                                       const struct wr_limits *config)
{
	return limits_merge(rerun, config);
}

const char *model_limits_source_name(enum wr_limits_source source)
{
	switch (source) {
	case WR_LIMITS_RERUN:
		return "rerun";
	case WR_LIMITS_CONFIG:
		return "config";
	case WR_LIMITS_SAMPLE:
		return "sample";
	case WR_LIMITS_NONE:
		break;
	}
	return "none";
}

const char *model_limits_source_text(enum wr_limits_source source)
{
	switch (source) {
	case WR_LIMITS_RERUN:
		return "reported by a rerun";
	case WR_LIMITS_CONFIG:
		return "configured";
	case WR_LIMITS_SAMPLE:
		return "documented sample";
	case WR_LIMITS_NONE:
		break;
	}
	return "none known";
}

const char *model_limits_flag_name(unsigned field)
{
	switch (field) {
	case WR_LIMIT_CPU:
		return "--cpu-limit";
	case WR_LIMIT_MEM:
		return "--memory-limit";
	case WR_LIMIT_DURATION:
		return "--duration-limit";
	default:
		break;
	}
	return "";
}

const char *model_limits_field_source(const struct wr_limits *l, unsigned field)
{
	if (l->from_flags & field & WR_LIMIT_ALL)
		return model_limits_flag_name(field);
	return model_limits_source_name(l->source);
}

/* ---- one run ------------------------------------------------------------- */

bool model_run_failed(const struct wr_run *r)
{
	return r->kind != WR_STATUS_SUCCESS;
}

int64_t model_run_duration(const struct wr_run *r)
{
	if (r->metrics.duration_ms >= 0)
		return r->metrics.duration_ms;
	if (r->start_ms >= 0 && r->end_ms >= r->start_ms)
		return r->end_ms - r->start_ms;
	return WR_NONE;
}

const char *model_status_label(const char *status)
{
	if (!status || !*status)
		return "-";
	switch (model_status_kind(status)) {
	case WR_STATUS_SUCCESS:
		return "SUCCESS";
	case WR_STATUS_FAIL:
		return "FAIL";
	case WR_STATUS_OTHER:
		break;
	}
	return strncmp(status, "STATUS_", 7) == 0 && status[7] ? status + 7 : status;
}

/* ---- arena --------------------------------------------------------------- */

/* Strings of one history load are many and small and die together: a chain
 * of blocks, each carved front to back, freed in one go. */
struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

struct wr_arena {
	struct arena_block *head;
	size_t bytes;
};

enum { ARENA_BLOCK = 64 * 1024 };

struct wr_arena *arena_new(void)
{
	return calloc(1, sizeof(struct wr_arena));
}

void arena_free(struct wr_arena *a)
{
	struct arena_block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

char *arena_alloc(struct wr_arena *a, size_t n)
{
	struct arena_block *b = a->head;

	if (!b || b->size - b->used < n) {
		/* A large string gets a block of its own, behind the current one,
		 * so the space left in the current block is not wasted. */
		size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
		struct arena_block *nb;

		if (n > SIZE_MAX - sizeof *nb)
			return NULL;
		nb = malloc(sizeof *nb + size);
		if (!nb)
			return NULL;
		nb->used = 0;
		nb->size = size;
		if (size != ARENA_BLOCK && b) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		a->bytes += sizeof *nb + size;
		b = nb;
	}
	b->used += n;
	return b->data + b->used - n;
}

void arena_shrink_last(struct wr_arena *a, char *p, size_t n, size_t keep)
{
	struct arena_block *b = a->head;

	if (b && keep <= n && p + n == b->data + b->used)
		b->used -= n - keep;
}

char *arena_strndup(struct wr_arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct wr_arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

size_t arena_bytes(const struct wr_arena *a)
{
	return a ? a->bytes : 0;
}

/* ---- run lists ----------------------------------------------------------- */

bool model_run_list_init(struct wr_run_list *l)
{
	memset(l, 0, sizeof *l);
	l->arena = arena_new();
	return l->arena != NULL;
}

void model_run_list_free(struct wr_run_list *l)
{
	if (!l)
		return;
	free(l->v);
	arena_free(l->arena);
	spool_free(l->spool);
	memset(l, 0, sizeof *l);
}

/* Makes room for one more element of size elem in *v, growing by half:
 * a large array is moved by the kernel (mremap), not copied, so growing
 * more often costs little, and less room is left unused. False when out
 * of memory. */
static bool grow(void **v, size_t n, size_t *cap, size_t elem, size_t first)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return true;
	ncap = *cap ? *cap + *cap / 2 : first;
	if (ncap > SIZE_MAX / elem)
		return false;
	nv = realloc(*v, ncap * elem);
	if (!nv)
		return false;
	*v = nv;
	*cap = ncap;
	return true;
}

struct wr_run *model_run_list_push(struct wr_run_list *l)
{
	struct wr_run *r;

	if (!grow((void **)&l->v, l->n, &l->cap, sizeof *l->v, 64))
		return NULL;
	r = &l->v[l->n++];
	memset(r, 0, sizeof *r);
	r->start_ms = r->end_ms = WR_NONE;
	r->metrics = model_metrics_none();
	r->kind = WR_STATUS_OTHER;
	r->test_run = -1;
	return r;
}

/* Newer first; runs without a start time last. */
static bool run_before(const struct wr_run *a, const struct wr_run *b)
{
	if (a->start_ms < 0)
		return false;
	return b->start_ms < 0 || a->start_ms > b->start_ms;
}

/* A bottom-up merge sort of indexes into v, stable, so runs that started
 * in the same millisecond keep the server's order; then the runs are moved
 * into that order in place, a cycle at a time. The extra memory is two
 * indexes a run, not a second array of runs. */
void model_run_list_sort_newest(struct wr_run_list *l)
{
	struct wr_run *v = l->v;
	uint32_t *src, *dst, *tmp;
	size_t width, i, n = l->n;

	if (n < 2 || n > UINT32_MAX)
		return;
	/* The API answers newest first: then there is nothing to do. */
	for (i = 1; i < n && !run_before(&v[i], &v[i - 1]); i++)
		;
	if (i == n)
		return;
	src = malloc(n * sizeof *src);
	dst = malloc(n * sizeof *dst);
	if (!src || !dst) {
		free(src);
		free(dst);
		return; /* unsorted beats lost */
	}
	for (i = 0; i < n; i++)
		src[i] = (uint32_t)i;
	for (width = 1; width < n; width *= 2) {
		for (i = 0; i < n; i += 2 * width) {
			size_t lo = i, mid = i + width < n ? i + width : n;
			size_t hi = i + 2 * width < n ? i + 2 * width : n;
			size_t a = lo, b = mid, k = lo;

			while (a < mid && b < hi)
				dst[k++] = run_before(&v[src[b]], &v[src[a]]) ? src[b++] : src[a++];
			while (a < mid)
				dst[k++] = src[a++];
			while (b < hi)
				dst[k++] = src[b++];
		}
		tmp = src;
		src = dst;
		dst = tmp;
	}
	/* src[k] is the run that belongs at k. An index pointing at itself
	 * marks a place already filled. */
	for (i = 0; i < n; i++) {
		struct wr_run first;
		size_t k = i;

		if (src[i] == i)
			continue;
		first = v[i];
		while (src[k] != i) {
			size_t from = src[k];

			v[k] = v[from];
			src[k] = (uint32_t)k;
			k = from;
		}
		v[k] = first;
		src[k] = (uint32_t)k;
	}
	free(src);
	free(dst);
}

/* ---- workers ------------------------------------------------------------- */

static void worker_free(struct wr_worker *w)
{
	free(w->key);
	free(w->description);
	free(w->action);
	free(w->project_key);
	free(w->application);
	free(w->modified_by);
}

void model_worker_list_free(struct wr_worker_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		worker_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

struct wr_worker *model_worker_list_push(struct wr_worker_list *l)
{
	struct wr_worker *w;

	if (!grow((void **)&l->v, l->n, &l->cap, sizeof *l->v, 16))
		return NULL;
	w = &l->v[l->n++];
	memset(w, 0, sizeof *w);
	w->modified_at = WR_NONE;
	w->enabled = w->debug = w->shared = -1;
	return w;
}

void model_worker_list_pop(struct wr_worker_list *l)
{
	if (l->n > 0)
		worker_free(&l->v[--l->n]);
}

const struct wr_worker *model_worker_find(const struct wr_worker_list *l, const char *key)
{
	size_t i;

	if (!l || !key)
		return NULL;
	for (i = 0; i < l->n; i++)
		if (l->v[i].key && strcmp(l->v[i].key, key) == 0)
			return &l->v[i];
	return NULL;
}

static int worker_cmp_key(const void *pa, const void *pb)
{
	const struct wr_worker *a = pa, *b = pb;

	return strcmp(a->key ? a->key : "", b->key ? b->key : "");
}

void model_worker_list_sort(struct wr_worker_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, worker_cmp_key);
}

void model_rerun_free(struct wr_rerun *r)
{
	if (!r)
		return;
	free(r->execution_id);
	free(r->status);
	free(r->logs);
	free(r->data_json);
	memset(r, 0, sizeof *r);
}

/* ---- several history listings as one ------------------------------------- */

/* Moves src's blocks into dst: they are freed with it. src is left empty. */
static void arena_take(struct wr_arena *dst, struct wr_arena *src)
{
	struct arena_block *tail;

	if (!src->head)
		return;
	for (tail = src->head; tail->next; tail = tail->next)
		;
	if (dst->head) {
		/* Behind dst's current block, which keeps serving. */
		tail->next = dst->head->next;
		dst->head->next = src->head;
	} else {
		dst->head = src->head;
	}
	dst->bytes += src->bytes;
	src->head = NULL;
	src->bytes = 0;
}

/* Copies src's entries into dst's spool (or hands dst src's spool when
 * dst has none) and points src's runs at them. */
static bool spool_into(struct wr_run_list *dst, struct wr_run_list *src)
{
	uint64_t base;
	size_t i;

	if (!dst->spool) {
		dst->spool = src->spool;
		src->spool = NULL;
		return true;
	}
	if (!spool_append_spool(dst->spool, src->spool, &base))
		return false;
	for (i = 0; i < src->n; i++)
		src->v[i].entry_off += base;
	spool_free(src->spool);
	src->spool = NULL;
	return true;
}

bool model_run_list_merge(struct wr_run_list *dst, struct wr_run_list *src)
{
	size_t need;

	if (!dst || !src)
		return false;
	if (dst == src || src->n == 0)
		return true;
	if (src->n > SIZE_MAX / sizeof *dst->v - dst->n)
		return false;
	need = dst->n + src->n;
	if (need > dst->cap) {
		struct wr_run *v = realloc(dst->v, need * sizeof *v);

		if (!v)
			return false;
		dst->v = v;
		dst->cap = need;
	}
	if (src->spool && !spool_into(dst, src))
		return false;
	if (!dst->arena) {
		dst->arena = src->arena;
		src->arena = NULL;
	} else if (src->arena) {
		arena_take(dst->arena, src->arena);
	}
	memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
	dst->n = need;
	free(src->v);
	src->v = NULL;
	src->n = src->cap = 0;
	model_run_list_sort_newest(dst);
	return true;
}

static int key_cmp(const void *pa, const void *pb)
{
	const char *const *a = pa, *const *b = pb;

	return strcmp(*a, *b);
}

/* Drops the runs whose worker key is in keys[0..n), sorted by key_cmp. */
static size_t drop_sorted(struct wr_run_list *l, const char **keys, size_t n)
{
	size_t i, kept = 0;

	for (i = 0; i < l->n; i++) {
		const char *k = l->v[i].worker_key;

		if (k && n > 0 && bsearch(&k, keys, n, sizeof *keys, key_cmp))
			continue;
		if (kept != i)
			l->v[kept] = l->v[i];
		kept++;
	}
	i = l->n - kept;
	l->n = kept;
	return i;
}

/* Sorts the n keys, NULLs dropped; returns how many are left. */
static size_t keys_sort(const char **keys, size_t n)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (keys[i])
			keys[m++] = keys[i];
	if (m > 1)
		qsort(keys, m, sizeof *keys, key_cmp);
	return m;
}

bool model_run_list_drop_workers(struct wr_run_list *l, const char *const *keys, size_t n_keys,
                                 size_t *dropped)
{
	const char **sorted;
	size_t n;

	if (dropped)
		*dropped = 0;
	if (!l)
		return false;
	if (n_keys == 0 || l->n == 0)
		return true;
	if (!keys || n_keys > SIZE_MAX / sizeof *sorted)
		return false;
	sorted = malloc(n_keys * sizeof *sorted);
	if (!sorted)
		return false;
	memcpy(sorted, keys, n_keys * sizeof *sorted);
	n = keys_sort(sorted, n_keys);
	n = drop_sorted(l, sorted, n);
	free(sorted);
	if (dropped)
		*dropped = n;
	return true;
}

bool model_run_list_drop_seen(struct wr_run_list *l, const struct wr_run_list *seen,
                              size_t *dropped)
{
	const char **keys;
	size_t i, n;

	if (dropped)
		*dropped = 0;
	if (!l || !seen)
		return false;
	if (l->n == 0 || seen->n == 0)
		return true;
	if (seen->n > SIZE_MAX / sizeof *keys)
		return false;
	keys = malloc(seen->n * sizeof *keys);
	if (!keys)
		return false;
	for (i = 0; i < seen->n; i++)
		keys[i] = seen->v[i].worker_key;
	n = keys_sort(keys, seen->n);
	n = drop_sorted(l, keys, n);
	free(keys);
	if (dropped)
		*dropped = n;
	return true;
}

static bool worker_has_run(const struct wr_run_list *runs, const char *key)
{
	size_t i;

	for (i = 0; runs && i < runs->n; i++)
		if (runs->v[i].worker_key && strcmp(runs->v[i].worker_key, key) == 0)
			return true;
	return false;
}

size_t model_projects_without_runs(const struct wr_worker_list *workers,
                                   const struct wr_run_list *runs, const char **keys, size_t cap)
{
	size_t i, j, n = 0;

	for (i = 0; workers && keys && i < workers->n && n < cap; i++) {
		const struct wr_worker *w = &workers->v[i];

		if (!w->key || !*w->key || !w->project_key || !*w->project_key)
			continue;
		for (j = 0; j < n && strcmp(keys[j], w->project_key) != 0; j++)
			;
		if (j < n || worker_has_run(runs, w->key))
			continue;
		keys[n++] = w->project_key;
	}
	return n;
}
