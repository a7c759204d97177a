/* wconfig.c - reads wrun's own INI-style config file (see wconfig.h).
 * Returns data or an error "FILE:LINE: ...", never prints. Values are never
 * repeated in a message: a token pasted on the wrong line stays unseen.
 */
#include "config.h"

#include "wconfig.h"
#include "util.h"
#include "url.h"
#include "sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define WCONFIG_MAX_LIMIT 1000000000L

static const char *const wconfig_key_names[WCONFIG_N_KEYS] = {
	[WCONFIG_URL] = "url",
	[WCONFIG_TOKEN_FILE] = "token-file",
	[WCONFIG_PROJECT] = "project",
	[WCONFIG_CACERT] = "cacert",
	[WCONFIG_INSECURE] = "insecure",
	[WCONFIG_TIMEOUT] = "timeout",
	[WCONFIG_CPU_LIMIT] = "cpu-limit",
	[WCONFIG_MEMORY_LIMIT] = "memory-limit",
	[WCONFIG_DURATION_LIMIT] = "duration-limit",
	[WCONFIG_REFRESH] = "refresh",
	[WCONFIG_MOUSE] = "mouse",
	[WCONFIG_READ_ONLY] = "read-only",
};

#define WCONFIG_KNOWN_KEYS \
	"url, token-file, project, cacert, insecure, timeout, cpu-limit, memory-limit," \
	" duration-limit, refresh, mouse, read-only"

const char *wconfig_key_name(enum wconfig_key key)
{
	return (unsigned)key < WCONFIG_N_KEYS ? wconfig_key_names[key] : "?";
}

/* The parser's state: where it is, for messages. */
struct wconfig_ctx {
	char shown[256];      /* the path, made printable */
	int line;
	struct wr_error *err;
};

