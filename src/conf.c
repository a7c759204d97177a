/* conf.c - resolves the server, the token and the options in one place:
 * flags > environment > JFrog CLI config. Returns data or an error, never
 * prints. The token never appears in a message.
 */
#include "config.h"

#include "conf.h"
#include "sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

/* What the JFrog CLI config gave: the chosen server (borrowed from root), or
 * none with a note saying why (for the "missing URL/token" messages). */
struct conf_cli {
	char *path;               /* NULL: no HOME and no JFROG_CLI_HOME_DIR */
	struct json_object *root; /* NULL: not loaded */
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
	/* Be lenient with a hand-edited "true". */
	return json_object_is_type(v, json_type_string) &&
	       strcmp(json_object_get_string(v), "true") == 0;
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

/* Reads a file (at most max bytes) into a NUL-terminated buffer, with
 * read(2) so that no stdio buffer keeps a copy of a secret. With
 * first_line, stops once a newline has arrived (a pipe or a terminal need
 * not be closed). errno is set on failure; EFBIG when it is too large. */
static char *conf_read_file(const char *path, size_t max, bool first_line, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;
	size_t n = 0;
	int saved = 0;

	if (fd < 0)
		return NULL;
	buf = malloc(max + 2);
	if (!buf) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	while (n <= max) {
		ssize_t got = read(fd, buf + n, max + 1 - n);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			break;
		}
		if (got == 0)
			break;
		if (first_line && memchr(buf + n, '\n', (size_t)got)) {
			n += (size_t)got;
			break;
		}
		n += (size_t)got;
	}
	close(fd);
	if (!saved && n > max && !(first_line && memchr(buf, '\n', max)))
		saved = EFBIG;
	if (saved) {
		explicit_bzero(buf, n);
		free(buf);
		errno = saved;
		return NULL;
	}
	if (n > max)
		n = max; /* the first line is complete within max */
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void conf_wipe_free(char *buf, size_t n)
{
	if (buf) {
		explicit_bzero(buf, n);
		free(buf);
	}
}

/* ---- the URL --------------------------------------------------------------- */

char *conf_normalize_url(const char *url, struct wr_error *err)
{
	const char *start, *end, *host, *p;
	size_t scheme_len, host_len;
	char *out;

	if (!url) {
		wr_error_set(err, WR_ERR_USAGE, 0, "no URL given");
		return NULL;
	}
	start = url;
	while (conf_is_space(*start))
		start++;
	end = start + strlen(start);
	while (end > start && conf_is_space(end[-1]))
		end--;
	if (end == start) {
		wr_error_set(err, WR_ERR_USAGE, 0, "the URL is empty");
		return NULL;
	}
	for (p = start; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c == 0x7f) {
			wr_error_set(err, WR_ERR_USAGE, 0,
			             "the URL contains a space or a control character");
			return NULL;
		}
	}
	if ((size_t)(end - start) >= 7 && strncasecmp(start, "http://", 7) == 0) {
		scheme_len = 7;
	} else if ((size_t)(end - start) >= 8 && strncasecmp(start, "https://", 8) == 0) {
		scheme_len = 8;
	} else {
		wr_error_set(err, WR_ERR_USAGE, 0,
		             "the URL must start with http:// or https:// (e.g. https://acme.jfrog.io)");
		return NULL;
	}
	while (end > start + scheme_len && end[-1] == '/')
		end--;
	host = start + scheme_len;
	host_len = 0;
	while (host + host_len < end && host[host_len] != '/')
		host_len++;
	if (host_len == 0) {
		wr_error_set(err, WR_ERR_USAGE, 0, "the URL has no host name");
		return NULL;
	}
	if (memchr(host, '@', host_len)) {
		wr_error_set(err, WR_ERR_USAGE, 0,
		             "the URL must not hold a user name or password (the token is sent as a header)");
		return NULL;
	}
	if (memchr(start, '?', (size_t)(end - start)) || memchr(start, '#', (size_t)(end - start))) {
		wr_error_set(err, WR_ERR_USAGE, 0,
		             "the URL must be the platform root, without a query or fragment");
		return NULL;
	}
	out = malloc((size_t)(end - start) + 1);
	if (!out) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return NULL;
	}
	memcpy(out, start, (size_t)(end - start));
	out[end - start] = '\0';
	/* The scheme in lower case, the rest verbatim. */
	for (size_t i = 0; i < scheme_len; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	return out;
}

