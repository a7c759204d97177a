/* parse_entry.h - one history entry read by the fast reader (jsonwalk.h),
 * shared by the parse modules: its fields into a run, and where its text
 * (logs, payload, result) lies in its bytes. Each function answers
 * ENTRY_UNSURE where the reader is, and the caller then asks json-c. */
#ifndef WRUN_PARSE_ENTRY_H
#define WRUN_PARSE_ENTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "jsonwalk.h"
#include "model.h"

enum entry_status { ENTRY_OK, ENTRY_UNSURE, ENTRY_NOMEM };

/* What an element of the history is, for parse_history_stats. */
struct entry_kind {
	enum jw_type type;     /* of the element */
	bool entry;            /* an object with a field only an entry has */
	char first_member[48]; /* an object's first member name, cut; "" for none */
};

/* The strings that repeat from run to run (worker keys, actions, projects,
 * statuses, triggers, versions), each kept once in a list's arena. */
struct entry_intern;
struct entry_intern *entry_intern_new(void);
void entry_intern_free(struct entry_intern *t);

/* The element p[0..n) (one value, whitespace around it allowed): its kind,
 * and when it is an object, its fields into r, strings in arena a (those
 * that repeat through intern, unless NULL: intern must serve only a). r
 * must be fresh from model_run_list_push (NULL: an object is
 * ENTRY_UNSURE). On ENTRY_UNSURE and ENTRY_NOMEM, r is half filled: the
 * caller drops it. With end, the element is the object p starts with, and
 * *end is set to its length: what follows it is not looked at. */
enum entry_status entry_extract(const char *p, size_t n, struct wr_arena *a,
                                struct entry_intern *intern, struct wr_run *r,
                                struct entry_kind *kind, size_t *end);

/* Where an entry's text lies: value ranges in its bytes. The last of each
 * name counts, as in json-c (and executionResult's members only within
 * the last executionResult, when it is an object). */
struct entry_text {
	bool payload, result, logs; /* present */
	size_t payload_at, payload_end; /* executionPayload, any JSON */
	size_t result_at, result_end;   /* executionResult.result, any JSON */
	struct jw_str logs_token;       /* executionResult.logs, a string */
};
enum entry_status entry_locate(const char *p, size_t n, struct entry_text *t);

/* The entry of run r read back from l's spool into into (reused: it grows
 * as needed; into->n is the entry's length, 0 when none is kept). False
 * with err set. */
bool entry_read(const struct wr_run_list *l, const struct wr_run *r, struct jw_buf *into,
                struct wr_error *err);

/* For the tests and the fuzz targets: the fast reader is unsure of every
 * entry (true), so that all goes json-c's way, to hold the fast way
 * against: the history's runs and errors, the runs' text, --json. */
void parse_entry_force_json(bool on);

#endif
