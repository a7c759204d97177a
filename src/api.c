/* api.c - the Workers endpoints on top of http: URLs with escaped parts,
 * bodies parsed into the model (history while it downloads), and every
 * failure mapped onto one wr_error.
 */
#include "config.h"

#include "api.h"
#include "parse.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define API_PREFIX "/worker/api/v1"

enum api_kind { API_WORKERS, API_HISTORY, API_RERUN };

struct api_job {
	struct api *a;
	struct api_job *prev, *next;
	enum api_kind kind;
	struct http_req *req;
	void *ud;
	union {
		api_workers_fn workers;
		api_history_fn history;
		api_rerun_fn rerun;
	} cb;
	bool in_cb; /* its callback is running: canceling it is a no-op */
	/* history: parsed as it arrives */
	struct wr_run_list *runs;
	struct parse_history *ph;
	/* workers, rerun: buffered */
	char *buf;
	size_t len, cap;
};

struct api {
	const struct wr_server *srv;
	struct http *http;
	struct api_job *jobs;
};

/* ---- URLs ------------------------------------------------------------------ */

/* A growing string; on allocation failure it stays failed and yields NULL. */
struct api_str {
	char *s;
	size_t len, cap;
	bool failed;
};

static void api_str_add(struct api_str *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void api_str_cat(struct api_str *b, const char *s)
{
	api_str_add(b, s, strlen(s));
}

/* Percent-encodes everything but RFC 3986's unreserved characters, so the
 * result is safe in a path segment and in a query value alike. */
static void api_str_escape(struct api_str *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			api_str_add(b, (const char *)&c, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			api_str_add(b, e, 3);
		}
	}
}

/* A path segment: escaped as above, and a segment of dots only ("." or
 * "..", which a client or a server would take as a dot segment and remove
 * together with the one before it) with each dot as %2E. */
static void api_str_segment(struct api_str *b, const char *s)
{
	if (strspn(s, ".") != strlen(s)) {
		api_str_escape(b, s);
		return;
	}
	for (; *s; s++)
		api_str_cat(b, "%2E");
}

static char *api_str_done(struct api_str *b)
{
	if (b->failed) {
		free(b->s);
		return NULL;
	}
	return b->s;
}

/* The base without trailing slashes, then the API prefix. */
static bool api_str_base(struct api_str *b, const char *base)
{
	size_t n;

	if (!base)
		return false;
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	if (n == 0)
		return false;
	api_str_add(b, base, n);
	api_str_cat(b, API_PREFIX);
	return true;
}

/* Appends "?name=value" or "&name=value", the value escaped. */
static void api_str_param(struct api_str *b, bool *first, const char *name, const char *value)
{
	api_str_cat(b, *first ? "?" : "&");
	*first = false;
	api_str_cat(b, name);
	api_str_cat(b, "=");
	api_str_escape(b, value);
}

static bool api_given(const char *s)
{
	return s && *s;
}

char *api_url_workers(const char *base, const char *project_key)
{
	struct api_str b = { 0 };
	bool first = true;

	if (!api_str_base(&b, base))
		return NULL;
	api_str_cat(&b, "/workers");
	if (api_given(project_key))
		api_str_param(&b, &first, "projectKey", project_key);
	return api_str_done(&b);
}

char *api_url_history(const char *base, const struct api_history_query *q)
{
	struct api_str b = { 0 };
	bool first = true;

	if (!api_str_base(&b, base))
		return NULL;
	api_str_cat(&b, "/execution_history");
	if (q && api_given(q->worker_key))
		api_str_param(&b, &first, "workerKey", q->worker_key);
	/* showTestRun defaults to false on the server: sent only when asked. */
	if (q && q->test_runs)
		api_str_param(&b, &first, "showTestRun", "true");
	if (q && api_given(q->project_key))
		api_str_param(&b, &first, "projectKey", q->project_key);
	return api_str_done(&b);
}

char *api_url_rerun(const char *base, const char *worker_key, const char *project_key,
                    bool force_record)
{
	struct api_str b = { 0 };
	bool first = true;

	if (!api_given(worker_key) || !api_str_base(&b, base))
		return NULL;
	api_str_cat(&b, "/rerun/");
	api_str_segment(&b, worker_key);
	api_str_param(&b, &first, "forceRecord", force_record ? "true" : "false");
	if (api_given(project_key))
		api_str_param(&b, &first, "projectKey", project_key);
	return api_str_done(&b);
}

