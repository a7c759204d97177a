/* url.h - a platform URL as wrun keeps it: checked and normalized once,
 * wherever it comes from (a flag, the environment, either config). Pure. */
#ifndef WRUN_URL_H
#define WRUN_URL_H

#include "error.h"

/* Trims spaces and trailing slashes, requires http:// or https://, a host,
 * no user or password, no query or fragment, and a port (when given) from
 * 1 to 65535. Returns a new string, or NULL with err (WR_ERR_USAGE). */
char *url_normalize(const char *url, struct wr_error *err);

#endif
