/* http.c - one libcurl multi handle, non-blocking requests with the
 * Authorization header, timeouts, a size cap and TLS options; bodies handed
 * on chunk by chunk; transport failures mapped onto one-line wr_errors.
 *
 * Re-entrancy: callbacks may start and cancel requests. on_data runs inside
 * curl_multi_perform(), where libcurl forbids adding or removing handles, so
 * what is started or canceled there is added or removed when perform returns.
 * on_done runs after perform, where anything goes.
 */
#include "config.h"

#include "http.h"
#include "sanitize.h"
#include "trace.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define HTTP_ERR_BODY_MAX ((size_t)64 * 1024)
/* The response headers of one request (every response: a 1xx, a proxy's
 * answer to CONNECT and the final one) may not be larger than this, nor
 * more than this many lines: a server that sends more is refused with a
 * clear message rather than libcurl's own limits' "out of memory" or
 * "connection reset". */
#define HTTP_HEADERS_MAX ((size_t)256 * 1024)
#define HTTP_HEADERS_MAX_LINES 2000
#define HTTP_MIB ((size_t)1024 * 1024)
/* The receive buffer of a GET (the workers and the history, which can be
 * tens of megabytes): libcurl reads the socket into it, 16 KiB at a time
 * by default, which made a 50 MB history some 3,400 reads and as many
 * wakes of the interface's loop; with 512 KiB, about a hundred. The write
 * callback still gets pieces of at most CURL_MAX_WRITE_SIZE (16 KiB), so
 * the splitter sees the same pieces. libcurl takes up to 512 KiB since
 * 7.53.0 (CURL_MAX_READ_SIZE; 10 MiB since 7.88.0) and quietly caps a
 * larger wish. */
#define HTTP_GET_BUFFER ((long)512 * 1024)
/* How long one wait may last when the caller gives no timeout and a
 * transfer is pending (curl's own timers cut it shorter). */
#define HTTP_WAIT_CAP_MS 1000

struct http_req {
	struct http *h;
	struct http_req *prev, *next; /* in h->live or h->dead */
	CURL *easy;
	http_data_fn on_data;
	http_done_fn on_done;
	void *ud;
	bool added;    /* in the multi handle */
	bool in_done;  /* its on_done is running */
	bool status_known;
	bool ok_status; /* 2xx */
	bool aborted;   /* the write callback stopped the transfer */
	bool canceled;  /* canceled inside perform, freed after it */
	long status;
	long retry_after; /* the current response's Retry-After, -1 none */
	size_t received;
	size_t header_bytes, header_lines; /* of every response so far */
	bool in_headers; /* after a status line, before the blank line ending its headers */
	char *err_body; /* non-2xx body, at most HTTP_ERR_BODY_MAX, NUL-terminated */
	size_t err_len;
	struct wr_error cb_err; /* why the write callback aborted */
	struct http_trace_req *tr; /* --trace: what the record needs, or NULL */
	char host[256];         /* for messages, printable */
	long port;
	char errbuf[CURL_ERROR_SIZE];
};

/* What a --trace record needs that libcurl does not keep. */
struct http_trace_req {
	char *method, *url;
	char *req_hdr, *resp_hdr;   /* as sent / received, growing */
	size_t req_hdr_len, req_hdr_cap, resp_hdr_len, resp_hdr_cap;
	char req_body[TRACE_BODY_MAX];
	size_t req_body_len, req_body_total;
	char resp_body[TRACE_BODY_MAX];
	size_t resp_body_len;
};

struct http {
	const struct wr_server *srv;
	CURLM *multi;
	struct curl_slist *hdr_get;  /* Authorization, Accept */
	struct curl_slist *hdr_body; /* the same and Content-Type */
	struct http_req *live;       /* started, not finished nor canceled */
	struct http_req *dead;       /* canceled inside perform: freed after it */
	size_t n_live;
	bool in_perform;
	http_warn_fn warn; /* NULL: stderr */
	void *warn_ud;
	bool warned_cleartext;
	struct trace *trace; /* --trace, or NULL */
};

static int http_users; /* curl_global_init/cleanup pairing */

static void http_warn(struct http *h, const char *msg);

/* ---- helpers ------------------------------------------------------------- */

/* Copies text for a message, made safe for a terminal (libcurl's text
 * can quote what a server sent), on one line, truncated to fit. */
static void http_printable(char *dst, size_t dstsz, const char *s)
{
	size_t n;

	if (dstsz == 0)
		return;
	if (!s)
		s = "";
	n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '.'))
		n--;
	sanitize_buf(dst, dstsz, s, n, SAN_TAB_TO_SPACE);
}

