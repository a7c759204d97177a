/* ui_app.h - the interface's state, apart from any drawing: the workers,
 * the loaded history (one array of runs, with index arrays as views over
 * it), the limits to draw runs against, the last rerun result, the status
 * message, and the requests as jobs in a queue that the loop drives.
 *
 * Everything a session with one server needs lives in one struct ui_app:
 * switching servers is app_free() and app_init() on a new api, nothing
 * global to reset.
 */
#ifndef WRUN_UI_APP_H
#define WRUN_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api.h"
#include "model.h"

/* The runs of one worker: by_worker[off .. off+n), newest first. */
struct app_group {
	size_t off, n;
	size_t failed; /* STATUS_FAIL runs among them, counted once per load */
};

enum app_job_kind { APP_JOB_WORKERS, APP_JOB_HISTORY, APP_JOB_RERUN };

struct ui_app;

struct app_job {
	struct app_job *next;
	struct ui_app *app;
	enum app_job_kind kind;
	bool running;        /* false: queued */
	struct api_job *req; /* while running */
	int64_t started_ms;  /* monotonic, when it started running */
	/* rerun: copies, since a history refresh frees the runs */
	char *worker_key, *project_key, *entry_id;
	int64_t run_start_ms;
	bool force;
};

/* The last rerun's answer, shown in the detail pane until dismissed. */
struct app_result {
	struct wr_rerun *rerun; /* NULL: none */
	char *run_id;           /* the rerun run's historyEntryId */
	char *worker_key;
	bool force;
};

struct ui_app {
	struct api *api;
	bool test_runs;

	struct wr_worker_list workers; /* sorted by key */
	bool have_workers;
	struct wr_run_list runs;       /* newest first */
	bool have_runs;
	uint32_t *all;                 /* 0 .. runs.n-1: the "All workers" view */
	uint32_t *by_worker;           /* runs grouped by worker, see groups */
	struct app_group *groups;      /* workers.n + 1; the last: unknown workers */
	size_t failed_total;
	unsigned long data_gen;        /* bumped whenever workers or runs change */

	struct wr_limits config_limits;
	struct wr_limits rerun_limits; /* what the last rerun reported, or none */

	struct app_job *jobs;          /* in the order they were asked for */
	struct app_result result;
	unsigned long result_gen;      /* bumped when a new result arrives */

	char msg[512];                 /* the status line */
	bool msg_error;
	int64_t msg_until;             /* monotonic expiry, 0: until replaced */

	bool changed;                  /* something to redraw */
};

void app_init(struct ui_app *app, struct api *api, bool test_runs,
              const struct wr_limits *config_limits);
/* Cancels every job and frees everything. */
void app_free(struct ui_app *app);

/* Queue loads; a load of the same kind already queued or running is
 * replaced. */
void app_load_workers(struct ui_app *app);
void app_load_history(struct ui_app *app);

/* Queues a rerun of run. False (and a status message saying why) when the
 * run has no historyEntryId or a rerun of it is already in flight. */
bool app_rerun(struct ui_app *app, const struct wr_run *run, bool force);
/* The rerun job in flight (or queued) for this historyEntryId, or NULL. */
const struct app_job *app_rerun_job(const struct ui_app *app, const char *entry_id);
/* Why run cannot be rerun now, or NULL when it can. */
const char *app_rerun_refusal(const struct ui_app *app, const struct wr_run *run);

/* Starts queued jobs: loads at once, reruns one at a time in order. */
void app_pump(struct ui_app *app);
/* Cancels every job; returns how many there were. */
size_t app_cancel_all(struct ui_app *app);

/* The oldest running job (its kind says what loads), or NULL. */
const struct app_job *app_busy(const struct ui_app *app);
bool app_job_pending(const struct ui_app *app, enum app_job_kind kind);

/* The runs of a workers-pane row (0: all workers, i: workers.v[i-1]). */
void app_view(const struct ui_app *app, size_t worker_row, const uint32_t **idx, size_t *n);
size_t app_worker_failed(const struct ui_app *app, size_t worker_row);
/* The row of the worker with this key, or 0. */
size_t app_worker_row(const struct ui_app *app, const char *key);

/* The limits history runs are drawn against (last rerun, configured,
 * documented sample). */
struct wr_limits app_limits(const struct ui_app *app);

void app_result_clear(struct ui_app *app);

/* The status line. Info messages expire after a few seconds; errors stay
 * until replaced. */
void app_msg(struct ui_app *app, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Expires the message when its time has come; returns the next expiry
 * (monotonic ms) or 0. */
int64_t app_tick(struct ui_app *app, int64_t now_ms);

#endif
