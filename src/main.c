/* main.c - wrun: flags, configuration, then the UI or a subcommand.
 *
 * Two tables drive the command line, as git's { "add", cmd_add, RUN_SETUP }
 * rows do: cmds[] has a row per subcommand (and one for the interface), opts[]
 * a row per option, saying what it stores, which subcommands it goes with
 * and its help. Parsing, --help, the man page's synopsis (--synopsis-man)
 * and the check for misplaced flags all read them; adding a flag is adding a
 * row.
 */
#include "config.h"

#include "api.h"
#include "cli.h"
#include "conf.h"
#include "demo.h"
#include "error.h"
#include "fmt.h"
#include "history_file.h"
#include "limits_cache.h"
#include "msg.h"
#include "sanitize.h"
#include "ui.h"
#include "ui_keys.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the tables ------------------------------------------------------------ */

/* What a row is for: one bit per command (a form of a subcommand selected
 * by a flag, such as rerun --failed, is a command of its own). */
enum {
	CMD_UI = 1 << 0,      /* no subcommand: the interactive interface */
	CMD_WORKERS = 1 << 1,
	CMD_HISTORY = 1 << 2,
	CMD_RERUN = 1 << 3,   /* rerun WORKER HISTORY_ENTRY_ID */
	CMD_BATCH = 1 << 4,   /* rerun --failed [WORKER] */
};
#define CMD_SUBS (CMD_WORKERS | CMD_HISTORY | CMD_RERUN | CMD_BATCH)
#define CMD_RUNS (CMD_HISTORY | CMD_BATCH) /* commands that pick runs from a history */
#define CMD_ALL (CMD_UI | CMD_SUBS)

/* The option's flags. */
enum {
	OPT_SERVER = 1 << 0, /* reaches or chooses a server: refused with --file */
	OPT_PICKS = 1 << 1,  /* chooses the server and its token: refused with --demo */
	OPT_EXIT = 1 << 2,   /* acts at once (--help): not checked against the command */
};

/* The sections of --help, in order. */
enum opt_group { G_SERVER, G_SUB, G_UI, G_INFO, G_HIDDEN };

static const char *const group_titles[] = {
	"Server and credentials:", "Subcommand options:", "Interface:", "", NULL,
};

struct args;
struct opt;

/* Stores an option's value; returns -1 to go on, else the exit code. */
typedef int (*opt_fn)(struct args *a, const struct opt *o, const char *val);

struct opt {
	const char *name;    /* the long name, without "--" */
	char short_name;     /* or 0 */
	const char *arg;     /* the value's name ("URL"); NULL: takes none */
	unsigned cmds;       /* CMD_* bits: what it goes with */
	unsigned flags;      /* OPT_* */
	enum opt_group group;
	opt_fn set;
	size_t at, at2;      /* where set stores it in struct args (AT()); at2: a
	                      * second place, or NOWHERE */
	long min, max;       /* numbers: the range */
	long scale;          /* opt_limit: the unit in the field's units */
	const char *usage;   /* a synopsis line of its own: "ARGS\tdescription" */
	const char *help;    /* --help's sentence, wrapped there */
};

/* Runs a command once the server is resolved (api NULL for --file). */
typedef int (*cmd_fn)(struct args *a, struct api *api, const struct wr_server *srv);

struct cmd {
	const char *name;     /* the subcommand; NULL: the interface */
	const char *form;     /* the option that selects this form of name, or NULL */
	cmd_fn run;
	const char *operands; /* as --help writes them: "[WORKER]" */
	int min_operands, max_operands;
	const char *what[2];  /* each operand in words, for "the worker key is empty" */
	unsigned id;          /* its CMD_* bit */
	const char *help;
};

#define MAX_OPTS 64
#define NOWHERE ((size_t)-1)
#define AT(field) offsetof(struct args, field)

struct args {
	struct conf_flags conf;
	struct cli_opts cli;
	struct ui_opts ui;
	bool demo;
	const char *file;    /* --file: a saved history, no server */
	const char *trace;   /* --trace FILE */
	const struct cmd *cmd;
	const char *sub;     /* the subcommand as typed, or NULL */
	char **rest;         /* its operands */
	int n_rest;
	bool given[MAX_OPTS]; /* by opts[] index */
};

static int opt_flag(struct args *a, const struct opt *o, const char *val);
static int opt_text(struct args *a, const struct opt *o, const char *val);
static int opt_long(struct args *a, const struct opt *o, const char *val);
static int opt_int(struct args *a, const struct opt *o, const char *val);
static int opt_limit(struct args *a, const struct opt *o, const char *val);
static int opt_when(struct args *a, const struct opt *o, const char *val);
static int opt_status(struct args *a, const struct opt *o, const char *val);
static int opt_help(struct args *a, const struct opt *o, const char *val);
static int opt_version(struct args *a, const struct opt *o, const char *val);
static int opt_keys_man(struct args *a, const struct opt *o, const char *val);
static int opt_synopsis_man(struct args *a, const struct opt *o, const char *val);

static int cmd_ui(struct args *a, struct api *api, const struct wr_server *srv);
static int cmd_workers(struct args *a, struct api *api, const struct wr_server *srv);
static int cmd_history(struct args *a, struct api *api, const struct wr_server *srv);
static int cmd_rerun(struct args *a, struct api *api, const struct wr_server *srv);
static int cmd_rerun_failed(struct args *a, struct api *api, const struct wr_server *srv);

