/* history_file.c - a saved run history read through the API's streaming
 * history parser, and the workers its runs name (see history_file.h). */
#include "config.h"

#include "history_file.h"
#include "parse.h"
#include "sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HISTORY_FILE_CHUNK (64 * 1024)
#define HISTORY_FILE_MIB ((size_t)1024 * 1024)
/* What says "history entry" in an object; the parser's own test. */
#define HISTORY_FILE_FIELDS "historyEntryId, workerKey, executionStatus or startTimeMillis"

const char *history_file_name(const char *path)
{
	return path && strcmp(path, "-") == 0 ? "standard input" : path ? path : "";
}

/* ---- reading --------------------------------------------------------------- */

/* The file's name as it may be shown: a name is the user's text, yet it
 * may hold anything a file name can. */
static void safe_name(char *buf, size_t n, const char *name)
{
	sanitize_buf(buf, n, name, strlen(name), 0);
}

/* "larger than 512 MiB (--max-body)" */
static void too_big(struct wr_error *err, const char *name, size_t max_bytes)
{
	if (max_bytes % HISTORY_FILE_MIB == 0)
		wr_error_set(err, WR_ERR_TOO_BIG, 0, "%s: larger than %zu MiB (--max-body)", name,
		             max_bytes / HISTORY_FILE_MIB);
	else
		wr_error_set(err, WR_ERR_TOO_BIG, 0, "%s: larger than %zu bytes (--max-body)", name,
		             max_bytes);
}

/* The parser's failure, said of the file: its messages start "history: ". */
static void parse_failed(struct wr_error *err, const char *name, const struct wr_error *perr)
{
	const char *msg = perr->msg;

	if (strncmp(msg, "history: ", 9) == 0)
		msg += 9;
	if (perr->kind == WR_ERR_NOMEM)
		wr_error_set(err, WR_ERR_NOMEM, 0, "%s: out of memory", name);
	else
		wr_error_set(err, perr->kind == WR_ERR_TOO_BIG ? WR_ERR_TOO_BIG : WR_ERR_PARSE, 0,
		             "%s: not a run history: %s", name, msg);
}

/* What an object that is not an entry looks like, from its first member. */
static void object_hint(char *buf, size_t n, const char *member)
{
	char safe[64];

	if (!*member) {
		snprintf(buf, n, "it is empty");
	} else if (strcmp(member, "workers") == 0) {
		snprintf(buf, n, "it looks like a worker list, as wrun workers --json prints");
	} else if (strcmp(member, "errors") == 0 || strcmp(member, "error") == 0 ||
	           strcmp(member, "message") == 0) {
		snprintf(buf, n, "it looks like an error answer of the API");
	} else {
		sanitize_buf(safe, sizeof safe, member, strlen(member), SAN_TAB_TO_SPACE);
		snprintf(buf, n, "its first member is \"%s\"", safe);
	}
}

/* A document that parsed, but whose elements are not all history entries. */
static bool check_entries(const struct parse_history_stats *st, const char *name,
                          struct wr_error *err)
{
	char hint[128];
	bool object;

	if (st->not_entries == 0)
		return true;
	object = strcmp(st->first_type, "an object") == 0;
	if (object)
		object_hint(hint, sizeof hint, st->first_member);
	if (st->top_object)
		wr_error_set(err, WR_ERR_PARSE, 0,
		             "%s: not a run history: the object has no " HISTORY_FILE_FIELDS " (%s)",
		             name, hint);
	else if (object)
		wr_error_set(err, WR_ERR_PARSE, 0,
		             "%s: not a run history: element %zu (byte %zu) is an object with no "
		             HISTORY_FILE_FIELDS " (%s)", name, st->first_index + 1, st->first_offset,
		             hint);
	else
		wr_error_set(err, WR_ERR_PARSE, 0,
		             "%s: not a run history: element %zu (byte %zu) is %s, not a history entry",
		             name, st->first_index + 1, st->first_offset, st->first_type);
	return false;
}

/* Feeds the descriptor's bytes to the parser until the end. */
static bool feed_fd(struct parse_history *p, int fd, const char *name, size_t max_bytes,
                    struct wr_error *err)
{
	char *buf = malloc(HISTORY_FILE_CHUNK);
	struct wr_error perr;
	size_t total = 0;
	bool ok = true;