static void http_list_add(struct http_req **head, struct http_req *r)
{
	r->prev = NULL;
	r->next = *head;
	if (*head)
		(*head)->prev = r;
	*head = r;
}

static void http_list_del(struct http_req **head, struct http_req *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		*head = r->next;
	if (r->next)
		r->next->prev = r->prev;
	r->prev = r->next = NULL;
}

/* Wipes the header strings (one holds the token) before freeing them. */
static void http_headers_free(struct curl_slist *l)
{
	for (struct curl_slist *p = l; p; p = p->next)
		if (p->data)
			explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(l);
}

static struct curl_slist *http_headers_new(const char *token, bool with_body)
{
	struct curl_slist *l = NULL, *t;
	char *auth = NULL;
	int n;

	n = asprintf(&auth, "Authorization: Bearer %s", token ? token : "");
	if (n < 0)
		return NULL;
	t = curl_slist_append(l, auth);
	explicit_bzero(auth, (size_t)n);
	free(auth);
	if (!t)
		return NULL;
	l = t;
	t = curl_slist_append(l, "Accept: application/json");
	if (!t)
		goto fail;
	if (with_body) {
		t = curl_slist_append(l, "Content-Type: application/json");
		if (!t)
			goto fail;
	}
	/* No "Expect: 100-continue" round trip for small JSON bodies. */
	t = curl_slist_append(l, "Expect:");
	if (!t)
		goto fail;
	return l;
fail:
	http_headers_free(l);
	return NULL;
}

/* Host and port of a URL, for messages. */
static void http_url_host(struct http_req *r, const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL;

	snprintf(r->host, sizeof r->host, "the server");
	r->port = 0;
	if (!u)
		return;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host)
			http_printable(r->host, sizeof r->host, host);
		if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK && port)
			r->port = strtol(port, NULL, 10);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
}

static void http_trace_req_free(struct http_trace_req *tr)
{
	if (!tr)
		return;
	free(tr->method);
	free(tr->url);
	if (tr->req_hdr) /* it held the Authorization header */
		explicit_bzero(tr->req_hdr, tr->req_hdr_len);
	free(tr->req_hdr);
	free(tr->resp_hdr);
	free(tr);
}

static void http_req_free(struct http_req *r)
{
	if (!r)
		return;
	if (r->easy)
		curl_easy_cleanup(r->easy);
	http_trace_req_free(r->tr);
	free(r->err_body);
	free(r);
}

/* Takes a request out of the multi handle and frees it. */
static void http_req_destroy(struct http *h, struct http_req *r)
{
	if (r->added) {
		curl_multi_remove_handle(h->multi, r->easy);
		r->added = false;
	}
	http_req_free(r);
}

/* ---- receiving ------------------------------------------------------------- */

static void http_set_headers_too_big(struct http_req *r, struct wr_error *err)
{
	wr_error_set(err, WR_ERR_TOO_BIG, 0,
	             "the response headers of %s were too large (limits: %zu KiB in all, "
	             "100 KiB a line, %d lines)",
	             r->host, HTTP_HEADERS_MAX / 1024, HTTP_HEADERS_MAX_LINES);
}

static void http_set_too_big(struct http_req *r)
{
	wr_error_set(&r->cb_err, WR_ERR_TOO_BIG, 0, "response larger than %zu MiB (--max-body)",
	             r->h->srv->max_body / HTTP_MIB);
}

static size_t http_on_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct http_req *r = userdata;
	size_t n = size * nmemb;

	if (r->canceled)
		return 0;
	if (!r->status_known) {
		long code = 0;

		if (curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK)
			code = 0;
		r->status = code;
		r->status_known = true;
		r->ok_status = code >= 200 && code <= 299;
	}
	if (n > r->h->srv->max_body - r->received) {
		http_set_too_big(r);
		r->aborted = true;
		return 0;
	}
	r->received += n;
	if (r->tr && r->tr->resp_body_len < TRACE_BODY_MAX) {
		size_t take = TRACE_BODY_MAX - r->tr->resp_body_len;

		if (take > n)
			take = n;
		memcpy(r->tr->resp_body + r->tr->resp_body_len, ptr, take);
		r->tr->resp_body_len += take;
	}
	if (r->ok_status) {
		if (r->on_data && n > 0 && !r->on_data(r->ud, ptr, n, &r->cb_err)) {
			if (r->cb_err.kind == WR_OK)
				wr_error_set(&r->cb_err, WR_ERR_NET, 0, "the transfer was stopped");
			r->aborted = true;
			return 0;
		}
		return n;
	}
	/* An error body: keep the first 64 KiB for the message, drop the rest. */
	if (r->err_len < HTTP_ERR_BODY_MAX) {
		size_t take = HTTP_ERR_BODY_MAX - r->err_len;

		if (take > n)
			take = n;
		if (!r->err_body) {
			r->err_body = malloc(HTTP_ERR_BODY_MAX + 1);
			if (!r->err_body) {
				wr_error_set(&r->cb_err, WR_ERR_NOMEM, 0, "out of memory");
				r->aborted = true;
				return 0;
			}
		}
		memcpy(r->err_body + r->err_len, ptr, take);
		r->err_len += take;
		r->err_body[r->err_len] = '\0';
	}
	return n;
}

