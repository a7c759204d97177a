/* test_cliquery.c - WHEN values for --since and --until, and the command
 * line's run predicates (--status, --trigger, --grep, runs with an ID). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cliquery.h"
#include "model.h"

/* 2026-01-15 12:00:00 UTC, the tests' clock. */
#define NOW 1768478400000LL
#define H 3600000LL
#define D (24 * H)

static int64_t when(const char *s, bool end_of_day)
{
	int64_t v = -42;

	assert_true(cliquery_parse_when(s, NOW, end_of_day, &v));
	return v;
}

static void refused(const char *s)
{
	int64_t v = -42;

	assert_false(cliquery_parse_when(s, NOW, false, &v));
	assert_int_equal(v, -42);
}

static void test_durations(void **state)
{
	(void)state;
	assert_int_equal(when("90m", false), NOW - 90 * 60000LL);
	assert_int_equal(when("24h", false), NOW - 24 * H);
	assert_int_equal(when("7d", false), NOW - 7 * D);
	assert_int_equal(when("2w", false), NOW - 14 * D);
	assert_int_equal(when("30s", false), NOW - 30000);
	assert_int_equal(when("1h30m", false), NOW - 90 * 60000LL);
	assert_int_equal(when("0m", false), NOW);
	refused("90");
	refused("m");
	refused("7x");
	refused("-1d");
	refused("1d ");
	refused("99999999999999d");
	refused("");
}

static void test_iso(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(when("2026-01-15T10:00:00Z", false), NOW - 2 * H);
	assert_int_equal(when("2026-01-15T10:00:00z", false), NOW - 2 * H);
	assert_int_equal(when("2026-01-15T10:00Z", false), NOW - 2 * H);
	assert_int_equal(when("2026-01-15T12:00:00+02:00", false), NOW - 2 * H);
	assert_int_equal(when("2026-01-15T07:00:00-0500", false), NOW);
	assert_int_equal(when("2026-01-15T10:00:00.250Z", false), NOW - 2 * H + 250);
	assert_int_equal(when("2026-01-15T10:00:00.5Z", false), NOW - 2 * H + 500);
	/* No zone: local time (TZ=UTC here). */
	assert_int_equal(when("2026-01-15T10:00", false), NOW - 2 * H);
	assert_int_equal(when("2026-01-15 10:00:00", false), NOW - 2 * H);
	assert_int_equal(when("2026-01-15", false), NOW - 12 * H);
	/* A date alone as --until: its last millisecond. */
	assert_int_equal(when("2026-01-15", true), NOW + 12 * H - 1);
	assert_int_equal(when("2026-01-15T10:00", true), NOW - 2 * H);
	assert_int_equal(when("2024-02-29", false), 1709164800000LL);
	assert_int_equal(when("2026-12-31", true), 1798761600000LL - 1);
	refused("2026-1-15");
	refused("2026-13-01");
	refused("2026-02-29");
	refused("2026-01-32");
	refused("2026-01-15T24:00");
	refused("2026-01-15T10:60");
	refused("2026-01-15T10");
	refused("2026-01-15T10:00:00.Z");
	refused("2026-01-15T10:00:00+2");
	refused("2026-01-15Z");
	refused("2026-01-15T10:00:00Zjunk");
	refused("1969-12-31");
}

static void test_local_zone(void **state)
{
	(void)state;
	/* Without a zone, WHEN is local time: 10:00 in Paris is 09:00 UTC in
	 * winter. */
	if (access("/usr/share/zoneinfo/Europe/Paris", R_OK) != 0)
		skip();
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	assert_int_equal(when("2026-01-15T10:00", false), NOW - 3 * H);
	assert_int_equal(when("2026-01-15T10:00Z", false), NOW - 2 * H);
	setenv("TZ", "UTC", 1);
	tzset();
}

static void add_run(struct wr_run_list *l, const char *id, const char *worker, const char *status,
                    const char *trigger, int64_t start)
{
	struct wr_run *r = model_run_list_push(l);

	assert_non_null(r);
	r->id = id;
	r->worker_key = worker;
	r->status = status;
	r->kind = model_status_kind(status);
	r->triggered_by = trigger;
	r->start_ms = start;
}

static void test_predicates(void **state)
{
	struct wr_run_list l;
	struct cliquery q;

	(void)state;
	assert_true(model_run_list_init(&l));
	add_run(&l, "a1", "gate", "STATUS_SUCCESS", "Scheduler", 3000);
	add_run(&l, "a2", "gate", "STATUS_FAIL", "alice", 2000);
	add_run(&l, "a3", "scan", "STATUS_TIMEOUT", NULL, 1000);
	add_run(&l, NULL, "scan", "STATUS_FAIL", "bob", 500);

	cliquery_init(&q);
	for (size_t i = 0; i < l.n; i++)
		assert_true(cliquery_match(&q, &l, &l.v[i]));

	assert_true(cliquery_add_status(&q, "TIMEOUT"));
	assert_false(cliquery_match(&q, &l, &l.v[0]));
	assert_false(cliquery_match(&q, &l, &l.v[1]));
	assert_true(cliquery_match(&q, &l, &l.v[2]));
	assert_true(cliquery_add_status(&q, "fail"));
	assert_true(cliquery_match(&q, &l, &l.v[1]));
	assert_true(cliquery_match(&q, &l, &l.v[3]));
	assert_false(cliquery_add_status(&q, ""));

	cliquery_init(&q);
	assert_true(cliquery_add_status(&q, "STATUS_SUCCESS"));
	assert_true(cliquery_match(&q, &l, &l.v[0]));
	assert_false(cliquery_match(&q, &l, &l.v[1]));
	cliquery_init(&q);
	assert_true(cliquery_add_status(&q, "success"));
	assert_true(cliquery_match(&q, &l, &l.v[0]));

	cliquery_init(&q);
	q.trigger = "SCHED";
	assert_true(cliquery_match(&q, &l, &l.v[0]));
	assert_false(cliquery_match(&q, &l, &l.v[1]));
	assert_false(cliquery_match(&q, &l, &l.v[2])); /* no trigger */

	cliquery_init(&q);
	q.need_id = true;
	q.q.failed = true;
	assert_false(cliquery_match(&q, &l, &l.v[0]));
	assert_true(cliquery_match(&q, &l, &l.v[1]));
	assert_true(cliquery_match(&q, &l, &l.v[2]));
	assert_false(cliquery_match(&q, &l, &l.v[3])); /* no ID */

	cliquery_init(&q);
	q.q.since_ms = 1000;
	q.q.until_ms = 2000;
	assert_false(cliquery_match(&q, &l, &l.v[0]));
	assert_true(cliquery_match(&q, &l, &l.v[1]));
	assert_true(cliquery_match(&q, &l, &l.v[2]));
	assert_false(cliquery_match(&q, &l, &l.v[3]));

	/* --grep: runs without logs never match. */
	cliquery_init(&q);
	q.grep = "memory";
	assert_false(cliquery_match(&q, &l, &l.v[0]));
	model_run_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_local_zone),
		cmocka_unit_test(test_predicates),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
