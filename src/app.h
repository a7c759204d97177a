/* app.h - the state of an interactive session with one server, apart from
 * any drawing: the workers, the loaded history (one array of runs, grouped
 * by worker once per load), the limits to draw runs against, the rerun
 * queue and the session's ledger of reruns, auto-refresh, and the status
 * message. Requests are jobs that the owner's loop drives (app_pump,
 * app_tick); their callbacks only change this state.
 *
 * Everything about one server lives in one struct app: switching servers
 * is app_free() and app_init() on a new api, nothing global to reset. It
 * allocates with wr_x* (util.h): out of memory ends the program through the
 * hook the interface sets.
 */
#ifndef WRUN_APP_H
#define WRUN_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api.h"
#include "model.h"

/* The runs of one worker: by_worker[off .. off+n), newest first. */
struct app_group {
	size_t off, n;
	size_t failed; /* runs that did not succeed (model_run_failed) */
};

enum app_job_kind { APP_JOB_WORKERS, APP_JOB_HISTORY, APP_JOB_PROJECT };

struct app;

/* A load in flight or queued. Reruns are not jobs: see struct app_rerun. */
struct app_job {
	struct app_job *next;
	struct app *app;
	enum app_job_kind kind;
	bool running;        /* false: queued */
	struct api_job *req; /* while running */
	int64_t started_ms;  /* monotonic, when it started running */
	char *project_key;   /* APP_JOB_PROJECT: whose runs */
};

enum app_rerun_state {
	APP_RERUN_QUEUED,    /* not sent yet */
	APP_RERUN_WAITING,   /* refused by the call limit: sent again at retry_at */
	APP_RERUN_SENT,      /* in flight */
	APP_RERUN_DONE,      /* answered: result */
	APP_RERUN_FAILED,    /* the request failed: error */
	APP_RERUN_ABANDONED, /* sent, then Esc: its answer was not awaited */
	APP_RERUN_STOPPED,   /* never sent: Esc stopped it */
	APP_RERUN_STATE_COUNT
};

/* One rerun of the session, from the moment it is asked for: the ledger's
 * entry. The original run's fields are copies, since a refresh frees the
 * runs. Entries live until app_free(), so pointers to them stay valid. */
struct app_rerun {
	char *worker_key, *project_key, *entry_id;
	char *orig_status;          /* the original run's executionStatus */
	int64_t orig_start_ms;
	struct wr_metrics orig_metrics;
	bool force;                 /* forceRecord=true */
	unsigned batch;             /* 0: a single rerun; else its batch's number */
	enum app_rerun_state state;
	int refusals;               /* answers "call limit exceeded" / 429 so far */
	int64_t retry_at;           /* monotonic ms, while WAITING */
	int64_t sent_ms;            /* epoch ms of the last send, WR_NONE before */
	int64_t answered_ms;        /* epoch ms of the answer, WR_NONE before */
	struct wr_rerun *result;    /* DONE */
	char error[512];            /* FAILED: why, sanitized */
	struct api_job *req;        /* while SENT */
};

struct app_batch {
	unsigned id;      /* 0: none yet */
	size_t total;     /* reruns queued by it */
	size_t skipped;   /* runs left out: no history entry ID */
	bool active;      /* some of it not finished */
};

struct app {
	struct api *api;
	bool test_runs;
	/* --read-only: reruns (r, R, X) are refused with APP_READ_ONLY_MSG and
	 * nothing is sent; loads and everything else work. */
	bool read_only;
	/* Offline (wrun --file): the saved history's name, else NULL. Its
	 * data came whole (app_open_file); loads, reruns and auto-refresh say
	 * that they need a server and send nothing (api is NULL too). */
	char *offline;

	struct wr_worker_list workers; /* sorted by key */
	bool have_workers;
	struct wr_run_list runs;       /* newest first */
	bool have_runs;
	uint32_t *all;                 /* 0 .. runs.n-1: the "All workers" view */
	uint32_t *by_worker;           /* runs grouped by worker, see groups */
	struct app_group *groups;      /* workers.n + 1; the last: unknown workers */
	size_t failed_total;
	uint8_t *fresh;                /* per run: new since the previous load, not yet seen */
	bool any_test_run;             /* some loaded run is a test run */
	size_t short_id_len;           /* IDs cut to this many characters are unique */
	unsigned long data_gen;        /* bumped whenever workers or runs change */

