/* cli.h - the non-interactive subcommands: the scriptable twin of the UI. */
#ifndef WRUN_CLI_H
#define WRUN_CLI_H

#include <stdbool.h>

#include "api.h"
#include "conf.h"

struct cli_opts {
	bool json;         /* --json: the API's own field names */
	bool failed;       /* history --failed: only runs that did not succeed */
	bool test_runs;    /* history --test-runs: include test runs */
	bool force_record; /* rerun --force-record */
	const struct wr_limits *config_limits; /* --cpu-limit etc., for the rerun's missing
	                                        * limits (the interface's; never NULL) */
	const char *limits_dir; /* rerun: where the reported limits are saved, or NULL */
};

/* From now on SIGHUP, SIGINT and SIGTERM (and SIGPIPE with with_pipe) only
 * set a flag: a subcommand then stops its request and returns, so that
 * --demo's simulator is stopped and its folder removed before wrun exits
 * with 128 + the signal's number. The interface installs its own. */
void cli_signals_catch(bool with_pipe);
/* Gives the signals back their earlier dispositions (before the interface
 * installs its own, so that none is lost in between). */
void cli_signals_release(void);
/* The signal caught since, or 0. */
int cli_signal(void);

/* Each returns the process exit code: 0 success; 1 the rerun ran but did not
 * succeed; 2 usage or configuration error; 3 the request failed; 128 + N
 * when signal N stopped it. */
int cli_workers(struct api *api, const struct cli_opts *o);
int cli_history(struct api *api, const struct wr_server *srv, const char *worker,
                const struct cli_opts *o);
int cli_rerun(struct api *api, const struct wr_server *srv, const char *worker,
              const char *entry_id, const struct cli_opts *o);

#endif