char *api_rerun_body(const char *entry_id)
{
	struct json_object *o, *id;
	const char *text;
	char *out = NULL;

	if (!api_given(entry_id))
		return NULL;
	o = json_object_new_object();
	if (!o)
		return NULL;
	id = json_object_new_string(entry_id);
	if (id && json_object_object_add(o, "historyEntryId", id) == 0) {
		text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
		                                             JSON_C_TO_STRING_NOSLASHESCAPE);
		if (text)
			out = strdup(text);
	} else if (id) {
		json_object_put(id);
	}
	json_object_put(o);
	return out;
}

/* ---- errors ------------------------------------------------------------------ */

static const char *api_reason(long status)
{
	switch (status) {
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "error";
	}
}

/* A summary such as "502 Bad Gateway" from a proxy page: the number is said
 * once, by the "HTTP 502:" prefix. */
static const char *api_skip_status(const char *msg, long status)
{
	char num[24];
	size_t n;

	snprintf(num, sizeof num, "%ld", status);
	n = strlen(num);
	if (strncmp(msg, num, n) == 0 && (msg[n] == ' ' || msg[n] == ':' || msg[n] == '-')) {
		msg += n;
		while (*msg == ' ' || *msg == ':' || *msg == '-')
			msg++;
	}
	return msg;
}

/* Does hay contain needle, ignoring ASCII case? */
static bool api_has_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* A rate limit: 429, or the documented 400 "Call limit exceeded". */
static bool api_rate_limited(long status, const char *server_text)
{
	if (status == 429)
		return true;
	return status == 400 && api_has_nocase(server_text, "limit") &&
	       api_has_nocase(server_text, "exceed");
}

bool api_map_error(const struct http_result *res, struct wr_error *err)
{
	char text[400], retry_hint[64];
	const char *msg, *hint = "";
	long st, retry;
	bool limited;

	if (!res) {
		wr_error_set(err, WR_ERR_NET, 0, "no response");
		return true;
	}
	if (res->err.kind != WR_OK) {
		*err = res->err;
		return true;
	}
	st = res->status;
	if (st >= 200 && st <= 299) {
		wr_error_clear(err);
		return false;
	}
	if (st <= 0) {
		wr_error_set(err, WR_ERR_NET, 0, "the server sent no HTTP status");
		return true;
	}
	text[0] = '\0';
	if (res->body && res->body_len > 0)
		parse_error_body(res->body, res->body_len, text, sizeof text);
	msg = api_skip_status(text, st);
	if (!*msg)
		msg = api_reason(st);
	limited = api_rate_limited(st, text);
	retry = res->retry_after_s < 0 ? -1 :
	        res->retry_after_s > HTTP_RETRY_AFTER_MAX ? HTTP_RETRY_AFTER_MAX : res->retry_after_s;

	if (limited && retry >= 0) {
		snprintf(retry_hint, sizeof retry_hint, " (retry after %ld s)", retry);
		hint = retry_hint;
	} else if (st == 401)
		hint = " (check the access token)";
	else if (st == 403)
		hint = " (the token lacks a permission; a project admin's token needs --project)";
	else if (st == 404 && (!res->body || res->body_len == 0))
		hint = " (no Workers API at this URL: is it the JFrog Platform root?)";
	else if (st >= 300 && st <= 399)
		hint = " (wrun does not follow redirects: check the URL, e.g. https:// instead of http://)";
	wr_error_set(err, WR_ERR_HTTP, st, "HTTP %ld: %s%s", st, msg, hint);
	err->rate_limited = limited;
	err->retry_after_s = retry;
	return true;
}

/* ---- jobs ------------------------------------------------------------------- */

static void api_job_free(struct api_job *j)
{
	if (!j)
		return;
	if (j->ph)
		parse_history_free(j->ph);
	if (j->runs) {
		model_run_list_free(j->runs);
		free(j->runs);
	}
	free(j->buf);
	free(j);
}

static void api_job_unlink(struct api *a, struct api_job *j)
{
	if (j->prev)
		j->prev->next = j->next;
	else
		a->jobs = j->next;
	if (j->next)
		j->next->prev = j->prev;
	j->prev = j->next = NULL;
}

