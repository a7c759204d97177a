/* conf.c - resolves the server, the token and the options in one place:
 * flags > environment > wrun's config > JFrog CLI config (decrypted when it
 * is encrypted). Returns data or an error, never prints. The token never
 * appears in a message; every buffer that held it, or a key, is wiped.
 */
#include "config.h"

#include "conf.h"
#include "crypt.h"
#include "sanitize.h"
#include "url.h"
#include "util.h"
#include "wconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONF_MAX_TIMEOUT_S 3600L
#define CONF_MAX_BODY_MIB 1048576L
#define CONF_MIB ((size_t)1024 * 1024)
#define CONF_MAX_CLI_FILE ((size_t)16 * 1024 * 1024)
#define CONF_MAX_TOKEN_FILE ((size_t)64 * 1024)
#define CONF_CLI_NAME "jfrog-cli.conf.v6"

static const char CONF_FROM_FLAG_URL[] = "--url";
static const char CONF_FROM_ENV_URL[] = "JF_URL";
static const char CONF_FROM_ENV_TOKEN[] = "JF_ACCESS_TOKEN";
static const char CONF_FROM_TOKEN_FILE[] = "--token-file";
static const char CONF_FROM_CLI[] = "JFrog CLI config";
static const char CONF_FROM_WRUN[] = "wrun config";

/* What the JFrog CLI config gave: the chosen server (borrowed from root), or
 * none with a note saying why (for the "missing URL/token" messages). */
struct conf_cli {
	char *path;               /* NULL: no HOME and no JFROG_CLI_HOME_DIR */
	char *home;               /* the JFrog CLI home (security/security.yaml) */
	struct json_object *root; /* NULL: not loaded */
	struct json_object *servers; /* the array, borrowed from root, or NULL */
	bool enc;                 /* "enc": true: the secret fields are encrypted */
	struct json_object *server;
	const char *server_id;    /* borrowed from root */
	char note[300];           /* why there is no server, one clause */
};

/* ---- small helpers ------------------------------------------------------- */

/* snprintf that truncates on purpose (messages are cut, never overflowed). */
static void conf_fmt(char *dst, size_t dstsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void conf_fmt(char *dst, size_t dstsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, dstsz, fmt, ap);
	va_end(ap);
}

static const char *conf_env(conf_getenv_fn env, const char *name)
{
	const char *v = env ? env(name) : getenv(name);

	return (v && *v) ? v : NULL;
}

static bool conf_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Copies s into dst for a message, made safe for a terminal and kept on
 * one line whatever a file or the environment held (truncated to fit). */
static void conf_printable(char *dst, size_t dstsz, const char *s)
{
	if (dstsz == 0)
		return;
	if (!s)
		s = "";
	sanitize_buf(dst, dstsz, s, strlen(s), 0);
}

static char *conf_strdup(const char *s, struct wr_error *err)
{
	char *d = strdup(s);

	if (!d)
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
	return d;
}

/* A string member of a JSON object, or NULL when absent or not a string. */
static const char *conf_json_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static bool conf_json_true(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return false;
	if (json_object_is_type(v, json_type_boolean))
		return json_object_get_boolean(v) != 0;
	/* Be lenient with a hand-edited "true", in any case. */
	return json_object_is_type(v, json_type_string) &&
	       strcasecmp(json_object_get_string(v), "true") == 0;
}

/* Where the tokener stopped in its input. */
static size_t conf_parse_end(struct json_tokener *tok)
{
#if defined(JSON_C_VERSION_NUM) && JSON_C_VERSION_NUM >= ((0 << 16) | (15 << 8))
	return json_tokener_get_parse_end(tok);
#else
	return (size_t)tok->char_offset;
#endif
}

static void conf_wipe_free(char *buf, size_t n)
{
	if (buf) {
		OPENSSL_cleanse(buf, n);
		free(buf);
	}
}

/* ---- the token --------------------------------------------------------------- */

enum conf_token_check { CONF_TOKEN_OK, CONF_TOKEN_EMPTY, CONF_TOKEN_BAD };

/* Trims a token in place (white space and a UTF-8 BOM) and checks it could
 * be sent as a header value: printable ASCII only, no space, no control
 * character, no other byte. *start points into buf. */
static enum conf_token_check conf_check_token(char *buf, char **start)
{
	char *s = buf, *e;

	while (conf_is_space(*s))
		s++;
	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		while (conf_is_space(*s))
			s++;
	}
	e = s + strlen(s);
	while (e > s && conf_is_space(e[-1]))
		e--;
	*e = '\0';
	*start = s;
	if (*s == '\0')
		return CONF_TOKEN_EMPTY;
	for (char *p = s; p < e; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c >= 0x7f)
			return CONF_TOKEN_BAD;
	}
	return CONF_TOKEN_OK;
}

#define CONF_TOKEN_BAD_TEXT \
	"contains a space, a control character or a byte that is not ASCII, which cannot be" \
	" in an HTTP header"

