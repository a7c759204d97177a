/* conf.h - where the server, the token and the options come from, resolved
 * in one place: flags > environment > JFrog CLI config.
 *
 * URL:   --url, else JF_URL, else the JFrog CLI config's server named by
 *        --server-id, else its default server (isDefault: true).
 * Token: --token-file FILE, else JF_ACCESS_TOKEN, else that server's
 *        accessToken. No flag takes a token on the command line.
 * JFrog CLI config: $JFROG_CLI_HOME_DIR/jfrog-cli.conf.v6, else
 *        ~/.jfrog/jfrog-cli.conf.v6 (plain; an encrypted one ("enc": true) is
 *        refused with a clear message until encrypted configs are supported).
 */
#ifndef WRUN_CONF_H
#define WRUN_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define CONF_DEFAULT_TIMEOUT_S 10
#define CONF_DEFAULT_MAX_BODY_MIB 512

/* What the command line said (NULL / 0 / false: not given). */
struct conf_flags {
	const char *url;
	const char *server_id;
	const char *token_file;
	const char *project;
	const char *cacert;
	bool insecure;
	long timeout_s;     /* 0: default */
	long max_body_mib;  /* 0: default */
};

/* The resolved server settings: everything a session needs. */
struct wr_server {
	char *url;          /* platform root, no trailing slash */
	char *token;        /* secret: never printed, logged or put in argv */
	char *project;      /* --project, or NULL */
	char *cacert;       /* CA file for TLS, or NULL */
	bool insecure;      /* skip TLS verification (always warned about) */
	long timeout_s;
	size_t max_body;    /* bytes */
	char *server_id;    /* JFrog CLI serverId used, or NULL */
	const char *url_from;   /* "--url", "JF_URL", "JFrog CLI config" ... */
	const char *token_from; /* "JF_ACCESS_TOKEN", "--token-file", "JFrog CLI config" */
};

/* The environment as a function, so tests can inject one. NULL: getenv. */
typedef const char *(*conf_getenv_fn)(const char *name);

/* Resolves flags + environment + JFrog CLI config into out. On failure
 * returns false with err (WR_ERR_CONFIG or WR_ERR_USAGE) naming what is
 * missing or wrong and where it looked. */
bool conf_resolve(const struct conf_flags *flags, conf_getenv_fn env,
                  struct wr_server *out, struct wr_error *err);

/* Frees the strings; wipes the token from memory first. */
void conf_server_free(struct wr_server *s);

/* Normalizes a platform URL: trims spaces and trailing slashes, requires
 * http:// or https://. Returns a new string, or NULL with err. */
char *conf_normalize_url(const char *url, struct wr_error *err);

#endif