static bool http_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool http_is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

long http_retry_after_parse(const char *v, size_t len, time_t now)
{
	char date[64];
	size_t a = 0, b = len, i;
	long secs = 0;
	time_t when;

	if (!v)
		return -1;
	while (a < b && (v[a] == ' ' || v[a] == '\t'))
		a++;
	while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t' || v[b - 1] == '\r' || v[b - 1] == '\n'))
		b--;
	if (a == b)
		return -1;
	if (http_is_digit(v[a])) {
		for (i = a; i < b; i++) {
			if (!http_is_digit(v[i]))
				return -1;
			if (secs < HTTP_RETRY_AFTER_MAX) /* stops growing: no overflow */
				secs = secs * 10 + (v[i] - '0');
		}
		return secs < HTTP_RETRY_AFTER_MAX ? secs : HTTP_RETRY_AFTER_MAX;
	}
	/* An HTTP-date starts with the day's name, e.g. "Wed, 21 Oct 2015 07:28:00 GMT". */
	if (!http_is_alpha(v[a]) || b - a >= sizeof date)
		return -1;
	memcpy(date, v + a, b - a);
	date[b - a] = '\0';
	when = curl_getdate(date, NULL);
	if (when == (time_t)-1)
		return -1;
	if (when <= now)
		return 0;
	return when - now < HTTP_RETRY_AFTER_MAX ? (long)(when - now) : HTTP_RETRY_AFTER_MAX;
}

