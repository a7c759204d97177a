/* cli.h - the non-interactive subcommands: the scriptable twin of the UI. */
#ifndef WRUN_CLI_H
#define WRUN_CLI_H

#include <stdbool.h>

#include "api.h"
#include "cliquery.h"
#include "conf.h"

struct cli_opts {
	bool json;         /* --json: the API's own field names */
	bool csv;          /* history --csv: the columns of jf worker execution-history */
	bool test_runs;    /* --test-runs: include test runs */
	bool force_record; /* rerun --force-record */
	bool failed;       /* --failed: history's filter; rerun: the batch of failures */
	bool follow;       /* history --follow */
	bool yes;          /* rerun --failed --yes: no question */
	int refresh_s;     /* history --follow --refresh: the period, 0: the default */
	long limit;        /* --limit: the newest N runs, 0: every one */
	struct cliquery filter; /* --since, --until, --status, --trigger, --grep */
	const struct wr_limits *config_limits; /* --cpu-limit etc., for the rerun's missing
	                                        * limits (the interface's; never NULL) */
	const char *limits_dir; /* rerun: where the reported limits are saved, or NULL */
};

/* history --follow without --refresh: every this many seconds. */
#define CLI_FOLLOW_DEFAULT_S 10

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

/* Each returns the process exit code: 0 success; 1 a rerun ran but did not
 * succeed; 2 usage or configuration error; 3 the request failed, or the
 * output could not be written ("wrun: write error: ..."); 128 + N when
 * signal N stopped it. */
int cli_workers(struct api *api, const struct cli_opts *o);
/* The runs of worker (NULL: every worker) that pass o->filter, newest
 * first, at most o->limit; with o->follow, then each new one as it appears
 * until a signal stops it. */
int cli_history(struct api *api, const struct wr_server *srv, const char *worker,
                const struct cli_opts *o);
/* entry_id: a full history entry ID, or a unique prefix of one (at least
 * CLI_MIN_PREFIX characters) looked up in the worker's history: exit 2 when
 * it is ambiguous (the candidates listed), 3 when no run has it. */
int cli_rerun(struct api *api, const struct wr_server *srv, const char *worker,
              const char *entry_id, const struct cli_opts *o);
/* rerun --failed: every run of worker (NULL: every worker) that did not
 * succeed, has an ID and passes o->filter, one at a time; a refusal by the
 * call limit waits and sends it again. Asks first on a terminal unless
 * o->yes; without one and without o->yes, exit 2 and nothing sent. */
int cli_rerun_failed(struct api *api, const struct wr_server *srv, const char *worker,
                     const struct cli_opts *o);

#define CLI_MIN_PREFIX 6

#endif
