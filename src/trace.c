/* trace.c - --trace FILE: one record per request, the token masked. */
#include "config.h"

#include "trace.h"
#include "sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Runs of the secret this long or longer are masked wherever they are. */
#define TRACE_PIECE 8

struct trace {
	FILE *f;
	char *path;     /* for messages, printable */
	char *secret;   /* wiped at close */
	size_t secret_len;
	uint64_t *windows; /* every TRACE_PIECE-byte window of the secret, sorted */
	size_t n_windows;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void trace_free(struct trace *t)
{
	if (!t)
		return;
	if (t->f)
		fclose(t->f);
	if (t->secret) {
		explicit_bzero(t->secret, t->secret_len);
		free(t->secret);
	}
	if (t->windows) {
		explicit_bzero(t->windows, t->n_windows * sizeof *t->windows);
		free(t->windows);
	}
	free(t->path);
	free(t);
}

void trace_close(struct trace *t)
{
	trace_free(t);
}

/* The secret and its windows; false when out of memory. */
static bool trace_keep_secret(struct trace *t, const char *secret)
{
	size_t n = secret ? strlen(secret) : 0;

	if (n == 0)
		return true;
	t->secret = malloc(n + 1);
	if (!t->secret)
		return false;
	memcpy(t->secret, secret, n + 1);
	t->secret_len = n;
	if (n < TRACE_PIECE)
		return true;
	t->n_windows = n - TRACE_PIECE + 1;
	t->windows = calloc(t->n_windows, sizeof *t->windows);
	if (!t->windows)
		return false;
	for (size_t i = 0; i < t->n_windows; i++)
		memcpy(&t->windows[i], secret + i, TRACE_PIECE);
	qsort(t->windows, t->n_windows, sizeof *t->windows, cmp_u64);
	return true;
}

struct trace *trace_open(const char *path, const char *secret, struct wr_error *err)
{
	struct trace *t;
	struct stat st;
	char shown[256];
	int fd;

	if (!path || !*path) {
		wr_error_set(err, WR_ERR_USAGE, 0, "--trace needs a file name");
		return NULL;
	}
	sanitize_buf(shown, sizeof shown, path, strlen(path), 0);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0) {
		wr_error_set(err, WR_ERR_CONFIG, 0, "--trace %s: %s", shown, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		wr_error_set(err, WR_ERR_CONFIG, 0, "--trace %s: %s", shown, strerror(errno));
		close(fd);
		return NULL;
	}
	/* It will hold the server's answers: only its owner may read it. */
	if (!S_ISREG(st.st_mode)) {
		wr_error_set(err, WR_ERR_CONFIG, 0, "--trace %s: not a regular file", shown);
		close(fd);
		return NULL;
	}
	if (st.st_uid != geteuid()) {
		wr_error_set(err, WR_ERR_CONFIG, 0, "--trace %s: the file belongs to another user",
		             shown);
		close(fd);
		return NULL;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "--trace %s: other users may read or write it (mode %03o); "
		             "chmod 600 %s, or name a new file", shown,
		             (unsigned)(st.st_mode & 0777), shown);
		close(fd);
		return NULL;
	}
	t = calloc(1, sizeof *t);
	if (!t || !(t->path = strdup(shown)) || !trace_keep_secret(t, secret)) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		close(fd);
		trace_free(t);
		return NULL;
	}
	t->f = fdopen(fd, "a");
	if (!t->f) {
		wr_error_set(err, WR_ERR_CONFIG, 0, "--trace %s: %s", shown, strerror(errno));
		close(fd);
		trace_free(t);
		return NULL;
	}
	return t;
}

/* ---- masking ------------------------------------------------------------------ */

static bool trace_is_window(const struct trace *t, const char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof w);
	return bsearch(&w, t->windows, t->n_windows, sizeof w, cmp_u64) != NULL;
}

/* s[0..n) with every run of the secret of TRACE_PIECE bytes or more (the
 * whole secret when it is shorter) replaced by '*'; malloc'd, NUL-ended. */
static char *trace_mask(const struct trace *t, const char *s, size_t n)
{
	char *out = malloc(n + 1);
	size_t i;

	if (!out)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	if (t->secret_len == 0)
		return out;
	if (t->secret_len < TRACE_PIECE) {
		for (i = 0; i + t->secret_len <= n; i++)
			if (memcmp(s + i, t->secret, t->secret_len) == 0)
				memset(out + i, '*', t->secret_len);
		return out;
	}
	/* Overlapping windows cover every longer run whole. */
	for (i = 0; i + TRACE_PIECE <= n; i++)
		if (trace_is_window(t, s + i))
			memset(out + i, '*', TRACE_PIECE);
	return out;
}

/* ---- writing ------------------------------------------------------------------ */

