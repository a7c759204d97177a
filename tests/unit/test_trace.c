/* test_trace.c - --trace FILE: the file's mode and the files refused, the
 * record's parts, the token masked wherever it appears (even in part), and
 * http tracing real requests to the simulator (skipped without it). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "http.h"
#include "trace.h"

#define TOKEN "eyJ2ZXIiOiIyIiwidHlwIjoiSldUIn0.c2VjcmV0LXRva2VuLXBheWxvYWQ.c2lnbmF0dXJl"

struct tmp {
	char dir[64];
	char path[128];
};

static void tmp_make(struct tmp *t)
{
	snprintf(t->dir, sizeof t->dir, "%s/wrun-trace.XXXXXX", "/tmp");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof t->path, "%s/trace.txt", t->dir);
}

static void tmp_drop(struct tmp *t)
{
	unlink(t->path);
	rmdir(t->dir);
}

/* The whole file, NUL-terminated; *n its length. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	*n = (size_t)len;
	return buf;
}

/* No run of 8 bytes of secret is anywhere in text. */
static void assert_no_piece(const char *text, size_t n, const char *secret)
{
	size_t len = strlen(secret);

	for (size_t i = 0; i + 8 <= len; i++)
		if (memmem(text, n, secret + i, 8))
			fail_msg("the trace holds the token's bytes %zu..%zu", i, i + 7);
}

static void new_file_is_0600(void **state)
{
	struct tmp t;
	struct wr_error err;
	struct trace *tr;
	struct stat st;
	mode_t old = umask(0); /* the mode is wrun's own, not the umask's */

	(void)state;
	tmp_make(&t);
	tr = trace_open(t.path, TOKEN, &err);
	umask(old);
	assert_non_null(tr);
	assert_int_equal(stat(t.path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	trace_close(tr);
	/* Opened again, it is appended to. */
	tr = trace_open(t.path, TOKEN, &err);
	assert_non_null(tr);
	trace_close(tr);
	tmp_drop(&t);
}

static void files_others_can_read_are_refused(void **state)
{
	struct tmp t;
	struct wr_error err;
	int fd;

	(void)state;
	tmp_make(&t);
	fd = open(t.path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chmod(t.path, 0644), 0);
	assert_null(trace_open(t.path, TOKEN, &err));
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "other users may read or write it (mode 644)"));
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_non_null(strstr(err.msg, t.path));
	assert_int_equal(chmod(t.path, 0620), 0);
	assert_null(trace_open(t.path, TOKEN, &err));
	/* A folder, and a file that cannot be made. */
	assert_null(trace_open(t.dir, TOKEN, &err));
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_null(trace_open("/nonexistent-dir/x/trace", TOKEN, &err));
	assert_non_null(strstr(err.msg, "No such file"));
	assert_null(trace_open("", TOKEN, &err));
	tmp_drop(&t);
}

