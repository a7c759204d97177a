/* main.c - wrun: flags, configuration, then the UI or a subcommand. */
#include "config.h"

#include "api.h"
#include "cli.h"
#include "conf.h"
#include "demo.h"
#include "error.h"
#include "history_file.h"
#include "limits_cache.h"
#include "sanitize.h"
#include "ui.h"
#include "ui_keys.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"Usage: wrun [OPTION]...                      the interactive interface\n"
	"       wrun [OPTION]... workers              list the workers\n"
	"       wrun [OPTION]... history [WORKER]     list runs, newest first\n"
	"       wrun [OPTION]... rerun WORKER HISTORY_ENTRY_ID\n"
	"       wrun --demo [SUBCOMMAND...]          the same, on the bundled simulator\n"
	"       wrun --file FILE [OPTION]...         the interface on a saved history\n"
	"\n"
	"Triage and rerun JFrog Workers runs.\n"
	"\n"
	"Server and credentials:\n"
	"      --url URL            JFrog Platform URL (default: $JF_URL, else the JFrog\n"
	"                           CLI config's default server)\n"
	"      --server-id ID       use this server of wrun's config, else of the JFrog\n"
	"                           CLI config\n"
	"      --config FILE        read wrun's config from FILE (default:\n"
	"                           $XDG_CONFIG_HOME/wrun/config, ~/.config/wrun/config)\n"
	"      --token-file FILE    read the access token from FILE (default:\n"
	"                           $JF_ACCESS_TOKEN, else the JFrog CLI config)\n"
	"      --project KEY        scope requests to this project\n"
	"      --cacert FILE        trust the CA certificates in FILE\n"
	"      --insecure           do not verify TLS certificates (always warned)\n"
	"      --timeout SECONDS    connect timeout, and longest wait for data (default 10)\n"
	"      --max-body MIB       largest response or --file accepted (default 512)\n"
	"      --demo               start the bundled Workers simulator and use it\n"
	"      --file FILE          no server: browse FILE, saved by wrun history --json\n"
	"                           (or a raw API answer; - for standard input); sends\n"
	"                           nothing, so reruns and refreshes are off\n"
	"\n"
	"Subcommand options:\n"
	"      --json               print JSON with the API's own field names\n"
	"      --failed             history: only runs that did not succeed\n"
	"      --test-runs          history: include test runs\n"
	"      --force-record       rerun: record the rerun in history even on success\n"
	"\n"
	"Interface:\n"
	"      --ascii              draw lines and bars with ASCII only\n"
	"      --refresh SECONDS    reload the workers and the history every SECONDS\n"
	"                           (at least 2); the a key turns it on and off\n"
	"      --mouse              clicks select and focus, the wheel scrolls, a click\n"
	"                           on a question's footer answers it (off by default:\n"
	"                           the terminal's own selection keeps working)\n"
	"      --cpu-limit MS       limits to draw history metrics against, over the\n"
	"      --memory-limit MIB     ones a rerun reported (saved per server); else\n"
	"      --duration-limit MS    the documented 1000 ms, 120 MiB, 6000 ms\n"
	"\n"
	"  -h, --help               show this help and exit\n"
	"  -V, --version            show the version and exit\n"
	"\n"
	"Exit status: 0 success; 1 the rerun ran but did not succeed; 2 usage or\n"
	"configuration error; 3 the request failed (network, TLS, HTTP error).\n"
	"There is no option for the token itself: a command line is visible to others.\n"
	"See wrun(1) for the keys of the interface.\n";

enum {
	OPT_URL = 256, OPT_CONFIG, OPT_SERVER_ID, OPT_TOKEN_FILE, OPT_PROJECT, OPT_CACERT, OPT_INSECURE,
	OPT_TIMEOUT, OPT_MAX_BODY, OPT_DEMO, OPT_FILE, OPT_JSON, OPT_FAILED, OPT_TEST_RUNS,
	OPT_FORCE_RECORD, OPT_ASCII, OPT_CPU_LIMIT, OPT_MEM_LIMIT, OPT_DUR_LIMIT, OPT_KEYS_MAN,
	OPT_REFRESH, OPT_MOUSE,
};