/* Appends p[0..n) to a growing buffer; false when out of memory. */
static bool http_grow_append(char **buf, size_t *len, size_t *cap, const char *p, size_t n)
{
	if (n > *cap - *len) {
		size_t ncap = *cap ? *cap : 1024;
		char *nb;

		while (ncap - *len < n) {
			if (ncap > ((size_t)-1) / 2)
				return false;
			ncap *= 2;
		}
		nb = realloc(*buf, ncap);
		if (!nb)
			return false;
		*buf = nb;
		*cap = ncap;
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	return true;
}

/* --trace: the request's headers as libcurl sent them. */
static int http_on_debug(CURL *easy, curl_infotype type, char *data, size_t size, void *userdata)
{
	struct http_req *r = userdata;

	(void)easy;
	if (type == CURLINFO_HEADER_OUT && r->tr)
		(void)http_grow_append(&r->tr->req_hdr, &r->tr->req_hdr_len, &r->tr->req_hdr_cap,
		                       data, size);
	return 0;
}

/* Keeps the Retry-After of the final response: a status line (after a 1xx,
 * or a proxy's answer to CONNECT) starts a new response. */
static size_t http_on_header(char *buf, size_t size, size_t nitems, void *userdata)
{
	static const char name[] = "Retry-After:";
	struct http_req *r = userdata;
	size_t n = size * nitems; /* size is always 1 */

	if (r->canceled)
		return 0;
	r->header_lines++;
	if (n > HTTP_HEADERS_MAX - r->header_bytes || r->header_lines > HTTP_HEADERS_MAX_LINES) {
		http_set_headers_too_big(r, &r->cb_err);
		r->aborted = true;
		return 0;
	}
	r->header_bytes += n;
	if (r->tr)
		(void)http_grow_append(&r->tr->resp_hdr, &r->tr->resp_hdr_len, &r->tr->resp_hdr_cap,
		                       buf, n); /* a trace without them is still a trace */
	if (n >= 5 && memcmp(buf, "HTTP/", 5) == 0) {
		r->retry_after = -1;
		r->in_headers = true;
	} else if ((n == 2 && buf[0] == '\r' && buf[1] == '\n') || (n == 1 && buf[0] == '\n')) {
		r->in_headers = false;
	}
	else if (n >= sizeof name - 1 && strncasecmp(buf, name, sizeof name - 1) == 0)
		r->retry_after = http_retry_after_parse(buf + sizeof name - 1, n - (sizeof name - 1),
		                                        time(NULL));
	return n;
}

/* ---- completion ------------------------------------------------------------- */

static void http_connect_error(struct http_req *r, struct wr_error *err)
{
	long os_errno = 0;
	const char *why;

	if (curl_easy_getinfo(r->easy, CURLINFO_OS_ERRNO, &os_errno) != CURLE_OK)
		os_errno = 0;
	switch (os_errno) {
	case 0:
	case ECONNREFUSED:
		why = "connection refused";
		break;
	case EHOSTUNREACH:
		why = "no route to host";
		break;
	case ENETUNREACH:
		why = "network is unreachable";
		break;
	default:
		why = strerror((int)os_errno);
		break;
	}
	wr_error_set(err, WR_ERR_CONNECT, 0, "cannot connect to %s:%ld: %s", r->host, r->port, why);
}

/* curl's own text about the failure, printable, or "" */
static const char *http_detail(struct http_req *r, char *buf, size_t n)
{
	http_printable(buf, n, r->errbuf);
	return buf;
}

/* Did the transfer fail on libcurl's limits of the response headers? Out
 * of memory while headers were being read (after a status line and before
 * the blank line, or after the request went and before any line came) is
 * libcurl refusing to grow its buffer for one giant line. */
static bool http_curl_header_limit(struct http_req *r, CURLcode code)
{
	long sent = 0;

	if (r->status_known)
		return false; /* the body had begun */
	if (code == CURLE_OUT_OF_MEMORY) {
		if (r->in_headers)
			return true;
		return r->header_lines == 0 &&
		       curl_easy_getinfo(r->easy, CURLINFO_REQUEST_SIZE, &sent) == CURLE_OK && sent > 0;
	}
	return (code == CURLE_RECV_ERROR || code == CURLE_WEIRD_SERVER_REPLY) &&
	       strcasestr(r->errbuf, "header") != NULL &&
	       (strcasestr(r->errbuf, "large") != NULL || strcasestr(r->errbuf, "max") != NULL);
}

/* Maps a transfer's CURLcode onto the error the done callback gets. */
static void http_map_code(struct http_req *r, CURLcode code, struct wr_error *err)
{
	char detail[CURL_ERROR_SIZE];
	long t = r->h->srv->timeout_s;

	wr_error_clear(err);
	if (code == CURLE_OK)
		return;
	if (r->aborted && r->cb_err.kind != WR_OK &&
	    (code == CURLE_WRITE_ERROR || code == CURLE_ABORTED_BY_CALLBACK)) {
		*err = r->cb_err;
		return;
	}
	http_detail(r, detail, sizeof detail);
	/* libcurl's own limits, met before a header reaches http_on_header:
	 * one line over 100 KiB ("out of memory", with no detail) or all of
	 * them over 300 KiB ("Too large response headers", a receive error). */
	if (http_curl_header_limit(r, code)) {
		http_set_headers_too_big(r, err);
		return;
	}
	switch (code) {
	case CURLE_COULDNT_CONNECT:
		http_connect_error(r, err);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		wr_error_set(err, WR_ERR_DNS, 0, "cannot resolve host %s", r->host);
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		wr_error_set(err, WR_ERR_DNS, 0, "cannot resolve the proxy host (check https_proxy)");
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		wr_error_set(err, WR_ERR_TLS, 0,
		             "TLS: the certificate of %s is not trusted; use --cacert FILE (%s)",
		             r->host, detail[0] ? detail : "verification failed");
		break;
	case CURLE_SSL_CACERT_BADFILE:
		wr_error_set(err, WR_ERR_TLS, 0, "TLS: cannot use the CA file given with --cacert (%s)",
		             detail[0] ? detail : "bad file");
		break;
	case CURLE_SSL_CERTPROBLEM:
		wr_error_set(err, WR_ERR_TLS, 0, "TLS: problem with the client certificate (%s)",
		             detail[0] ? detail : "unusable");
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		wr_error_set(err, WR_ERR_TLS, 0,
		             "TLS handshake with %s failed (%s); for a private CA use --cacert FILE",
		             r->host, detail[0] ? detail : curl_easy_strerror(code));
		break;
	case CURLE_OPERATION_TIMEDOUT:
		wr_error_set(err, WR_ERR_TIMEOUT, 0, "no answer from %s in %ld s", r->host, t);
		break;
	case CURLE_RECV_ERROR:
		wr_error_set(err, WR_ERR_NET, 0, "connection reset by server %s", r->host);
		break;
	case CURLE_SEND_ERROR:
		wr_error_set(err, WR_ERR_NET, 0, "connection reset by server %s while sending",
		             r->host);
		break;
	case CURLE_GOT_NOTHING:
		wr_error_set(err, WR_ERR_NET, 0, "server %s closed the connection without answering",
		             r->host);
		break;
	case CURLE_PARTIAL_FILE:
		wr_error_set(err, WR_ERR_NET, 0,
		             "server %s closed the connection before the response was complete",
		             r->host);
		break;
	case CURLE_FILESIZE_EXCEEDED:
		http_set_too_big(r);
		*err = r->cb_err;
		break;
	case CURLE_OUT_OF_MEMORY:
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		break;
	case CURLE_WEIRD_SERVER_REPLY:
		wr_error_set(err, WR_ERR_NET, 0, "the answer of %s is not HTTP (%s)", r->host,
		             detail[0] ? detail : "unreadable");
		break;
	case CURLE_BAD_CONTENT_ENCODING:
		wr_error_set(err, WR_ERR_NET, 0, "the answer of %s is badly compressed", r->host);
		break;
	default:
		if (detail[0])
			wr_error_set(err, WR_ERR_NET, 0, "request to %s failed: %s (%s)", r->host,
			             curl_easy_strerror(code), detail);
		else
			wr_error_set(err, WR_ERR_NET, 0, "request to %s failed: %s", r->host,
			             curl_easy_strerror(code));
		break;
	}
}

/* Takes r out of the live list, hands res to its callback, frees it. The
 * callback may start or cancel anything (canceling r itself is a no-op). */
static void http_deliver(struct http *h, struct http_req *r, const struct http_result *res)
{
	http_list_del(&h->live, r);
	h->n_live--;
	r->in_done = true;
	if (r->on_done)
		r->on_done(r->ud, res);
	http_req_free(r);
}

/* A libcurl time since the start of the transfer, in microseconds; -1
 * when unknown. */
static int64_t http_time_us(CURL *e, CURLINFO what)
{
	curl_off_t v = -1;

	if (curl_easy_getinfo(e, what, &v) != CURLE_OK)
		return -1;
	return (int64_t)v;
}

/* --trace: one record of request r, which ended with status and err (NULL:
 * fine). A write failure is said once and ends the trace. */
static void http_trace_record(struct http *h, struct http_req *r, long status,
                              const char *error)
{
	struct trace_record rec;
	struct wr_error err;
	char msg[sizeof err.msg + 32];

	if (!h->trace || !r->tr)
		return;
	memset(&rec, 0, sizeof rec);
	rec.method = r->tr->method;
	rec.url = r->tr->url;
	rec.status = status;
	rec.error = error;
	rec.connect_us = http_time_us(r->easy, CURLINFO_CONNECT_TIME_T);
	rec.tls_us = http_time_us(r->easy, CURLINFO_APPCONNECT_TIME_T);
	rec.first_byte_us = http_time_us(r->easy, CURLINFO_STARTTRANSFER_TIME_T);
	rec.total_us = http_time_us(r->easy, CURLINFO_TOTAL_TIME_T);
	rec.bytes_sent = (int64_t)r->tr->req_body_total;
	rec.bytes_received = (int64_t)r->received;
	rec.req_headers = r->tr->req_hdr;
	rec.req_headers_len = r->tr->req_hdr_len;
	rec.resp_headers = r->tr->resp_hdr;
	rec.resp_headers_len = r->tr->resp_hdr_len;
	rec.req_body = r->tr->req_body;
	rec.req_body_len = r->tr->req_body_len;
	rec.resp_body = r->tr->resp_body;
	rec.resp_body_len = r->tr->resp_body_len;
	wr_error_clear(&err);
	if (!trace_write(h->trace, &rec, &err)) {
		snprintf(msg, sizeof msg, "%s; tracing stops", err.msg);
		trace_close(h->trace);
		h->trace = NULL;
		http_warn(h, msg);
	}
}

static void http_finish(struct http *h, struct http_req *r, CURLcode code)
{
	struct http_result res;
	long status = r->status;

	memset(&res, 0, sizeof res);
	res.retry_after_s = r->retry_after;
	if (!r->status_known &&
	    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK)
		status = 0;
	res.status = status;
	http_map_code(r, code, &res.err);
	http_trace_record(h, r, status, res.err.kind != WR_OK ? res.err.msg : NULL);
	if (res.err.kind == WR_OK && !(status >= 200 && status <= 299)) {
		res.body = r->err_body ? r->err_body : "";
		res.body_len = r->err_len;
	}
	curl_multi_remove_handle(h->multi, r->easy);
	r->added = false;
	http_deliver(h, r, &res);
}

/* A request started inside perform that libcurl would not take: it ends
 * with an error, like any other failed transfer. */
static void http_fail_unstarted(struct http *h, struct http_req *r)
{
	struct http_result res;

	memset(&res, 0, sizeof res);
	res.retry_after_s = -1;
	wr_error_set(&res.err, WR_ERR_SYSTEM, 0, "cannot start the request to %s", r->host);
	http_trace_record(h, r, 0, res.err.msg);
	http_deliver(h, r, &res);
}

/* ---- cleartext --------------------------------------------------------------- */

/* Is host (as CURLU gives it: an IPv6 address in brackets) a loopback
 * address or localhost? */
static bool http_host_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	char buf[INET6_ADDRSTRLEN + 1];
	size_t n = strlen(host);

	if (strcasecmp(host, "localhost") == 0 || strcasecmp(host, "localhost.") == 0)
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (n < 3 || host[0] != '[' || host[n - 1] != ']' || n - 2 >= sizeof buf)
		return false;
	memcpy(buf, host + 1, n - 2);
	buf[n - 2] = '\0';
	buf[strcspn(buf, "%")] = '\0'; /* a zone ID */
	if (inet_pton(AF_INET6, buf, &a6) != 1)
		return false;
	return IN6_IS_ADDR_LOOPBACK(&a6) || (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127);
}

