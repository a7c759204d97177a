/* test_history_file.c - a saved history (wrun --file): what `wrun history
 * --json` prints, a raw API answer, one entry, an empty array, standard
 * input; each input that is not a history and its message; the workers
 * derived from the runs; test runs dropped. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history_file.h"
#include "parse.h"
#include "run_text.h"

/* ---- helpers ------------------------------------------------------------- */

#define ENTRY(id, worker, type, project, status, start, test)                          \
	"{\"historyEntryId\":\"" id "\",\"workerKey\":\"" worker "\",\"workerType\":\"" type  \
	"\",\"workerProjectKey\":\"" project "\",\"executionStatus\":\"" status "\","        \
	"\"executionPayload\":{\"repo\":\"libs\"},"                                          \
	"\"executionResult\":{\"result\":{\"ok\":true},\"logs\":\"[info ] - hi\\n\","        \
	"\"workerStats\":{\"cpuTimeMillis\":12,\"topMemoryUsageBytes\":1024,"               \
	"\"executionDurationMillis\":34}},"                                                  \
	"\"startTimeMillis\":" start ",\"endTimeMillis\":" start "9,"                        \
	"\"triggeredBy\":\"admin\",\"testRun\":" test "}"

/* Out of order on purpose: the reader sorts newest first. */
#define RAW_HISTORY                                                                        \
	"[" ENTRY("bbbb", "gate", "BEFORE_DOWNLOAD", "", "STATUS_SUCCESS", "2000", "false") "," \
	ENTRY("cccc", "scan", "AFTER_CREATE", "acme", "STATUS_FAIL", "3000", "false") ","      \
	ENTRY("aaaa", "gate", "BEFORE_UPLOAD", "", "STATUS_FAIL", "1000", "false") ","         \
	ENTRY("dddd", "audit", "GENERIC_EVENT", "", "STATUS_SUCCESS", "4000", "true") "]"

static char tmp_dir[64];
static char tmp_path[128];

