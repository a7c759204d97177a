/* run_text.h - a run's logs, payload and result in the unit tests, read back
 * from the list's spool as the views read them. A pointer stays valid for
 * the next 15 calls. */
#ifndef WRUN_TEST_RUN_TEXT_H
#define WRUN_TEST_RUN_TEXT_H

#include "parse.h"

static const char *run_text_part(const struct wr_run_list *l, const struct wr_run *r,
                                 unsigned part)
{
	static struct wr_run_text ring[16];
	static unsigned next;
	struct wr_run_text *t = &ring[next++ % 16];
	struct wr_error err;

	parse_run_text_free(t);
	assert_true(parse_run_text(l, r, PARSE_TEXT_ALL, t, &err));
	return part == PARSE_TEXT_LOGS ? t->logs : part == PARSE_TEXT_PAYLOAD ? t->payload : t->result;
}

#define LOGS(l, r) run_text_part((l), (r), PARSE_TEXT_LOGS)
#define PAYLOAD(l, r) run_text_part((l), (r), PARSE_TEXT_PAYLOAD)
#define RESULT(l, r) run_text_part((l), (r), PARSE_TEXT_RESULT)

#endif
