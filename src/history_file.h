/* history_file.h - a saved run history, the interface's data source when
 * there is no server (wrun --file).
 *
 * A file is read the way the API's listing is downloaded: its bytes go
 * through the same streaming parser (parse_history_*), under the same size
 * cap (--max-body), nesting limit and type checks. What that parser
 * tolerates in an answer of the API, a file must also be: a JSON array of
 * history entries (what `wrun history --json` prints, or the API's raw
 * answer) or a single entry object. Anything else (an empty file, a worker
 * list, an error response, an array of numbers, garbage) is "not a run
 * history", with the reason. A saved history holds no worker list: the
 * workers are derived from the runs.
 */
#ifndef WRUN_HISTORY_FILE_H
#define WRUN_HISTORY_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

/* The name a file goes by in messages and the title bar: path itself, or
 * "standard input" for "-". */
const char *history_file_name(const char *path);

/* Reads the history in path ("-": standard input, read to its end) into out
 * (initialized with model_run_list_init; runs are appended), sorted newest
 * first. max_bytes caps the file's size (0: no cap). False with err (its
 * message names the file: "history.json: not a run history: ...") when the
 * file cannot be read (WR_ERR_SYSTEM), is larger than max_bytes
 * (WR_ERR_TOO_BIG) or is not a history (WR_ERR_PARSE); out then holds what
 * was parsed before the failure. */
bool history_file_read(const char *path, size_t max_bytes, struct wr_run_list *out,
                       struct wr_error *err);

/* The same from an open descriptor (not closed), read to its end; name is
 * for messages. */
bool history_file_read_fd(int fd, const char *name, size_t max_bytes, struct wr_run_list *out,
                          struct wr_error *err);

/* The workers the runs name: one per distinct non-empty workerKey, with the
 * newest run's workerType as its action and its workerProjectKey (when not
 * empty) as its project; enabled, debug and shared unknown (-1). Sorted by
 * key. out is overwritten (not freed first). False (WR_ERR_NOMEM, out empty)
 * when out of memory. */
bool history_file_workers(const struct wr_run_list *runs, struct wr_worker_list *out,
                          struct wr_error *err);

/* Drops the test runs (testRun: true) from l, keeping the order of the
 * rest: what the API does unless showTestRun=true (--test-runs). Returns
 * how many went. */
size_t history_file_drop_test_runs(struct wr_run_list *l);

#endif
