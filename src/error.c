/* error.c - the one error type. */
#include "config.h"

#include "error.h"

#include <stdarg.h>
#include <stdio.h>

void wr_error_set(struct wr_error *e, enum wr_err_kind kind, long http_status,
                  const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return;
	e->kind = kind;
	e->http_status = http_status;
	e->rate_limited = false;
	e->retry_after_s = -1;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

void wr_error_clear(struct wr_error *e)
{
	e->kind = WR_OK;
	e->http_status = 0;
	e->msg[0] = '\0';
	e->rate_limited = false;
	e->retry_after_s = -1;
}

int wr_error_exit_code(const struct wr_error *e)
{
	switch (e->kind) {
	case WR_OK:
		return 0;
	case WR_ERR_USAGE:
	case WR_ERR_CONFIG:
		return 2;
	default:
		return 3;
	}
}
