/* cliquery.h - what the command line adds to the one run query (query.h):
 * WHEN values for --since and --until, and the predicates struct wr_query
 * has no field for (--status, --trigger, --grep, runs that have an ID).
 * The window, the worker and "failed" stay in the shared struct wr_query,
 * so they mean what they mean in the interface. Pure functions.
 */
#ifndef WRUN_CLIQUERY_H
#define WRUN_CLIQUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "query.h"

#define CLIQUERY_MAX_STATUS 16

struct cliquery {
	struct wr_query q;        /* worker, failed, since/until: the shared query */
	const char *status[CLIQUERY_MAX_STATUS]; /* --status: any of them */
	size_t n_status;
	const char *trigger;      /* --trigger: a part of triggeredBy, in any case */
	const char *grep;         /* --grep: a part of the logs, in any case */
	bool need_id;             /* only runs with a history entry ID (rerun --failed) */
};

/* Every run: query_init() and no other predicate. */
void cliquery_init(struct cliquery *cq);

/* WHEN, into *out (epoch ms):
 *   a duration before now_ms: a number and a unit, s m h d or w, repeated
 *     ("90m", "24h", "7d", "1h30m");
 *   an ISO 8601 date or date and time: "2026-01-15", "2026-01-15T10:00",
 *     "2026-01-15T10:00:00", with optional fractions of a second, and a zone:
 *     "Z" or "+02:00" / "-0500"; without one, local time (TZ). A space may
 *     stand for the "T".
 * end_of_day: a date alone means the last millisecond of that day (for
 * --until), else its first. False when s is none of these. */
bool cliquery_parse_when(const char *s, int64_t now_ms, bool end_of_day, int64_t *out);

/* Adds a --status value: "success", "fail", "timeout" (any case) or an exact
 * API status ("STATUS_TIMEOUT"). False when it is empty or there are
 * CLIQUERY_MAX_STATUS already. The string must outlive cq. */
bool cliquery_add_status(struct cliquery *cq, const char *s);

/* Does r (of list l, for its logs) pass q and every predicate of cq? */
bool cliquery_match(const struct cliquery *cq, const struct wr_run_list *l,
                    const struct wr_run *r);

#endif