static const struct option long_options[] = {
	{ "url", required_argument, NULL, OPT_URL },
	{ "server-id", required_argument, NULL, OPT_SERVER_ID },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "project", required_argument, NULL, OPT_PROJECT },
	{ "cacert", required_argument, NULL, OPT_CACERT },
	{ "insecure", no_argument, NULL, OPT_INSECURE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "max-body", required_argument, NULL, OPT_MAX_BODY },
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ "file", required_argument, NULL, OPT_FILE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "failed", no_argument, NULL, OPT_FAILED },
	{ "test-runs", no_argument, NULL, OPT_TEST_RUNS },
	{ "force-record", no_argument, NULL, OPT_FORCE_RECORD },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "refresh", required_argument, NULL, OPT_REFRESH },
	{ "mouse", no_argument, NULL, OPT_MOUSE },
	{ "cpu-limit", required_argument, NULL, OPT_CPU_LIMIT },
	{ "memory-limit", required_argument, NULL, OPT_MEM_LIMIT },
	{ "duration-limit", required_argument, NULL, OPT_DUR_LIMIT },
	{ "keys-man", no_argument, NULL, OPT_KEYS_MAN },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct args {
	struct conf_flags conf;
	struct cli_opts cli;
	struct ui_opts ui;
	bool demo;
	const char *file; /* --file: a saved history, no server */
	bool json, failed, test_runs, force_record; /* to check they fit the subcommand */
	const char *sub;
	char **rest;
	int n_rest;
};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("wrun: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'wrun --help'.\n", stderr);
	return 2;
}

/* A positive whole number no larger than max, or -1. */
static long parse_count(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > max)
		return -1;
	return v;
}

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

static int set_limit(int64_t *field, const char *arg, const char *name, int64_t scale,
                     struct wr_limits *lim)
{
	long v = parse_count(arg, 1000L * 1000 * 1000);

	if (v < 0)
		return usage_error("%s takes a positive whole number", name);
	*field = (int64_t)v * scale;
	lim->source = WR_LIMITS_CONFIG;
	return 0;
}

/* Returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, struct args *a)
{
	int c, rc;
	long v;

	a->ui.config_limits = model_limits_none();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hV", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_URL: a->conf.url = optarg; break;
		case OPT_SERVER_ID: a->conf.server_id = optarg; break;
		case OPT_CONFIG: a->conf.config_path = optarg; break;
		case OPT_TOKEN_FILE: a->conf.token_file = optarg; break;
		case OPT_PROJECT: a->conf.project = optarg; break;
		case OPT_CACERT: a->conf.cacert = optarg; break;
		case OPT_INSECURE: a->conf.insecure = true; break;
		case OPT_TIMEOUT:
			if ((v = parse_count(optarg, 3600)) < 0)
				return usage_error("--timeout takes seconds from 1 to 3600, not '%s'", optarg);
			a->conf.timeout_s = v;
			break;
		case OPT_MAX_BODY:
			if ((v = parse_count(optarg, 1L << 20)) < 0)
				return usage_error("--max-body takes MiB from 1 to 1048576, not '%s'", optarg);
			a->conf.max_body_mib = v;
			break;
		case OPT_DEMO: a->demo = true; break;
		case OPT_FILE: a->file = optarg; break;
		case OPT_JSON: a->json = true; break;
		case OPT_FAILED: a->failed = true; break;
		case OPT_TEST_RUNS: a->test_runs = true; break;
		case OPT_FORCE_RECORD: a->force_record = true; break;
		case OPT_ASCII: a->ui.ascii = true; break;
		case OPT_MOUSE: a->ui.mouse = true; break;
		case OPT_REFRESH:
			if ((v = parse_count(optarg, 86400)) < 2)
				return usage_error("--refresh takes seconds from 2 to 86400, not '%s'", optarg);
			a->ui.refresh_s = (int)v;
			break;
		case OPT_CPU_LIMIT:
			if ((rc = set_limit(&a->ui.config_limits.max_cpu_ms, optarg, "--cpu-limit", 1,
			                    &a->ui.config_limits)))
				return rc;
			break;
		case OPT_MEM_LIMIT:
			if ((rc = set_limit(&a->ui.config_limits.max_mem_bytes, optarg, "--memory-limit",
			                    1024 * 1024, &a->ui.config_limits)))
				return rc;
			break;
		case OPT_DUR_LIMIT:
			if ((rc = set_limit(&a->ui.config_limits.max_duration_ms, optarg,
			                    "--duration-limit", 1, &a->ui.config_limits)))
				return rc;
			break;
		case OPT_KEYS_MAN:
			ui_print_keys_man(stdout);
			return 0;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			puts(PACKAGE_STRING);
			return 0;
		case ':':
			return usage_error("%s needs a value", argv[optind - 1]);
		default:
			/* A short option in a cluster leaves optind where it was. */
			if (optopt > 0 && optopt < 256)
				return usage_error("unknown option '-%c'", optopt);
			/* The name only: "--opt=value" may hold a secret. */
			return usage_error("unknown option '%.*s'",
			                   (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
		}
	}
	a->rest = argv + optind;
	a->n_rest = argc - optind;
	if (a->n_rest > 0) {
		a->sub = a->rest[0];
		a->rest++;
		a->n_rest--;
	}
	return -1;
}

