/* model.h - the plain data of wrun: workers, runs, metrics, limits, rerun results.
 *
 * No curl, curses or json-c types here. Strings of a run list live in the
 * list's arena and die with it; a worker list and a rerun result own theirs.
 * An absent number is -1 (WR_NONE); an absent string is NULL.
 */
#ifndef WRUN_MODEL_H
#define WRUN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WR_NONE ((int64_t)-1)

/* The documented sample limits (Rerun Worker page): 1000 ms CPU, 120 MiB, 6000 ms. */
#define WR_SAMPLE_MAX_CPU_MS 1000
#define WR_SAMPLE_MAX_MEM_BYTES 125829120
#define WR_SAMPLE_MAX_DURATION_MS 6000

enum wr_status_kind {
	WR_STATUS_SUCCESS, /* STATUS_SUCCESS (and the misspelt STATUS_SUCCES) */
	WR_STATUS_FAIL,    /* STATUS_FAIL */
	WR_STATUS_OTHER,   /* anything else, kept verbatim in the string */
};

struct wr_metrics {
	int64_t cpu_ms;      /* cpuTimeMillis */
	int64_t mem_bytes;   /* topMemoryUsageBytes */
	int64_t duration_ms; /* executionDurationMillis */
};

enum wr_limits_source {
	WR_LIMITS_NONE,   /* no limits known */
	WR_LIMITS_SAMPLE, /* the documented sample values */
	WR_LIMITS_CONFIG, /* configured by the user: --cpu-limit etc. */
	WR_LIMITS_RERUN,  /* reported by a rerun on this server (this session's, or saved) */
};

/* The fields of struct wr_limits, as bits of its from_flags. */
enum wr_limit_field {
	WR_LIMIT_CPU = 1 << 0,      /* max_cpu_ms, --cpu-limit */
	WR_LIMIT_MEM = 1 << 1,      /* max_mem_bytes, --memory-limit */
	WR_LIMIT_DURATION = 1 << 2, /* max_duration_ms, --duration-limit */
};
#define WR_LIMIT_ALL (WR_LIMIT_CPU | WR_LIMIT_MEM | WR_LIMIT_DURATION)

struct wr_limits {
	int64_t max_cpu_ms;      /* maxCpuTimeMillis */
	int64_t max_mem_bytes;   /* maxMemoryUsageBytes */
	int64_t max_duration_ms; /* maxExecutionDurationMillis */
	/* Where they came from. Of merged limits (model_limits_effective),
	 * where the fields no flag set came from; WR_LIMITS_CONFIG when flags
	 * set them all. */
	enum wr_limits_source source;
	int64_t seen_ms;         /* WR_LIMITS_RERUN: when a rerun reported them (epoch ms);
	                          * WR_NONE: not known (the rerun just answered) */
	unsigned from_flags;     /* of merged limits: the fields (WR_LIMIT_* bits) that came
	                          * from WR_LIMITS_CONFIG limits; 0 otherwise */
};

struct wr_worker {
	char *key;
	char *description;
	char *action;      /* e.g. BEFORE_DOWNLOAD, GENERIC_EVENT */
	char *project_key; /* NULL or "" for global workers */
	char *application;
	char *modified_by;
	int64_t modified_at; /* currentVersion.modifiedAt, epoch ms */
	int enabled;         /* 1, 0, or -1 when absent */
	int debug;           /* 1, 0, or -1 */
	int shared;          /* 1, 0, or -1 */
	size_t n_secrets;    /* how many secrets it has; their values are never kept */
	/* sourceCode is never kept. */
};

struct wr_worker_list {
	struct wr_worker *v;
	size_t n, cap;
};

struct wr_arena; /* a bump allocator for the strings of one run list */

struct wr_run {
	const char *id;          /* historyEntryId; NULL: older server, cannot be rerun */
	const char *worker_key;  /* workerKey */
	const char *worker_type; /* workerType, verbatim (AFTER_DOWNLOAD or beforeDownload) */
	const char *project_key; /* workerProjectKey; "" for global workers */
	const char *status;      /* executionStatus, verbatim */
	const char *triggered_by;
	const char *executed_version;
	const char *trace_id;
	/* The entry as the server sent it, in the list's spool: its logs,
	 * payload and result are read back from there (parse_run_text).
	 * entry_len 0: none kept. */
	uint64_t entry_off;
	int64_t start_ms;         /* startTimeMillis */
	int64_t end_ms;           /* endTimeMillis */
	struct wr_metrics metrics; /* executionResult.workerStats */
	enum wr_status_kind kind;
	int test_run; /* 1, 0, or -1 when absent */
	uint32_t entry_len;
	bool altered; /* a NUL in id, worker_key or project_key became U+FFFD:
	               * they are not the server's bytes (never rerun with them) */
};

struct wr_spool; /* spool.h: the entries' bytes, out of memory */

struct wr_run_list {
	struct wr_run *v;
	size_t n, cap;
	struct wr_arena *arena;
	struct wr_spool *spool; /* NULL until an entry is kept */
};

struct wr_rerun {
	char *execution_id; /* executionId */
	char *status;       /* result.executionStatus, verbatim; NULL when absent */
	char *logs;
	char *data_json;    /* result.data as compact JSON text; NULL when absent */
	struct wr_metrics metrics; /* executionMetrics */
	struct wr_limits limits;   /* executionLimits; source WR_LIMITS_RERUN when any field came */
	enum wr_status_kind kind;
};

/* Status string -> kind. NULL is WR_STATUS_OTHER. */
enum wr_status_kind model_status_kind(const char *status);

/* Metrics with every field WR_NONE. */
struct wr_metrics model_metrics_none(void);

/* Limits with every field WR_NONE, source WR_LIMITS_NONE, seen_ms WR_NONE
 * and from_flags 0. */