/* Copies the checked token out of a scratch buffer. */
static char *conf_token_dup(const char *value, const char *from, struct wr_error *err)
{
	size_t n = strlen(value);
	char *buf = malloc(n + 1);
	char *tok, *out = NULL;

	if (!buf) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return NULL;
	}
	memcpy(buf, value, n + 1);
	switch (conf_check_token(buf, &tok)) {
	case CONF_TOKEN_OK:
		out = conf_strdup(tok, err);
		break;
	case CONF_TOKEN_EMPTY:
		wr_error_set(err, WR_ERR_CONFIG, 0, "the access token from %s is empty", from);
		break;
	case CONF_TOKEN_BAD:
		wr_error_set(err, WR_ERR_CONFIG, 0, "the access token from %s " CONF_TOKEN_BAD_TEXT,
		             from);
		break;
	}
	conf_wipe_free(buf, n);
	return out;
}

/* The first line of the token file, trimmed. label says where the file was
 * named ("--token-file", "CONFIG:LINE: token-file"). A file that group or
 * other users have access to is refused, as ssh refuses such keys. */
static char *conf_token_from_file(const char *path, const char *label, struct wr_error *err)
{
	char shown[256];
	struct stat st;
	size_t len = 0;
	char *buf, *nl, *tok, *out = NULL;

	conf_printable(shown, sizeof shown, path);
	buf = wr_read_file(path, CONF_MAX_TOKEN_FILE, true, &len, &st);
	if (!buf) {
		if (errno == EFBIG)
			wr_error_set(err, WR_ERR_CONFIG, 0, "%s %s: the file is too large for a token",
			             label, shown);
		else
			wr_error_set(err, WR_ERR_CONFIG, 0, "%s %s: %s", label, shown, strerror(errno));
		return NULL;
	}
	/* Pipes and terminals (--token-file /dev/stdin) are the caller's own. */
	if (S_ISREG(st.st_mode) && (st.st_mode & 077)) {
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "%s %s: other users have access to this file (mode %04o); a token must"
		             " be private, as ssh requires of a key: chmod 600 %s",
		             label, shown, (unsigned)(st.st_mode & 07777), shown);
		conf_wipe_free(buf, len);
		return NULL;
	}
	nl = memchr(buf, '\n', len);
	if (nl)
		*nl = '\0';
	if (strlen(buf) != (nl ? (size_t)(nl - buf) : len)) {
		wr_error_set(err, WR_ERR_CONFIG, 0, "%s %s: the token contains a NUL byte", label,
		             shown);
		conf_wipe_free(buf, len);
		return NULL;
	}
	switch (conf_check_token(buf, &tok)) {
	case CONF_TOKEN_OK:
		out = conf_strdup(tok, err);
		break;
	case CONF_TOKEN_EMPTY:
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "%s %s: the file is empty (its first line should hold the token)",
		             label, shown);
		break;
	case CONF_TOKEN_BAD:
		wr_error_set(err, WR_ERR_CONFIG, 0, "%s %s: the token " CONF_TOKEN_BAD_TEXT, label,
		             shown);
		break;
	}
	conf_wipe_free(buf, len);
	return out;
}

/* ---- wrun's config --------------------------------------------------------------- */

bool conf_wrun_config_path(const struct conf_flags *flags, conf_getenv_fn env, char **path,
                           struct wr_error *err)
{
	const char *xdg = conf_env(env, "XDG_CONFIG_HOME");
	const char *home = conf_env(env, "HOME");
	int n;

	*path = NULL;
	if (flags && flags->config_path) {
		*path = conf_strdup(flags->config_path, err);
		return *path != NULL;
	}
	/* The XDG spec: a relative XDG_CONFIG_HOME is ignored. */
	if (xdg && xdg[0] == '/')
		n = asprintf(path, "%s/wrun/config", xdg);
	else if (home)
		n = asprintf(path, "%s/.config/wrun/config", home);
	else
		return true;
	if (n < 0) {
		*path = NULL;
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return false;
	}
	return true;
}

/* Loads wrun's config: --config must exist; the default one may not. */
static bool conf_wrun_load(const struct conf_flags *flags, conf_getenv_fn env,
                           struct wconfig *w, struct wr_error *err)
{
	char *path = NULL;
	bool exists = false, ok;

	memset(w, 0, sizeof *w);
	if (flags->config_path && !*flags->config_path) {
		wr_error_set(err, WR_ERR_USAGE, 0, "--config: the file name is empty");
		return false;
	}
	if (!conf_wrun_config_path(flags, env, &path, err))
		return false;
	if (!path)
		return true;
	ok = wconfig_load(path, flags->config_path != NULL, w, &exists, err);
	free(path);
	return ok;
}

/* A path from wrun's config: "~/" is the home folder, a relative path is
 * taken from the config's folder. A new string, or NULL with err. */
static char *conf_wrun_file(const struct wconfig *w, const char *value, conf_getenv_fn env,
                            int line, struct wr_error *err)
{
	const char *home = conf_env(env, "HOME");
	const char *slash;
	char *out = NULL;
	int n = 0;

	if (value[0] == '~' && value[1] == '/') {
		if (!home) {
			char shown[256];

			conf_printable(shown, sizeof shown, w->path);
			wr_error_set(err, WR_ERR_CONFIG, 0, "%s:%d: '~/' needs HOME, which is not set",
			             shown, line);
			return NULL;
		}
		n = asprintf(&out, "%s/%s", home, value + 2);
	} else if (value[0] != '/' && (slash = strrchr(w->path, '/')) != NULL) {
		n = asprintf(&out, "%.*s/%s", (int)(slash - w->path), w->path, value);
	} else {
		return conf_strdup(value, err);
	}
	if (n < 0) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return NULL;
	}
	return out;
}