/* ---- the token --------------------------------------------------------------- */

enum conf_token_check { CONF_TOKEN_OK, CONF_TOKEN_EMPTY, CONF_TOKEN_BAD };

/* Trims a token in place and checks it could be sent as a header value
 * (no spaces, no control characters). *start points into buf. */
static enum conf_token_check conf_check_token(char *buf, char **start)
{
	char *s = buf, *e;

	while (conf_is_space(*s))
		s++;
	e = s + strlen(s);
	while (e > s && conf_is_space(e[-1]))
		e--;
	*e = '\0';
	*start = s;
	if (*s == '\0')
		return CONF_TOKEN_EMPTY;
	for (char *p = s; p < e; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c == 0x7f)
			return CONF_TOKEN_BAD;
	}
	return CONF_TOKEN_OK;
}

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
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "the access token from %s contains a space or a control character", from);
		break;
	}
	conf_wipe_free(buf, n);
	return out;
}

/* The first line of the token file, trimmed. */
static char *conf_token_from_file(const char *path, struct wr_error *err)
{
	char shown[256];
	size_t len = 0;
	char *buf, *nl, *tok, *out = NULL;

	conf_printable(shown, sizeof shown, path);
	buf = conf_read_file(path, CONF_MAX_TOKEN_FILE, true, &len);
	if (!buf) {
		if (errno == EFBIG)
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "--token-file %s: the file is too large for a token", shown);
		else
			wr_error_set(err, WR_ERR_CONFIG, 0, "--token-file %s: %s", shown,
			             strerror(errno));
		return NULL;
	}
	nl = memchr(buf, '\n', len);
	if (nl)
		*nl = '\0';
	if (strlen(buf) != (nl ? (size_t)(nl - buf) : len)) {
		wr_error_set(err, WR_ERR_CONFIG, 0, "--token-file %s: the token contains a NUL byte",
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
		             "--token-file %s: the file is empty (its first line should hold the token)",
		             shown);
		break;
	case CONF_TOKEN_BAD:
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "--token-file %s: the token contains a space or a control character", shown);
		break;
	}
	conf_wipe_free(buf, len);
	return out;
}

/* ---- the JFrog CLI config ------------------------------------------------------ */

