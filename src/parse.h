/* parse.h - Workers API JSON <-> model. Pure functions of bytes: each entry
 * point is a fuzz target.
 *
 * Tolerant of what JFrog's docs disagree on: history as an array or as one
 * object; workerType in either spelling; entries without historyEntryId;
 * unknown executionStatus values kept verbatim; 64-bit numbers; null or any
 * JSON in payload and result; missing fields. A field of the wrong type is
 * treated as absent, never as its JSON text.
 *
 * Strings are kept as the server's bytes, except that a NUL (\u0000) inside
 * one becomes U+FFFD so that it cannot cut the rest off. Nesting deeper
 * than 512 levels is a parse error.
 */
#ifndef WRUN_PARSE_H
#define WRUN_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "model.h"

/* ---- History, parsed while it downloads ------------------------------- */

/* A streaming history parser: feed it the body in chunks of any size. It
 * splits the top-level array into its elements as bytes arrive and reads
 * each once (jsonwalk.h; json-c for what that reader is unsure of), its
 * fields straight into a run appended to the list and its bytes into the
 * list's spool: memory holds what the lists show, never the document nor
 * the runs' text. A top-level object is taken as a single entry. Elements
 * that are not objects are skipped. */
struct parse_history;

/* out must be initialized (model_run_list_init); runs are appended to it. */
struct parse_history *parse_history_new(struct wr_run_list *out);
/* A memory budget for what the parser builds: the list's runs (the array
 * and the arena of their strings) together with json-c's tree of an entry
 * json-c parses. A feed that would pass it fails with WR_ERR_TOO_BIG, "the
 * history is larger than --max-body allows". 0 (the default): none. The
 * spool is on disk and not counted: --max-body bounds it. */
void parse_history_set_budget(struct parse_history *p, size_t bytes);
/* Returns false and fills err (WR_ERR_PARSE, WR_ERR_NOMEM) on bad input;
 * after a failure, further feeds fail too. */
bool parse_history_feed(struct parse_history *p, const char *buf, size_t n, struct wr_error *err);
/* End of body: false when the document is incomplete or has trailing bytes.
 * An entry longer than 64 MiB fails the feed with WR_ERR_TOO_BIG. */
bool parse_history_finish(struct parse_history *p, struct wr_error *err);
void parse_history_free(struct parse_history *p);

/* What the parser saw that was not a history entry, for a caller that must
 * tell a history from another document (wrun --file); the API's listing
 * ignores it. An element is an entry when it is an object with at least one
 * of historyEntryId, workerKey, executionStatus (strings) and
 * startTimeMillis (a number). Elements that are not objects are skipped as
 * always; objects without those fields still become (empty) runs. */
struct parse_history_stats {
	size_t elements;      /* top-level elements so far (a top-level object is one) */
	size_t not_entries;   /* of them, not entries */
	bool top_object;      /* the document is an object, not an array */
	/* The first element that is not an entry: */
	size_t first_index;   /* its number, from 0 */
	size_t first_offset;  /* its byte offset in the document */
	const char *first_type; /* "an object", "an array", "a string", "a number",
	                         * "a boolean" or "null" */
	char first_member[48];  /* an object's first member name, cut, raw bytes
	                         * (sanitize before display); "" for none */
};
void parse_history_stats(const struct parse_history *p, struct parse_history_stats *out);

/* ---- A run's text, read back ---------------------------------------------
 * The parser keeps what the list shows in the run and each entry's bytes in
 * the list's spool (spool.h), out of memory: logs, payload and result are
 * read back from there when a run is shown, compared, searched or written.
 * Views, queries and output reach them only through this. */

enum {
	PARSE_TEXT_LOGS = 1,
	PARSE_TEXT_PAYLOAD = 2,
	PARSE_TEXT_RESULT = 4,
	PARSE_TEXT_ALL = 7,
	PARSE_TEXT_PRETTY = 8, /* payload and result indented for display, as
	                        * parse_pretty_json indents them, not compact */
};