/* The section with this URL, for its settings and token-file. */
static const struct wconfig_server *conf_wrun_by_url(const struct wconfig *w, const char *url)
{
	for (size_t i = 0; i < w->n_servers; i++)
		if (w->servers[i].url && strcmp(w->servers[i].url, url) == 0)
			return &w->servers[i];
	return NULL;
}

/* Lists the names of wrun's config's servers, comma separated, into dst. */
static void conf_wrun_list_ids(const struct wconfig *w, char *dst, size_t dstsz)
{
	size_t used = 0;

	dst[0] = '\0';
	for (size_t i = 0; i < w->n_servers && used + 1 < dstsz; i++) {
		char shown[80];
		int n;

		conf_printable(shown, sizeof shown, w->servers[i].name);
		n = snprintf(dst + used, dstsz - used, "%s%s", used ? ", " : "", shown);
		if (n < 0 || (size_t)n >= dstsz - used) {
			dst[used] = '\0';
			break;
		}
		used += (size_t)n;
	}
}

/* ---- the JFrog CLI config ------------------------------------------------------ */

static void conf_cli_free(struct conf_cli *c)
{
	free(c->path);
	free(c->home);
	if (c->root)
		json_object_put(c->root);
	memset(c, 0, sizeof *c);
}

static bool conf_cli_path(conf_getenv_fn env, struct conf_cli *c, struct wr_error *err)
{
	const char *home_dir = conf_env(env, "JFROG_CLI_HOME_DIR");
	const char *home = conf_env(env, "HOME");
	int n;

	if (home_dir)
		n = asprintf(&c->home, "%s", home_dir);
	else if (home)
		n = asprintf(&c->home, "%s/.jfrog", home);
	else {
		conf_fmt(c->note, sizeof c->note,
		         "no JFrog CLI config (neither JFROG_CLI_HOME_DIR nor HOME is set)");
		return true;
	}
	if (n < 0 || asprintf(&c->path, "%s/%s", c->home, CONF_CLI_NAME) < 0) {
		if (n < 0)
			c->home = NULL;
		c->path = NULL;
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return false;
	}
	return true;
}

/* For a missing .v6: says whether an older .v5 or .v4 file sits beside it. */
static void conf_cli_note_missing(struct conf_cli *c)
{
	char shown[200], older[220];
	size_t n = strlen(c->path);
	char *alt = malloc(n + 1);

	conf_printable(shown, sizeof shown, c->path);
	conf_fmt(c->note, sizeof c->note, "%s does not exist", shown);
	if (!alt)
		return;
	for (int v = 5; v >= 4; v--) {
		memcpy(alt, c->path, n + 1);
		alt[n - 1] = (char)('0' + v);
		if (access(alt, F_OK) == 0) {
			conf_printable(older, sizeof older, alt);
			conf_fmt(c->note, sizeof c->note,
			         "%s does not exist; only the older %s does, which wrun does not read",
			         shown, older);
			break;
		}
	}
	free(alt);
}

/* Lists the serverIds of the config, comma separated, into dst. */
static void conf_cli_list_ids(struct json_object *servers, char *dst, size_t dstsz)
{
	size_t used = 0;
	size_t n = servers ? json_object_array_length(servers) : 0;

	dst[0] = '\0';
	for (size_t i = 0; i < n && used + 1 < dstsz; i++) {
		struct json_object *s = json_object_array_get_idx(servers, i);
		const char *id = s ? conf_json_str(s, "serverId") : NULL;
		char shown[80];
		int w;

		if (!id)
			continue;
		conf_printable(shown, sizeof shown, id);
		w = snprintf(dst + used, dstsz - used, "%s%s", used ? ", " : "", shown);
		if (w < 0 || (size_t)w >= dstsz - used) {
			dst[used] = '\0';
			break;
		}
		used += (size_t)w;
	}
}

/* Reads and checks the config: c->root and c->servers, or neither with a
 * note when the file does not exist. Unreadable or malformed: false. */