static void conf_cli_free(struct conf_cli *c)
{
	free(c->path);
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
		n = asprintf(&c->path, "%s/%s", home_dir, CONF_CLI_NAME);
	else if (home)
		n = asprintf(&c->path, "%s/.jfrog/%s", home, CONF_CLI_NAME);
	else {
		conf_fmt(c->note, sizeof c->note,
		         "no JFrog CLI config (neither JFROG_CLI_HOME_DIR nor HOME is set)");
		return true;
	}
	if (n < 0) {
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

/* Loads the config and picks the server. Hard errors (unreadable, malformed,
 * encrypted, unknown --server-id) return false; a missing file or no default
 * server leave c->server NULL with a note. */
static bool conf_cli_load(const struct conf_flags *flags, conf_getenv_fn env,
                          struct conf_cli *c, struct wr_error *err)
{
	char shown[256], ids[200];
	struct json_tokener *tok;
	struct json_object *servers = NULL;
	enum json_tokener_error jerr;
	size_t len = 0, n;
	char *buf;

	if (!conf_cli_path(env, c, err))
		return false;
	if (!c->path) {
		if (flags->server_id) {
			wr_error_set(err, WR_ERR_CONFIG, 0, "--server-id: %s", c->note);
			return false;
		}
		return true;
	}
	conf_printable(shown, sizeof shown, c->path);
	buf = conf_read_file(c->path, CONF_MAX_CLI_FILE, false, &len);
	if (!buf) {
		if (errno == ENOENT || errno == ENOTDIR) {
			conf_cli_note_missing(c);
			if (flags->server_id) {
				conf_printable(ids, sizeof ids, flags->server_id);
				wr_error_set(err, WR_ERR_CONFIG, 0,
				             "--server-id %s: no JFrog CLI config: %s", ids, c->note);
				return false;
			}
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
	if (conf_json_true(c->root, "enc")) {
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "the JFrog CLI config %s is encrypted; encrypted configs are not supported yet:"
		             " set JF_URL and JF_ACCESS_TOKEN, or use --url and --token-file", shown);
		return false;
	}
	if (json_object_object_get_ex(c->root, "servers", &servers) &&
	    !json_object_is_type(servers, json_type_array)) {
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "the JFrog CLI config %s is malformed (\"servers\" is not an array)", shown);
		return false;
	}
	if (servers && json_object_is_type(servers, json_type_null))
		servers = NULL;
	n = servers ? json_object_array_length(servers) : 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(servers, i);
		const char *id;

		if (!s || !json_object_is_type(s, json_type_object))
			continue;
		id = conf_json_str(s, "serverId");
		if (flags->server_id ? (id && strcmp(id, flags->server_id) == 0)
		                     : conf_json_true(s, "isDefault")) {
			c->server = s;
			c->server_id = id;
			break;
		}
	}
	if (c->server)
		return true;

	conf_cli_list_ids(servers, ids, sizeof ids);
	if (flags->server_id) {
		char want[80];

		conf_printable(want, sizeof want, flags->server_id);
		if (ids[0])
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "--server-id %s: no such server in the JFrog CLI config %s; its servers: %s",
			             want, shown, ids);
		else
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "--server-id %s: the JFrog CLI config %s has no servers", want, shown);
		return false;
	}
	if (ids[0])
		conf_fmt(c->note, sizeof c->note,
		         "%s has no default server (its servers: %s; pick one with --server-id)",
		         shown, ids);
	else
		conf_fmt(c->note, sizeof c->note, "%s has no servers", shown);
	return true;
}

/* ---- resolution ------------------------------------------------------------------ */

static bool conf_numbers(const struct conf_flags *flags, struct wr_server *out,
                         struct wr_error *err)
{
	long mib;

	if (flags->timeout_s < 0 || flags->timeout_s > CONF_MAX_TIMEOUT_S) {
		wr_error_set(err, WR_ERR_USAGE, 0, "--timeout must be between 1 and %ld seconds",
		             CONF_MAX_TIMEOUT_S);
		return false;
	}
	out->timeout_s = flags->timeout_s ? flags->timeout_s : CONF_DEFAULT_TIMEOUT_S;

	mib = flags->max_body_mib ? flags->max_body_mib : CONF_DEFAULT_MAX_BODY_MIB;
	if (mib < 0 || mib > CONF_MAX_BODY_MIB || (size_t)mib > SIZE_MAX / CONF_MIB) {
		wr_error_set(err, WR_ERR_USAGE, 0, "--max-body must be between 1 and %ld MiB",
		             CONF_MAX_BODY_MIB);
		return false;
	}
	out->max_body = (size_t)mib * CONF_MIB;
	return true;
}

static bool conf_copy_options(const struct conf_flags *flags, struct wr_server *out,
                              struct wr_error *err)
{
	if (flags->project && *flags->project) {
		out->project = conf_strdup(flags->project, err);
		if (!out->project)
			return false;
	}
	if (flags->cacert && *flags->cacert) {
		if (access(flags->cacert, R_OK) != 0) {
			char shown[256];

			conf_printable(shown, sizeof shown, flags->cacert);
			wr_error_set(err, WR_ERR_USAGE, 0, "--cacert %s: %s", shown, strerror(errno));
			return false;
		}
		out->cacert = conf_strdup(flags->cacert, err);
		if (!out->cacert)
			return false;
	}
	out->insecure = flags->insecure;
	return true;
}

