/* ui.h - the interactive terminal interface (wrun with no subcommand). */
#ifndef WRUN_UI_H
#define WRUN_UI_H

#include <stdbool.h>

#include "api.h"
#include "conf.h"
#include "model.h"

struct ui_opts {
	bool ascii;                     /* --ascii: line drawing without Unicode */
	bool test_runs;                 /* --test-runs: include test runs in history */
	struct wr_limits config_limits; /* --cpu-limit etc.; source WR_LIMITS_CONFIG or NONE */
	const char *banner;             /* shown in the title bar, e.g. "demo"; or NULL */
	int refresh_s;                  /* --refresh: auto-refresh period at start, 0: off */
	bool mouse;                     /* --mouse: clicks and the wheel */
	const char *limits_dir;         /* where reported limits are saved, or NULL (limits_cache.h) */
	bool read_only;                 /* --read-only: r, R and X refused (status line says
	                                 * why), READ-ONLY in the title bar; nothing is sent */
	/* The server switcher (S): the flags and environment the server was
	 * resolved with; NULL: no switching. */
	const struct conf_flags *conf;
	conf_getenv_fn conf_env;
};

/* Where the interface's data comes from: a server (srv and api, the
 * caller's, outliving the call), or offline (wrun --file) a saved history:
 * file names it, and its workers and runs are taken by ui_run (freed by
 * it, as is the structs' memory); srv and api are then NULL and nothing is
 * ever sent. */
struct ui_source {
	const struct wr_server *srv;
	struct api *api;
	const char *file;
	struct wr_worker_list *workers;
	struct wr_run_list *runs;
};

/* Runs the interface until the user quits, input ends or a signal asks it
 * to stop; the terminal is restored on every way out. Returns the process
 * exit code: 0 (q, end of input); 128+N after signal N (SIGINT 130,
 * SIGTERM 143, SIGHUP 129, SIGQUIT 131, SIGPIPE 141, SIGUSR1 138, and so on
 * for every signal whose default action would end the process), as a shell reports a program killed by it; 2
 * when the terminal cannot be used (TERM unknown or without cursor
 * addressing); 3 when the wait for input failed, with the reason on stderr. WRUN_EXIT_AFTER_PAINT=1 in the environment (for
 * benchmarks) makes it return after the first complete paint once both
 * loads ended: 0, or 3 when one failed. */
int ui_run(const struct ui_source *src, const struct ui_opts *opts);

#endif
