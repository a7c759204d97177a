/* wconfig.h - wrun's own config file: $XDG_CONFIG_HOME/wrun/config
 * (~/.config/wrun/config), or --config FILE. INI-style:
 *
 *     # comments start with # or ;
 *     default-server = prod
 *
 *     [server prod]
 *     url = https://acme.jfrog.io
 *     token-file = ~/.config/wrun/prod.token
 *     project = ops
 *     cacert = /etc/ssl/private-ca.pem
 *     insecure = false
 *     timeout = 20
 *     cpu-limit = 1000
 *     memory-limit = 120
 *     duration-limit = 6000
 *     refresh = 30
 *     mouse = true
 *     read-only = true
 *
 * Every value is checked when the file is read, whichever server is used: an
 * unknown key, a bad value or a line without '=' is an error "FILE:LINE: ..."
 * (WR_ERR_CONFIG). No key holds a token; token-file names a file.
 */
#ifndef WRUN_WCONFIG_H
#define WRUN_WCONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define WCONFIG_MAX_FILE ((size_t)1024 * 1024)

/* The keys of a [server NAME] section. */
enum wconfig_key {
	WCONFIG_URL,
	WCONFIG_TOKEN_FILE,
	WCONFIG_PROJECT,
	WCONFIG_CACERT,
	WCONFIG_INSECURE,
	WCONFIG_TIMEOUT,
	WCONFIG_CPU_LIMIT,
	WCONFIG_MEMORY_LIMIT,
	WCONFIG_DURATION_LIMIT,
	WCONFIG_REFRESH,
	WCONFIG_MOUSE,
	WCONFIG_READ_ONLY,
	WCONFIG_N_KEYS
};

/* One [server NAME] section. A key that is not set has line[key] == 0 (and
 * a NULL string, or 0 / false). */
struct wconfig_server {
	char *name;
	int header_line;
	int line[WCONFIG_N_KEYS];   /* where each key was set, 0: not set */
	char *url;                  /* normalized (url_normalize) */
	char *token_file;           /* as written ("~/" not expanded) */
	char *project;
	char *cacert;               /* as written */
	bool insecure;
	long timeout_s;             /* 1..3600 */
	long cpu_limit_ms;          /* 1..10^9 */
	long memory_limit_mib;      /* 1..10^9 */
	long duration_limit_ms;     /* 1..10^9 */
	int refresh_s;              /* 2..86400 */
	bool mouse;
	bool read_only;
};

struct wconfig {
	char *path;                 /* the file it came from (for messages) */
	char *default_server;       /* NULL: not set */
	int default_line;
	struct wconfig_server *servers;
	size_t n_servers;
};

/* The key's name as written in the file ("token-file"). */
const char *wconfig_key_name(enum wconfig_key key);

/* Parses text (len bytes, may hold anything) read from path. On failure
 * returns false with err (WR_ERR_CONFIG "PATH:LINE: ...", or WR_ERR_NOMEM)
 * and out empty. */
bool wconfig_parse(const char *path, const char *text, size_t len, struct wconfig *out,
                   struct wr_error *err);

/* Reads and parses path. A missing file is no error when !must_exist: then
 * *exists is false and out is empty. */
bool wconfig_load(const char *path, bool must_exist, struct wconfig *out, bool *exists,
                  struct wr_error *err);

/* The section named name, or NULL. */
const struct wconfig_server *wconfig_find(const struct wconfig *c, const char *name);

void wconfig_free(struct wconfig *c);

#endif
