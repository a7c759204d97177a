/* trace.h - --trace FILE: one plain-text record per request, appended.
 *
 * A record holds the method and URL, the status (or why there was none),
 * the timings (connect, TLS, first byte, total) and the byte counts, the
 * request and response headers, and the first TRACE_BODY_MAX bytes of each
 * body. Server text is made safe for a terminal (sanitize.h), so that
 * `cat FILE` shows escape sequences as text.
 *
 * The token never appears in the file, even in part: the Authorization
 * header is written as "Authorization: Bearer ***", and every run of 8 or
 * more bytes of the token found anywhere else (a URL, a header, a body that
 * echoes it) is masked with '*' before anything is written. The file is
 * created with mode 0600; an existing one must be a regular file of this
 * user that no one else may read or write.
 */
#ifndef WRUN_TRACE_H
#define WRUN_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define TRACE_BODY_MAX 4096

struct trace;

/* One request, as http.c saw it. Texts need no NUL (lengths given);
 * NULL/0 for what is absent. */
struct trace_record {
	const char *method;
	const char *url;
	long status;               /* 0: no response */
	const char *error;         /* why it failed, or NULL */
	int64_t connect_us;        /* from the start; -1 unknown */
	int64_t tls_us;            /* TLS handshake done; 0 for http:// */
	int64_t first_byte_us;
	int64_t total_us;
	int64_t bytes_sent;        /* request body */
	int64_t bytes_received;    /* response body, as received (decoded) */
	const char *req_headers;   /* as sent, CRLF-separated lines */
	size_t req_headers_len;
	const char *resp_headers;  /* as received, every response's */
	size_t resp_headers_len;
	const char *req_body;      /* its first bytes */
	size_t req_body_len;
	const char *resp_body;     /* its first bytes */
	size_t resp_body_len;
};

/* Opens path for appending (created 0600). secret (the token; may be NULL)
 * is kept, to be masked in every record, and wiped by trace_close. NULL
 * with err (WR_ERR_CONFIG, naming the file) when the file cannot be used. */
struct trace *trace_open(const char *path, const char *secret, struct wr_error *err);

/* Appends one record and flushes it. False with err (WR_ERR_SYSTEM) when
 * it could not be written. */
bool trace_write(struct trace *t, const struct trace_record *rec, struct wr_error *err);

/* Closes the file and wipes the secret. NULL is fine. */
void trace_close(struct trace *t);

#endif
