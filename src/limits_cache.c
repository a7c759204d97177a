/* limits_cache.c - the limits reruns reported, kept per server between
 * sessions (see limits_cache.h). */
#include "config.h"

#include "limits_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse_json.h"
#include "sanitize.h"

/* The members of an entry. */
#define KEY_CPU "maxCpuTimeMillis"
#define KEY_MEM "maxMemoryUsageBytes"
#define KEY_DURATION "maxExecutionDurationMillis"
#define KEY_SEEN "seenAt"

/* ---- where ------------------------------------------------------------------ */

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + 1 + lb + 1);

	if (!s)
		return NULL;
	memcpy(s, a, la);
	/* No doubled slash when a ends with one ("/" itself). */
	if (la == 0 || a[la - 1] != '/')
		s[la++] = '/';
	memcpy(s + la, b, lb + 1);
	return s;
}

char *limits_cache_dir(conf_getenv_fn env)
{
	const char *xdg, *home;

	xdg = env ? env("XDG_CACHE_HOME") : getenv("XDG_CACHE_HOME");
	if (xdg && xdg[0] == '/')
		return join(xdg, "wrun");
	home = env ? env("HOME") : getenv("HOME");
	if (home && home[0] == '/')
		return join(home, ".cache/wrun");
	return NULL;
}

char *limits_cache_path(const char *dir)
{
	return join(dir, LIMITS_CACHE_FILE);
}

/* A path as it may appear in a message: made safe for a terminal, since it
 * comes from the environment. */
static void path_text(char *buf, size_t n, const char *path)
{
	sanitize_buf(buf, n, path, strlen(path), 0);
}

/* ---- reading ---------------------------------------------------------------- */

/* The whole file into *buf (NUL-terminated) and *len. *buf NULL and true
 * when there is no file. */
static bool read_file(const char *path, const char *shown, char **buf, size_t *len,
                      struct wr_error *err)
{
	struct stat st;
	char *b = NULL;
	size_t n = 0, cap;
	int fd;

	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO in its place must not hang the start. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return true;
		wr_error_set(err, WR_ERR_SYSTEM, 0, "cannot read %s: %s", shown, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "cannot read %s: %s", shown, strerror(errno));
		close(fd);
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		wr_error_set(err, WR_ERR_PARSE, 0, "%s is not a regular file", shown);
		close(fd);
		return false;
	}
	if (st.st_size > LIMITS_CACHE_MAX_BYTES) {
		wr_error_set(err, WR_ERR_PARSE, 0, "%s is larger than %d bytes", shown,
		             LIMITS_CACHE_MAX_BYTES);
		close(fd);
		return false;
	}
	/* Room for one byte more than its size, to see a file that grew
	 * meanwhile (then more, up to one byte over the cap), and a NUL. */
	cap = (size_t)st.st_size + 1;
	b = malloc(cap + 1);
	if (!b) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		close(fd);
		return false;
	}
	for (;;) {
		ssize_t got;

		if (n == cap) {
			char *nb;

			cap = cap * 2 > LIMITS_CACHE_MAX_BYTES + 1 ? LIMITS_CACHE_MAX_BYTES + 1
			                                           : cap * 2;
			nb = realloc(b, cap + 1);
			if (!nb) {
				wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
				free(b);
				close(fd);
				return false;
			}
			b = nb;
		}
		got = read(fd, b + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			wr_error_set(err, WR_ERR_SYSTEM, 0, "cannot read %s: %s", shown,
			             strerror(errno));
			free(b);
			close(fd);
			return false;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > LIMITS_CACHE_MAX_BYTES) {
			wr_error_set(err, WR_ERR_PARSE, 0, "%s is larger than %d bytes", shown,
			             LIMITS_CACHE_MAX_BYTES);
			free(b);
			close(fd);
			return false;
		}
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return true;
}

/* Member key of entry o as *v: a JSON integer from 0 to INT64_MAX - 1
 * (json-c turns larger ones into INT64_MAX); WR_NONE when absent and not
 * required. */