static void record_masks_the_token(void **state)
{
	static const char req_headers[] =
		"POST /worker/api/v1/rerun/w?forceRecord=false HTTP/1.1\r\n"
		"Host: example.test\r\n"
		"Authorization: Bearer " TOKEN "\r\n"
		"Proxy-Authorization: Basic dXNlcjpwYXNzd29yZA==\r\n"
		"Content-Type: application/json\r\n\r\n";
	static const char resp_headers[] = "HTTP/1.1 200 OK\r\nX-Echo: " TOKEN "\r\n"
	                                   "X-Part: abc" "c2VjcmV0LXRva2Vu" "xyz\r\n\r\n";
	char body[TRACE_BODY_MAX];
	struct trace_record rec;
	struct tmp t;
	struct wr_error err;
	struct trace *tr;
	char *text;
	size_t n;

	(void)state;
	memset(body, 'b', sizeof body);
	memcpy(body, "{\"echo\":\"" TOKEN "\",\"esc\":\"\x1b[2J\"}\n", 9 + strlen(TOKEN) + 17);
	memcpy(body + sizeof body - 12, TOKEN, 12); /* cut by the 4 KiB */
	tmp_make(&t);
	tr = trace_open(t.path, TOKEN, &err);
	assert_non_null(tr);
	memset(&rec, 0, sizeof rec);
	rec.method = "POST";
	rec.url = "http://example.test/worker/api/v1/rerun/w?forceRecord=false&x=" TOKEN;
	rec.status = 200;
	rec.connect_us = 1500;
	rec.tls_us = 0;
	rec.first_byte_us = 12345;
	rec.total_us = 20000;
	rec.bytes_sent = 26;
	rec.bytes_received = 10000;
	rec.req_headers = req_headers;
	rec.req_headers_len = sizeof req_headers - 1;
	rec.resp_headers = resp_headers;
	rec.resp_headers_len = sizeof resp_headers - 1;
	rec.req_body = "{\"historyEntryId\":\"abc-1\"}";
	rec.req_body_len = 26;
	rec.resp_body = body;
	rec.resp_body_len = sizeof body;
	assert_true(trace_write(tr, &rec, &err));
	/* A failed request: no status, the error said. */
	memset(&rec, 0, sizeof rec);
	rec.method = "GET";
	rec.url = "http://example.test/worker/api/v1/workers";
	rec.error = "cannot connect to example.test:80: connection refused";
	rec.connect_us = rec.tls_us = rec.first_byte_us = rec.total_us = -1;
	assert_true(trace_write(tr, &rec, &err));
	trace_close(tr);

	text = slurp(t.path, &n);
	assert_no_piece(text, n, TOKEN);
	assert_non_null(strstr(text, "POST\nurl: http://example.test/worker/api/v1/rerun/w?forceRecord=false&x=****"));
	assert_non_null(strstr(text, "status: 200\n"));
	assert_non_null(strstr(text, "time: connect 1.500 ms, TLS 0.000 ms, first byte 12.345 ms, total 20.000 ms\n"));
	assert_non_null(strstr(text, "bytes: sent 26, received 10000\n"));
	assert_non_null(strstr(text, "> Authorization: Bearer ***\n"));
	assert_non_null(strstr(text, "> Proxy-Authorization: ***\n"));
	assert_null(strstr(text, "dXNlcjpwYXNzd29yZA"));
	assert_non_null(strstr(text, "> Host: example.test\n"));
	assert_non_null(strstr(text, "< HTTP/1.1 200 OK\n"));
	assert_non_null(strstr(text, "< X-Part: abc****************xyz\n"));
	assert_non_null(strstr(text, "request body (26 bytes):\n>> {\"historyEntryId\":\"abc-1\"}\n"));
	assert_non_null(strstr(text, "response body (the first 4096 of 10000 bytes):\n<< {\"echo\":\"****"));
	/* Server text is made safe for a terminal. */
	assert_non_null(strstr(text, "\"esc\":\"^[[2J\""));
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "GET\nurl: http://example.test/worker/api/v1/workers\nstatus: none\n"
	                             "error: cannot connect to example.test:80: connection refused\n"
	                             "time: connect -, TLS -, first byte -, total -\n"));
	free(text);
	tmp_drop(&t);
}

/* A token shorter than 8 bytes is masked whole. */
static void short_token_masked_whole(void **state)
{
	struct trace_record rec;
	struct tmp t;
	struct wr_error err;
	struct trace *tr;
	char *text;
	size_t n;

	(void)state;
	tmp_make(&t);
	tr = trace_open(t.path, "s3cr3", &err);
	assert_non_null(tr);
	memset(&rec, 0, sizeof rec);
	rec.method = "GET";
	rec.url = "http://h/x?s3cr3";
	rec.resp_body = "a s3cr3 b";
	rec.resp_body_len = 9;
	rec.bytes_received = 9;
	assert_true(trace_write(tr, &rec, &err));
	trace_close(tr);
	text = slurp(t.path, &n);
	assert_null(strstr(text, "s3cr3"));
	assert_non_null(strstr(text, "<< a ***** b\n"));
	free(text);
	tmp_drop(&t);
}

/* ---- real requests, to the simulator ------------------------------------------ */

struct sim {
	pid_t pid;
	long port;
	char dir[64];
};

static bool sim_start(struct sim *s, const char *token)
{
	const char *sim = getenv("WRUN_SIM"), *py = getenv("PYTHON3");
	char port_file[128], buf[32];

	memset(s, 0, sizeof *s);
	if (!sim || !*sim || access(sim, R_OK) != 0)
		return false;
	if (!py || !*py)
		py = "python3";
	snprintf(s->dir, sizeof s->dir, "/tmp/wrun-trace-sim.XXXXXX");
	if (!mkdtemp(s->dir))
		return false;
	snprintf(port_file, sizeof port_file, "%s/port", s->dir);
	s->pid = fork();
	if (s->pid < 0)
		return false;
	if (s->pid == 0) {
		setenv("WRUN_SIM_TOKEN", token, 1);
		execlp(py, py, sim, "--port-file", port_file, "--runs", "20", "--exit-after", "120",
		       "--quiet", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 400; i++) {
		FILE *f = fopen(port_file, "r");
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		if (f) {
			if (fgets(buf, sizeof buf, f))
				s->port = strtol(buf, NULL, 10);
			fclose(f);
			if (s->port > 0) {
				unlink(port_file);
				return true;
			}
		}
		if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
			s->pid = 0;
			return false;
		}
		nanosleep(&ts, NULL);
	}
	return false;
}

