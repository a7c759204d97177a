/* conf.h - where the server, the token and the options come from, resolved
 * in one place: flags > environment > wrun's config > JFrog CLI config.
 *
 * The server: --server-id NAME, looked up in wrun's config first, then in
 *        the JFrog CLI config; else, with --url or JF_URL, wrun's config
 *        section with that url (for its settings and token-file); else wrun's
 *        default-server; else the JFrog CLI config's isDefault server.
 * URL:   --url, else JF_URL, else the server's url in wrun's config, else in
 *        the JFrog CLI config.
 * Token: --token-file FILE, else JF_ACCESS_TOKEN, else the server's
 *        token-file in wrun's config, else its accessToken in the JFrog CLI
 *        config (decrypted when the config is encrypted). No flag takes a
 *        token on the command line. A token file other users can read is
 *        refused, as ssh refuses such private keys.
 * wrun's config: --config FILE, else $XDG_CONFIG_HOME/wrun/config, else
 *        ~/.config/wrun/config (see wconfig.h for its syntax).
 * JFrog CLI config: $JFROG_CLI_HOME_DIR/jfrog-cli.conf.v6, else
 *        ~/.jfrog/jfrog-cli.conf.v6; when it is encrypted ("enc": true), the
 *        master key is JFROG_CLI_ENCRYPTION_KEY (or the .key file it names),
 *        else masterKey in <its home>/security/security.yaml.
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
	const char *config_path; /* --config FILE: wrun's config (NULL: the default
	                          * path, where a missing file is no error) */
};

/* The settings of wrun's config for the server in use that are not about
 * the connection. 0 / false: not set there. The caller applies each one
 * where no flag gave it (a flag always wins). */
struct conf_prefs {
	long cpu_limit_ms;       /* cpu-limit, milliseconds */
	long memory_limit_mib;   /* memory-limit, MiB */
	long duration_limit_ms;  /* duration-limit, milliseconds */
	int refresh_s;           /* refresh, seconds (2..86400) */
	bool mouse;              /* mouse = true */
	bool read_only;          /* read-only = true */
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
	char *server_id;    /* the server's name (wrun's config section or JFrog
	                     * CLI serverId) used, or NULL */
	const char *url_from;   /* "--url", "JF_URL", "wrun config", "JFrog CLI config" */
	const char *token_from; /* "--token-file", "JF_ACCESS_TOKEN", "wrun config",
	                         * "JFrog CLI config" */
	struct conf_prefs prefs; /* from wrun's config section of this server */
	char *config_path;  /* wrun's config that gave a setting, or NULL */
};

/* The environment as a function, so tests can inject one. NULL: getenv. */
typedef const char *(*conf_getenv_fn)(const char *name);

/* Resolves flags + environment + JFrog CLI config into out. On failure
 * returns false with err (WR_ERR_CONFIG or WR_ERR_USAGE) naming what is
 * missing or wrong and where it looked. */
bool conf_resolve(const struct conf_flags *flags, conf_getenv_fn env,
                  struct wr_server *out, struct wr_error *err);

/* One server of wrun's config, of the JFrog CLI config, or of both (the
 * same name in both), for a server switcher. */
enum conf_server_source {
	CONF_SRC_WRUN = 1,   /* a [server NAME] section of wrun's config */
	CONF_SRC_JFROG = 2,  /* a server of the JFrog CLI config */
};

struct conf_server_entry {
	char *name;
	char *url;           /* normalized; NULL when no config gives a valid one */
	unsigned sources;    /* CONF_SRC_* bits */
	const char *source;  /* "wrun config", "JFrog CLI config", or
	                      * "wrun config + JFrog CLI config" */
	bool is_default;     /* wrun's default-server, else the JFrog CLI's isDefault */
	bool current;        /* the one conf_resolve would use with these flags */
};

struct conf_server_list {
	struct conf_server_entry *v; /* wrun's config's servers in file order, then
	                              * the JFrog CLI config's others */
	size_t n;
};

/* Lists every server of both configs (no secret is read or decrypted). To
 * switch to one, resolve again with flags->server_id = its name. On failure
 * (a bad config) returns false with err, and out empty. */
bool conf_list_servers(const struct conf_flags *flags, conf_getenv_fn env,
                       struct conf_server_list *out, struct wr_error *err);

void conf_server_list_free(struct conf_server_list *l);

/* wrun's config path into *path (a new string): --config, else
 * $XDG_CONFIG_HOME/wrun/config (when XDG_CONFIG_HOME is absolute), else
 * $HOME/.config/wrun/config; NULL when there is none. False when out of
 * memory. */
bool conf_wrun_config_path(const struct conf_flags *flags, conf_getenv_fn env, char **path,
                           struct wr_error *err);

/* Frees the strings; wipes the token from memory first. */
void conf_server_free(struct wr_server *s);


#endif