struct wr_limits model_limits_none(void);

/* The documented sample limits, source WR_LIMITS_SAMPLE. */
struct wr_limits model_limits_sample(void);

/* The limits to draw a history run against, field by field: the configured
 * ones (flags override everything), else the last reported by a rerun on
 * this server (this session's, else the saved ones), else the sample.
 * Either argument may be NULL. The result's source is that of the first
 * limits after the configured ones that gave a field (with their seen_ms);
 * from_flags says which fields the configured ones gave. */
struct wr_limits model_limits_effective(const struct wr_limits *rerun,
                                        const struct wr_limits *config);
/* The limits to draw a rerun's own metrics against: those it reported,
 * else the configured ones, else the sample; otherwise as above. */
struct wr_limits model_limits_reported(const struct wr_limits *rerun,
                                       const struct wr_limits *config);

/* Short label of a limits source: "rerun", "config", "sample", "none". */
const char *model_limits_source_name(enum wr_limits_source source);
/* The same as a phrase: "reported by a rerun", "configured", "documented
 * sample", "none known". */
const char *model_limits_source_text(enum wr_limits_source source);
/* The flag that sets a field (one WR_LIMIT_* bit): "--cpu-limit",
 * "--memory-limit", "--duration-limit"; "" for anything else. */
const char *model_limits_flag_name(unsigned field);
/* Where the limit of one field (a WR_LIMIT_* bit) came from, short, for
 * the tag beside a bar: its flag when a flag set it, else
 * model_limits_source_name(). */
const char *model_limits_field_source(const struct wr_limits *l, unsigned field);

/* ---- one run, whatever stores it --------------------------------------- */

/* Did not succeed: STATUS_FAIL, and every other status but success
 * (TIMEOUT, unknown, absent). The one meaning of "failed" in wrun. */
bool model_run_failed(const struct wr_run *r);
/* executionDurationMillis, else end - start, else WR_NONE. */
int64_t model_run_duration(const struct wr_run *r);
/* The status as a word: "SUCCESS", "FAIL", another status without its
 * STATUS_ prefix, or "-" when absent or empty. Points into r or a constant. */
const char *model_status_label(const char *status);

/* Arena. */
struct wr_arena *arena_new(void);
void arena_free(struct wr_arena *a);
/* n bytes of room; NULL on allocation failure. */
char *arena_alloc(struct wr_arena *a, size_t n);
/* Gives back the end of p, the last allocation (of n bytes), keeping its
 * first keep bytes; does nothing when p is not the last. */
void arena_shrink_last(struct wr_arena *a, char *p, size_t n, size_t keep);
/* Copies n bytes and a NUL; NULL on allocation failure. */
char *arena_strndup(struct wr_arena *a, const char *s, size_t n);
char *arena_strdup(struct wr_arena *a, const char *s);
size_t arena_bytes(const struct wr_arena *a); /* bytes held, for measurements */

/* Run lists. model_run_list_init makes an empty list with its arena;
 * false when out of memory. */
bool model_run_list_init(struct wr_run_list *l);
void model_run_list_free(struct wr_run_list *l);
/* Appends a zeroed run (numbers WR_NONE, test_run -1); NULL when out of memory. */
struct wr_run *model_run_list_push(struct wr_run_list *l);
/* Sorts newest first by start_ms (runs without a start last), stable. */
void model_run_list_sort_newest(struct wr_run_list *l);

void model_worker_list_free(struct wr_worker_list *l);
/* Appends a zeroed worker (numbers -1); NULL when out of memory. */
struct wr_worker *model_worker_list_push(struct wr_worker_list *l);
/* Drops the last worker and frees its strings. */
void model_worker_list_pop(struct wr_worker_list *l);
/* The worker with this key, or NULL. */
const struct wr_worker *model_worker_find(const struct wr_worker_list *l, const char *key);
/* Sorts by key (byte order). */
void model_worker_list_sort(struct wr_worker_list *l);

void model_rerun_free(struct wr_rerun *r);

/* ---- several history listings as one ---------------------------------------
 * A platform may leave the runs of project workers out of the listing of
 * every worker: model_projects_without_runs names the projects to ask for,
 * model_run_list_drop_seen keeps what such a listing adds, and
 * model_run_list_merge puts it in. */

/* Moves every run of src into dst, with src's strings (its arena's blocks
 * join dst's) and its entries (copied into dst's spool), then sorts dst
 * newest first. src is left empty and usable. False when out of memory or
 * when the spool cannot be written (errno tells): then neither list's runs
 * changed. */
bool model_run_list_merge(struct wr_run_list *dst, struct wr_run_list *src);

/* Drops from l, keeping the order of the rest, the runs whose worker_key is
 * one of keys[0..n_keys) (any order, NULLs ignored; runs without a worker
 * key stay). Their strings stay in l's arena. Sets *dropped (unless NULL) to
 * how many went. False when out of memory: then l is unchanged. */
bool model_run_list_drop_workers(struct wr_run_list *l, const char *const *keys, size_t n_keys,
                                 size_t *dropped);

/* Drops from l the runs of every worker that has a run in seen, so that
 * merging l into seen counts no run twice. As model_run_list_drop_workers. */
bool model_run_list_drop_seen(struct wr_run_list *l, const struct wr_run_list *seen,
                              size_t *dropped);

/* The distinct non-empty project keys of the workers that have no run in
 * runs, in worker order. Fills keys[0..cap) with pointers to the workers'
 * strings (valid while workers lives) and returns how many it filled;
 * cap = workers->n is always enough. */
size_t model_projects_without_runs(const struct wr_worker_list *workers,
                                   const struct wr_run_list *runs, const char **keys, size_t cap);

#endif