/* A file of the test's own folder holding text[0..n); returns its path. */
static const char *write_file(const char *text, size_t n)
{
	FILE *f;

	snprintf(tmp_path, sizeof tmp_path, "%s/history.json", tmp_dir);
	f = fopen(tmp_path, "wb");
	assert_non_null(f);
	if (n)
		assert_int_equal(fwrite(text, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return tmp_path;
}

static const char *write_text(const char *text)
{
	return write_file(text, strlen(text));
}

static int setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(tmp_dir, sizeof tmp_dir, "%s/wrun-hf.XXXXXX", base && *base ? base : "/tmp");
	return mkdtemp(tmp_dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	snprintf(tmp_path, sizeof tmp_path, "%s/history.json", tmp_dir);
	unlink(tmp_path);
	return rmdir(tmp_dir);
}

/* Reads path; on success the list is left in *l (free it). */
static bool read_path(const char *path, size_t max, struct wr_run_list *l, struct wr_error *err)
{
	assert_true(model_run_list_init(l));
	wr_error_clear(err);
	return history_file_read(path, max, l, err);
}

/* path must not be a history: the message says so, naming the file. */
static void expect_bad(const char *path, size_t max, const char *want_msg)
{
	struct wr_run_list l;
	struct wr_error err;
	char want[600];

	assert_false(read_path(path, max, &l, &err));
	snprintf(want, sizeof want, "%s%s", path, want_msg);
	assert_string_equal(err.msg, want);
	model_run_list_free(&l);
}

static void expect_bad_text(const char *text, const char *want_msg)
{
	expect_bad(write_text(text), 0, want_msg);
}

static void check_raw_runs(const struct wr_run_list *l)
{
	assert_int_equal(l->n, 4);
	assert_string_equal(l->v[0].id, "dddd");
	assert_string_equal(l->v[1].id, "cccc");
	assert_string_equal(l->v[2].id, "bbbb");
	assert_string_equal(l->v[3].id, "aaaa");
	assert_string_equal(l->v[1].worker_key, "scan");
	assert_string_equal(l->v[1].project_key, "acme");
	assert_string_equal(l->v[1].status, "STATUS_FAIL");
	assert_int_equal(l->v[1].kind, WR_STATUS_FAIL);
	assert_string_equal(PAYLOAD(l, &l->v[1]), "{\"repo\":\"libs\"}");
	assert_string_equal(RESULT(l, &l->v[1]), "{\"ok\":true}");
	assert_string_equal(LOGS(l, &l->v[1]), "[info ] - hi\n");
	assert_int_equal(l->v[1].metrics.cpu_ms, 12);
	assert_int_equal(l->v[1].metrics.mem_bytes, 1024);
	assert_int_equal(l->v[1].metrics.duration_ms, 34);
	assert_int_equal(l->v[1].start_ms, 3000);
	assert_int_equal(l->v[1].end_ms, 30009);
	assert_int_equal(l->v[0].test_run, 1);
	assert_int_equal(l->v[1].test_run, 0);
}

/* ---- histories ------------------------------------------------------------ */

static void raw_api_answer(void **state)
{
	struct wr_run_list l;
	struct wr_error err;

	(void)state;
	assert_true(read_path(write_text(RAW_HISTORY), 0, &l, &err));
	check_raw_runs(&l);
	model_run_list_free(&l);
}

/* What `wrun history --json` prints: the runs through parse_emit_runs,
 * pretty, as cli.c writes them. */
static void saved_by_history_json(void **state)
{
	struct wr_run_list src, l;
	const struct wr_run *pick[4];
	struct wr_error err;
	FILE *f;

	(void)state;
	assert_true(model_run_list_init(&src));
	assert_true(parse_history(RAW_HISTORY, strlen(RAW_HISTORY), &src, &err));
	model_run_list_sort_newest(&src);
	for (size_t i = 0; i < src.n; i++)
		pick[i] = &src.v[i];
	snprintf(tmp_path, sizeof tmp_path, "%s/history.json", tmp_dir);
	f = fopen(tmp_path, "w");
	assert_non_null(f);
	assert_true(parse_emit_runs(f, &src, pick, src.n, true));
	assert_int_equal(fclose(f), 0);
	model_run_list_free(&src);

	assert_true(read_path(tmp_path, 0, &l, &err));
	check_raw_runs(&l);
	model_run_list_free(&l);
}

static void single_object(void **state)
{
	struct wr_run_list l;
	struct wr_error err;

	(void)state;
	assert_true(read_path(write_text(ENTRY("eeee", "gate", "BEFORE_DOWNLOAD", "", "STATUS_FAIL",
	                                       "5000", "false") "\n"),
	                      0, &l, &err));
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].id, "eeee");
	assert_string_equal(l.v[0].worker_key, "gate");
	model_run_list_free(&l);
}

/* An entry of an older server: no historyEntryId, still an entry. */
static void entry_without_id(void **state)
{
	struct wr_run_list l;
	struct wr_error err;

	(void)state;
	assert_true(read_path(write_text("[{\"workerKey\":\"legacy\",\"startTimeMillis\":1}]"), 0, &l,
	                      &err));
	assert_int_equal(l.n, 1);
	assert_null(l.v[0].id);
	model_run_list_free(&l);
}

static void empty_array(void **state)
{
	struct wr_run_list l;
	struct wr_error err;

	(void)state;
	assert_true(read_path(write_text(" [ ]\n"), 0, &l, &err));
	assert_int_equal(l.n, 0);
	model_run_list_free(&l);
}