static bool conf_cli_read(conf_getenv_fn env, struct conf_cli *c, struct wr_error *err)
{
	char shown[256];
	struct json_tokener *tok;
	struct json_object *servers = NULL;
	enum json_tokener_error jerr;
	size_t len = 0;
	char *buf;

	if (!conf_cli_path(env, c, err))
		return false;
	if (!c->path)
		return true;
	conf_printable(shown, sizeof shown, c->path);
	buf = wr_read_file(c->path, CONF_MAX_CLI_FILE, false, &len, NULL);
	if (!buf) {
		if (errno == ENOENT || errno == ENOTDIR) {
			conf_cli_note_missing(c);
			return true;
		}
		if (errno == EFBIG)
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "the JFrog CLI config %s is too large to be a config file", shown);
		else
			wr_error_set(err, WR_ERR_CONFIG, 0, "cannot read the JFrog CLI config %s: %s",
			             shown, strerror(errno));
		return false;
	}

	tok = json_tokener_new();
	if (!tok) {
		conf_wipe_free(buf, len);
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return false;
	}
	c->root = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	if (c->root && jerr == json_tokener_success) {
		/* Only white space may follow the document. */
		for (size_t i = conf_parse_end(tok); i < len; i++) {
			if (!conf_is_space(buf[i])) {
				jerr = json_tokener_error_parse_unexpected;
				break;
			}
		}
	} else if (jerr == json_tokener_continue) {
		jerr = json_tokener_error_parse_eof;
	}
	json_tokener_free(tok);
	conf_wipe_free(buf, len);
	if (!c->root || jerr != json_tokener_success) {
		wr_error_set(err, WR_ERR_CONFIG, 0, "the JFrog CLI config %s is not valid JSON (%s)",
		             shown, c->root ? "trailing bytes after the document" :
		                              json_tokener_error_desc(jerr));
		return false;
	}
	if (!json_object_is_type(c->root, json_type_object)) {
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "the JFrog CLI config %s is malformed (not a JSON object)", shown);
		return false;
	}
	c->enc = conf_json_true(c->root, "enc");
	if (json_object_object_get_ex(c->root, "servers", &servers) &&
	    !json_object_is_type(servers, json_type_array) &&
	    !json_object_is_type(servers, json_type_null)) {
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "the JFrog CLI config %s is malformed (\"servers\" is not an array)", shown);
		return false;
	}
	if (servers && json_object_is_type(servers, json_type_array))
		c->servers = servers;
	return true;
}

/* Picks the server named want (NULL: the isDefault one). Not found: a note,
 * c->server NULL. */
static void conf_cli_pick(struct conf_cli *c, const char *want)
{
	char shown[256], ids[200];
	size_t n = c->servers ? json_object_array_length(c->servers) : 0;

	if (!c->root)
		return;
	for (size_t i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(c->servers, i);
		const char *id;

		if (!s || !json_object_is_type(s, json_type_object))
			continue;
		id = conf_json_str(s, "serverId");
		if (want ? (id && strcmp(id, want) == 0) : conf_json_true(s, "isDefault")) {
			c->server = s;
			c->server_id = id;
			return;
		}
	}
	conf_printable(shown, sizeof shown, c->path);
	conf_cli_list_ids(c->servers, ids, sizeof ids);
	if (want) {
		char name[80];

		conf_printable(name, sizeof name, want);
		conf_fmt(c->note, sizeof c->note, "%s has no server %s", shown, name);
	}
	else if (ids[0])
		conf_fmt(c->note, sizeof c->note,
		         "%s has no default server (its servers: %s; pick one with --server-id)",
		         shown, ids);
	else
		conf_fmt(c->note, sizeof c->note, "%s has no servers", shown);
}

/* "--server-id X" (or wrun's default-server X) named a server that neither
 * config has: the message lists both configs' servers. */
static void conf_no_such_server(const struct conf_cli *c, const struct wconfig *w,
                                const char *what, const char *want, struct wr_error *err)
{
	char shown[256], ids[200], wids[200], wshown[256], name[80], tail[500];

	conf_printable(name, sizeof name, want);
	wids[0] = '\0';
	tail[0] = '\0';
	if (w->path && w->n_servers) {
		conf_wrun_list_ids(w, wids, sizeof wids);
		conf_printable(wshown, sizeof wshown, w->path);
		conf_fmt(tail, sizeof tail, "; wrun's config %s has: %s", wshown, wids);
	}
	if (!c->root) {
		wr_error_set(err, WR_ERR_CONFIG, 0, "%s %s: no such server in wrun's config, and no"
		             " JFrog CLI config: %s%s", what, name, c->note, tail);
		return;
	}
	conf_printable(shown, sizeof shown, c->path);
	conf_cli_list_ids(c->servers, ids, sizeof ids);
	if (ids[0])
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "%s %s: no such server in the JFrog CLI config %s; its servers: %s%s",
		             what, name, shown, ids, tail);
	else
		wr_error_set(err, WR_ERR_CONFIG, 0, "%s %s: the JFrog CLI config %s has no servers%s",
		             what, name, shown, tail);
}

/* ---- the encrypted JFrog CLI config ---------------------------------------------- */

/* The master key string: JFROG_CLI_ENCRYPTION_KEY (or the .key file it
 * names), else masterKey in <home>/security/security.yaml. from describes
 * where it came from. A new string, wiped by the caller. */