bool http_url_cleartext(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	bool clear = false;

	if (!u || !url)
		goto done;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK || !scheme ||
	    strcasecmp(scheme, "http") != 0)
		goto done;
	/* No host to read is no reason to stay quiet. */
	clear = curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host ||
	        !http_host_loopback(host);
done:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return clear;
}

void http_set_warn(struct http *h, http_warn_fn fn, void *ud)
{
	if (!h)
		return;
	h->warn = fn;
	h->warn_ud = ud;
}

static void http_warn(struct http *h, const char *msg)
{
	if (h->warn)
		h->warn(h->warn_ud, msg);
	else
		fprintf(stderr, "wrun: warning: %s\n", msg);
}

/* Once per handle, before the first request that would send the token
 * where anyone on the path can read it. */
static void http_check_cleartext(struct http *h, struct http_req *r, const char *url)
{
	char msg[400];

	if (h->warned_cleartext || !h->srv->token || !*h->srv->token || !http_url_cleartext(url))
		return;
	h->warned_cleartext = true;
	snprintf(msg, sizeof msg,
	         "the token goes in cleartext (http://) to %s: anyone on the way can read it; "
	         "use https://", r->host);
	http_warn(h, msg);
}

/* ---- the API ---------------------------------------------------------------- */

struct http *http_new(const struct wr_server *srv, struct wr_error *err)
{
	struct http *h;