struct wr_run_text {
	char *logs;    /* executionResult.logs, raw bytes (sanitize before display) */
	char *payload; /* executionPayload as JSON text (compact unless PARSE_TEXT_PRETTY) */
	char *result;  /* executionResult.result as JSON text (the same) */
	/* Each NULL when absent or not asked for. */
};

/* The parts of r's text that want asks for (PARSE_TEXT_* bits), into out
 * (free with parse_run_text_free). A run without a kept entry has none.
 * False with err set when the spool cannot be read (out is then empty). */
bool parse_run_text(const struct wr_run_list *l, const struct wr_run *r, unsigned want,
                    struct wr_run_text *out, struct wr_error *err);
void parse_run_text_free(struct wr_run_text *t);

/* Whole-buffer convenience over the streaming parser. */
bool parse_history(const char *buf, size_t n, struct wr_run_list *out, struct wr_error *err);

/* The memory budget for the model parsed from a body of at most max_body
 * bytes (--max-body): PARSE_BUDGET_FACTOR times it, saturating. A body of
 * tiny entries ([{},{},...], 3 bytes each) would otherwise become runs of
 * about 150 bytes each, and json-c's tree of {} takes 800. */
#define PARSE_BUDGET_FACTOR 4
size_t parse_budget(size_t max_body);

/* ---- Other documents (small: parsed whole) ----------------------------- */

/* {"workers":[...]} (a bare array is accepted too, and so is one worker
 * object, as GET /workers/{key} answers). Workers without a string key are
 * skipped. Keeps no sourceCode and no secret values. out is overwritten
 * (not freed first); it is empty after a failure. */
bool parse_workers(const char *buf, size_t n, struct wr_worker_list *out, struct wr_error *err);
/* The same within a memory budget (0: none) for the body, json-c's tree of
 * it (estimated before it is built) and the workers: past it, false with
 * WR_ERR_TOO_BIG, "the worker list is larger than --max-body allows". */
bool parse_workers_within(const char *buf, size_t n, size_t budget, struct wr_worker_list *out,
                          struct wr_error *err);

/* The rerun result: executionId, logs, executionMetrics, executionLimits,
 * result {data, executionStatus}. A result that is not an object is kept as
 * the data. out is overwritten (not freed first). */
bool parse_rerun(const char *buf, size_t n, struct wr_rerun *out, struct wr_error *err);
/* The same within a memory budget (0: none) for the body and json-c's tree
 * of it: past it, WR_ERR_TOO_BIG, "the rerun result is larger than
 * --max-body allows". */
bool parse_rerun_within(const char *buf, size_t n, size_t budget, struct wr_rerun *out,
                        struct wr_error *err);

/* An error body. {"errors":[{"status","message"}]} (also {"message":...} and
 * {"error":...}) gives the server's message(s), sanitized, joined by "; ";
 * a non-JSON body (an HTML page from a proxy) gives a short plain summary
 * (the <title>, or the first text, tags stripped, at most 80 characters);
 * an empty body gives "". Always succeeds; writes at most outsz bytes. */
void parse_error_body(const char *buf, size_t n, char *out, size_t outsz);

/* ---- Back to JSON, with the API's own field names (for --json) -------- */
/* Each document written ends with a newline. */

/* One history entry as a JSON object; absent fields are omitted. */
bool parse_emit_run(FILE *f, const struct wr_run_list *l, const struct wr_run *r, bool pretty);
/* A JSON array of entries, streamed one at a time. */
bool parse_emit_runs(FILE *f, const struct wr_run_list *l, const struct wr_run *const *runs,
                     size_t n, bool pretty);
/* The rerun result object: executionId, logs, executionMetrics,
 * executionLimits, result {data, executionStatus}. */
bool parse_emit_rerun(FILE *f, const struct wr_rerun *r, bool pretty);
/* {"workers":[...]} without sourceCode and secrets. */
bool parse_emit_workers(FILE *f, const struct wr_worker_list *l, bool pretty);

/* Indents a compact JSON text for display (the detail pane); NULL when the
 * text does not parse or memory runs out. Caller frees. */
char *parse_pretty_json(const char *json);

#endif