static char *conf_master_key(conf_getenv_fn env, const struct conf_cli *c, char *from,
                             size_t fromsz, struct wr_error *err)
{
	const char *v = conf_env(env, "JFROG_CLI_ENCRYPTION_KEY");
	char shown[256], cfg[256];
	char *path = NULL, *buf, *key, *tok;
	size_t len = 0, vlen;
	bool found = false;

	conf_printable(cfg, sizeof cfg, c->path);
	if (v) {
		vlen = strlen(v);
		if (vlen <= 4 || strcmp(v + vlen - 4, ".key") != 0) {
			conf_fmt(from, fromsz, "JFROG_CLI_ENCRYPTION_KEY");
			return conf_strdup(v, err);
		}
		conf_printable(shown, sizeof shown, v);
		conf_fmt(from, fromsz, "the key file %s (JFROG_CLI_ENCRYPTION_KEY)", shown);
		buf = wr_read_file(v, 4096, false, &len, NULL);
		if (!buf) {
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "the JFrog CLI config %s is encrypted, and its key file %s"
			             " (JFROG_CLI_ENCRYPTION_KEY) cannot be read: %s", cfg, shown,
			             errno == EFBIG ? "it is too large for a key" : strerror(errno));
			return NULL;
		}
		/* Its trimmed content (white space and a BOM around it). */
		if (conf_check_token(buf, &tok) == CONF_TOKEN_EMPTY) {
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "the JFrog CLI config %s is encrypted, and its key file %s"
			             " (JFROG_CLI_ENCRYPTION_KEY) is empty", cfg, shown);
			crypt_wipe_free(buf, len);
			return NULL;
		}
		key = conf_strdup(tok, err);
		crypt_wipe_free(buf, len);
		return key;
	}
	if (!c->home) {
		wr_error_set(err, WR_ERR_CONFIG, 0, "the JFrog CLI config %s is encrypted, and there is"
		             " no master key: set JFROG_CLI_ENCRYPTION_KEY", cfg);
		return NULL;
	}
	if (asprintf(&path, "%s/security/security.yaml", c->home) < 0) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return NULL;
	}
	conf_printable(shown, sizeof shown, path);
	conf_fmt(from, fromsz, "masterKey in %s", shown);
	buf = wr_read_file(path, CONF_MAX_CLI_FILE, false, &len, NULL);
	free(path);
	if (!buf) {
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "the JFrog CLI config %s is encrypted, and there is no master key:"
		             " JFROG_CLI_ENCRYPTION_KEY is not set and %s cannot be read: %s", cfg,
		             shown, errno == EFBIG ? "it is too large" : strerror(errno));
		return NULL;
	}
	key = crypt_yaml_master_key(buf, len, &found);
	crypt_wipe_free(buf, len);
	if (!key) {
		if (found)
			wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		else
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "the JFrog CLI config %s is encrypted, and there is no master key:"
			             " JFROG_CLI_ENCRYPTION_KEY is not set and %s has no masterKey", cfg,
			             shown);
		return NULL;
	}
	return key;
}

/* The chosen server's secret field, decrypted. NULL with err on any
 * failure: a ciphertext is never taken for a token. */
static char *conf_cli_decrypt(conf_getenv_fn env, const struct conf_cli *c, const char *field,
                              const char *value, struct wr_error *err)
{
	unsigned char key[CRYPT_KEY_LEN];
	char from[300], cfg[256], id[80];
	char *master, *plain = NULL, *out;
	size_t plain_len = 0, klen;
	enum crypt_status st;

	master = conf_master_key(env, c, from, sizeof from, err);
	if (!master)
		return NULL;
	conf_printable(cfg, sizeof cfg, c->path);
	conf_printable(id, sizeof id, c->server_id ? c->server_id : "(no serverId)");
	klen = strlen(master);
	if (klen != CRYPT_KEY_LEN) {
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "the JFrog CLI config %s is encrypted, and the master key from %s is %zu"
		             " bytes long where the JFrog CLI's are %d", cfg, from, klen, CRYPT_KEY_LEN);
		crypt_wipe_free_str(master);
		return NULL;
	}
	memcpy(key, master, CRYPT_KEY_LEN);
	crypt_wipe_free_str(master);
	st = crypt_jfrog_decrypt(value, key, &plain, &plain_len);
	OPENSSL_cleanse(key, sizeof key);
	if (st != CRYPT_OK) {
		if (st == CRYPT_NOMEM)
			wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		else
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "the JFrog CLI config %s is encrypted, and server %s's %s cannot be"
			             " decrypted: %s (master key from %s)", cfg, id, field,
			             crypt_status_str(st), from);
		return NULL;
	}
	if (strlen(plain) != plain_len) {
		wr_error_set(err, WR_ERR_CONFIG, 0, "the JFrog CLI config %s: server %s's %s decrypts"
		             " to text with a NUL byte", cfg, id, field);
		crypt_wipe_free(plain, plain_len);
		return NULL;
	}
	out = conf_token_dup(plain, CONF_FROM_CLI, err);
	crypt_wipe_free(plain, plain_len);
	return out;
}

/* ---- resolution ------------------------------------------------------------------ */

static bool conf_numbers(const struct conf_flags *flags, const struct wconfig_server *ws,
                         struct wr_server *out, struct wr_error *err)
{
	long mib;

	if (flags->timeout_s < 0 || flags->timeout_s > CONF_MAX_TIMEOUT_S) {
		wr_error_set(err, WR_ERR_USAGE, 0, "--timeout must be between 1 and %ld seconds",
		             CONF_MAX_TIMEOUT_S);
		return false;
	}
	out->timeout_s = flags->timeout_s ? flags->timeout_s
	                 : ws && ws->timeout_s ? ws->timeout_s : CONF_DEFAULT_TIMEOUT_S;

	mib = flags->max_body_mib ? flags->max_body_mib : CONF_DEFAULT_MAX_BODY_MIB;
	if (mib < 0 || mib > CONF_MAX_BODY_MIB || (size_t)mib > SIZE_MAX / CONF_MIB) {
		wr_error_set(err, WR_ERR_USAGE, 0, "--max-body must be between 1 and %ld MiB",
		             CONF_MAX_BODY_MIB);
		return false;
	}
	out->max_body = (size_t)mib * CONF_MIB;
	return true;
}