/* The URL from a flag or the environment, normalized; the error names its source. */
static bool conf_url_from(const char *value, const char *from, enum wr_err_kind kind,
                          struct wr_server *out, struct wr_error *err)
{
	struct wr_error e;

	wr_error_clear(&e);
	out->url = conf_normalize_url(value, &e);
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
	*url = conf_normalize_url(u, &e);
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

bool conf_resolve(const struct conf_flags *flags, conf_getenv_fn env,
                  struct wr_server *out, struct wr_error *err)
{
	struct conf_cli cli;
	const char *env_url = conf_env(env, "JF_URL");
	const char *env_token = conf_env(env, "JF_ACCESS_TOKEN");
	char where[400], id[80];
	char *cli_url = NULL;
	bool need_cli;

	memset(out, 0, sizeof *out);
	memset(&cli, 0, sizeof cli);
	if (!flags) {
		wr_error_set(err, WR_ERR_USAGE, 0, "no settings");
		return false;
	}
	if (!conf_numbers(flags, out, err) || !conf_copy_options(flags, out, err))
		goto fail;

	/* URL: --url > JF_URL > config. */
	if (flags->url) {
		if (!conf_url_from(flags->url, CONF_FROM_FLAG_URL, WR_ERR_USAGE, out, err))
			goto fail;
	} else if (env_url) {
		if (!conf_url_from(env_url, CONF_FROM_ENV_URL, WR_ERR_CONFIG, out, err))
			goto fail;
	}

	/* Token: --token-file > JF_ACCESS_TOKEN > config, like the URL: a flag
	 * given on purpose is never silently outranked. */
	if (flags->token_file) {
		out->token = conf_token_from_file(flags->token_file, err);
		if (!out->token)
			goto fail;
		out->token_from = CONF_FROM_TOKEN_FILE;
	} else if (env_token) {
		out->token = conf_token_dup(env_token, CONF_FROM_ENV_TOKEN, err);
		if (!out->token)
			goto fail;
		out->token_from = CONF_FROM_ENV_TOKEN;
	}

	need_cli = !out->url || !out->token;
	if (need_cli) {
		if (!conf_cli_load(flags, env, &cli, err))
			goto fail;
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
		 * unless --server-id chose the server explicitly. */
		if (out->url_from != CONF_FROM_CLI && !flags->server_id &&
		    (!cli_url || strcmp(cli_url, out->url) != 0)) {
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "no access token for the URL from %s: the JFrog CLI config's default"
			             " server %s is for another URL; set JF_ACCESS_TOKEN, use --token-file,"
			             " or pass --server-id %s to use its token anyway",
			             out->url_from, id, id);
			goto fail;
		}
		out->token = conf_token_dup(t, CONF_FROM_CLI, err);
		if (!out->token)
			goto fail;
		out->token_from = CONF_FROM_CLI;
	}

	if (cli.server && cli.server_id &&
	    (out->url_from == CONF_FROM_CLI || out->token_from == CONF_FROM_CLI)) {
		out->server_id = conf_strdup(cli.server_id, err);
		if (!out->server_id)
			goto fail;
	}
	free(cli_url);
	conf_cli_free(&cli);
	return true;

fail:
	free(cli_url);
	conf_cli_free(&cli);
	conf_server_free(out);
	return false;
}

void conf_server_free(struct wr_server *s)
{
	if (!s)
		return;
	if (s->token) {
		explicit_bzero(s->token, strlen(s->token));
		free(s->token);
	}
	free(s->url);
	free(s->project);
	free(s->cacert);
	free(s->server_id);
	memset(s, 0, sizeof *s);
}