/* Flags that belong to one subcommand are refused elsewhere, so a typo is
 * not silently ignored. */
static int check_sub_flags(struct args *a)
{
	bool is_hist = a->sub && strcmp(a->sub, "history") == 0;
	bool is_rerun = a->sub && strcmp(a->sub, "rerun") == 0;

	if (!a->sub) {
		if (a->json)
			return usage_error("%s goes with a subcommand (workers, history, rerun)", "--json");
		if (a->failed || a->force_record)
			return usage_error("%s goes with a subcommand", a->failed ? "--failed" : "--force-record");
	} else if (a->ui.refresh_s || a->ui.mouse) {
		return usage_error("%s goes with the interface (no subcommand)",
		                   a->ui.refresh_s ? "--refresh" : "--mouse");
	} else if (strcmp(a->sub, "workers") == 0) {
		if (a->n_rest > 0)
			return usage_error("workers takes no arguments, not '%s'", a->rest[0]);
	} else if (is_hist) {
		if (a->n_rest > 1)
			return usage_error("history takes at most one worker key, not '%s'", a->rest[1]);
		/* An empty key would list every worker's runs as if they were one's. */
		if (a->n_rest == 1 && !*a->rest[0])
			return usage_error("history: the worker key is empty");
	} else if (is_rerun) {
		if (a->n_rest != 2)
			return usage_error("rerun needs WORKER and HISTORY_ENTRY_ID");
		if (!*a->rest[0] || !*a->rest[1])
			return usage_error("rerun: the %s is empty",
			                   !*a->rest[0] ? "worker key" : "history entry ID");
	} else {
		return usage_error("unknown subcommand '%s' (workers, history, rerun)", a->sub);
	}
	if (a->failed && !is_hist)
		return usage_error("%s goes with history", "--failed");
	if (a->test_runs && a->sub && !is_hist)
		return usage_error("%s goes with history (or the interface)", "--test-runs");
	if (a->force_record && !is_rerun)
		return usage_error("%s goes with rerun", "--force-record");
	a->cli.json = a->json;
	a->cli.failed = a->failed;
	a->cli.test_runs = a->test_runs;
	a->cli.force_record = a->force_record;
	a->cli.config_limits = a->ui.config_limits;
	a->ui.test_runs = a->test_runs;
	return -1;
}

/* --file browses a saved history with no server: what chooses or reaches a
 * server, and the subcommands (each asks one), do not go with it. */
static int check_file_flags(const struct args *a)
{
	const struct conf_flags *c = &a->conf;
	const char *server = a->demo ? "--demo" : c->url ? "--url" : c->server_id ? "--server-id"
	                     : c->token_file ? "--token-file" : c->project ? "--project"
	                     : c->cacert ? "--cacert" : c->insecure ? "--insecure"
	                     : c->timeout_s ? "--timeout" : a->ui.refresh_s ? "--refresh" : NULL;

	if (!a->file)
		return -1;
	if (!*a->file)
		return usage_error("--file: the file name is empty");
	if (a->sub)
		return usage_error("--file goes with the interface (no subcommand), not '%s'", a->sub);
	if (server)
		return usage_error("--file browses a saved history without a server: drop %s", server);
	return -1;
}

/* The history came on standard input: the keys come from the controlling
 * terminal, put where curses and the loop read them (descriptor 0). */