static bool conf_copy_options(const struct conf_flags *flags, const struct wconfig *w,
                              const struct wconfig_server *ws, conf_getenv_fn env,
                              struct wr_server *out, struct wr_error *err)
{
	char shown[256], wshown[256];

	if (flags->project && *flags->project)
		out->project = conf_strdup(flags->project, err);
	else if (ws && ws->project)
		out->project = conf_strdup(ws->project, err);
	if ((flags->project && *flags->project) || (ws && ws->project)) {
		if (!out->project)
			return false;
	}
	if (flags->cacert && *flags->cacert) {
		if (access(flags->cacert, R_OK) != 0) {
			conf_printable(shown, sizeof shown, flags->cacert);
			wr_error_set(err, WR_ERR_USAGE, 0, "--cacert %s: %s", shown, strerror(errno));
			return false;
		}
		out->cacert = conf_strdup(flags->cacert, err);
		if (!out->cacert)
			return false;
	} else if (ws && ws->cacert) {
		out->cacert = conf_wrun_file(w, ws->cacert, env, ws->line[WCONFIG_CACERT], err);
		if (!out->cacert)
			return false;
		if (access(out->cacert, R_OK) != 0) {
			conf_printable(shown, sizeof shown, out->cacert);
			conf_printable(wshown, sizeof wshown, w->path);
			wr_error_set(err, WR_ERR_CONFIG, 0, "%s:%d: cacert %s: %s", wshown,
			             ws->line[WCONFIG_CACERT], shown, strerror(errno));
			return false;
		}
	}
	out->insecure = flags->insecure || (ws && ws->insecure);
	if (ws) {
		out->prefs.cpu_limit_ms = ws->cpu_limit_ms;
		out->prefs.memory_limit_mib = ws->memory_limit_mib;
		out->prefs.duration_limit_ms = ws->duration_limit_ms;
		out->prefs.refresh_s = ws->refresh_s;
		out->prefs.mouse = ws->mouse;
		out->prefs.read_only = ws->read_only;
		out->config_path = conf_strdup(w->path, err);
		if (!out->config_path)
			return false;
	}
	return true;
}

/* The URL from a flag or the environment, normalized; the error names its source. */
static bool conf_url_from(const char *value, const char *from, enum wr_err_kind kind,
                          struct wr_server *out, struct wr_error *err)
{
	struct wr_error e;

	wr_error_clear(&e);
	out->url = url_normalize(value, &e);
	if (!out->url) {
		if (e.kind == WR_ERR_NOMEM)
			wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		else
			wr_error_set(err, kind, 0, "%s: %s", from, e.msg);
		return false;
	}
	out->url_from = from;
	return true;
}

/* What the config said, as the last clause of a "missing" message. */
static void conf_where(const struct conf_cli *cli, const char *field, char *dst, size_t dstsz)
{
	char shown[256], id[80];

	if (cli->note[0]) {
		conf_fmt(dst, dstsz, "%s", cli->note);
		return;
	}
	conf_printable(shown, sizeof shown, cli->path ? cli->path : "");
	conf_printable(id, sizeof id, cli->server_id ? cli->server_id : "(no serverId)");
	conf_fmt(dst, dstsz, "server %s in the JFrog CLI config %s has no %s", id, shown, field);
}

/* The config server's URL, normalized (NULL when it has none). */
static bool conf_cli_url(const struct conf_cli *cli, char **url, struct wr_error *err)
{
	const char *u = conf_json_str(cli->server, "url");
	char id[80], shown[256];
	struct wr_error e;

	*url = NULL;
	if (!u || !*u)
		return true;
	wr_error_clear(&e);
	*url = url_normalize(u, &e);
	if (*url)
		return true;
	conf_printable(id, sizeof id, cli->server_id ? cli->server_id : "(no serverId)");
	conf_printable(shown, sizeof shown, cli->path);
	if (e.kind == WR_ERR_NOMEM)
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
	else
		wr_error_set(err, WR_ERR_CONFIG, 0, "server %s in the JFrog CLI config %s: %s", id,
		             shown, e.msg);
	return false;
}

/* Which server is meant, by name: --server-id, else (with no --url and no
 * JF_URL) wrun's default-server. what is how the message names the choice.
 * NULL: none named. */
static const char *conf_pick_name(const struct conf_flags *flags, const struct wconfig *w,
                                  bool url_given, char *what, size_t whatsz)
{
	char shown[256];

	if (flags->server_id) {
		conf_fmt(what, whatsz, "--server-id");
		return flags->server_id;
	}
	if (!url_given && w->default_server) {
		conf_printable(shown, sizeof shown, w->path);
		conf_fmt(what, whatsz, "%s:%d: default-server", shown, w->default_line);
		return w->default_server;
	}
	return NULL;
}

bool conf_resolve(const struct conf_flags *flags, conf_getenv_fn env,
                  struct wr_server *out, struct wr_error *err)
{
	struct conf_cli cli;
	struct wconfig w;
	const struct wconfig_server *ws = NULL;
	const char *env_url, *env_token, *name = NULL;
	char where[400], id[80], what[300], label[320], wshown[256];
	char *cli_url = NULL, *path = NULL;
	bool need_cli, url_given, cli_read = false;