	if (!srv) {
		wr_error_set(err, WR_ERR_USAGE, 0, "no server settings");
		return NULL;
	}
	if (http_users == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "cannot initialize libcurl");
		return NULL;
	}
	http_users++;
	h = calloc(1, sizeof *h);
	if (!h)
		goto nomem;
	h->srv = srv;
	h->multi = curl_multi_init();
	h->hdr_get = http_headers_new(srv->token, false);
	h->hdr_body = http_headers_new(srv->token, true);
	if (!h->multi || !h->hdr_get || !h->hdr_body)
		goto nomem;
	return h;
nomem:
	wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
	http_free(h);
	if (!h && --http_users == 0)
		curl_global_cleanup();
	return NULL;
}

void http_free(struct http *h)
{
	struct http_req *r;

	if (!h)
		return;
	while ((r = h->live) != NULL) {
		http_list_del(&h->live, r);
		http_req_destroy(h, r);
	}
	while ((r = h->dead) != NULL) {
		http_list_del(&h->dead, r);
		http_req_destroy(h, r);
	}
	if (h->multi)
		curl_multi_cleanup(h->multi);
	http_headers_free(h->hdr_get);
	http_headers_free(h->hdr_body);
	trace_close(h->trace);
	free(h);
	if (http_users > 0 && --http_users == 0)
		curl_global_cleanup();
}

