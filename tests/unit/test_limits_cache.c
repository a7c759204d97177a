/* test_limits_cache.c - the limits reruns reported, saved per server: where
 * the file goes, save and load, several servers in one file, corrupt files
 * refused whole, the atomic write (no temporary file left), modes 0600 and
 * 0700, and nothing in the file but URLs and limits. Files live in a
 * temporary folder.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limits_cache.h"

#define URL_A "https://acme.jfrog.io"
#define URL_B "http://127.0.0.1:8082"
#define SEEN 1768478400000LL /* 2026-01-15 12:00:00 UTC */

static char tmp_root[256];
static int tmp_seq;

/* ---- the injected environment -------------------------------------------- */

static const char *env_xdg, *env_home;

static const char *fake_getenv(const char *name)
{
	if (strcmp(name, "XDG_CACHE_HOME") == 0)
		return env_xdg;
	if (strcmp(name, "HOME") == 0)
		return env_home;
	return NULL;
}

/* ---- files ------------------------------------------------------------------ */

/* A fresh folder for one test; its path in buf. */
static void new_dir(char *buf, size_t n)
{
	int w = snprintf(buf, n, "%s/t%d", tmp_root, ++tmp_seq);

	assert_true(w > 0 && (size_t)w < n);
	assert_int_equal(mkdir(buf, 0700), 0);
}

static void file_path(char *buf, size_t n, const char *dir)
{
	int w = snprintf(buf, n, "%s/" LIMITS_CACHE_FILE, dir);

	assert_true(w > 0 && (size_t)w < n);
}