static bool entry_count(struct json_object *o, const char *key, bool required, int64_t *v,
                        const char *shown, const char *url, struct wr_error *err)
{
	struct json_object *m;
	char where[128];

	*v = WR_NONE;
	if (!json_object_object_get_ex(o, key, &m)) {
		if (!required)
			return true;
		sanitize_buf(where, sizeof where, url, strlen(url), 0);
		wr_error_set(err, WR_ERR_PARSE, 0, "%s: %s: %s is missing", shown, where, key);
		return false;
	}
	if (json_object_is_type(m, json_type_int)) {
		int64_t x = json_object_get_int64(m);

		if (x >= 0 && x < INT64_MAX) {
			*v = x;
			return true;
		}
	}
	sanitize_buf(where, sizeof where, url, strlen(url), 0);
	wr_error_set(err, WR_ERR_PARSE, 0, "%s: %s: %s is not a whole number >= 0", shown, where,
	             key);
	return false;
}

/* One entry as limits (source WR_LIMITS_RERUN when it has a limit). */
static bool entry_read(struct json_object *v, const char *url, struct wr_limits *out,
                       const char *shown, struct wr_error *err)
{
	char where[128];

	*out = model_limits_none();
	if (!json_object_is_type(v, json_type_object)) {
		sanitize_buf(where, sizeof where, url, strlen(url), 0);
		wr_error_set(err, WR_ERR_PARSE, 0, "%s: %s: not an object", shown, where);
		return false;
	}
	if (!entry_count(v, KEY_CPU, false, &out->max_cpu_ms, shown, url, err) ||
	    !entry_count(v, KEY_MEM, false, &out->max_mem_bytes, shown, url, err) ||
	    !entry_count(v, KEY_DURATION, false, &out->max_duration_ms, shown, url, err) ||
	    !entry_count(v, KEY_SEEN, true, &out->seen_ms, shown, url, err)) {
		*out = model_limits_none();
		return false;
	}
	if (out->max_cpu_ms >= 0 || out->max_mem_bytes >= 0 || out->max_duration_ms >= 0)
		out->source = WR_LIMITS_RERUN;
	return true;
}

/* The file's object, every entry checked; *root NULL and true when there is
 * no file. */
static bool root_load(const char *path, struct json_object **root, struct wr_error *err)
{
	struct json_tokener *tok;
	struct json_object *o = NULL;
	char shown[512], *buf;
	size_t len;
	bool ok;

	*root = NULL;
	path_text(shown, sizeof shown, path);
	if (!read_file(path, shown, &buf, &len, err))
		return false;
	if (!buf)
		return true;
	tok = parse_json_tokener();
	if (!tok) {
		free(buf);
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return false;
	}
	ok = parse_json_value(tok, "JSON", buf, len, 0, &o, err);
	json_tokener_free(tok);
	free(buf);
	if (!ok) {
		char why[sizeof err->msg];

		snprintf(why, sizeof why, "%s",
		         strncmp(err->msg, "JSON: ", 6) == 0 ? err->msg + 6 : err->msg);
		wr_error_set(err, WR_ERR_PARSE, 0, "%s is not valid JSON (%s)", shown, why);
		return false;
	}
	if (!json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		wr_error_set(err, WR_ERR_PARSE, 0, "%s: not a JSON object", shown);
		return false;
	}
	{
		json_object_object_foreach(o, key, val) {
			struct wr_limits l;

			if (!entry_read(val, key, &l, shown, err)) {
				json_object_put(o);
				return false;
			}
		}
	}
	*root = o;
	return true;
}

bool limits_cache_load(const char *dir, const char *url, struct wr_limits *out,
                       struct wr_error *err)
{
	struct json_object *root, *v;
	char *path = limits_cache_path(dir);
	bool ok = true;

	*out = model_limits_none();
	if (!path) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return false;
	}
	if (!root_load(path, &root, err)) {
		free(path);
		return false;
	}
	if (root && json_object_object_get_ex(root, url, &v)) {
		char shown[512];

		path_text(shown, sizeof shown, path);
		ok = entry_read(v, url, out, shown, err);
	}
	json_object_put(root);
	free(path);
	return ok;
}

/* ---- writing ---------------------------------------------------------------- */