/* Sets every option of a request; false when libcurl refused one. */
static bool http_setup(struct http *h, struct http_req *r, const char *method, const char *url,
                       const char *body)
{
	const struct wr_server *s = h->srv;
	CURL *e = r->easy;
	CURLcode c = CURLE_OK;

#define HTTP_OPT(opt, val)                                  \
	do {                                                \
		if (c == CURLE_OK)                          \
			c = curl_easy_setopt(e, opt, val); \
	} while (0)

	HTTP_OPT(CURLOPT_URL, url);
	/* The path goes as built: api.c escapes every segment, and libcurl
	 * must not squash what still looks like a dot segment. */
	HTTP_OPT(CURLOPT_PATH_AS_IS, 1L);
	HTTP_OPT(CURLOPT_PRIVATE, (void *)r);
	HTTP_OPT(CURLOPT_ERRORBUFFER, r->errbuf);
	HTTP_OPT(CURLOPT_WRITEFUNCTION, http_on_write);
	HTTP_OPT(CURLOPT_WRITEDATA, (void *)r);
	HTTP_OPT(CURLOPT_HEADERFUNCTION, http_on_header);
	HTTP_OPT(CURLOPT_HEADERDATA, (void *)r);
	HTTP_OPT(CURLOPT_USERAGENT, "wrun/" PACKAGE_VERSION);
	HTTP_OPT(CURLOPT_HTTPHEADER, body ? h->hdr_body : h->hdr_get);
	if (strcmp(method, "POST") == 0) {
		HTTP_OPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? strlen(body) : 0));
		HTTP_OPT(CURLOPT_COPYPOSTFIELDS, body ? body : "");
	} else {
		HTTP_OPT(CURLOPT_HTTPGET, 1L);
		/* Only a wish: a libcurl that refuses it reads as before. */
		if (c == CURLE_OK)
			curl_easy_setopt(e, CURLOPT_BUFFERSIZE, HTTP_GET_BUFFER);
	}
	HTTP_OPT(CURLOPT_NOSIGNAL, 1L);
	HTTP_OPT(CURLOPT_CONNECTTIMEOUT, s->timeout_s);
	HTTP_OPT(CURLOPT_LOW_SPEED_LIMIT, 1L);
	HTTP_OPT(CURLOPT_LOW_SPEED_TIME, s->timeout_s);
	HTTP_OPT(CURLOPT_FOLLOWLOCATION, 0L); /* never send the token elsewhere */
#if LIBCURL_VERSION_NUM >= 0x075500
	HTTP_OPT(CURLOPT_PROTOCOLS_STR, "http,https");
#else
	HTTP_OPT(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	HTTP_OPT(CURLOPT_ACCEPT_ENCODING, "");
	HTTP_OPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->max_body);
	if (s->cacert)
		HTTP_OPT(CURLOPT_CAINFO, s->cacert);
	if (s->insecure) {
		HTTP_OPT(CURLOPT_SSL_VERIFYPEER, 0L);
		HTTP_OPT(CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (r->tr) {
		/* The request headers as sent reach only the debug callback,
		 * which libcurl calls only when verbose. */
		HTTP_OPT(CURLOPT_DEBUGFUNCTION, http_on_debug);
		HTTP_OPT(CURLOPT_DEBUGDATA, (void *)r);
		HTTP_OPT(CURLOPT_VERBOSE, 1L);
	}
#undef HTTP_OPT
	return c == CURLE_OK;
}

/* --trace: what the record needs from the start; false when out of memory. */
static bool http_trace_req_new(struct http_req *r, const char *method, const char *url,
                               const char *body)
{
	struct http_trace_req *tr = calloc(1, sizeof *tr);

	if (!tr)
		return false;
	r->tr = tr;
	tr->method = strdup(method);
	tr->url = strdup(url);
	if (!tr->method || !tr->url)
		return false;
	if (body) {
		tr->req_body_total = strlen(body);
		tr->req_body_len = tr->req_body_total < TRACE_BODY_MAX ? tr->req_body_total
		                                                       : TRACE_BODY_MAX;
		memcpy(tr->req_body, body, tr->req_body_len);
	}
	return true;
}

bool http_trace_open(struct http *h, const char *path, struct wr_error *err)
{
	struct trace *t;

	if (!h) {
		wr_error_set(err, WR_ERR_USAGE, 0, "--trace: no server");
		return false;
	}
	t = trace_open(path, h->srv->token, err);
	if (!t)
		return false;
	trace_close(h->trace);
	h->trace = t;
	return true;
}

struct http_req *http_start(struct http *h, const char *method, const char *url,
                            const char *body, http_data_fn on_data, http_done_fn on_done,
                            void *ud, struct wr_error *err)
{
	struct http_req *r;

	if (!h || !method || !url || (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0) ||
	    (body && strcmp(method, "POST") != 0)) {
		wr_error_set(err, WR_ERR_USAGE, 0, "bad request");
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (!r) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return NULL;
	}
	r->h = h;
	r->retry_after = -1;
	r->on_data = on_data;
	r->on_done = on_done;
	r->ud = ud;
	r->easy = curl_easy_init();
	if (!r->easy) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		http_req_free(r);
		return NULL;
	}
	http_url_host(r, url);
	http_check_cleartext(h, r, url);
	if (h->trace && !http_trace_req_new(r, method, url, body)) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		http_req_free(r);
		return NULL;
	}
	if (!http_setup(h, r, method, url, body)) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "cannot set up the request to %s", r->host);
		http_req_free(r);
		return NULL;
	}
	/* Inside perform (an on_data callback) libcurl refuses new handles:
	 * they are added when perform returns. */
	if (!h->in_perform) {
		if (curl_multi_add_handle(h->multi, r->easy) != CURLM_OK) {
			wr_error_set(err, WR_ERR_SYSTEM, 0, "cannot start the request to %s", r->host);
			http_req_free(r);
			return NULL;
		}
		r->added = true;
	}
	http_list_add(&h->live, r);
	h->n_live++;
	return r;
}