/* "-": standard input, read to its end. */
static void standard_input(void **state)
{
	struct wr_run_list l;
	struct wr_error err;
	int saved = dup(STDIN_FILENO), fd;

	(void)state;
	assert_true(saved >= 0);
	fd = open(write_text(RAW_HISTORY), O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	assert_true(read_path("-", 0, &l, &err));
	check_raw_runs(&l);
	model_run_list_free(&l);

	/* an empty standard input is no history either */
	fd = open(write_text(""), O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	assert_false(read_path("-", 0, &l, &err));
	assert_string_equal(err.msg, "standard input: not a run history: empty document");
	model_run_list_free(&l);

	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	assert_string_equal(history_file_name("-"), "standard input");
	assert_string_equal(history_file_name("a.json"), "a.json");
}

/* ---- not histories ------------------------------------------------------ */

static void not_histories(void **state)
{
	(void)state;
	expect_bad_text("", ": not a run history: empty document");
	expect_bad_text(" \n\t\n", ": not a run history: empty document");
	expect_bad_text("garbage", ": not a run history: expected '[' or '{' but found 'g' at byte 0");
	expect_bad_text("42", ": not a run history: expected '[' or '{' but found '4' at byte 0");
	expect_bad_text("[{\"workerKey\":\"a\"}", ": not a run history: document ends before its "
	                "closing ']'");
	expect_bad_text("[{\"workerKey\":", ": not a run history: document ends inside an entry");
	expect_bad_text("[] []", ": not a run history: unexpected '[' after the end of the document "
	                "at byte 3");
	expect_bad_text("{\"workers\":[{\"key\":\"gate\"}]}",
	                ": not a run history: the object has no historyEntryId, workerKey, "
	                "executionStatus or startTimeMillis (it looks like a worker list, as wrun "
	                "workers --json prints)");
	expect_bad_text("{\"errors\":[{\"status\":401,\"message\":\"Bad token\"}]}",
	                ": not a run history: the object has no historyEntryId, workerKey, "
	                "executionStatus or startTimeMillis (it looks like an error answer of the "
	                "API)");
	expect_bad_text("{}", ": not a run history: the object has no historyEntryId, workerKey, "
	                "executionStatus or startTimeMillis (it is empty)");
	expect_bad_text("[1, 2]", ": not a run history: element 1 (byte 1) is a number, not a "
	                "history entry");
	expect_bad_text("[[]]", ": not a run history: element 1 (byte 1) is an array, not a history "
	                "entry");
	expect_bad_text("[{\"workerKey\":\"a\"}, null]",
	                ": not a run history: element 2 (byte 20) is null, not a history entry");
	/* a field of the wrong type is absent, as the parser has it */
	expect_bad_text("[{\"workerKey\": 5, \"name\": \"x\"}]",
	                ": not a run history: element 1 (byte 1) is an object with no "
	                "historyEntryId, workerKey, executionStatus or startTimeMillis (its first "
	                "member is \"workerKey\")");
	/* a member name is the file's text: made safe */
	expect_bad_text("[{\"\\u001b[2Jx\": 1}]",
	                ": not a run history: element 1 (byte 1) is an object with no "
	                "historyEntryId, workerKey, executionStatus or startTimeMillis (its first "
	                "member is \"^[[2Jx\")");
	/* bad JSON inside an entry: the parser's own message */
	expect_bad_text("[{\"workerKey\": tru}]", ": not a run history: boolean expected at byte 18");
}

static void nesting_too_deep(void **state)
{
	char *doc = malloc(2000);
	struct wr_run_list l;
	struct wr_error err;
	size_t n = 0;

	(void)state;
	assert_non_null(doc);
	n += (size_t)sprintf(doc, "[{\"workerKey\":\"w\",\"executionPayload\":");
	for (int i = 0; i < 600; i++)
		doc[n++] = '[';
	for (int i = 0; i < 600; i++)
		doc[n++] = ']';
	doc[n++] = '}';
	doc[n++] = ']';
	assert_false(read_path(write_file(doc, n), 0, &l, &err));
	assert_int_equal(err.kind, WR_ERR_PARSE);
	assert_non_null(strstr(err.msg, ": not a run history: "));
	assert_non_null(strstr(err.msg, "nest"));
	model_run_list_free(&l);
	free(doc);
}

static void size_cap(void **state)
{
	struct wr_run_list l;
	struct wr_error err;
	const char *path = write_text(RAW_HISTORY);

	(void)state;
	assert_false(read_path(path, 100, &l, &err));
	assert_int_equal(err.kind, WR_ERR_TOO_BIG);
	model_run_list_free(&l);
	expect_bad(path, 100, ": larger than 100 bytes (--max-body)");
	/* the cap is the file's size: exactly at it passes */
	assert_true(read_path(path, strlen(RAW_HISTORY), &l, &err));
	model_run_list_free(&l);
	assert_false(read_path(path, strlen(RAW_HISTORY) - 1, &l, &err));
	model_run_list_free(&l);
}

static void unreadable(void **state)
{
	char path[160];

	(void)state;
	snprintf(path, sizeof path, "%s/missing.json", tmp_dir);
	expect_bad(path, 0, ": No such file or directory");
	expect_bad(tmp_dir, 0, ": cannot read: Is a directory");
}

/* A name is the user's text, yet may hold anything: made safe. */
static void name_made_safe(void **state)
{
	struct wr_run_list l;
	struct wr_error err;

	(void)state;
	assert_false(read_path("/nonexistent/a\033[2Jb", 0, &l, &err));
	assert_string_equal(err.msg, "/nonexistent/a^[[2Jb: No such file or directory");
	model_run_list_free(&l);
}

/* ---- workers and test runs ------------------------------------------------ */

static void workers_from_runs(void **state)
{
	struct wr_run_list l;
	struct wr_worker_list w;
	struct wr_error err;

	(void)state;
	assert_true(read_path(write_text(RAW_HISTORY), 0, &l, &err));
	/* a run naming no worker adds none */
	assert_non_null(model_run_list_push(&l));
	assert_true(history_file_workers(&l, &w, &err));
	assert_int_equal(w.n, 3);
	assert_string_equal(w.v[0].key, "audit");
	assert_string_equal(w.v[1].key, "gate");
	assert_string_equal(w.v[2].key, "scan");
	/* the newest run's type is the action */
	assert_string_equal(w.v[1].action, "BEFORE_DOWNLOAD");
	assert_null(w.v[1].project_key);
	assert_string_equal(w.v[2].project_key, "acme");
	assert_int_equal(w.v[1].enabled, -1);
	assert_null(w.v[1].description);
	model_worker_list_free(&w);
	model_run_list_free(&l);

	assert_true(model_run_list_init(&l));
	assert_true(history_file_workers(&l, &w, &err));
	assert_int_equal(w.n, 0);
	model_worker_list_free(&w);
	model_run_list_free(&l);
}

static void test_runs_dropped(void **state)
{
	struct wr_run_list l;
	struct wr_error err;

	(void)state;
	assert_true(read_path(write_text(RAW_HISTORY), 0, &l, &err));
	assert_int_equal(history_file_drop_test_runs(&l), 1);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].id, "cccc");
	assert_string_equal(l.v[1].id, "bbbb");
	assert_string_equal(l.v[2].id, "aaaa");
	assert_int_equal(history_file_drop_test_runs(&l), 0);
	model_run_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(raw_api_answer),
		cmocka_unit_test(saved_by_history_json),
		cmocka_unit_test(single_object),
		cmocka_unit_test(entry_without_id),
		cmocka_unit_test(empty_array),
		cmocka_unit_test(standard_input),
		cmocka_unit_test(not_histories),
		cmocka_unit_test(nesting_too_deep),
		cmocka_unit_test(size_cap),
		cmocka_unit_test(unreadable),
		cmocka_unit_test(name_made_safe),
		cmocka_unit_test(workers_from_runs),
		cmocka_unit_test(test_runs_dropped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