	if (!buf) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "%s: out of memory", name);
		return false;
	}
	wr_error_clear(&perr);
	for (;;) {
		ssize_t got = read(fd, buf, HISTORY_FILE_CHUNK);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			wr_error_set(err, WR_ERR_SYSTEM, 0, "%s: cannot read: %s", name, strerror(errno));
			ok = false;
			break;
		}
		if (got == 0)
			break;
		if (max_bytes && (size_t)got > max_bytes - total) {
			too_big(err, name, max_bytes);
			ok = false;
			break;
		}
		total += (size_t)got;
		if (!parse_history_feed(p, buf, (size_t)got, &perr)) {
			parse_failed(err, name, &perr);
			ok = false;
			break;
		}
	}
	free(buf);
	if (ok && !parse_history_finish(p, &perr)) {
		parse_failed(err, name, &perr);
		ok = false;
	}
	return ok;
}

bool history_file_read_fd(int fd, const char *name, size_t max_bytes, struct wr_run_list *out,
                          struct wr_error *err)
{
	struct parse_history_stats st;
	struct parse_history *p;
	char safe[256];
	bool ok;

	safe_name(safe, sizeof safe, name ? name : "");
	p = parse_history_new(out);
	if (!p) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "%s: out of memory", safe);
		return false;
	}
	ok = feed_fd(p, fd, safe, max_bytes, err);
	if (ok) {
		parse_history_stats(p, &st);
		ok = check_entries(&st, safe, err);
	}
	parse_history_free(p);
	if (ok)
		model_run_list_sort_newest(out);
	return ok;
}

bool history_file_read(const char *path, size_t max_bytes, struct wr_run_list *out,
                       struct wr_error *err)
{
	const char *name = history_file_name(path);
	char safe[256];
	bool ok;
	int fd;

	if (!path || !*path) {
		wr_error_set(err, WR_ERR_USAGE, 0, "no history file named");
		return false;
	}
	if (strcmp(path, "-") == 0)
		return history_file_read_fd(STDIN_FILENO, name, max_bytes, out, err);
	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		safe_name(safe, sizeof safe, name);
		wr_error_set(err, WR_ERR_SYSTEM, 0, "%s: %s", safe, strerror(errno));
		return false;
	}
	ok = history_file_read_fd(fd, name, max_bytes, out, err);
	close(fd);
	return ok;
}

/* ---- what a history says besides its runs ----------------------------------- */

/* A run with a worker key, and its place in the list. */
struct key_ref {
	const char *key;
	size_t i;
};

/* By key, then by place: the first of each key is its first run. */
static int key_ref_cmp(const void *pa, const void *pb)
{
	const struct key_ref *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	return (a->i > b->i) - (a->i < b->i);
}

static bool dup_field(char **field, const char *s)
{
	if (!s)
		return true;
	*field = strdup(s);
	return *field != NULL;
}

static bool worker_from_run(struct wr_worker_list *out, const struct wr_run *r)
{
	struct wr_worker *w = model_worker_list_push(out);

	if (!w)
		return false;
	if (dup_field(&w->key, r->worker_key) && dup_field(&w->action, r->worker_type) &&
	    dup_field(&w->project_key, r->project_key && *r->project_key ? r->project_key : NULL))
		return true;
	model_worker_list_pop(out);
	return false;
}

bool history_file_workers(const struct wr_run_list *runs, struct wr_worker_list *out,
                          struct wr_error *err)
{
	struct key_ref *refs;
	size_t n = 0, i;
	bool ok = true;

	memset(out, 0, sizeof *out);
	refs = malloc((runs->n ? runs->n : 1) * sizeof *refs);
	if (!refs) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "workers: out of memory");
		return false;
	}
	for (i = 0; i < runs->n; i++)
		if (runs->v[i].worker_key && *runs->v[i].worker_key)
			refs[n++] = (struct key_ref){ runs->v[i].worker_key, i };
	qsort(refs, n, sizeof *refs, key_ref_cmp);
	for (i = 0; ok && i < n; i++)
		if (i == 0 || strcmp(refs[i - 1].key, refs[i].key) != 0)
			ok = worker_from_run(out, &runs->v[refs[i].i]);
	free(refs);
	if (!ok) {
		model_worker_list_free(out);
		wr_error_set(err, WR_ERR_NOMEM, 0, "workers: out of memory");
		return false;
	}
	/* Already in key order: qsort went by key. */
	return true;
}

size_t history_file_drop_test_runs(struct wr_run_list *l)
{
	size_t kept = 0, i, dropped;

	for (i = 0; i < l->n; i++)
		if (l->v[i].test_run != 1)
			l->v[kept++] = l->v[i];
	dropped = l->n - kept;
	l->n = kept;
	return dropped;
}
