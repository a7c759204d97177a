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
	struct wr_limits config_limits; /* --cpu-limit etc., for the rerun's missing limits */
};

/* Each returns the process exit code: 0 success; 1 the rerun ran but did not
 * succeed; 2 usage or configuration error; 3 the request failed. */
int cli_workers(struct api *api, const struct cli_opts *o);
int cli_history(struct api *api, const struct wr_server *srv, const char *worker,
                const struct cli_opts *o);
int cli_rerun(struct api *api, const struct wr_server *srv, const char *worker,
              const char *entry_id, const struct cli_opts *o);

#endif
