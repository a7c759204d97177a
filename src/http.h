/* http.h - one libcurl multi handle for the whole program, non-blocking.
 *
 * Each request carries Authorization: Bearer, a User-Agent, Content-Type
 * where it has a body, a connect timeout and a stall timeout, and a size cap.
 * A 2xx body is handed to the data callback chunk by chunk as it arrives; a
 * non-2xx body is buffered (at most 64 KiB) and handed to the done callback
 * for error mapping. Nothing blocks: the owner waits in http_wait() (with
 * its own descriptor, e.g. the terminal, as an extra) and calls http_run().
 */
#ifndef WRUN_HTTP_H
#define WRUN_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "conf.h"
#include "error.h"

struct http;
struct http_req;

/* A chunk of a 2xx body. Return false to abort the transfer (the done
 * callback then gets the error the callback put in err). */
typedef bool (*http_data_fn)(void *ud, const char *buf, size_t n, struct wr_error *err);

struct http_result {
	long status;             /* HTTP status, 0 when no response */
	const char *body;        /* non-2xx: the buffered body (capped), else NULL */
	size_t body_len;
	long retry_after_s;      /* the final response's Retry-After in seconds
	                          * (0-3600), -1 when absent or unreadable */
	struct wr_error err;     /* kind WR_OK when the transfer completed */
};

/* Called once per request, from http_run(), unless canceled first. */
typedef void (*http_done_fn)(void *ud, const struct http_result *res);

/* srv must outlive the handle. */
struct http *http_new(const struct wr_server *srv, struct wr_error *err);
void http_free(struct http *h); /* cancels what is left, no callbacks */

/* Starts a request. method "GET" or "POST"; body NULL for none (POST bodies
 * are sent as application/json). Returns NULL with err when it could not
 * start. */
struct http_req *http_start(struct http *h, const char *method, const char *url,
                            const char *body, http_data_fn on_data, http_done_fn on_done,
                            void *ud, struct wr_error *err);

/* Stops a request; its done callback is not called. */
void http_cancel(struct http *h, struct http_req *r);

/* Number of requests still running. */
size_t http_pending(const struct http *h);

/* Waits until a transfer needs attention, extra_fd (>= 0) is readable, or
 * timeout_ms passes (-1: no timeout, only when something can wake it).
 * h may be NULL (no server, wrun --file): then only extra_fd and the
 * timeout wake it. Sets *extra_ready. Returns false with err when polling
 * failed. */
bool http_wait(struct http *h, int extra_fd, int timeout_ms, bool *extra_ready,
               struct wr_error *err);

/* Drives the transfers without blocking and calls the callbacks of those
 * that finished. */
void http_run(struct http *h);

/* Blocks (in http_wait/http_run) until no request is pending. For the CLI. */
void http_run_all(struct http *h);

/* --trace FILE: from now on, appends one record per request to path
 * (trace.h: method, URL, status, timings, bytes, headers with the
 * Authorization header as "Bearer ***", the first 4 KiB of each body; the
 * token never appears, even in part). The file is created with mode 0600;
 * an existing one must be this user's and closed to others. False with err
 * (WR_ERR_CONFIG, exit status 2) when it cannot be used. A write failure
 * later is warned about once (http_set_warn) and ends the trace. */
bool http_trace_open(struct http *h, const char *path, struct wr_error *err);

/* Warnings about requests, one line without "wrun: " (e.g. the token about
 * to go in cleartext). Without a hook they go to stderr as
 * "wrun: warning: ..."; the interface shows them on its status line. */
typedef void (*http_warn_fn)(void *ud, const char *msg);
void http_set_warn(struct http *h, http_warn_fn fn, void *ud);

/* Would a request to url send the token in cleartext where others may read
 * it: plain http:// to a host other than a loopback address (127.0.0.0/8,
 * ::1, localhost)? The first request that would (with a token) is warned
 * about once per handle, before it is sent. Exposed for tests. */
bool http_url_cleartext(const char *url);

/* The longest Retry-After kept; longer ones are cut to it. */
#define HTTP_RETRY_AFTER_MAX 3600L

/* A Retry-After header value (len bytes, no NUL needed, spaces and CRLF
 * around it allowed) in seconds from now: delay-seconds, or an HTTP-date
 * (0 when past). Capped at HTTP_RETRY_AFTER_MAX; -1 when unreadable.
 * Exposed for tests. */
long http_retry_after_parse(const char *value, size_t len, time_t now);

#endif