void http_cancel(struct http *h, struct http_req *r)
{
	if (!h || !r || r->in_done)
		return;
	http_trace_record(h, r, r->status_known ? r->status : 0, "canceled");
	http_list_del(&h->live, r);
	h->n_live--;
	if (h->in_perform) {
		/* libcurl forbids removing a handle from inside its callbacks. */
		r->canceled = true;
		http_list_add(&h->dead, r);
		return;
	}
	http_req_destroy(h, r);
}

size_t http_pending(const struct http *h)
{
	return h ? h->n_live : 0;
}

/* Is fd readable (or at its end, or broken) right now? */
static bool http_fd_ready(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL));
}

bool http_wait(struct http *h, int extra_fd, int timeout_ms, bool *extra_ready,
               struct wr_error *err)
{
	bool ready = false;

	if (extra_ready)
		*extra_ready = false;
	if (!h || h->n_live == 0) {
		/* Nothing to transfer (or no handle: a session without a
		 * server): sleep in poll(2) on the caller's fd alone, so an
		 * idle program uses no CPU. Without fd and timeout nothing
		 * could wake it: return at once. */
		struct pollfd p = { .fd = extra_fd, .events = POLLIN };
		int rc;

		if (extra_fd < 0 && timeout_ms < 0)
			return true;
		rc = poll(&p, extra_fd >= 0 ? 1 : 0, timeout_ms);
		if (rc < 0 && errno != EINTR) {
			wr_error_set(err, WR_ERR_SYSTEM, 0, "poll: %s", strerror(errno));
			return false;
		}
		ready = rc > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL));
	} else {
		struct curl_waitfd wfd = { .fd = extra_fd, .events = CURL_WAIT_POLLIN, .revents = 0 };
		int t = timeout_ms < 0 || timeout_ms > HTTP_WAIT_CAP_MS ? HTTP_WAIT_CAP_MS : timeout_ms;
		CURLMcode mc;

		mc = curl_multi_poll(h->multi, extra_fd >= 0 ? &wfd : NULL, extra_fd >= 0 ? 1 : 0,
		                     t, NULL);
		if (mc != CURLM_OK) {
			wr_error_set(err, WR_ERR_SYSTEM, 0, "waiting for the network failed: %s",
			             curl_multi_strerror(mc));
			return false;
		}
		/* libcurl reports POLLIN only; a hung-up fd shows as POLLHUP. */
		ready = extra_fd >= 0 && ((wfd.revents & CURL_WAIT_POLLIN) || http_fd_ready(extra_fd));
	}
	if (extra_ready)
		*extra_ready = ready;
	return true;
}

void http_run(struct http *h)
{
	struct http_req *r;
	CURLMsg *msg;
	int running = 0, left = 0;

	if (!h)
		return;
	h->in_perform = true;
	curl_multi_perform(h->multi, &running);
	h->in_perform = false;

	/* What was canceled inside perform. */
	while ((r = h->dead) != NULL) {
		http_list_del(&h->dead, r);
		http_req_destroy(h, r);
	}
	/* What was started inside perform. */
	for (r = h->live; r;) {
		if (!r->added && curl_multi_add_handle(h->multi, r->easy) != CURLM_OK) {
			/* Its callback may cancel others: start over. */
			http_fail_unstarted(h, r);
			r = h->live;
			continue;
		}
		r->added = true;
		r = r->next;
	}

	while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
		CURL *e = msg->easy_handle;
		CURLcode code = msg->data.result;
		char *priv = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		if (curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv) != CURLE_OK || !priv)
			continue;
		http_finish(h, (struct http_req *)(void *)priv, code);
	}
}

void http_run_all(struct http *h)
{
	while (http_pending(h) > 0) {
		bool ready;

		/* A failed wait still runs the transfers: their stall timeouts
		 * end them, so the loop ends. */
		(void)http_wait(h, -1, -1, &ready, NULL);
		http_run(h);
	}
}