static const struct cmd cmds[] = {
	{ NULL, NULL, cmd_ui, "", 0, 0, { NULL, NULL }, CMD_UI,
	  "the interactive interface" },
	{ "workers", NULL, cmd_workers, "", 0, 0, { NULL, NULL }, CMD_WORKERS,
	  "list the workers" },
	{ "history", NULL, cmd_history, "[WORKER]", 0, 1, { "worker key", NULL }, CMD_HISTORY,
	  "list runs, newest first" },
	{ "rerun", NULL, cmd_rerun, "WORKER HISTORY_ENTRY_ID", 2, 2,
	  { "worker key", "history entry ID" }, CMD_RERUN,
	  "rerun one run, by its ID or a unique prefix of 6+ characters" },
	{ "rerun", "failed", cmd_rerun_failed, "--failed [WORKER]", 0, 1, { "worker key", NULL },
	  CMD_BATCH, "rerun every run that did not succeed" },
};
#define N_CMDS (sizeof cmds / sizeof cmds[0])

static const struct opt opts[] = {
	{ "url", 0, "URL", CMD_ALL, OPT_SERVER | OPT_PICKS, G_SERVER, opt_text, AT(conf.url),
	  NOWHERE, 0, 0, 0, NULL,
	  "JFrog Platform URL (default: $JF_URL, else the JFrog CLI config's default server)" },
	{ "server-id", 0, "ID", CMD_ALL, OPT_SERVER | OPT_PICKS, G_SERVER, opt_text,
	  AT(conf.server_id), NOWHERE, 0, 0, 0, NULL,
	  "use this server of wrun's config, else of the JFrog CLI config" },
	{ "config", 0, "FILE", CMD_ALL, OPT_SERVER | OPT_PICKS, G_SERVER, opt_text,
	  AT(conf.config_path), NOWHERE, 0, 0, 0, NULL,
	  "read wrun's config from FILE (default: $XDG_CONFIG_HOME/wrun/config, else "
	  "~/.config/wrun/config)" },
	{ "token-file", 0, "FILE", CMD_ALL, OPT_SERVER | OPT_PICKS, G_SERVER, opt_text,
	  AT(conf.token_file), NOWHERE, 0, 0, 0, NULL,
	  "read the access token from FILE (default: $JF_ACCESS_TOKEN, else the JFrog CLI "
	  "config)" },
	{ "project", 0, "KEY", CMD_ALL, OPT_SERVER, G_SERVER, opt_text, AT(conf.project),
	  NOWHERE, 0, 0, 0, NULL, "scope requests to this project" },
	{ "cacert", 0, "FILE", CMD_ALL, OPT_SERVER, G_SERVER, opt_text, AT(conf.cacert),
	  NOWHERE, 0, 0, 0, NULL, "trust the CA certificates in FILE" },
	{ "insecure", 0, NULL, CMD_ALL, OPT_SERVER, G_SERVER, opt_flag, AT(conf.insecure),
	  NOWHERE, 0, 0, 0, NULL, "do not verify TLS certificates (always warned)" },
	{ "timeout", 0, "SECONDS", CMD_ALL, OPT_SERVER, G_SERVER, opt_long, AT(conf.timeout_s),
	  NOWHERE, 1, 3600, 0, NULL,
	  "connect timeout, and longest wait for data (default 10)" },
	{ "max-body", 0, "MIB", CMD_ALL, 0, G_SERVER, opt_long, AT(conf.max_body_mib),
	  NOWHERE, 1, 1L << 20, 0, NULL,
	  "largest response or --file accepted (default 512)" },
	{ "demo", 0, NULL, CMD_ALL, OPT_SERVER, G_SERVER, opt_flag, AT(demo), NOWHERE, 0, 0, 0,
	  "[SUBCOMMAND...]\tthe same, on the bundled simulator",
	  "start the bundled Workers simulator and use it" },
	{ "file", 0, "FILE", CMD_UI, 0, G_SERVER, opt_text, AT(file), NOWHERE, 0, 0, 0,
	  "[OPTION]...\tthe interface on a saved history",
	  "no server: browse FILE, saved by wrun history --json (or a raw API answer; - for "
	  "standard input); sends nothing, so reruns and refreshes are off" },

	{ "json", 0, NULL, CMD_SUBS, 0, G_SUB, opt_flag, AT(cli.json), NOWHERE, 0, 0, 0, NULL,
	  "print JSON with the API's own field names" },
	{ "failed", 0, NULL, CMD_RUNS, 0, G_SUB, opt_flag, AT(cli.failed),
	  AT(cli.filter.q.failed), 0, 0, 0, NULL,
	  "only runs that did not succeed (rerun: rerun them all)" },
	{ "test-runs", 0, NULL, CMD_UI | CMD_RUNS, 0, G_SUB, opt_flag, AT(cli.test_runs),
	  AT(ui.test_runs), 0, 0, 0, NULL, "include test runs" },
	{ "since", 0, "WHEN", CMD_RUNS, 0, G_SUB, opt_when, AT(cli.filter.q.since_ms), NOWHERE,
	  0, 0, 0, NULL,
	  "runs started at or after WHEN: a duration before now (90m, 24h, 7d) or an ISO 8601 "
	  "date or time (2026-01-15, 2026-01-15T10:00, 2026-01-15T10:00:00Z; local time "
	  "without a zone)" },
	{ "until", 0, "WHEN", CMD_RUNS, 0, G_SUB, opt_when, AT(cli.filter.q.until_ms), NOWHERE,
	  0, 0, 1, NULL, "runs started at or before WHEN (a date alone: to its end)" },
	{ "status", 0, "S", CMD_RUNS, 0, G_SUB, opt_status, NOWHERE, NOWHERE, 0, 0, 0, NULL,
	  "runs with this status: success, fail, timeout or an exact API status "
	  "(STATUS_TIMEOUT); repeat it for any of several" },
	{ "trigger", 0, "TEXT", CMD_RUNS, 0, G_SUB, opt_text, AT(cli.filter.trigger), NOWHERE,
	  0, 0, 0, NULL, "runs whose trigger (triggeredBy) contains TEXT, in any case" },
	{ "grep", 0, "TEXT", CMD_RUNS, 0, G_SUB, opt_text, AT(cli.filter.grep), NOWHERE, 0, 0, 0,
	  NULL, "runs whose logs contain TEXT, in any case" },
	{ "limit", 0, "N", CMD_RUNS, 0, G_SUB, opt_long, AT(cli.limit), NOWHERE, 1,
	  1000L * 1000 * 1000, 0, NULL, "keep the newest N runs (after the filters)" },
	{ "csv", 0, NULL, CMD_HISTORY, 0, G_SUB, opt_flag, AT(cli.csv), NOWHERE, 0, 0, 0, NULL,
	  "CSV (RFC 4180) with the columns of jf worker execution-history, times in RFC 3339 "
	  "UTC" },
	{ "follow", 0, NULL, CMD_HISTORY, 0, G_SUB, opt_flag, AT(cli.follow), NOWHERE, 0, 0, 0,
	  NULL, "print the runs, oldest first, then each new run as it appears (every 10 s, "
	  "or --refresh), until interrupted; with --json one object a line" },
	{ "force-record", 0, NULL, CMD_RERUN | CMD_BATCH, 0, G_SUB, opt_flag,
	  AT(cli.force_record), NOWHERE, 0, 0, 0, NULL,
	  "record the rerun in history even on success" },
	{ "yes", 0, NULL, CMD_BATCH, 0, G_SUB, opt_flag, AT(cli.yes), NOWHERE, 0, 0, 0, NULL,
	  "do not ask first (needed without a terminal)" },

	{ "ascii", 0, NULL, CMD_ALL, 0, G_UI, opt_flag, AT(ui.ascii), NOWHERE, 0, 0, 0, NULL,
	  "draw lines and bars with ASCII only" },
	{ "refresh", 0, "SECONDS", CMD_UI | CMD_HISTORY, OPT_SERVER, G_UI, opt_int,
	  AT(ui.refresh_s), AT(cli.refresh_s), 2, 86400, 0, NULL,
	  "reload the workers and the history every SECONDS (at least 2); the a key turns it "
	  "on and off; with history --follow, how often it looks for new runs" },
	{ "read-only", 0, NULL, CMD_ALL, 0, G_SERVER, opt_flag,
	  AT(ui.read_only), NOWHERE, 0, 0, 0, NULL,
	  "no reruns: r, R and X are off in the interface (READ-ONLY in its title), and rerun "
	  "exits 2 without sending anything" },
	{ "trace", 0, "FILE", CMD_ALL, OPT_SERVER, G_SERVER, opt_text, AT(trace), NOWHERE, 0, 0,
	  0, NULL,
	  "append one record per request to FILE (created 0600): method, URL, status, "
	  "timings, bytes, headers with Authorization as Bearer ***, the first 4 KiB of each "
	  "body" },
	{ "mouse", 0, NULL, CMD_UI, 0, G_UI, opt_flag, AT(ui.mouse), NOWHERE, 0, 0, 0, NULL,
	  "clicks select and focus, the wheel scrolls, a click on a question's footer answers "
	  "it (off by default: the terminal's own selection keeps working)" },
	{ "cpu-limit", 0, "MS", CMD_ALL, 0, G_UI, opt_limit, AT(ui.config_limits.max_cpu_ms),
	  NOWHERE, 1, 1000L * 1000 * 1000, 1, NULL,
	  "the CPU time limit to draw history runs against (default: the one a rerun on this "
	  "server reported, else the documented 1000 ms)" },
	{ "memory-limit", 0, "MIB", CMD_ALL, 0, G_UI, opt_limit,
	  AT(ui.config_limits.max_mem_bytes), NOWHERE, 1, 1000L * 1000 * 1000, 1024L * 1024,
	  NULL, "the peak memory limit (else 120 MiB)" },
	{ "duration-limit", 0, "MS", CMD_ALL, 0, G_UI, opt_limit,
	  AT(ui.config_limits.max_duration_ms), NOWHERE, 1, 1000L * 1000 * 1000, 1, NULL,
	  "the duration limit (else 6000 ms)" },

	{ "help", 'h', NULL, CMD_ALL, OPT_EXIT, G_INFO, opt_help, NOWHERE, NOWHERE, 0, 0, 0,
	  NULL, "show this help and exit" },
	{ "version", 'V', NULL, CMD_ALL, OPT_EXIT, G_INFO, opt_version, NOWHERE, NOWHERE, 0, 0,
	  0, NULL, "show the version and exit" },
	{ "keys-man", 0, NULL, CMD_ALL, OPT_EXIT, G_HIDDEN, opt_keys_man, NOWHERE, NOWHERE, 0,
	  0, 0, NULL, NULL },
	{ "synopsis-man", 0, NULL, CMD_ALL, OPT_EXIT, G_HIDDEN, opt_synopsis_man, NOWHERE,
	  NOWHERE, 0, 0, 0, NULL, NULL },
};
#define N_OPTS (sizeof opts / sizeof opts[0])
_Static_assert(N_OPTS <= MAX_OPTS, "raise MAX_OPTS");