	struct wr_limits config_limits;
	struct wr_limits rerun_limits; /* what the last rerun reported (this session's, else
	                                * the saved ones), or none */
	char *limits_dir;              /* where reported limits are saved (limits_cache.h),
	                                * or NULL: not saved */
	char *limits_url;              /* the server they are saved under */

	struct app_job *jobs;          /* loads, in the order they were asked for */
	/* A history held back while the runs of project workers it left out
	 * are asked for with their project key (APP_JOB_PROJECT), or, when
	 * the history came before the workers, those runs to merge into the
	 * loaded ones. */
	struct wr_run_list *pending;
	bool merge_into_loaded;
	bool projects_asked;           /* for the history loaded last */

	struct app_rerun **ledger;     /* every rerun of the session, oldest first */
	size_t n_ledger, cap_ledger;
	unsigned long ledger_gen;      /* bumped when an entry is added or changes */
	struct app_rerun *answered;    /* the last rerun that got its answer, or NULL */
	unsigned long answered_gen;    /* bumped with it */
	struct app_batch batch;        /* the last batch */

	int refresh_s;                 /* auto-refresh period, 0: off */
	int64_t refreshed_ms;          /* monotonic: when the last history load ended */
	bool refresh_failed;           /* and it failed */

	char msg[512];                 /* the status line */
	bool msg_error;
	int64_t msg_until;             /* monotonic expiry, 0: until replaced */

	bool changed;                  /* something to redraw */
};

/* The first delay after a refusal by the call limit, and the longest. */
#define APP_BACKOFF_MIN_MS 1000
#define APP_BACKOFF_MAX_MS 60000
/* The shortest auto-refresh period. */
#define APP_REFRESH_MIN_S 2

void app_init(struct app *app, struct api *api, bool test_runs,
              const struct wr_limits *config_limits);
/* Cancels every request and frees everything. */
void app_free(struct app *app);

/* Offline: the session's data is a saved history called name (for the
 * title and messages), its workers and runs taken as by app_take_workers
 * and app_take_history. Nothing is sent from then on. */
void app_open_file(struct app *app, const char *name, struct wr_worker_list *workers,
                   struct wr_run_list *runs);
/* Offline: says on the status line that what ("reruns need", "a refresh
 * needs"...) a server and that nothing was sent, and returns true. With a
 * server: false, and nothing is said. */
bool app_needs_server(struct app *app, const char *what);

/* Queue loads; a load of the same kind already queued or running is
 * replaced. Offline they do nothing: the data came whole (a refresh asks
 * app_needs_server first). */
void app_load_workers(struct app *app);
void app_load_history(struct app *app);

/* What the status line says when a rerun is asked for under --read-only. */
#define APP_READ_ONLY_MSG "read-only: reruns are off (--read-only)"

/* Why run cannot be rerun now (offline or read-only: never; a worker key,
 * ID or project key that would not be sent as shown, e.g. a NUL the parser
 * replaced or a control character shown as ^X: never), or NULL when it
 * can. */
const char *app_rerun_refusal(const struct app *app, const struct wr_run *run);
/* Queues a rerun of run (a copy is kept). NULL, with a status message
 * saying why, when app_rerun_refusal() objects. batch: 0 or a batch id. */
struct app_rerun *app_rerun(struct app *app, const struct wr_run *run, bool force,
                            unsigned batch);
/* A rerun of this historyEntryId not finished yet (queued, waiting, in
 * flight), or NULL. */
const struct app_rerun *app_rerun_pending(const struct app *app, const char *entry_id);
/* Reruns not finished yet. */
size_t app_reruns_pending(const struct app *app);
/* The last rerun of this historyEntryId in the ledger, or NULL. */
const struct app_rerun *app_rerun_last(const struct app *app, const char *entry_id);