static bool keys_from_tty(void)
{
	int fd;

	do
		fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		fprintf(stderr, "wrun: --file -: the history came on standard input, and the keys "
		        "need a terminal: /dev/tty: %s\n", strerror(errno));
		return false;
	}
	if (fd != STDIN_FILENO) {
		if (dup2(fd, STDIN_FILENO) < 0) {
			fprintf(stderr, "wrun: /dev/tty: %s\n", strerror(errno));
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
		fputs("wrun: out of memory\n", stderr);
		goto fail;
	}
	if (from_stdin && isatty(STDIN_FILENO)) {
		usage_error("--file -: standard input is a terminal; redirect the history to it "
		            "(wrun --file - < FILE)");
		goto fail;
	}
	if (!history_file_read(a->file, (size_t)mib * 1024 * 1024, runs, &err) ||
	    !history_file_workers(runs, workers, &err)) {
		fprintf(stderr, "wrun: %s\n", err.msg);
		goto fail;
	}
	if (!a->test_runs)
		history_file_drop_test_runs(runs);
	if (!isatty(STDOUT_FILENO)) {
		fprintf(stderr, "wrun: the interface needs a terminal on its output (%s: a run "
		        "history of %zu run%s, %zu worker%s)\n", name, runs->n,
		        runs->n == 1 ? "" : "s", workers->n, workers->n == 1 ? "" : "s");
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

/* The server's settings from wrun's config, where no flag gave them. */
static void apply_prefs(struct args *a, const struct conf_prefs *p)
{
	struct wr_limits *l = &a->ui.config_limits;

	if (!a->sub && !a->ui.refresh_s && p->refresh_s)
		a->ui.refresh_s = p->refresh_s;
	if (!a->sub && p->mouse)
		a->ui.mouse = true;
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
	a->cli.config_limits = *l;
}

/* The demo's environment: its URL and throwaway token, nothing else. */
static const struct demo *demo_env_source;
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
	if (!a->sub)
		cli_signals_release();
	if (cli_signal())
		return 128 + cli_signal();
	api = api_new(srv, &err);
	if (!api) {
		fprintf(stderr, "wrun: %s\n", err.msg);
		return wr_error_exit_code(&err);
	}
	if (!a->sub) {
		struct ui_source src = { .srv = srv, .api = api };

		a->ui.conf = &a->conf;
		a->ui.conf_env = a->demo ? demo_getenv : NULL;
		rc = ui_run(&src, &a->ui);
	}
	else if (strcmp(a->sub, "workers") == 0)
		rc = cli_workers(api, &a->cli);
	else if (strcmp(a->sub, "history") == 0)
		rc = cli_history(api, srv, a->n_rest ? a->rest[0] : NULL, &a->cli);
	else
		rc = cli_rerun(api, srv, a->rest[0], a->rest[1], &a->cli);
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
	int rc;

	setlocale(LC_ALL, "");
	memset(&a, 0, sizeof a);
	if (argv_has_token(argc, argv)) {
		fputs("wrun: there is no --token option: a token on a command line is visible to\n"
		      "other users. Set JF_ACCESS_TOKEN, or use --token-file FILE.\n", stderr);
		return 2;
	}
	if ((rc = parse_args(argc, argv, &a)) >= 0)
		return rc;
	if ((rc = check_file_flags(&a)) >= 0)
		return rc;
	if ((rc = check_sub_flags(&a)) >= 0)
		return rc;
	if (a.file)
		return run_file(&a);

	/* Keys may come from a pipe (its end ends the interface), but the
	 * screen must be a terminal. */
	if (!a.sub && !isatty(STDOUT_FILENO)) {
		fputs("wrun: the interface needs a terminal on its output; for scripts, use a\n"
		      "subcommand: workers, history or rerun (see wrun --help)\n", stderr);
		return 2;
	}
	/* A subcommand stopped by a signal still stops the demo's simulator and
	 * removes its folder (the interface catches signals of its own). */
	cli_signals_catch(a.sub != NULL);
	if (a.demo) {
		if (a.conf.url || a.conf.server_id || a.conf.token_file || a.conf.config_path)
			return usage_error("%s uses its own server: drop --url, --server-id, --token-file "
			                   "and --config",
			                   "--demo");
		if (!demo_start(&demo, &err)) {
			if (cli_signal())
				return 128 + cli_signal();
			fprintf(stderr, "wrun: %s\n", err.msg);
			return 2;
		}
		demo_env_source = &demo;
		a.ui.banner = "demo";
	}
	if (!conf_resolve(&a.conf, a.demo ? demo_getenv : NULL, &srv, &err)) {
		fprintf(stderr, "wrun: %s\n", err.msg);
		if (a.demo)
			demo_stop(&demo);
		return wr_error_exit_code(&err);
	}
	apply_prefs(&a, &srv.prefs);
	if (srv.insecure)
		fputs("wrun: warning: --insecure: TLS certificates are not verified; anyone on the\n"
		      "path can read the token and forge answers.\n", stderr);
	/* The limits reruns report are kept for the next start; not the
	 * demo's, whose server is gone when it ends. */
	limits_dir = a.demo ? NULL : limits_cache_dir(NULL);
	a.ui.limits_dir = a.cli.limits_dir = limits_dir;
	rc = run(&a, &srv);
	free(limits_dir);
	conf_server_free(&srv);
	if (a.demo)
		demo_stop(&demo);
	if (a.sub && cli_signal())
		rc = 128 + cli_signal();
	return rc;
}
