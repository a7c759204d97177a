/* error.h - one error type, carried from any module to the status line or stderr. */
#ifndef WRUN_ERROR_H
#define WRUN_ERROR_H

#include <stdbool.h>

enum wr_err_kind {
	WR_OK = 0,
	WR_ERR_USAGE,    /* bad flag or argument */
	WR_ERR_CONFIG,   /* no URL, no token, unreadable or bad config file */
	WR_ERR_CONNECT,  /* refused, unreachable */
	WR_ERR_DNS,      /* host name did not resolve */
	WR_ERR_TLS,      /* certificate or handshake */
	WR_ERR_TIMEOUT,  /* no answer in time */
	WR_ERR_NET,      /* any other transport failure (reset, truncated transfer) */
	WR_ERR_HTTP,     /* the server answered with an error status */
	WR_ERR_PARSE,    /* the server's body is not what the API documents */
	WR_ERR_TOO_BIG,  /* the body passed the size cap */
	WR_ERR_CANCELED, /* the user canceled */
	WR_ERR_NOMEM,
	WR_ERR_SYSTEM,   /* a system call failed (errno text in the message) */
};

struct wr_error {
	enum wr_err_kind kind;
	long http_status; /* for WR_ERR_HTTP, else 0 */
	char msg[512];    /* one line, already sanitized, no trailing newline */
	bool rate_limited;  /* refused by the call limit (429, 400 "call limit exceeded") */
	long retry_after_s; /* the server's Retry-After in seconds, -1 when not sent */
};

/* Sets kind, status and a printf-formatted message (truncated to fit).
 * Arguments that come from outside (server text) must be sanitized first. */
void wr_error_set(struct wr_error *e, enum wr_err_kind kind, long http_status,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void wr_error_clear(struct wr_error *e);

/* The exit code the CLI uses for this error: 2 usage/config, 3 request failed. */
int wr_error_exit_code(const struct wr_error *e);

#endif