/* Why run's worker key, ID or project key would not survive the round trip
 * (what is shown is not what would be sent), or NULL. */
const char *app_rerun_key_refusal(const struct wr_run *run);

/* A batch over runs[0..n): each with an ID (and keys that survive the
 * round trip) is queued, the rest counted as skipped. Read-only: nothing,
 * with APP_READ_ONLY_MSG. Returns how many were queued. */
size_t app_batch(struct app *app, const struct wr_run *const *runs, size_t n, bool force);
/* How the last batch stands: finished (done or failed), by outcome. */
struct app_batch_count {
	size_t total, finished, succeeded, failed, stopped, skipped;
};
void app_batch_count(const struct app *app, struct app_batch_count *c);

/* What Esc did. */
struct app_stop {
	size_t loads;     /* loads canceled */
	size_t abandoned; /* reruns already sent: they run on the server */
	size_t stopped;   /* reruns never sent */
};
/* Cancels the loads and every rerun not finished: those sent are only no
 * longer awaited. */
void app_stop_all(struct app *app, struct app_stop *st);

/* Starts what is due: loads at once, reruns one at a time in order, a
 * rerun refused by the call limit again when its wait is over, and the
 * auto-refresh. now is monotonic ms. */
void app_pump(struct app *app, int64_t now);
/* Expires the status message; returns the next moment (monotonic ms) that
 * app_pump or the screen must see, or 0 for none. */
int64_t app_tick(struct app *app, int64_t now);

/* The oldest running load, or NULL. */
const struct app_job *app_busy(const struct app *app);
bool app_job_pending(const struct app *app, enum app_job_kind kind);
/* The rerun in flight, or NULL. */
const struct app_rerun *app_rerun_in_flight(const struct app *app);

/* The runs of a workers-pane row (0: all workers, i: workers.v[i-1]). */
void app_view(const struct app *app, size_t worker_row, const uint32_t **idx, size_t *n);
size_t app_worker_failed(const struct app *app, size_t worker_row);
/* The row of the worker with this key, or 0. */
size_t app_worker_row(const struct app *app, const char *key);
/* The worker with this key, or NULL. */
const struct wr_worker *app_worker(const struct app *app, const char *key);

/* New since the previous load and not yet selected; app_run_seen clears it. */
bool app_run_is_new(const struct app *app, size_t run);
void app_run_seen(struct app *app, size_t run);
/* A run's ID cut to the length that keeps every loaded ID apart (at least
 * 8 characters), into buf; "-" when it has none. */
void app_short_id(const struct app *app, const char *id, char *buf, size_t n);

/* The limits history runs are drawn against (model_limits_effective:
 * configured, else the last reported by a rerun, else the documented
 * sample). */
struct wr_limits app_limits(const struct app *app);

/* Saves the limits reruns report from now on in dir (limits_cache.h) under
 * url, and takes the ones saved there for url as the last reported. A file
 * that cannot be read or is corrupt is ignored with a warning on the status
 * line. dir NULL: nothing is read or saved. */
void app_limits_cache(struct app *app, const char *dir, const char *url);

/* Auto-refresh: 0 turns it off, else a period of at least APP_REFRESH_MIN_S
 * (offline: refused, as app_needs_server). */
void app_set_refresh(struct app *app, int seconds, int64_t now);

/* The status line. Info messages expire after a few seconds; errors stay
 * until replaced. */
void app_msg(struct app *app, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* What the requests' callbacks do with an answer, exposed for tests: take
 * a loaded list (ownership of its contents moves; the struct itself is
 * freed), and the answer to the rerun in flight (result NULL: err says
 * why). */
void app_take_workers(struct app *app, struct wr_worker_list *workers);
void app_take_history(struct app *app, struct wr_run_list *runs);
void app_rerun_answer(struct app *app, struct wr_rerun *result, const struct wr_error *err);

/* "SUCCESS" etc. of a ledger entry: the rerun's status, or its state. */
const char *app_rerun_state_text(const struct app_rerun *r);

#endif