/* history: each chunk goes straight to the streaming parser */
static bool api_on_history_data(void *ud, const char *buf, size_t n, struct wr_error *err)
{
	struct api_job *j = ud;

	return parse_history_feed(j->ph, buf, n, err);
}

/* workers, rerun: small bodies, kept whole (http caps their size) */
static bool api_on_buffer_data(void *ud, const char *buf, size_t n, struct wr_error *err)
{
	struct api_job *j = ud;

	if (n > j->cap - j->len) {
		size_t cap = j->cap ? j->cap : 4096;
		char *p;

		while (n > cap - j->len) {
			if (cap > ((size_t)-1) / 2) {
				wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
				return false;
			}
			cap *= 2;
		}
		p = realloc(j->buf, cap);
		if (!p) {
			wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
			return false;
		}
		j->buf = p;
		j->cap = cap;
	}
	memcpy(j->buf + j->len, buf, n);
	j->len += n;
	return true;
}

/* 204 No Content: no body at all, which for a list means an empty one. */
static bool api_no_content(const struct http_result *res)
{
	return res->status == 204;
}

static void api_finish_history(struct api_job *j, const struct http_result *res,
                               struct wr_error *err)
{
	struct wr_run_list *runs = NULL;

	if (api_no_content(res) || parse_history_finish(j->ph, err)) {
		model_run_list_sort_newest(j->runs);
		runs = j->runs;
		j->runs = NULL;
	}
	j->cb.history(j->ud, runs, runs ? NULL : err);
}

static void api_finish_workers(struct api_job *j, const struct http_result *res,
                               struct wr_error *err)
{
	struct wr_worker_list *l = calloc(1, sizeof *l);

	if (!l) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
	} else if (api_no_content(res)) {
		/* calloc gave the empty list */
	} else if (!parse_workers_within(j->buf ? j->buf : "", j->len,
	                                 parse_budget(j->a->srv->max_body), l, err)) {
		model_worker_list_free(l);
		free(l);
		l = NULL;
	} else {
		model_worker_list_sort(l);
	}
	j->cb.workers(j->ud, l, l ? NULL : err);
}

static void api_finish_rerun(struct api_job *j, struct wr_error *err)
{
	struct wr_rerun *r = calloc(1, sizeof *r);

	if (!r) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
	} else if (!parse_rerun_within(j->buf ? j->buf : "", j->len,
	                               parse_budget(j->a->srv->max_body), r, err)) {
		model_rerun_free(r);
		free(r);
		r = NULL;
	}
	j->cb.rerun(j->ud, r, r ? NULL : err);
}

static void api_on_done(void *ud, const struct http_result *res)
{
	struct api_job *j = ud;
	struct api *a = j->a;
	struct wr_error err;

	/* The request is freed by http after this returns; the job is ours. */
	j->req = NULL;
	api_job_unlink(a, j);
	j->in_cb = true;
	wr_error_clear(&err);
	if (api_map_error(res, &err)) {
		switch (j->kind) {
		case API_WORKERS: j->cb.workers(j->ud, NULL, &err); break;
		case API_HISTORY: j->cb.history(j->ud, NULL, &err); break;
		case API_RERUN: j->cb.rerun(j->ud, NULL, &err); break;
		}
	} else {
		switch (j->kind) {
		case API_WORKERS: api_finish_workers(j, res, &err); break;
		case API_HISTORY: api_finish_history(j, res, &err); break;
		case API_RERUN: api_finish_rerun(j, &err); break;
		}
	}
	api_job_free(j);
}

static struct api_job *api_job_new(struct api *a, enum api_kind kind, bool has_cb, void *ud,
                                   struct wr_error *err)
{
	struct api_job *j;

	if (!a || !has_cb) {
		wr_error_set(err, WR_ERR_USAGE, 0, "no API session or no callback");
		return NULL;
	}
	j = calloc(1, sizeof *j);
	if (!j) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return NULL;
	}
	j->a = a;
	j->kind = kind;
	j->ud = ud;
	return j;
}