/* A header line with credentials, as it is written: "Authorization:
 * Bearer ***", else NULL. */
static const char *trace_credential_line(const char *line, size_t n)
{
	static const char auth[] = "Authorization:", proxy[] = "Proxy-Authorization:";

	if (n >= sizeof auth - 1 && strncasecmp(line, auth, sizeof auth - 1) == 0) {
		const char *v = line + sizeof auth - 1;
		size_t k = n - (sizeof auth - 1);

		while (k > 0 && (*v == ' ' || *v == '\t')) {
			v++;
			k--;
		}
		return k >= 6 && strncasecmp(v, "Bearer", 6) == 0 ? "Authorization: Bearer ***"
		                                                    : "Authorization: ***";
	}
	if (n >= sizeof proxy - 1 && strncasecmp(line, proxy, sizeof proxy - 1) == 0)
		return "Proxy-Authorization: ***";
	return NULL;
}

/* Writes text (masked, then made safe for a terminal) as lines, each after
 * prefix; CRs at line ends dropped, empty lines kept but for a last one. */
static void trace_lines(struct trace *t, const char *prefix, const char *text, size_t n,
                        bool headers)
{
	char *m, *p, *end, *nl, *shown;
	size_t len;

	if (!text || n == 0)
		return;
	m = trace_mask(t, text, n);
	if (!m) {
		fprintf(t->f, "%s(out of memory)\n", prefix);
		return;
	}
	for (p = m, end = m + n; p < end; p = nl + 1) {
		const char *cred;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		len = (size_t)(nl - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (headers && len == 0)
			continue; /* the blank line that ends them */
		cred = headers ? trace_credential_line(p, len) : NULL;
		if (cred) {
			fprintf(t->f, "%s%s\n", prefix, cred);
			continue;
		}
		shown = sanitize_dup(p, len, SAN_TAB_TO_SPACE);
		fprintf(t->f, "%s%s\n", prefix, shown ? shown : "(out of memory)");
		free(shown);
	}
	explicit_bzero(m, n);
	free(m);
}

static void trace_ms(char *buf, size_t n, int64_t us)
{
	if (us < 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%" PRId64 ".%03" PRId64 " ms", us / 1000, us % 1000);
}

static void trace_body(struct trace *t, const char *label, const char *prefix, const char *body,
                       size_t len, int64_t total)
{
	if (total <= 0 && len == 0)
		return;
	if (total > (int64_t)len)
		fprintf(t->f, "%s (the first %zu of %" PRId64 " bytes):\n", label, len, total);
	else
		fprintf(t->f, "%s (%zu bytes):\n", label, len);
	trace_lines(t, prefix, body, len, false);
}

bool trace_write(struct trace *t, const struct trace_record *r, struct wr_error *err)
{
	char when[40], c[32], tls[32], fb[32], tot[32];
	struct timespec ts;
	struct tm tm;

	if (!t || !r)
		return true;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	trace_ms(c, sizeof c, r->connect_us);
	trace_ms(tls, sizeof tls, r->tls_us);
	trace_ms(fb, sizeof fb, r->first_byte_us);
	trace_ms(tot, sizeof tot, r->total_us);

	fprintf(t->f, "== %s.%03ldZ ", when, ts.tv_nsec / 1000000);
	trace_lines(t, "", r->method ? r->method : "?", r->method ? strlen(r->method) : 1, false);
	fprintf(t->f, "url: ");
	trace_lines(t, "", r->url ? r->url : "?", r->url ? strlen(r->url) : 1, false);
	if (r->status > 0)
		fprintf(t->f, "status: %ld\n", r->status);
	else
		fprintf(t->f, "status: none\n");
	if (r->error && *r->error) {
		fprintf(t->f, "error: ");
		trace_lines(t, "", r->error, strlen(r->error), false);
	}
	fprintf(t->f, "time: connect %s, TLS %s, first byte %s, total %s\n", c, tls, fb, tot);
	fprintf(t->f, "bytes: sent %" PRId64 ", received %" PRId64 "\n",
	        r->bytes_sent < 0 ? 0 : r->bytes_sent, r->bytes_received < 0 ? 0 : r->bytes_received);
	trace_lines(t, "> ", r->req_headers, r->req_headers_len, true);
	trace_lines(t, "< ", r->resp_headers, r->resp_headers_len, true);
	trace_body(t, "request body", ">> ", r->req_body, r->req_body_len, r->bytes_sent);
	trace_body(t, "response body", "<< ", r->resp_body, r->resp_body_len, r->bytes_received);
	fputc('\n', t->f);
	if (fflush(t->f) != 0 || ferror(t->f)) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "--trace %s: cannot write: %s", t->path,
		             strerror(errno));
		clearerr(t->f);
		return false;
	}
	return true;
}