static bool wconfig_fail(struct wconfig_ctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static bool wconfig_fail(struct wconfig_ctx *x, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	wr_error_set(x->err, WR_ERR_CONFIG, 0, "%s:%d: %s", x->shown, x->line, msg);
	return false;
}

static bool wconfig_nomem(struct wconfig_ctx *x)
{
	wr_error_set(x->err, WR_ERR_NOMEM, 0, "out of memory");
	return false;
}

static bool wconfig_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trims [*s, *e) of blanks. */
static void wconfig_trim(const char **s, const char **e)
{
	while (*s < *e && wconfig_blank(**s))
		(*s)++;
	while (*e > *s && wconfig_blank((*e)[-1]))
		(*e)--;
}

static char *wconfig_dup(const char *s, const char *e)
{
	char *d = malloc((size_t)(e - s) + 1);

	if (d) {
		memcpy(d, s, (size_t)(e - s));
		d[e - s] = '\0';
	}
	return d;
}

/* A name or value may hold UTF-8, but no control character. */
static bool wconfig_printable(const char *s, const char *e)
{
	for (; s < e; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* Short, and letters, digits and '-' only: a key, not a pasted secret. */
static bool wconfig_keylike(const char *s, const char *e)
{
	if (e - s > 24)
		return false;
	for (; s < e; s++) {
		char c = *s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* A matching pair of quotes around [s, e) is dropped. */
static void wconfig_unquote(const char **s, const char **e)
{
	if (*e - *s >= 2 && (**s == '"' || **s == '\'') && (*e)[-1] == **s) {
		(*s)++;
		(*e)--;
	}
}

static bool wconfig_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* Digits only, from min to max. */
static bool wconfig_number(const char *v, long min, long max, long *out)
{
	long n = 0;

	if (!*v)
		return false;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (n > (max - (*p - '0')) / 10)
			return false;
		n = n * 10 + (*p - '0');
	}
	if (n < min || n > max)
		return false;
	*out = n;
	return true;
}

static bool wconfig_set(struct wconfig_ctx *x, struct wconfig_server *s, enum wconfig_key key,
                        const char *v)
{
	const char *name = wconfig_key_names[key];
	struct wr_error e;
	long n = 0;
	char **str = NULL;

	switch (key) {
	case WCONFIG_URL:
		wr_error_clear(&e);
		s->url = url_normalize(v, &e);
		if (!s->url)
			return e.kind == WR_ERR_NOMEM ? wconfig_nomem(x)
			                              : wconfig_fail(x, "url: %s", e.msg);
		return true;
	case WCONFIG_TOKEN_FILE:
		str = &s->token_file;
		break;
	case WCONFIG_PROJECT:
		for (const char *p = v; *p; p++)
			if (*p == ' ' || *p == '\t' || *p == '/' || *p == '?' || *p == '#' || *p == '&')
				return wconfig_fail(x, "project: a project key has no spaces, '/', '?', '#'"
				                    " or '&'");
		str = &s->project;
		break;
	case WCONFIG_CACERT:
		str = &s->cacert;
		break;
	case WCONFIG_INSECURE:
	case WCONFIG_MOUSE:
	case WCONFIG_READ_ONLY:
		if (!wconfig_bool(v, key == WCONFIG_INSECURE ? &s->insecure
		                     : key == WCONFIG_MOUSE  ? &s->mouse
		                                             : &s->read_only))
			return wconfig_fail(x, "%s must be true or false", name);
		return true;
	case WCONFIG_TIMEOUT:
		if (!wconfig_number(v, 1, 3600, &n))
			return wconfig_fail(x, "timeout must be a whole number of seconds from 1 to 3600");
		s->timeout_s = n;
		return true;
	case WCONFIG_REFRESH:
		if (!wconfig_number(v, 2, 86400, &n))
			return wconfig_fail(x, "refresh must be a whole number of seconds from 2 to 86400");
		s->refresh_s = (int)n;
		return true;
	case WCONFIG_CPU_LIMIT:
	case WCONFIG_MEMORY_LIMIT:
	case WCONFIG_DURATION_LIMIT:
		if (!wconfig_number(v, 1, WCONFIG_MAX_LIMIT, &n))
			return wconfig_fail(x, "%s must be a whole number of %s from 1 to %ld", name,
			                    key == WCONFIG_MEMORY_LIMIT ? "MiB" : "milliseconds",
			                    WCONFIG_MAX_LIMIT);
		if (key == WCONFIG_CPU_LIMIT)
			s->cpu_limit_ms = n;
		else if (key == WCONFIG_MEMORY_LIMIT)
			s->memory_limit_mib = n;
		else
			s->duration_limit_ms = n;
		return true;
	case WCONFIG_N_KEYS:
		break;
	}
	if (!str)
		return wconfig_fail(x, "internal error: key %d", (int)key);
	*str = strdup(v);
	return *str ? true : wconfig_nomem(x);
}

/* "[server NAME]" or "[server "NAME"]", trimmed, without the brackets' line
 * end. */
static bool wconfig_section(struct wconfig_ctx *x, struct wconfig *c, const char *s,
                            const char *e)
{
	struct wconfig_server *grown, *srv;
	const char *n0, *n1;

	if (e - s < 2 || e[-1] != ']')
		return wconfig_fail(x, "a section header ends with ']': [server NAME]");
	s++;
	e--;
	wconfig_trim(&s, &e);
	if (e - s < 6 || strncmp(s, "server", 6) != 0 || (e - s > 6 && !wconfig_blank(s[6])))
		return wconfig_fail(x, "unknown section: wrun's config has [server NAME] sections");
	n0 = s + 6;
	n1 = e;
	wconfig_trim(&n0, &n1);
	if (n1 - n0 >= 2 && *n0 == '"' && n1[-1] == '"') {
		n0++;
		n1--;
	}
	if (n0 == n1)
		return wconfig_fail(x, "the server has no name: [server NAME]");
	if (!wconfig_printable(n0, n1))
		return wconfig_fail(x, "the server's name holds a control character");
	for (size_t i = 0; i < c->n_servers; i++) {
		const char *have = c->servers[i].name;

		if (strlen(have) == (size_t)(n1 - n0) && memcmp(have, n0, (size_t)(n1 - n0)) == 0)
			return wconfig_fail(x, "[server %.*s] again (first at line %d)",
			                    (int)(n1 - n0 > 80 ? 80 : n1 - n0), n0,
			                    c->servers[i].header_line);
	}
	grown = realloc(c->servers, (c->n_servers + 1) * sizeof *grown);
	if (!grown)
		return wconfig_nomem(x);
	c->servers = grown;
	srv = &c->servers[c->n_servers];
	memset(srv, 0, sizeof *srv);
	srv->name = wconfig_dup(n0, n1);
	if (!srv->name)
		return wconfig_nomem(x);
	srv->header_line = x->line;
	c->n_servers++;
	return true;
}

/* "KEY = VALUE", trimmed. */
static bool wconfig_pair(struct wconfig_ctx *x, struct wconfig *c, const char *s, const char *e)
{
	const char *eq = memchr(s, '=', (size_t)(e - s));
	const char *k0 = s, *k1, *v0, *v1;
	struct wconfig_server *srv = c->n_servers ? &c->servers[c->n_servers - 1] : NULL;
	char key[40], *value;
	int found = -1;
	bool ok;

	if (!eq)
		return wconfig_fail(x, "no '=' in this line (KEY = VALUE, or [server NAME])");
	k1 = eq;
	wconfig_trim(&k0, &k1);
	v0 = eq + 1;
	v1 = e;
	/* A comment after the value: " # ...". */
	for (const char *p = v0; p < v1; p++) {
		if (*p == '#' && p > v0 && wconfig_blank(p[-1])) {
			v1 = p;
			break;
		}
	}
	wconfig_trim(&v0, &v1);
	wconfig_unquote(&v0, &v1);
	if (k0 == k1)
		return wconfig_fail(x, "no key before '='");
	sanitize_buf(key, sizeof key, k0, (size_t)(k1 - k0), 0);
	if ((size_t)(k1 - k0) < sizeof key && strlen(key) == (size_t)(k1 - k0)) {
		for (int i = 0; i < WCONFIG_N_KEYS; i++)
			if (strcmp(key, wconfig_key_names[i]) == 0)
				found = i;
	}
	if (strcmp(key, "default-server") == 0) {
		if (srv)
			return wconfig_fail(x, "default-server goes before the first [server NAME]");
		if (c->default_server)
			return wconfig_fail(x, "default-server again (first at line %d)",
			                    c->default_line);
		if (v0 == v1)
			return wconfig_fail(x, "default-server is empty");
		if (!wconfig_printable(v0, v1))
			return wconfig_fail(x, "default-server holds a control character");
		c->default_server = wconfig_dup(v0, v1);
		if (!c->default_server)
			return wconfig_nomem(x);
		c->default_line = x->line;
		return true;
	}
	if (found < 0) {
		if (strcasecmp(key, "token") == 0 || strcasecmp(key, "access-token") == 0 ||
		    strcasecmp(key, "accessToken") == 0 || strcasecmp(key, "password") == 0)
			return wconfig_fail(x, "%s: wrun's config holds no secret; put the token in a"
			                    " file of its own (chmod 600) and name it with token-file",
			                    key);
		/* Named only when it looks like a key: a token pasted here with
		 * its '=' padding must not be repeated. */
		return wconfig_fail(x, "unknown key%s%s%s (%s%s)", wconfig_keylike(k0, k1) ? " '" : "",
		                    wconfig_keylike(k0, k1) ? key : "",
		                    wconfig_keylike(k0, k1) ? "'" : "",
		                    srv ? "known: " : "before the first [server NAME], only"
		                                      " default-server; in a section: ",
		                    WCONFIG_KNOWN_KEYS);
	}
	if (!srv)
		return wconfig_fail(x, "%s belongs in a [server NAME] section", key);
	if (srv->line[found])
		return wconfig_fail(x, "%s again in [server %.80s] (first at line %d)", key,
		                    srv->name, srv->line[found]);
	if (v0 == v1)
		return wconfig_fail(x, "%s is empty", key);
	if (!wconfig_printable(v0, v1))
		return wconfig_fail(x, "%s holds a control character", key);
	value = wconfig_dup(v0, v1);
	if (!value)
		return wconfig_nomem(x);
	ok = wconfig_set(x, srv, (enum wconfig_key)found, value);
	free(value);
	if (ok)
		srv->line[found] = x->line;
	return ok;
}

bool wconfig_parse(const char *path, const char *text, size_t len, struct wconfig *out,
                   struct wr_error *err)
{
	struct wconfig_ctx x;
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof *out);
	memset(&x, 0, sizeof x);
	x.err = err;
	sanitize_buf(x.shown, sizeof x.shown, path ? path : "", path ? strlen(path) : 0, 0);
	out->path = strdup(path ? path : "");
	if (!out->path)
		return wconfig_nomem(&x);
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *e = eol ? eol : end;

		x.line++;
		p = eol ? eol + 1 : end;
		if (memchr(s, '\0', (size_t)(e - s))) {
			wconfig_fail(&x, "a NUL byte: this is not a text file");
			goto fail;
		}
		if (e > s && e[-1] == '\r')
			e--;
		wconfig_trim(&s, &e);
		if (s == e || *s == '#' || *s == ';')
			continue;
		if (!(*s == '[' ? wconfig_section(&x, out, s, e) : wconfig_pair(&x, out, s, e)))
			goto fail;
	}
	return true;
fail:
	wconfig_free(out);
	return false;
}

bool wconfig_load(const char *path, bool must_exist, struct wconfig *out, bool *exists,
                  struct wr_error *err)
{
	char shown[256];
	char *buf;
	size_t n = 0;
	bool ok;

	memset(out, 0, sizeof *out);
	*exists = false;
	sanitize_buf(shown, sizeof shown, path, strlen(path), 0);
	buf = wr_read_file(path, WCONFIG_MAX_FILE, false, &n, NULL);
	if (!buf) {
		if (!must_exist && (errno == ENOENT || errno == ENOTDIR))
			return true;
		if (errno == EFBIG)
			wr_error_set(err, WR_ERR_CONFIG, 0,
			             "wrun's config %s is too large to be a config file", shown);
		else
			wr_error_set(err, WR_ERR_CONFIG, 0, "cannot read wrun's config %s: %s", shown,
			             strerror(errno));
		return false;
	}
	*exists = true;
	ok = wconfig_parse(path, buf, n, out, err);
	free(buf);
	return ok;
}

const struct wconfig_server *wconfig_find(const struct wconfig *c, const char *name)
{
	if (!c || !name)
		return NULL;
	for (size_t i = 0; i < c->n_servers; i++)
		if (strcmp(c->servers[i].name, name) == 0)
			return &c->servers[i];
	return NULL;
}

void wconfig_free(struct wconfig *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_servers; i++) {
		struct wconfig_server *s = &c->servers[i];

		free(s->name);
		free(s->url);
		free(s->token_file);
		free(s->project);
		free(s->cacert);
	}
	free(c->servers);
	free(c->path);
	free(c->default_server);
	memset(c, 0, sizeof *c);
}
