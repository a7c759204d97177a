/* api.h - the Workers endpoints on top of http.
 *
 * Builds URLs (path and query parts escaped), parses bodies into the model
 * (history while it downloads), and maps every failure onto one wr_error:
 * the {"errors":[...]} envelope becomes "HTTP 403: <server message>", a
 * non-JSON body a short plain summary, transport failures a one-line
 * message. Callbacks run from api_run()/http_run(), never from the call that
 * started the request.
 */
#ifndef WRUN_API_H
#define WRUN_API_H

#include <stdbool.h>

#include "conf.h"
#include "error.h"
#include "http.h"
#include "model.h"

struct api;
struct api_job;

/* On success err is NULL and the callee takes ownership of the list/result
 * (free with model_*_free). On failure the pointer is NULL and err says why. */
typedef void (*api_workers_fn)(void *ud, struct wr_worker_list *workers, const struct wr_error *err);
typedef void (*api_history_fn)(void *ud, struct wr_run_list *runs, const struct wr_error *err);
typedef void (*api_rerun_fn)(void *ud, struct wr_rerun *result, const struct wr_error *err);

struct api_history_query {
	const char *worker_key;  /* NULL: all workers */
	const char *project_key; /* NULL or "": none sent */
	bool test_runs;          /* showTestRun=true */
};

/* srv must outlive the api. */
struct api *api_new(const struct wr_server *srv, struct wr_error *err);
void api_free(struct api *a);
struct http *api_http(struct api *a); /* for waiting in the owner's loop */

/* GET /worker/api/v1/workers[?projectKey=] (the server's --project).
 * The workers come sorted by key. */
struct api_job *api_workers(struct api *a, api_workers_fn cb, void *ud, struct wr_error *err);

/* GET /worker/api/v1/execution_history[?workerKey=&showTestRun=&projectKey=].
 * The runs come sorted newest first. */
struct api_job *api_history(struct api *a, const struct api_history_query *q,
                            api_history_fn cb, void *ud, struct wr_error *err);

/* POST /worker/api/v1/rerun/{worker_key}?forceRecord=&projectKey= with
 * {"historyEntryId": entry_id}. */
struct api_job *api_rerun(struct api *a, const char *worker_key, const char *project_key,
                          const char *entry_id, bool force_record, api_rerun_fn cb, void *ud,
                          struct wr_error *err);

/* Cancels a job: its callback is not called, what it held is freed. */
void api_cancel(struct api *a, struct api_job *job);

/* URL building, exposed for tests: base + path + query, with each part
 * percent-escaped. Returns a new string or NULL. */
char *api_url_workers(const char *base, const char *project_key);
char *api_url_history(const char *base, const struct api_history_query *q);
char *api_url_rerun(const char *base, const char *worker_key, const char *project_key,
                    bool force_record);

/* The rerun request's body, {"historyEntryId":"<entry_id>"}, built with
 * json-c (exposed for tests). NULL when entry_id is empty or memory ran out. */
char *api_rerun_body(const char *entry_id);

/* Maps a finished request onto an error (exposed for tests): transport
 * errors pass through; a non-2xx status becomes WR_ERR_HTTP with the
 * server's message or a plain summary, and the response's Retry-After
 * (capped at 3600 s). 429, or 400 with a message that says "limit" and
 * "exceed" (any case), is a rate limit (err->rate_limited); the message
 * then ends with "(retry after N s)" when the server said when. False when
 * the result is a success. */
bool api_map_error(const struct http_result *res, struct wr_error *err);

#endif