static void write_cache(const char *dir, const char *content)
{
	char path[512];
	FILE *f;

	file_path(path, sizeof path, dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(content, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* The file's text (static buffer). */
static const char *read_cache(const char *dir)
{
	static char buf[8192];
	char path[512];
	size_t n;
	FILE *f;

	file_path(path, sizeof path, dir);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* How many entries dir has (besides . and ..). */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static struct wr_limits limits(int64_t cpu, int64_t mem, int64_t dur, int64_t seen)
{
	struct wr_limits l = model_limits_none();

	l.max_cpu_ms = cpu;
	l.max_mem_bytes = mem;
	l.max_duration_ms = dur;
	l.source = WR_LIMITS_RERUN;
	l.seen_ms = seen;
	return l;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int group_setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(tmp_root, sizeof tmp_root, "%s/wrun-test-limits.XXXXXX",
	         base && *base ? base : "/tmp");
	return mkdtemp(tmp_root) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return nftw(tmp_root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- where ------------------------------------------------------------------ */

static void dir_follows_xdg_then_home(void **state)
{
	char *d;

	(void)state;
	env_xdg = "/x/cache";
	env_home = "/home/u";
	d = limits_cache_dir(fake_getenv);
	assert_string_equal(d, "/x/cache/wrun");
	free(d);

	/* Unset, empty or relative: not a base directory. */
	env_xdg = NULL;
	d = limits_cache_dir(fake_getenv);
	assert_string_equal(d, "/home/u/.cache/wrun");
	free(d);
	env_xdg = "";
	d = limits_cache_dir(fake_getenv);
	assert_string_equal(d, "/home/u/.cache/wrun");
	free(d);
	env_xdg = "cache";
	d = limits_cache_dir(fake_getenv);
	assert_string_equal(d, "/home/u/.cache/wrun");
	free(d);
	env_xdg = "/";
	d = limits_cache_dir(fake_getenv);
	assert_string_equal(d, "/wrun");
	free(d);

	/* Neither: nothing is saved. */
	env_xdg = NULL;
	env_home = NULL;
	assert_null(limits_cache_dir(fake_getenv));
	env_home = "home";
	assert_null(limits_cache_dir(fake_getenv));

	d = limits_cache_path("/x/cache/wrun");
	assert_string_equal(d, "/x/cache/wrun/limits.json");
	free(d);
}

/* ---- save and load ---------------------------------------------------------- */

static void missing_file_is_no_limits(void **state)
{
	char dir[300], sub[400];
	struct wr_limits l = limits(1, 2, 3, 4);
	struct wr_error err;

	(void)state;
	new_dir(dir, sizeof dir);
	wr_error_clear(&err);
	assert_true(limits_cache_load(dir, URL_A, &l, &err));
	assert_int_equal(l.source, WR_LIMITS_NONE);
	assert_int_equal(l.max_cpu_ms, WR_NONE);
	assert_int_equal(l.seen_ms, WR_NONE);
	/* Nor a folder. */
	snprintf(sub, sizeof sub, "%s/not/there", dir);
	assert_true(limits_cache_load(sub, URL_A, &l, &err));
	assert_int_equal(l.source, WR_LIMITS_NONE);
	assert_int_equal(count_entries(dir), 0);
}

static void round_trip(void **state)
{
	char dir[300], path[512];
	struct wr_limits in = limits(2000, 268435456, 10000, SEEN), out;
	struct wr_error err;
	struct stat st;

	(void)state;
	new_dir(dir, sizeof dir);
	wr_error_clear(&err);
	assert_true(limits_cache_save(dir, URL_A, &in, &err));
	assert_true(limits_cache_load(dir, URL_A, &out, &err));
	assert_int_equal(out.source, WR_LIMITS_RERUN);
	assert_int_equal(out.max_cpu_ms, 2000);
	assert_int_equal(out.max_mem_bytes, 268435456);
	assert_int_equal(out.max_duration_ms, 10000);
	assert_int_equal(out.seen_ms, SEEN);
	assert_int_equal(out.from_flags, 0);

	/* Another server's: none. */
	assert_true(limits_cache_load(dir, URL_B, &out, &err));
	assert_int_equal(out.source, WR_LIMITS_NONE);

	/* Mode 0600, and the temporary file is gone. */
	file_path(path, sizeof path, dir);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(count_entries(dir), 1);

	/* A newer report replaces the old one. */
	in = limits(3000, 1048576, 5000, SEEN + 86400000);
	assert_true(limits_cache_save(dir, URL_A, &in, &err));
	assert_true(limits_cache_load(dir, URL_A, &out, &err));
	assert_int_equal(out.max_cpu_ms, 3000);
	assert_int_equal(out.seen_ms, SEEN + 86400000);
	assert_int_equal(count_entries(dir), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
}

static void partial_limits(void **state)
{
	char dir[300];
	struct wr_limits in = limits(1500, WR_NONE, WR_NONE, SEEN), out;
	struct wr_error err;

	(void)state;
	new_dir(dir, sizeof dir);
	wr_error_clear(&err);
	assert_true(limits_cache_save(dir, URL_A, &in, &err));
	assert_null(strstr(read_cache(dir), "maxMemoryUsageBytes"));
	assert_true(limits_cache_load(dir, URL_A, &out, &err));
	assert_int_equal(out.source, WR_LIMITS_RERUN);
	assert_int_equal(out.max_cpu_ms, 1500);
	assert_int_equal(out.max_mem_bytes, WR_NONE);
	assert_int_equal(out.max_duration_ms, WR_NONE);

	/* Nothing to save: refused, nothing written. */
	in = limits(WR_NONE, WR_NONE, WR_NONE, SEEN);
	assert_false(limits_cache_save(dir, URL_B, &in, &err));
	in = limits(1, 2, 3, WR_NONE);
	assert_false(limits_cache_save(dir, URL_B, &in, &err));
	assert_true(limits_cache_load(dir, URL_B, &out, &err));
	assert_int_equal(out.source, WR_LIMITS_NONE);

	/* An entry with seenAt and no limit reads as none. */
	write_cache(dir, "{\"" URL_A "\": {\"seenAt\": 5}}");
	assert_true(limits_cache_load(dir, URL_A, &out, &err));
	assert_int_equal(out.source, WR_LIMITS_NONE);
}

static void several_servers_in_one_file(void **state)
{
	char dir[300];
	struct wr_limits a = limits(2000, 268435456, 10000, SEEN);
	struct wr_limits b = limits(1000, 125829120, 6000, SEEN - 1000);
	struct wr_limits out;
	struct wr_error err;

	(void)state;
	new_dir(dir, sizeof dir);
	wr_error_clear(&err);
	assert_true(limits_cache_save(dir, URL_A, &a, &err));
	assert_true(limits_cache_save(dir, URL_B, &b, &err));
	assert_true(limits_cache_load(dir, URL_A, &out, &err));
	assert_int_equal(out.max_cpu_ms, 2000);
	assert_int_equal(out.seen_ms, SEEN);
	assert_true(limits_cache_load(dir, URL_B, &out, &err));
	assert_int_equal(out.max_cpu_ms, 1000);
	assert_int_equal(out.seen_ms, SEEN - 1000);

	/* Saving one keeps the other. */
	a.max_cpu_ms = 2500;
	assert_true(limits_cache_save(dir, URL_A, &a, &err));
	assert_true(limits_cache_load(dir, URL_B, &out, &err));
	assert_int_equal(out.max_cpu_ms, 1000);
	assert_int_equal(out.max_mem_bytes, 125829120);
	assert_true(limits_cache_load(dir, URL_A, &out, &err));
	assert_int_equal(out.max_cpu_ms, 2500);
	assert_int_equal(count_entries(dir), 1);

	/* The keys are the URLs as given: no other spelling matches. */
	assert_true(limits_cache_load(dir, URL_A "/", &out, &err));
	assert_int_equal(out.source, WR_LIMITS_NONE);
}

/* Nothing goes into the file but URLs, limits and seenAt: members wrun
 * does not know are not written back. */
static void only_urls_and_limits_are_written(void **state)
{
	char dir[300];
	struct wr_limits a = limits(2000, 268435456, 10000, SEEN), out;
	struct wr_error err;
	const char *text;

	(void)state;
	new_dir(dir, sizeof dir);
	write_cache(dir, "{\"" URL_B "\": {\"maxCpuTimeMillis\": 7, \"seenAt\": 9,"
	                 " \"accessToken\": \"fake-secret\"}}");
	wr_error_clear(&err);
	assert_true(limits_cache_load(dir, URL_B, &out, &err));
	assert_int_equal(out.max_cpu_ms, 7);
	assert_true(limits_cache_save(dir, URL_A, &a, &err));
	text = read_cache(dir);
	assert_null(strstr(text, "fake-secret"));
	assert_null(strstr(text, "accessToken"));
	assert_non_null(strstr(text, "\"" URL_A "\""));
	assert_non_null(strstr(text, "\"" URL_B "\""));
	assert_non_null(strstr(text, "\"seenAt\""));
	assert_true(limits_cache_load(dir, URL_B, &out, &err));
	assert_int_equal(out.max_cpu_ms, 7);
	assert_int_equal(out.seen_ms, 9);
}

/* ---- corrupt files ---------------------------------------------------------- */

static void assert_corrupt(const char *dir, const char *url, const char *content,
                           const char *says)
{
	struct wr_limits out = limits(1, 2, 3, 4);
	struct wr_error err;

	if (content)
		write_cache(dir, content);
	wr_error_clear(&err);
	if (limits_cache_load(dir, url, &out, &err))
		fail_msg("accepted as valid: %s", content ? content : "(not a file)");
	assert_int_equal(out.source, WR_LIMITS_NONE);
	assert_int_equal(out.max_cpu_ms, WR_NONE);
	assert_int_equal(out.seen_ms, WR_NONE);
	/* The message names the file, and what is wrong. */
	if (!strstr(err.msg, LIMITS_CACHE_FILE) || !strstr(err.msg, says))
		fail_msg("message '%s' for %s", err.msg, content ? content : "(not a file)");
}

static void corrupt_files_refused_whole(void **state)
{
	char dir[300];

	(void)state;
	new_dir(dir, sizeof dir);
	/* Not JSON. */
	assert_corrupt(dir, URL_A, "", "not valid JSON (empty");
	assert_corrupt(dir, URL_A, "not json", "not valid JSON");
	assert_corrupt(dir, URL_A, "{\"" URL_A "\": {\"seenAt\": 1,", "not valid JSON");
	assert_corrupt(dir, URL_A, "{} {}", "not valid JSON (unexpected '{' at byte 3)");
	/* JSON, but not the shape. */
	assert_corrupt(dir, URL_A, "null", "not a JSON object");
	assert_corrupt(dir, URL_A, "[]", "not a JSON object");
	assert_corrupt(dir, URL_A, "{\"" URL_A "\": 5}", URL_A ": not an object");
	/* Wrong types. */
	assert_corrupt(dir, URL_A, "{\"" URL_A "\": {\"maxCpuTimeMillis\": \"2000\", \"seenAt\": 1}}",
	               URL_A ": maxCpuTimeMillis is not a whole number >= 0");
	assert_corrupt(dir, URL_A, "{\"" URL_A "\": {\"maxCpuTimeMillis\": 2000.5, \"seenAt\": 1}}",
	               "maxCpuTimeMillis");
	assert_corrupt(dir, URL_A, "{\"" URL_A "\": {\"maxMemoryUsageBytes\": null, \"seenAt\": 1}}",
	               "maxMemoryUsageBytes");
	assert_corrupt(dir, URL_A, "{\"" URL_A "\": {\"maxCpuTimeMillis\": 1, \"seenAt\": true}}",
	               "seenAt");
	assert_corrupt(dir, URL_A, "{\"" URL_A "\": {\"maxCpuTimeMillis\": 1}}", "seenAt is missing");
	/* Negative, or too large for 64 bits. */
	assert_corrupt(dir, URL_A,
	               "{\"" URL_A "\": {\"maxExecutionDurationMillis\": -1, \"seenAt\": 1}}",
	               "maxExecutionDurationMillis");
	assert_corrupt(dir, URL_A, "{\"" URL_A "\": {\"maxCpuTimeMillis\": 1, \"seenAt\": -5}}",
	               "seenAt");
	assert_corrupt(dir, URL_A,
	               "{\"" URL_A "\": {\"maxCpuTimeMillis\": 99999999999999999999, \"seenAt\": 1}}",
	               "maxCpuTimeMillis");
	/* Another server's bad entry makes the whole file corrupt. */
	assert_corrupt(dir, URL_A,
	               "{\"" URL_A "\": {\"maxCpuTimeMillis\": 1, \"seenAt\": 1},"
	               " \"" URL_B "\": {\"maxCpuTimeMillis\": -1, \"seenAt\": 1}}",
	               URL_B ": maxCpuTimeMillis is not");
}

static void corrupt_file_is_replaced_by_a_save(void **state)
{
	char dir[300];
	struct wr_limits in = limits(2000, 268435456, 10000, SEEN), out;
	struct wr_error err;

	(void)state;
	new_dir(dir, sizeof dir);
	write_cache(dir, "{\"" URL_B "\": {\"maxCpuTimeMillis\": \"x\", \"seenAt\": 1}} garbage");
	wr_error_clear(&err);
	assert_false(limits_cache_load(dir, URL_A, &out, &err));
	assert_true(limits_cache_save(dir, URL_A, &in, &err));
	assert_true(limits_cache_load(dir, URL_A, &out, &err));
	assert_int_equal(out.max_cpu_ms, 2000);
	assert_true(limits_cache_load(dir, URL_B, &out, &err));
	assert_int_equal(out.source, WR_LIMITS_NONE);
	assert_int_equal(count_entries(dir), 1);
}

static void odd_files_in_its_place(void **state)
{
	char dir[300], path[512];
	struct wr_limits in = limits(2000, 268435456, 10000, SEEN);
	struct wr_error err;
	FILE *f;

	(void)state;
	/* A folder: corrupt to load; a save fails cleanly, leaving nothing. */
	new_dir(dir, sizeof dir);
	file_path(path, sizeof path, dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_corrupt(dir, URL_A, NULL, "not a regular file");
	wr_error_clear(&err);
	assert_false(limits_cache_save(dir, URL_A, &in, &err));
	assert_non_null(strstr(err.msg, LIMITS_CACHE_FILE));
	assert_int_equal(count_entries(dir), 1);

	/* A FIFO: refused at once, not waited on. */
	new_dir(dir, sizeof dir);
	file_path(path, sizeof path, dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_corrupt(dir, URL_A, NULL, "not a regular file");

	/* Larger than the cap. */
	new_dir(dir, sizeof dir);
	file_path(path, sizeof path, dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i <= LIMITS_CACHE_MAX_BYTES / 8; i++)
		fputs("        ", f);
	fputs("{}", f);
	assert_int_equal(fclose(f), 0);
	assert_corrupt(dir, URL_A, NULL, "larger than");

	/* The folder's place taken by a file: a save says so. */
	new_dir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/wrun", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fclose(f), 0);
	wr_error_clear(&err);
	assert_false(limits_cache_save(path, URL_A, &in, &err));
	assert_int_not_equal(err.kind, WR_OK);
}

static void save_makes_the_folders(void **state)
{
	char dir[300], deep[400], path[512];
	struct wr_limits in = limits(2000, 268435456, 10000, SEEN), out;
	struct wr_error err;
	struct stat st;
	mode_t old = umask(0);

	(void)state;
	new_dir(dir, sizeof dir);
	snprintf(deep, sizeof deep, "%s/cache/wrun", dir);
	wr_error_clear(&err);
	/* Even with no umask: 0700 folders, a 0600 file. */
	assert_true(limits_cache_save(deep, URL_A, &in, &err));
	umask(old);
	assert_int_equal(stat(deep, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	snprintf(path, sizeof path, "%s/cache", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	file_path(path, sizeof path, deep);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(count_entries(deep), 1);
	assert_true(limits_cache_load(deep, URL_A, &out, &err));
	assert_int_equal(out.max_duration_ms, 10000);

	/* An existing folder's mode is left alone. */
	assert_int_equal(chmod(deep, 0755), 0);
	assert_true(limits_cache_save(deep, URL_B, &in, &err));
	assert_int_equal(stat(deep, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dir_follows_xdg_then_home),
		cmocka_unit_test(missing_file_is_no_limits),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(partial_limits),
		cmocka_unit_test(several_servers_in_one_file),
		cmocka_unit_test(only_urls_and_limits_are_written),
		cmocka_unit_test(corrupt_files_refused_whole),
		cmocka_unit_test(corrupt_file_is_replaced_by_a_save),
		cmocka_unit_test(odd_files_in_its_place),
		cmocka_unit_test(save_makes_the_folders),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