	memset(out, 0, sizeof *out);
	memset(&cli, 0, sizeof cli);
	memset(&w, 0, sizeof w);
	if (!flags) {
		wr_error_set(err, WR_ERR_USAGE, 0, "no settings");
		return false;
	}
	env_url = conf_env(env, "JF_URL");
	env_token = conf_env(env, "JF_ACCESS_TOKEN");
	url_given = flags->url || env_url;
	if (!conf_wrun_load(flags, env, &w, err))
		goto fail;
	name = conf_pick_name(flags, &w, url_given, what, sizeof what);
	if (name) {
		ws = wconfig_find(&w, name);
	} else if (!url_given) {
		/* The JFrog CLI config's default server, with wrun's section of
		 * the same name on top. */
		if (!conf_cli_read(env, &cli, err))
			goto fail;
		conf_cli_pick(&cli, NULL);
		cli_read = true;
		if (cli.server_id)
			ws = wconfig_find(&w, cli.server_id);
	}
	if (!conf_numbers(flags, ws, out, err))
		goto fail;

	/* URL: --url > JF_URL > wrun's config > the JFrog CLI config. */
	if (flags->url) {
		if (!conf_url_from(flags->url, CONF_FROM_FLAG_URL, WR_ERR_USAGE, out, err))
			goto fail;
	} else if (env_url) {
		if (!conf_url_from(env_url, CONF_FROM_ENV_URL, WR_ERR_CONFIG, out, err))
			goto fail;
	}
	/* No server named, the URL given: wrun's section for that URL, if any. */
	if (!name && out->url)
		ws = conf_wrun_by_url(&w, out->url);
	if (!conf_copy_options(flags, &w, ws, env, out, err))
		goto fail;
	if (!out->url && ws && ws->url) {
		out->url = conf_strdup(ws->url, err);
		if (!out->url)
			goto fail;
		out->url_from = CONF_FROM_WRUN;
	}

	/* Token: --token-file > JF_ACCESS_TOKEN > wrun's config > the JFrog CLI
	 * config, like the URL: a flag given on purpose is never silently
	 * outranked. A section's token-file is used when the section was named
	 * or matched the URL. */
	if (flags->token_file) {
		out->token = conf_token_from_file(flags->token_file, CONF_FROM_TOKEN_FILE, err);
		if (!out->token)
			goto fail;
		out->token_from = CONF_FROM_TOKEN_FILE;
	} else if (env_token) {
		out->token = conf_token_dup(env_token, CONF_FROM_ENV_TOKEN, err);
		if (!out->token)
			goto fail;
		out->token_from = CONF_FROM_ENV_TOKEN;
	} else if (ws && ws->token_file) {
		path = conf_wrun_file(&w, ws->token_file, env, ws->line[WCONFIG_TOKEN_FILE], err);
		if (!path)
			goto fail;
		conf_printable(wshown, sizeof wshown, w.path);
		conf_fmt(label, sizeof label, "%s:%d: token-file", wshown,
		         ws->line[WCONFIG_TOKEN_FILE]);
		out->token = conf_token_from_file(path, label, err);
		if (!out->token)
			goto fail;
		out->token_from = CONF_FROM_WRUN;
	}

	/* A name wrun's config does not have must be the JFrog CLI config's. */
	need_cli = !out->url || !out->token || (name && !ws);
	if (need_cli) {
		if (!cli_read) {
			if (!conf_cli_read(env, &cli, err))
				goto fail;
			conf_cli_pick(&cli, name ? name : ws ? ws->name : NULL);
		}
		if (name && !ws && !cli.server) {
			conf_no_such_server(&cli, &w, what, name, err);
			goto fail;
		}
		if (cli.server && !conf_cli_url(&cli, &cli_url, err))
			goto fail;
	}
	conf_printable(id, sizeof id, cli.server_id ? cli.server_id : "(no serverId)");

	if (!out->url) {
		if (!cli_url) {
			conf_where(&cli, "url", where, sizeof where);
			wr_error_set(err, WR_ERR_CONFIG, 0, "no platform URL: no --url, no JF_URL, and %s",
			             where);
			goto fail;
		}
		out->url = cli_url;
		cli_url = NULL;
		out->url_from = CONF_FROM_CLI;
	}

	if (!out->token) {
		const char *t = cli.server ? conf_json_str(cli.server, "accessToken") : NULL;

		if (!t || !*t) {
			conf_where(&cli, "accessToken", where, sizeof where);
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "no access token: no JF_ACCESS_TOKEN, no --token-file, and %s", where);
			goto fail;
		}
		/* Never send a config server's token to another server by accident:
		 * when the URL came from elsewhere, it must be that server's URL,
		 * unless the server was chosen by name (--server-id, default-server,
		 * or wrun's section of the same name). */
		if (out->url_from != CONF_FROM_CLI && !name &&
		    !(ws && cli.server_id && strcmp(ws->name, cli.server_id) == 0) &&
		    (!cli_url || strcmp(cli_url, out->url) != 0)) {
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "no access token for the URL from %s: the JFrog CLI config's default"
			             " server %s is for another URL; set JF_ACCESS_TOKEN, use --token-file,"
			             " or pass --server-id %s to use its token anyway",
			             out->url_from, id, id);
			goto fail;
		}
		if (cli.enc)
			out->token = conf_cli_decrypt(env, &cli, "accessToken", t, err);
		else
			out->token = conf_token_dup(t, CONF_FROM_CLI, err);
		if (!out->token)
			goto fail;
		out->token_from = CONF_FROM_CLI;
	}

	if (ws && (out->url_from == CONF_FROM_WRUN || out->token_from == CONF_FROM_WRUN || name)) {
		out->server_id = conf_strdup(ws->name, err);
		if (!out->server_id)
			goto fail;
	} else if (cli.server && cli.server_id &&
	           (out->url_from == CONF_FROM_CLI || out->token_from == CONF_FROM_CLI)) {
		out->server_id = conf_strdup(cli.server_id, err);
		if (!out->server_id)
			goto fail;
	}
	free(path);
	free(cli_url);
	conf_cli_free(&cli);
	wconfig_free(&w);
	return true;

