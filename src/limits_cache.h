/* limits_cache.h - the limits reruns reported, kept per server between
 * sessions.
 *
 * History entries carry no limits; a rerun reports the platform's. They are
 * saved in one file for every server, DIR/limits.json, where DIR is
 * $XDG_CACHE_HOME/wrun, else ~/.cache/wrun: a JSON object keyed by the
 * server's normalized URL (url_normalize), each value
 *
 *   {"maxCpuTimeMillis": 2000, "maxMemoryUsageBytes": 268435456,
 *    "maxExecutionDurationMillis": 10000, "seenAt": 1768478400000}
 *
 * seenAt (epoch ms, required) is when a rerun reported them; each limit may
 * be absent (a rerun reports what it reports). Every number is a JSON
 * integer from 0 to 2^63-2. The URL and these numbers are all it holds:
 * never a token.
 *
 * A file that is not this shape (not JSON, another type, a negative number,
 * not a regular file) is corrupt: loading refuses it whole with a message
 * naming it, and the next save replaces it. A save rewrites the whole file
 * atomically: a temporary file in the same folder (mode 0600), fsync, then
 * rename over the old one; the folders it makes get mode 0700. Two
 * sessions saving at once lose one of the two saves, never the file.
 */
#ifndef WRUN_LIMITS_CACHE_H
#define WRUN_LIMITS_CACHE_H

#include <stdbool.h>

#include "conf.h"
#include "error.h"
#include "model.h"

#define LIMITS_CACHE_FILE "limits.json"
/* A larger file is corrupt: a few hundred servers take a few dozen KiB. */
#define LIMITS_CACHE_MAX_BYTES (1024 * 1024)

/* The folder of the file: $XDG_CACHE_HOME/wrun when XDG_CACHE_HOME is an
 * absolute path, else $HOME/.cache/wrun when HOME is one (the XDG base
 * directory rule: a relative path is ignored). A new string; NULL when
 * neither is set (nothing is saved then) or out of memory. env NULL:
 * getenv. */
char *limits_cache_dir(conf_getenv_fn env);

/* DIR/limits.json, a new string; NULL when out of memory. */
char *limits_cache_path(const char *dir);

/* The limits saved for url in dir's file: *out gets them with source
 * WR_LIMITS_RERUN and seen_ms, or model_limits_none() when the file or an
 * entry for url is missing. False when the file cannot be read or is
 * corrupt: *out is none then, and err (WR_ERR_SYSTEM or WR_ERR_PARSE) says
 * why, naming the file. */
bool limits_cache_load(const char *dir, const char *url, struct wr_limits *out,
                       struct wr_error *err);

/* Saves l (the fields it has, and l->seen_ms as seenAt) as url's entry,
 * keeping the other servers' entries of a valid file. l must have a limit
 * and a seen_ms. False with err (naming the file) when it could not be
 * written; the old file is then as it was. */
bool limits_cache_save(const char *dir, const char *url, const struct wr_limits *l,
                       struct wr_error *err);

#endif