static void sim_stop(struct sim *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
	}
	if (s->dir[0])
		rmdir(s->dir);
}

struct got {
	int done;
	bool workers_ok, history_ok;
	long rerun_status;
};

static void on_workers(void *ud, struct wr_worker_list *w, const struct wr_error *err)
{
	struct got *g = ud;

	g->done++;
	g->workers_ok = w && !err;
	if (w) {
		model_worker_list_free(w);
		free(w);
	}
}

static void on_history(void *ud, struct wr_run_list *runs, const struct wr_error *err)
{
	struct got *g = ud;

	g->done++;
	g->history_ok = runs && !err && runs->n >= 20;
	if (runs) {
		model_run_list_free(runs);
		free(runs);
	}
}

static void on_rerun(void *ud, struct wr_rerun *r, const struct wr_error *err)
{
	struct got *g = ud;

	g->done++;
	g->rerun_status = err ? err->http_status : 0;
	if (r) {
		model_rerun_free(r);
		free(r);
	}
}

static void traces_real_requests(void **state)
{
	struct sim s;
	struct wr_server srv;
	struct wr_error err;
	struct api *api;
	struct got g;
	struct tmp t;
	char url[64], want[256], *text, *p;
	size_t n, records = 0;

	(void)state;
	if (!sim_start(&s, TOKEN)) {
		sim_stop(&s);
		skip();
	}
	tmp_make(&t);
	snprintf(url, sizeof url, "http://127.0.0.1:%ld", s.port);
	memset(&srv, 0, sizeof srv);
	srv.url = url;
	srv.token = TOKEN;
	srv.timeout_s = 20;
	srv.max_body = (size_t)64 * 1024 * 1024;
	api = api_new(&srv, &err);
	assert_non_null(api);
	assert_true(http_trace_open(api_http(api), t.path, &err));
	memset(&g, 0, sizeof g);
	assert_non_null(api_workers(api, on_workers, &g, &err));
	assert_non_null(api_history(api, NULL, on_history, &g, &err));
	assert_non_null(api_rerun(api, "..", NULL, "no-such-id", false, on_rerun, &g, &err));
	http_run_all(api_http(api));
	api_free(api);
	sim_stop(&s);
	assert_int_equal(g.done, 3);
	assert_true(g.workers_ok);
	assert_true(g.history_ok);
	assert_int_equal(g.rerun_status, 404);

	text = slurp(t.path, &n);
	/* Each record starts a line with "== " and the date. */
	records = strncmp(text, "== 20", 5) == 0;
	for (p = text; (p = strstr(p, "\n== 20")) != NULL; p += 6)
		records++;
	assert_int_equal(records, 3);
	assert_no_piece(text, n, TOKEN);
	snprintf(want, sizeof want, "GET\nurl: %s/worker/api/v1/workers\nstatus: 200\n", url);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof want, "POST\nurl: %s/worker/api/v1/rerun/%%2E%%2E?forceRecord=false\n"
	                            "status: 404\n", url);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, "time: connect "));
	assert_non_null(strstr(text, ", first byte "));
	assert_non_null(strstr(text, "> GET /worker/api/v1/execution_history HTTP/1.1\n"));
	assert_non_null(strstr(text, "> Authorization: Bearer ***\n"));
	assert_non_null(strstr(text, "> User-Agent: wrun/"));
	assert_non_null(strstr(text, "< HTTP/1.0 200 OK\n") ? strstr(text, "< HTTP/1.0 200 OK\n")
	                                                     : strstr(text, "< HTTP/1.1 200 OK\n"));
	assert_non_null(strstr(text, "< Content-Type: application/json\n"));
	/* The history (20 runs of ~2.8 KB) is cut at 4 KiB. */
	assert_non_null(strstr(text, "response body (the first 4096 of "));
	assert_non_null(strstr(text, "request body (31 bytes):\n>> {\"historyEntryId\":\"no-such-id\"}\n"));
	assert_non_null(strstr(text, "<< {\"errors\":[{\"status\":404"));
	free(text);
	tmp_drop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_file_is_0600),
		cmocka_unit_test(files_others_can_read_are_refused),
		cmocka_unit_test(record_masks_the_token),
		cmocka_unit_test(short_token_masked_whole),
		cmocka_unit_test(traces_real_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