static const char help_tail[] =
	"Exit status: 0 success; 1 a rerun ran but did not succeed; 2 usage or\n"
	"configuration error; 3 the request failed (network, TLS, HTTP error), or the\n"
	"output could not be written.\n"
	"There is no option for the token itself: a command line is visible to others.\n"
	"See wrun(1) for the keys of the interface.\n";

/* ---- reading the tables ---------------------------------------------------- */

static const struct opt *opt_named(const char *name)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (strcmp(opts[i].name, name) == 0)
			return &opts[i];
	return NULL;
}

static bool given(const struct args *a, const char *name)
{
	const struct opt *o = opt_named(name);

	return o && a->given[o - opts];
}

/* What --help and messages call a command: "history", "rerun --failed". */
static void cmd_label(char *buf, size_t n, const struct cmd *c)
{
	if (!c->name)
		snprintf(buf, n, "the interface");
	else if (c->form)
		snprintf(buf, n, "%s --%s", c->name, c->form);
	else
		snprintf(buf, n, "%s", c->name);
}

/* The commands of mask in words: "history or rerun --failed"; when every
 * form of a subcommand is in it, the subcommand once. */
static void mask_text(char *buf, size_t n, unsigned mask)
{
	const char *labels[N_CMDS];
	char own[N_CMDS][48];
	size_t k = 0, len = 0;

	for (size_t i = 0; i < N_CMDS; i++) {
		bool all = true, first = true;

		if (!(cmds[i].id & mask))
			continue;
		for (size_t j = 0; j < N_CMDS; j++) {
			if (j == i || !cmds[i].name || !cmds[j].name ||
			    strcmp(cmds[i].name, cmds[j].name) != 0)
				continue;
			all = all && (cmds[j].id & mask);
			first = first && j > i;
		}
		if (all && cmds[i].name) {
			if (first)
				labels[k++] = cmds[i].name;
			continue;
		}
		cmd_label(own[k], sizeof own[k], &cmds[i]);
		labels[k] = own[k];
		k++;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < k && len < n; i++) {
		int w = snprintf(buf + len, n - len, "%s%s", i == 0 ? "" : i + 1 == k ? " or " : ", ",
		                 labels[i]);

		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* The subcommands, for messages: "workers, history or rerun". */
static void sub_names(char *buf, size_t n, const char *last_sep)
{
	size_t len = 0, k = 0, total = 0;

	for (size_t i = 0; i < N_CMDS; i++)
		total += cmds[i].name && !cmds[i].form;
	buf[0] = '\0';
	for (size_t i = 0; i < N_CMDS && len < n; i++) {
		int w;

		if (!cmds[i].name || cmds[i].form)
			continue;
		k++;
		w = snprintf(buf + len, n - len, "%s%s", k == 1 ? "" : k == total ? last_sep : ", ",
		             cmds[i].name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* ---- storing values -------------------------------------------------------- */

/* A whole number from min to max, or -1 (min is at least 0). */
static long parse_count(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	return v;
}

/* "seconds", "MiB": the unit of a value's name in messages. */
static const char *unit_word(const char *arg)
{
	if (strcmp(arg, "SECONDS") == 0)
		return "seconds";
	if (strcmp(arg, "MIB") == 0)
		return "MiB";
	if (strcmp(arg, "MS") == 0)
		return "milliseconds";
	return "a number";
}

static void *field(struct args *a, size_t at)
{
	return (char *)a + at;
}

static int opt_flag(struct args *a, const struct opt *o, const char *val)
{
	*(bool *)field(a, o->at) = true;
	if (o->at2 != NOWHERE)
		*(bool *)field(a, o->at2) = true;
	return -1;
}

static int opt_text(struct args *a, const struct opt *o, const char *val)
{
	*(const char **)field(a, o->at) = val;
	if (o->at2 != NOWHERE)
		*(const char **)field(a, o->at2) = val;
	return -1;
}

static long opt_number(const struct opt *o, const char *val)
{
	long v = parse_count(val, o->min, o->max);

	if (v < 0)
		msg(MSG_USAGE, "--%s takes %s from %ld to %ld, not '%s'", o->name, unit_word(o->arg),
		    o->min, o->max, val);
	return v;
}

static int opt_long(struct args *a, const struct opt *o, const char *val)
{
	long v = opt_number(o, val);

	if (v < 0)
		return 2;
	*(long *)field(a, o->at) = v;
	if (o->at2 != NOWHERE)
		*(long *)field(a, o->at2) = v;
	return -1;
}

static int opt_int(struct args *a, const struct opt *o, const char *val)
{
	long v = opt_number(o, val);

	if (v < 0)
		return 2;
	*(int *)field(a, o->at) = (int)v;
	if (o->at2 != NOWHERE)
		*(int *)field(a, o->at2) = (int)v;
	return -1;
}

/* One field of the configured limits (the interface's; the CLI points at
 * them), in o->scale units. */
static int opt_limit(struct args *a, const struct opt *o, const char *val)
{
	long v = parse_count(val, o->min, o->max);

	if (v < 0)
		return msg(MSG_USAGE, "--%s takes a positive whole number", o->name);
	*(int64_t *)field(a, o->at) = (int64_t)v * o->scale;
	a->ui.config_limits.source = WR_LIMITS_CONFIG;
	return -1;
}

/* --since, --until (scale 1: a date alone means its end). */
static int opt_when(struct args *a, const struct opt *o, const char *val)
{
	int64_t v;

	if (!cliquery_parse_when(val, fmt_now_ms(), o->scale == 1, &v))
		return msg(MSG_USAGE, "--%s takes a duration before now (90m, 24h, 7d) or an ISO 8601 "
		           "date or time (2026-01-15, 2026-01-15T10:00:00Z), not '%s'", o->name, val);
	*(int64_t *)field(a, o->at) = v;
	return -1;
}

static int opt_status(struct args *a, const struct opt *o, const char *val)
{
	if (!*val)
		return msg(MSG_USAGE, "--status: the status is empty");
	if (!cliquery_add_status(&a->cli.filter, val))
		return msg(MSG_USAGE, "--status: at most %d of them", CLIQUERY_MAX_STATUS);
	return -1;
}

/* ---- --help and --synopsis-man --------------------------------------------- */

/* Writes text wrapped to 79 columns, from column col, continuation lines
 * indented to indent. */
static void put_wrapped(FILE *f, const char *text, int col, int indent)
{
	const char *p = text;

	while (*p) {
		size_t word = strcspn(p, " ");

		if (col > indent && col + 1 + (int)word > 79) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, word, f);
		col += (int)word;
		p += word;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

static void put_usage_line(FILE *f, bool first, const char *syn, const char *help)
{
	int w = fprintf(f, "%s%s", first ? "Usage: " : "       ", syn);

	if (w > 44)
		fprintf(f, "\n%*s", 45, "");
	else
		fprintf(f, "%*s", 45 - w, "");
	put_wrapped(f, help, 45, 45);
}

static void print_help(FILE *f)
{
	char syn[128], label[160];
	bool first = true;

	for (size_t i = 0; i < N_CMDS; i++) {
		const struct cmd *c = &cmds[i];

		snprintf(syn, sizeof syn, "wrun [OPTION]...%s%s%s%s", c->name ? " " : "",
		         c->name ? c->name : "", *c->operands ? " " : "", c->operands);
		put_usage_line(f, first, syn, c->help);
		first = false;
	}
	for (size_t i = 0; i < N_OPTS; i++) {
		const char *tab = opts[i].usage ? strchr(opts[i].usage, '\t') : NULL;

		if (!tab)
			continue;
		snprintf(syn, sizeof syn, "wrun --%s%s%s %.*s", opts[i].name, opts[i].arg ? " " : "",
		         opts[i].arg ? opts[i].arg : "", (int)(tab - opts[i].usage), opts[i].usage);
		put_usage_line(f, false, syn, tab + 1);
	}
	fputs("\nTriage and rerun JFrog Workers runs.\n", f);
	for (int g = G_SERVER; g < G_HIDDEN; g++) {
		fprintf(f, "\n%s%s", group_titles[g], *group_titles[g] ? "\n" : "");
		for (size_t i = 0; i < N_OPTS; i++) {
			const struct opt *o = &opts[i];
			int w;

			if (o->group != (enum opt_group)g || !o->help)
				continue;
			if (o->short_name)
				w = fprintf(f, "  -%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
				            o->arg ? o->arg : "");
			else
				w = fprintf(f, "      --%s%s%s", o->name, o->arg ? " " : "",
				            o->arg ? o->arg : "");
			if (w > 25) {
				fprintf(f, "\n%*s", 27, "");
				w = 27;
			} else {
				fprintf(f, "%*s", 27 - w, "");
				w = 27;
			}
			/* Which subcommands it goes with, from its row. */
			if (o->group == G_SUB && o->cmds != CMD_SUBS) {
				mask_text(label, sizeof label - 2, o->cmds);
				strcat(label, ":");
				fputs(label, f);
				w += (int)strlen(label);
			}
			put_wrapped(f, o->help, w, 27);
		}
	}
	fputc('\n', f);
	fputs(help_tail, f);
}

/* A flag's name in roff: "\-\-name". */
static void roff_flag(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

/* A value's name in roff: lower case, '_' as '-' ("history-entry-id"). */
static void roff_value(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fputc(s[i] == '_' ? '-' : tolower((unsigned char)s[i]), f);
}

/* One token of a synopsis in roff: a WORD in italics, a --flag in bold,
 * brackets and "..." around either in roman ("[OPTION]..." is
 * ".RI [ option ]..."). */
static void roff_token(FILE *f, const char *tok, size_t n)
{
	bool lead = tok[0] == '[';
	size_t start = lead, end = n;
	bool flag;

	while (end > start && (tok[end - 1] == ']' || tok[end - 1] == '.'))
		end--;
	flag = end - start > 2 && tok[start] == '-' && tok[start + 1] == '-';
	if (lead)
		fputs(flag ? ".RB [ " : ".RI [ ", f);
	else if (end < n)
		fputs(flag ? ".BR " : ".IR ", f);
	else
		fputs(flag ? ".B " : ".I ", f);
	if (flag) {
		char name[64];

		snprintf(name, sizeof name, "%.*s", (int)(end - start), tok + start);
		roff_flag(f, name);
	} else {
		roff_value(f, tok + start, end - start);
	}
	/* "\&" after "...]": no sentence space follows. */
	if (end < n)
		fprintf(f, " %.*s%s", (int)(n - end), tok + end,
		        memchr(tok + end, '.', n - end) ? "\\&" : "");
	fputc('\n', f);
}

/* "A B [C]" as roff, one token a line. */
static void roff_words(FILE *f, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, " ");

		if (n)
			roff_token(f, s, n);
		s += n;
		while (*s == ' ')
			s++;
	}
}

static void print_synopsis_man(FILE *f)
{
	fputs(".nh\n", f); /* no hyphen inside an option's name */
	for (size_t i = 0; i < N_CMDS; i++) {
		const struct cmd *c = &cmds[i];

		fputs(".B wrun\n.RI [ option ...]\\&\n", f);
		if (c->name)
			fprintf(f, ".B %s\n", c->name);
		roff_words(f, c->operands);
		/* The options that belong to it (not those of every command). */
		for (size_t j = 0; c->name && j < N_OPTS; j++) {
			const struct opt *o = &opts[j];
			char flag[64];

			snprintf(flag, sizeof flag, "--%s", o->name);
			if (!(o->cmds & c->id) || (o->cmds & CMD_ALL) == CMD_ALL || !o->help ||
			    strstr(c->operands, flag))
				continue;
			fputs(".RB [ ", f);
			roff_flag(f, flag);
			if (o->arg) {
				fputs("\n.IR ", f);
				roff_value(f, o->arg, strlen(o->arg));
			}
			fputs(" ]\n", f);
		}
		fputs(".br\n", f);
	}
	for (size_t i = 0; i < N_OPTS; i++) {
		const char *tab = opts[i].usage ? strchr(opts[i].usage, '\t') : NULL;
		char words[128];

		if (!tab)
			continue;
		fputs(".B wrun \\-\\-", f);
		roff_flag(f, opts[i].name);
		fputc('\n', f);
		if (opts[i].arg)
			roff_words(f, opts[i].arg);
		snprintf(words, sizeof words, "%.*s", (int)(tab - opts[i].usage), opts[i].usage);
		roff_words(f, words);
		fputs(".br\n", f);
	}
	fputs(".hy\n", f);
}

/* What --help and the like wrote: 0, or 3 with the reason when it could
 * not be written. */
static int written(void)
{
	if (ferror(stdout) || fflush(stdout) != 0) {
		msg(MSG_ERROR, "write error: %s", strerror(errno ? errno : EIO));
		return 3;
	}
	return 0;
}

static int opt_help(struct args *a, const struct opt *o, const char *val)
{
	errno = 0;
	print_help(stdout);
	return written();
}

static int opt_version(struct args *a, const struct opt *o, const char *val)
{
	errno = 0;
	puts(PACKAGE_STRING);
	return written();
}

static int opt_keys_man(struct args *a, const struct opt *o, const char *val)
{
	errno = 0;
	ui_print_keys_man(stdout);
	return written();
}

static int opt_synopsis_man(struct args *a, const struct opt *o, const char *val)
{
	errno = 0;
	print_synopsis_man(stdout);
	return written();
}

/* ---- parsing ---------------------------------------------------------------- */

/* Is arg, up to any '=', "--" and at least min_len characters of name? */
static bool arg_abbreviates(const char *arg, const char *name, size_t min_len)
{
	size_t n = strcspn(arg, "=");

	return n >= min_len && n <= strlen(name) && strncmp(arg, name, n) == 0;
}

/* A token must never be typed on a command line: say so before getopt would
 * echo the option back, and never repeat its value. getopt takes "--tok" and
 * the like for --token-file, whose error would then quote the token as a
 * file name: those are refused too. */
static bool argv_has_token(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (arg_abbreviates(argv[i], "--token", 4) ||
		    arg_abbreviates(argv[i], "--access-token", 4))
			return true;
	}
	return false;
}

/* The command row for the subcommand typed (NULL: the interface). */
static const struct cmd *find_cmd(const struct args *a)
{
	const struct cmd *plain = NULL;

	for (size_t i = 0; i < N_CMDS; i++) {
		const struct cmd *c = &cmds[i];

		if ((c->name == NULL) != (a->sub == NULL) || (c->name && strcmp(c->name, a->sub)))
			continue;
		if (c->form && given(a, c->form))
			return c;
		if (!c->form)
			plain = c;
	}
	return plain;
}

/* Returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, struct args *a)
{
	struct option long_options[MAX_OPTS + 1];
	char shorts[2 * MAX_OPTS + 2] = ":";
	size_t ns = 1;
	int c, rc;

	memset(long_options, 0, sizeof long_options);
	for (size_t i = 0; i < N_OPTS; i++) {
		long_options[i].name = opts[i].name;
		long_options[i].has_arg = opts[i].arg ? required_argument : no_argument;
		long_options[i].val = 256 + (int)i;
		if (opts[i].short_name) {
			shorts[ns++] = opts[i].short_name;
			if (opts[i].arg)
				shorts[ns++] = ':';
		}
	}
	shorts[ns] = '\0';
	a->ui.config_limits = model_limits_none();
	cliquery_init(&a->cli.filter);
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, long_options, NULL)) != -1) {
		const struct opt *o = NULL;

		if (c >= 256 && c < 256 + (int)N_OPTS) {
			o = &opts[c - 256];
		} else if (c != ':' && c != '?') {
			for (size_t i = 0; i < N_OPTS && !o; i++)
				if (opts[i].short_name == c)
					o = &opts[i];
		}
		if (o) {
			a->given[o - opts] = true;
			if ((rc = o->set(a, o, optarg)) >= 0)
				return rc;
			continue;
		}
		if (c == ':')
			return msg(MSG_USAGE, "%s needs a value", argv[optind - 1]);
		/* A short option in a cluster leaves optind where it was. */
		if (optopt > 0 && optopt < 256)
			return msg(MSG_USAGE, "unknown option '-%c'", optopt);
		/* The name only: "--opt=value" may hold a secret. */
		return msg(MSG_USAGE, "unknown option '%.*s'", (int)strcspn(argv[optind - 1], "="),
		           argv[optind - 1]);
	}
	a->rest = argv + optind;
	a->n_rest = argc - optind;
	if (a->n_rest > 0) {
		a->sub = a->rest[0];
		a->rest++;
		a->n_rest--;
	}
	a->cli.config_limits = &a->ui.config_limits;
	return -1;
}

/* The subcommand, its operands, and every flag against the command's row:
 * a flag that belongs elsewhere is refused, so a typo is not silently
 * ignored. */
static int check_cmd(struct args *a)
{
	char names[160], label[48];
	const struct cmd *c;

	a->cmd = c = find_cmd(a);
	if (!c) {
		sub_names(names, sizeof names, ", ");
		return msg(MSG_USAGE, "unknown subcommand '%s' (%s)", a->sub, names);
	}
	for (size_t i = 0; i < N_OPTS; i++) {
		const struct opt *o = &opts[i];

		if (!a->given[i] || (o->cmds & c->id) || (o->flags & OPT_EXIT))
			continue;
		if (c->id == CMD_UI) {
			mask_text(names, sizeof names, o->cmds);
			return msg(MSG_USAGE, "--%s goes with a subcommand (%s)", o->name, names);
		}
		cmd_label(label, sizeof label, c);
		if (o->cmds == CMD_UI)
			return msg(MSG_USAGE, "--%s goes with the interface (no subcommand), not '%s'",
			           o->name, label);
		mask_text(names, sizeof names, o->cmds);
		return msg(MSG_USAGE, "--%s goes with %s, not '%s'", o->name, names, label);
	}
	if (a->n_rest > c->max_operands) {
		if (c->max_operands == 0)
			return msg(MSG_USAGE, "%s takes no arguments, not '%s'", c->name, a->rest[0]);
		return msg(MSG_USAGE, "%s takes at most %d argument%s (%s), not '%s'", c->name,
		           c->max_operands, c->max_operands == 1 ? "" : "s", c->operands,
		           a->rest[c->max_operands]);
	}
	if (a->n_rest < c->min_operands)
		return msg(MSG_USAGE, "%s needs %s", c->name, c->operands);
	/* An empty key would list every worker's runs as if they were one's. */
	for (int i = 0; i < a->n_rest && i < 2; i++)
		if (!*a->rest[i])
			return msg(MSG_USAGE, "%s: the %s is empty", c->name,
			           c->what[i] ? c->what[i] : "argument");
	if (a->cli.filter.q.since_ms != WR_NONE && a->cli.filter.q.until_ms != WR_NONE &&
	    a->cli.filter.q.since_ms > a->cli.filter.q.until_ms)
		return msg(MSG_USAGE, "--since is later than --until: no run could match");
	return -1;
}

/* --file browses a saved history with no server: what chooses or reaches a
 * server does not go with it. */
static int check_file_flags(const struct args *a)
{
	if (!a->file)
		return -1;
	if (!*a->file)
		return msg(MSG_USAGE, "--file: the file name is empty");
	for (size_t i = 0; i < N_OPTS; i++)
		if (a->given[i] && (opts[i].flags & OPT_SERVER))
			return msg(MSG_USAGE, "--file browses a saved history without a server: "
			           "drop --%s", opts[i].name);
	return -1;
}

/* --demo brings its own server and token. */
static int check_demo_flags(const struct args *a)
{
	if (!a->demo)
		return -1;
	for (size_t i = 0; i < N_OPTS; i++)
		if (a->given[i] && (opts[i].flags & OPT_PICKS))
			return msg(MSG_USAGE, "--demo uses its own server: drop --%s", opts[i].name);
	return -1;
}

/* ---- the commands ---------------------------------------------------------- */

/* The history came on standard input: the keys come from the controlling
 * terminal, put where curses and the loop read them (descriptor 0). */
static bool keys_from_tty(void)
{
	int fd;

	do
		fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		msg(MSG_ERROR, "--file -: the history came on standard input, and the keys need a "
		    "terminal: /dev/tty: %s", strerror(errno));
		return false;
	}
	if (fd != STDIN_FILENO) {
		if (dup2(fd, STDIN_FILENO) < 0) {
			msg(MSG_ERROR, "/dev/tty: %s", strerror(errno));
			close(fd);
			return false;
		}
		close(fd);
	}
	clearerr(stdin);
	return true;
}

/* --file: the history is read whole before the terminal is touched, so a
 * file that is not one ends wrun with exit 2 and the reason on stderr. No
 * server is resolved; nothing is sent. */
static int run_file(struct args *a)
{
	struct wr_worker_list *workers = calloc(1, sizeof *workers);
	struct wr_run_list *runs = calloc(1, sizeof *runs);
	long mib = a->conf.max_body_mib ? a->conf.max_body_mib : CONF_DEFAULT_MAX_BODY_MIB;
	bool from_stdin = strcmp(a->file, "-") == 0;
	struct ui_source src = { 0 };
	struct wr_error err;
	char name[256];

	sanitize_buf(name, sizeof name, history_file_name(a->file),
	             strlen(history_file_name(a->file)), 0);
	if (!workers || !runs || !model_run_list_init(runs)) {
		msg(MSG_ERROR, "out of memory");
		goto fail;
	}
	if (from_stdin && isatty(STDIN_FILENO)) {
		msg(MSG_USAGE, "--file -: standard input is a terminal; redirect the history to it "
		    "(wrun --file - < FILE)");
		goto fail;
	}
	if (!history_file_read(a->file, (size_t)mib * 1024 * 1024, runs, &err) ||
	    !history_file_workers(runs, workers, &err)) {
		msg(MSG_ERROR, "%s", err.msg);
		goto fail;
	}
	if (!a->ui.test_runs)
		history_file_drop_test_runs(runs);
	if (!isatty(STDOUT_FILENO)) {
		msg(MSG_ERROR, "the interface needs a terminal on its output (%s: a run history of "
		    "%zu run%s, %zu worker%s)", name, runs->n, runs->n == 1 ? "" : "s", workers->n,
		    workers->n == 1 ? "" : "s");
		goto fail;
	}
	if (from_stdin && !keys_from_tty())
		goto fail;
	a->ui.banner = "file";
	src.file = history_file_name(a->file);
	src.workers = workers;
	src.runs = runs;
	return ui_run(&src, &a->ui);
fail:
	if (runs) {
		model_run_list_free(runs);
		free(runs);
	}
	if (workers) {
		model_worker_list_free(workers);
		free(workers);
	}
	return 2;
}

static const char *demo_getenv(const char *name);

static int cmd_ui(struct args *a, struct api *api, const struct wr_server *srv)
{
	struct ui_source src = { .srv = srv, .api = api };

	/* S switches servers: resolved again with these flags. */
	a->ui.conf = &a->conf;
	a->ui.conf_env = a->demo ? demo_getenv : NULL;
	return ui_run(&src, &a->ui);
}

static int cmd_workers(struct args *a, struct api *api, const struct wr_server *srv)
{
	return cli_workers(api, &a->cli);
}

static int cmd_history(struct args *a, struct api *api, const struct wr_server *srv)
{
	return cli_history(api, srv, a->n_rest ? a->rest[0] : NULL, &a->cli);
}

static int cmd_rerun(struct args *a, struct api *api, const struct wr_server *srv)
{
	return cli_rerun(api, srv, a->rest[0], a->rest[1], &a->cli);
}

static int cmd_rerun_failed(struct args *a, struct api *api, const struct wr_server *srv)
{
	return cli_rerun_failed(api, srv, a->n_rest ? a->rest[0] : NULL, &a->cli);
}

/* The demo's environment: its URL and throwaway token, nothing else. */
static const struct demo *demo_env_source;
/* The server's settings from wrun's config, where no flag gave them. */
static void apply_prefs(struct args *a, const struct conf_prefs *p)
{
	struct wr_limits *l = &a->ui.config_limits;

	if (!a->sub && !a->ui.refresh_s && p->refresh_s)
		a->ui.refresh_s = p->refresh_s;
	if (!a->sub && p->mouse)
		a->ui.mouse = true;
	if (p->read_only)
		a->ui.read_only = true;
	if (l->max_cpu_ms == WR_NONE && p->cpu_limit_ms > 0) {
		l->max_cpu_ms = p->cpu_limit_ms;
		l->source = WR_LIMITS_CONFIG;
	}
	if (l->max_mem_bytes == WR_NONE && p->memory_limit_mib > 0) {
		l->max_mem_bytes = (int64_t)p->memory_limit_mib * 1024 * 1024;
		l->source = WR_LIMITS_CONFIG;
	}
	if (l->max_duration_ms == WR_NONE && p->duration_limit_ms > 0) {
		l->max_duration_ms = p->duration_limit_ms;
		l->source = WR_LIMITS_CONFIG;
	}
}

static const char *demo_getenv(const char *name)
{
	if (strcmp(name, "JF_URL") == 0)
		return demo_env_source->url;
	if (strcmp(name, "JF_ACCESS_TOKEN") == 0)
		return demo_env_source->token;
	if (strcmp(name, "JFROG_CLI_HOME_DIR") == 0 || strcmp(name, "HOME") == 0 ||
	    strcmp(name, "XDG_CONFIG_HOME") == 0)
		return NULL;
	return getenv(name);
}

static int run(struct args *a, const struct wr_server *srv)
{
	struct wr_error err;
	struct api *api;
	int rc;

	/* The interface has handlers of its own: from here a signal acts as it
	 * did before wrun caught it, and one caught already ends wrun now. */
	if (a->cmd->id == CMD_UI)
		cli_signals_release();
	if (cli_signal())
		return 128 + cli_signal();
	/* Read-only: nothing is sent, whatever else is wrong. */
	if (a->ui.read_only && (a->cmd->run == cmd_rerun || a->cmd->run == cmd_rerun_failed))
		return msg(MSG_USAGE, "read-only (%s): reruns are off; nothing was sent",
		           srv->prefs.read_only ? "wrun's config" : "--read-only");
	api = api_new(srv, &err);
	if (!api) {
		msg(MSG_ERROR, "%s", err.msg);
		return wr_error_exit_code(&err);
	}
	if (a->trace && !http_trace_open(api_http(api), a->trace, &err)) {
		msg(MSG_ERROR, "%s", err.msg);
		api_free(api);
		return 2;
	}
	rc = a->cmd->run(a, api, srv);
	api_free(api);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a;
	struct wr_server srv;
	struct wr_error err;
	struct demo demo;
	char *limits_dir;
	char names[160];
	bool is_ui;
	int rc;

	setlocale(LC_ALL, "");
	memset(&a, 0, sizeof a);
	if (argv_has_token(argc, argv)) {
		msg(MSG_ERROR, "there is no --token option: a token on a command line is visible "
		    "to\nother users. Set JF_ACCESS_TOKEN, or use --token-file FILE.");
		return 2;
	}
	if ((rc = parse_args(argc, argv, &a)) >= 0)
		return rc;
	if ((rc = check_cmd(&a)) >= 0)
		return rc;
	if ((rc = check_file_flags(&a)) >= 0)
		return rc;
	if (a.file)
		return run_file(&a);
	is_ui = a.cmd->id == CMD_UI;

	/* Keys may come from a pipe (its end ends the interface), but the
	 * screen must be a terminal. */
	if (is_ui && !isatty(STDOUT_FILENO)) {
		sub_names(names, sizeof names, " or ");
		msg(MSG_ERROR, "the interface needs a terminal on its output; for scripts, use a\n"
		    "subcommand: %s (see wrun --help)", names);
		return 2;
	}
	if ((rc = check_demo_flags(&a)) >= 0)
		return rc;
	/* A subcommand stopped by a signal still stops the demo's simulator and
	 * removes its folder (the interface catches signals of its own). */
	cli_signals_catch(!is_ui);
	if (a.demo) {
		if (!demo_start(&demo, &err)) {
			if (cli_signal())
				return 128 + cli_signal();
			msg(MSG_ERROR, "%s", err.msg);
			return 2;
		}
		demo_env_source = &demo;
		a.ui.banner = "demo";
	}
	if (!conf_resolve(&a.conf, a.demo ? demo_getenv : NULL, &srv, &err)) {
		msg(MSG_ERROR, "%s", err.msg);
		if (a.demo)
			demo_stop(&demo);
		return wr_error_exit_code(&err);
	}
	apply_prefs(&a, &srv.prefs);
	if (srv.insecure)
		msg(MSG_WARNING, "--insecure: TLS certificates are not verified; anyone on the\n"
		    "path can read the token and forge answers.");
	/* The limits reruns report are kept for the next start; not the
	 * demo's, whose server is gone when it ends. */
	limits_dir = a.demo ? NULL : limits_cache_dir(NULL);
	a.ui.limits_dir = a.cli.limits_dir = limits_dir;
	rc = run(&a, &srv);
	free(limits_dir);
	conf_server_free(&srv);
	if (a.demo)
		demo_stop(&demo);
	if (!is_ui && cli_signal())
		rc = 128 + cli_signal();
	return rc;
}