/* mkdir -p, each folder made with mode 0700. */
static bool make_dirs(const char *dir, struct wr_error *err)
{
	char *p = strdup(dir), shown[512];
	struct stat st;

	if (!p) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return false;
	}
	for (char *s = p + 1;; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			path_text(shown, sizeof shown, p);
			wr_error_set(err, WR_ERR_SYSTEM, 0, "cannot make the folder %s: %s", shown,
			             strerror(errno));
			free(p);
			return false;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		path_text(shown, sizeof shown, dir);
		wr_error_set(err, WR_ERR_SYSTEM, 0, "%s is not a folder", shown);
		return false;
	}
	return true;
}

static bool add_count(struct json_object *o, const char *key, int64_t x)
{
	struct json_object *v;

	if (x < 0)
		return true;
	v = json_object_new_int64(x);
	if (!v)
		return false;
	if (json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return false;
	}
	return true;
}

/* Adds url's entry to root: the limits and seenAt, nothing else. */
static bool entry_add(struct json_object *root, const char *url, const struct wr_limits *l)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return false;
	if (!add_count(o, KEY_CPU, l->max_cpu_ms) || !add_count(o, KEY_MEM, l->max_mem_bytes) ||
	    !add_count(o, KEY_DURATION, l->max_duration_ms) ||
	    !add_count(o, KEY_SEEN, l->seen_ms) || json_object_object_add(root, url, o) != 0) {
		json_object_put(o);
		return false;
	}
	return true;
}

static bool write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w == 0)
			errno = EIO;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* text into path through a temporary file in dir: complete or not at all. */
static bool write_atomic(const char *dir, const char *path, const char *text,
                         struct wr_error *err)
{
	char *tmp = malloc(strlen(path) + sizeof ".XXXXXX"), shown[512];
	int fd, e;

	path_text(shown, sizeof shown, path);
	if (!tmp) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return false;
	}
	strcpy(tmp, path);
	strcat(tmp, ".XXXXXX");
	/* mkostemp makes it with mode 0600, whatever the umask. */
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "cannot write %s: %s", shown, strerror(errno));
		free(tmp);
		return false;
	}
	if (fchmod(fd, 0600) != 0 || !write_all(fd, text, strlen(text)) ||
	    !write_all(fd, "\n", 1) || fsync(fd) != 0) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) != 0) {
		e = errno;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		e = errno;
		goto fail;
	}
	free(tmp);
	/* The rename itself on disk; a file system that cannot sync a folder
	 * still has the file. */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	return true;
fail:
	unlink(tmp);
	free(tmp);
	wr_error_set(err, WR_ERR_SYSTEM, 0, "cannot write %s: %s", shown, strerror(e));
	return false;
}

bool limits_cache_save(const char *dir, const char *url, const struct wr_limits *l,
                       struct wr_error *err)
{
	struct json_object *old = NULL, *root = NULL;
	struct wr_error ignored;
	char *path;
	const char *text;
	bool ok = false;

	if (l->seen_ms < 0 ||
	    (l->max_cpu_ms < 0 && l->max_mem_bytes < 0 && l->max_duration_ms < 0)) {
		wr_error_set(err, WR_ERR_USAGE, 0, "no limits to save");
		return false;
	}
	path = limits_cache_path(dir);
	if (!path) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return false;
	}
	if (!make_dirs(dir, err))
		goto out;
	root = json_object_new_object();
	if (!root)
		goto nomem;
	/* A corrupt file is replaced: the load that found it said so. The
	 * other servers' entries of a valid one are written again from what
	 * was read, so that nothing but limits goes back. */
	wr_error_clear(&ignored);
	if (!root_load(path, &old, &ignored) && ignored.kind == WR_ERR_NOMEM)
		goto nomem;
	if (old) {
		json_object_object_foreach(old, key, val) {
			struct wr_limits e;

			if (strcmp(key, url) == 0)
				continue;
			if (entry_read(val, key, &e, "", &ignored) && !entry_add(root, key, &e))
				goto nomem;
		}
	}
	if (!entry_add(root, url, l))
		goto nomem;
	text = json_object_to_json_string_ext(root, PARSE_JSON_PRETTY);
	if (!text)
		goto nomem;
	ok = write_atomic(dir, path, text, err);
	goto out;
nomem:
	wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
out:
	json_object_put(old);
	json_object_put(root);
	free(path);
	return ok;
}