fail:
	free(path);
	free(cli_url);
	conf_cli_free(&cli);
	wconfig_free(&w);
	conf_server_free(out);
	return false;
}

void conf_server_free(struct wr_server *s)
{
	if (!s)
		return;
	if (s->token) {
		OPENSSL_cleanse(s->token, strlen(s->token));
		free(s->token);
	}
	free(s->url);
	free(s->project);
	free(s->cacert);
	free(s->server_id);
	free(s->config_path);
	memset(s, 0, sizeof *s);
}

/* ---- every server, for a switcher --------------------------------------------------- */

static const char *conf_source_text(unsigned sources)
{
	if (sources == (CONF_SRC_WRUN | CONF_SRC_JFROG))
		return "wrun config + JFrog CLI config";
	return sources == CONF_SRC_WRUN ? "wrun config" : "JFrog CLI config";
}

static struct conf_server_entry *conf_list_add(struct conf_server_list *l, const char *name,
                                               struct wr_error *err)
{
	struct conf_server_entry *grown, *e;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	grown = realloc(l->v, (l->n + 1) * sizeof *grown);
	if (!grown) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return NULL;
	}
	l->v = grown;
	e = &l->v[l->n];
	memset(e, 0, sizeof *e);
	e->name = conf_strdup(name, err);
	if (!e->name)
		return NULL;
	l->n++;
	return e;
}

bool conf_list_servers(const struct conf_flags *flags, conf_getenv_fn env,
                       struct conf_server_list *out, struct wr_error *err)
{
	static const struct conf_flags none;
	struct conf_cli cli;
	struct wconfig w;
	const char *env_url, *name, *url = NULL;
	char *given_url = NULL, what[300];
	size_t n;
	bool any_default = false;

	memset(out, 0, sizeof *out);
	memset(&cli, 0, sizeof cli);
	if (!flags)
		flags = &none;
	env_url = conf_env(env, "JF_URL");
	if (!conf_wrun_load(flags, env, &w, err))
		return false;
	if (!conf_cli_read(env, &cli, err))
		goto fail;
	for (size_t i = 0; i < w.n_servers; i++) {
		struct conf_server_entry *e = conf_list_add(out, w.servers[i].name, err);

		if (!e)
			goto fail;
		e->sources |= CONF_SRC_WRUN;
		if (w.servers[i].url && !(e->url = conf_strdup(w.servers[i].url, err)))
			goto fail;
		if (w.default_server && strcmp(w.default_server, e->name) == 0)
			e->is_default = any_default = true;
	}
	n = cli.servers ? json_object_array_length(cli.servers) : 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(cli.servers, i);
		struct conf_server_entry *e;
		const char *id;
		struct wr_error ue;

		if (!s || !json_object_is_type(s, json_type_object))
			continue;
		id = conf_json_str(s, "serverId");
		if (!id || !*id)
			continue;
		e = conf_list_add(out, id, err);
		if (!e)
			goto fail;
		e->sources |= CONF_SRC_JFROG;
		if (!e->url && conf_json_str(s, "url")) {
			wr_error_clear(&ue);
			e->url = url_normalize(conf_json_str(s, "url"), &ue);
			if (!e->url && ue.kind == WR_ERR_NOMEM) {
				wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
				goto fail;
			}
		}
		if (!w.default_server && conf_json_true(s, "isDefault") && !any_default)
			e->is_default = any_default = true;
	}
	for (size_t i = 0; i < out->n; i++)
		out->v[i].source = conf_source_text(out->v[i].sources);

	/* The current one: as conf_resolve picks it. */
	url = flags->url ? flags->url : env_url;
	name = conf_pick_name(flags, &w, url != NULL, what, sizeof what);
	if (!name && url) {
		struct wr_error ue;

		wr_error_clear(&ue);
		given_url = url_normalize(url, &ue);
	}
	for (size_t i = 0; i < out->n; i++) {
		struct conf_server_entry *e = &out->v[i];

		if (name ? strcmp(e->name, name) == 0
		         : given_url ? (e->url && strcmp(e->url, given_url) == 0) : e->is_default) {
			e->current = true;
			break;
		}
	}
	free(given_url);
	conf_cli_free(&cli);
	wconfig_free(&w);
	return true;
fail:
	conf_cli_free(&cli);
	wconfig_free(&w);
	conf_server_list_free(out);
	return false;
}

void conf_server_list_free(struct conf_server_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].url);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}