/* Starts the job's request; on failure frees the job. */
static struct api_job *api_job_start(struct api *a, struct api_job *j, const char *method,
                                     char *url, const char *body, http_data_fn on_data,
                                     struct wr_error *err)
{
	if (!url) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		api_job_free(j);
		return NULL;
	}
	j->req = http_start(a->http, method, url, body, on_data, api_on_done, j, err);
	free(url);
	if (!j->req) {
		api_job_free(j);
		return NULL;
	}
	j->next = a->jobs;
	if (a->jobs)
		a->jobs->prev = j;
	a->jobs = j;
	return j;
}

/* The caller's project key, else the server's --project. */
static const char *api_project(const struct api *a, const char *project_key)
{
	return api_given(project_key) ? project_key : a->srv->project;
}

/* ---- the API ------------------------------------------------------------------ */

struct api *api_new(const struct wr_server *srv, struct wr_error *err)
{
	struct api *a;

	if (!srv || !srv->url) {
		wr_error_set(err, WR_ERR_USAGE, 0, "no server settings");
		return NULL;
	}
	a = calloc(1, sizeof *a);
	if (!a) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return NULL;
	}
	a->srv = srv;
	a->http = http_new(srv, err);
	if (!a->http) {
		free(a);
		return NULL;
	}
	return a;
}

void api_free(struct api *a)
{
	if (!a)
		return;
	while (a->jobs)
		api_cancel(a, a->jobs);
	http_free(a->http);
	free(a);
}

struct http *api_http(struct api *a)
{
	return a ? a->http : NULL;
}

struct api_job *api_workers(struct api *a, api_workers_fn cb, void *ud, struct wr_error *err)
{
	struct api_job *j = api_job_new(a, API_WORKERS, cb != NULL, ud, err);

	if (!j)
		return NULL;
	j->cb.workers = cb;
	return api_job_start(a, j, "GET", api_url_workers(a->srv->url, a->srv->project), NULL,
	                     api_on_buffer_data, err);
}

struct api_job *api_history(struct api *a, const struct api_history_query *q,
                            api_history_fn cb, void *ud, struct wr_error *err)
{
	struct api_history_query query = { 0 };
	struct api_job *j = api_job_new(a, API_HISTORY, cb != NULL, ud, err);

	if (!j)
		return NULL;
	j->cb.history = cb;
	if (q)
		query = *q;
	query.project_key = api_project(a, query.project_key);
	j->runs = calloc(1, sizeof *j->runs);
	if (!j->runs || !model_run_list_init(j->runs)) {
		free(j->runs);
		j->runs = NULL;
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		api_job_free(j);
		return NULL;
	}
	j->ph = parse_history_new(j->runs);
	if (!j->ph) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		api_job_free(j);
		return NULL;
	}
	/* The runs built from the body may take a few times --max-body, no
	 * more: a body of empty entries, or a gzip bomb of them, must not
	 * take tens of GB. */
	parse_history_set_budget(j->ph, parse_budget(a->srv->max_body));
	return api_job_start(a, j, "GET", api_url_history(a->srv->url, &query), NULL,
	                     api_on_history_data, err);
}

struct api_job *api_rerun(struct api *a, const char *worker_key, const char *project_key,
                          const char *entry_id, bool force_record, api_rerun_fn cb, void *ud,
                          struct wr_error *err)
{
	struct api_job *j;
	char *body;

	if (!api_given(worker_key)) {
		wr_error_set(err, WR_ERR_USAGE, 0, "rerun: no worker key");
		return NULL;
	}
	if (!api_given(entry_id)) {
		wr_error_set(err, WR_ERR_USAGE, 0,
		             "rerun: this run has no historyEntryId (an older server), so it cannot be rerun");
		return NULL;
	}
	j = api_job_new(a, API_RERUN, cb != NULL, ud, err);
	if (!j)
		return NULL;
	j->cb.rerun = cb;
	body = api_rerun_body(entry_id);
	if (!body) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		api_job_free(j);
		return NULL;
	}
	j = api_job_start(a, j, "POST",
	                  api_url_rerun(a->srv->url, worker_key, api_project(a, project_key),
	                                force_record),
	                  body, api_on_buffer_data, err);
	free(body);
	return j;
}

void api_cancel(struct api *a, struct api_job *job)
{
	if (!a || !job || job->in_cb)
		return;
	if (job->req)
		http_cancel(a->http, job->req);
	job->req = NULL;
	api_job_unlink(a, job);
	api_job_free(job);
}
