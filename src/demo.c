/* demo.c - wrun --demo: start and stop the bundled Workers simulator. */
#include "config.h"

#include "demo.h"
#include "cli.h"
#include "sanitize.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool file_exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/* dir/rel into buf when that file exists; false otherwise. */
static bool try_path(char *buf, size_t n, const char *dir, const char *rel)
{
	int k = snprintf(buf, n, "%s/%s", dir, rel);

	return k > 0 && (size_t)k < n && file_exists(buf);
}

const char *demo_sim_path(void)
{
	static char found[PATH_MAX];
	char exe[PATH_MAX];
	const char *env = getenv("WRUN_SIM");
	ssize_t len;
	char *slash;

	if (env && *env)
		return env;
	/* Next to the binary: a build tree (src/wrun, tests/sim/), then a
	 * relocated install (bin/wrun, share/wrun/). Never a path fixed at
	 * build time: the build tree may be gone, or someone else's. */
	len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (try_path(found, sizeof found, exe, "../tests/sim/wrun-sim.py") ||
			    try_path(found, sizeof found, exe, "../share/" PACKAGE "/wrun-sim.py"))
				return found;
		}
	}
	if (file_exists(WRUN_PKGDATADIR "/wrun-sim.py"))
		return WRUN_PKGDATADIR "/wrun-sim.py";
	return NULL;
}

static bool make_token(char *out, size_t outsz)
{
	unsigned char raw[16];
	size_t i;

	if (outsz < 2 * sizeof raw + 1 || getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
		return false;
	for (i = 0; i < sizeof raw; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return true;
}

/* In the child: never returns. */
static void exec_sim(const struct demo *d, const char *sim, pid_t parent)
{
	char port_file[96], log_file[96];
	const char *python = WRUN_PYTHON3;
	int fd;

	/* Die with wrun, even if it crashes. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(127);
	snprintf(port_file, sizeof port_file, "%s/port", d->dir);
	snprintf(log_file, sizeof log_file, "%s/sim.log", d->dir);
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	fd = open(log_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	/* The simulator needs none of the user's secrets: the real token must
	 * not sit in another program's environment (readable in /proc, and
	 * passed on to whatever it starts). */
	if (unsetenv("JF_ACCESS_TOKEN") != 0 || unsetenv("JFROG_CLI_ENCRYPTION_KEY") != 0)
		_exit(127);
	/* Its throwaway token goes through the environment, never argv. */
	if (setenv("WRUN_SIM_TOKEN", d->token, 1) != 0)
		_exit(127);
	if (access(python, X_OK) != 0)
		python = "python3";
	execlp(python, python, sim, "--demo", "--port-file", port_file, (char *)NULL);
	fprintf(stderr, "cannot run %s: %s\n", python, strerror(errno));
	_exit(127);
}

/* The last line of the simulator's log, made safe for a terminal. */
static void sim_log_excerpt(const struct demo *d, char *buf, size_t n)
{
	char path[96], line[200];
	FILE *f;
	size_t len = 0;

	buf[0] = line[0] = '\0';
	snprintf(path, sizeof path, "%s/sim.log", d->dir);
	f = fopen(path, "r");
	if (!f)
		return;
	/* The last line says why, for Python tracebacks and our own messages. */
	while (fgets(line, (int)sizeof line, f))
		len = strlen(line);
	fclose(f);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	sanitize_buf(buf, n, line, len, SAN_TAB_TO_SPACE);
}

static bool read_port(const struct demo *d, long *port)
{
	char path[96], buf[16];
	FILE *f;
	char *end;
	bool ok = false;

	snprintf(path, sizeof path, "%s/port", d->dir);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fgets(buf, sizeof buf, f)) {
		*port = strtol(buf, &end, 10);
		ok = end != buf && *port > 0 && *port < 65536;
	}
	fclose(f);
	return ok;
}

bool demo_start(struct demo *d, struct wr_error *err)
{
	const char *sim = demo_sim_path();
	const char *tmp = getenv("TMPDIR");
	pid_t parent = getpid();
	long port = 0;
	int i, status;

	memset(d, 0, sizeof *d);
	d->pid = -1;
	if (!sim) {
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "--demo needs the Workers simulator, wrun-sim.py, which is installed with "
		             "wrun (make install puts it in %s) and runs with python3; it is not there "
		             "nor next to this wrun: install wrun, or set WRUN_SIM to the script's path",
		             WRUN_PKGDATADIR);
		return false;
	}
	if (!file_exists(sim)) {
		char shown[256];

		sanitize_buf(shown, sizeof shown, sim, strlen(sim), 0);
		wr_error_set(err, WR_ERR_CONFIG, 0,
		             "--demo: the simulator %s is missing (set WRUN_SIM to its path)", shown);
		return false;
	}
	if (!tmp || !*tmp || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(d->dir, sizeof d->dir, "%s/wrun-demo.XXXXXX", tmp);
	if (!mkdtemp(d->dir)) {
		char shown[64];
		int e = errno;

		sanitize_buf(shown, sizeof shown, tmp, strlen(tmp), 0);
		wr_error_set(err, WR_ERR_SYSTEM, 0, "--demo: cannot create a folder in %s: %s", shown,
		             strerror(e));
		d->dir[0] = '\0';
		return false;
	}
	if (!make_token(d->token, sizeof d->token)) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "--demo: no random bytes for a token");
		demo_stop(d);
		return false;
	}
	d->pid = fork();
	if (d->pid < 0) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "--demo: fork: %s", strerror(errno));
		demo_stop(d);
		return false;
	}
	if (d->pid == 0)
		exec_sim(d, sim, parent);

	/* Start-up only: the simulator writes its port file once listening. */
	for (i = 0; i < 1000; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		if (cli_signal()) {
			wr_error_set(err, WR_ERR_CANCELED, 0, "--demo: interrupted");
			demo_stop(d);
			return false;
		}
		if (read_port(d, &port))
			break;
		if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
			char why[200];

			d->pid = -1;
			sim_log_excerpt(d, why, sizeof why);
			wr_error_set(err, WR_ERR_SYSTEM, 0, "--demo: the simulator did not start%s%s",
			             why[0] ? ": " : "", why);
			demo_stop(d);
			return false;
		}
		nanosleep(&ts, NULL);
	}
	if (port == 0) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "--demo: the simulator did not start in 10 s");
		demo_stop(d);
		return false;
	}
	snprintf(d->url, sizeof d->url, "http://127.0.0.1:%ld", port);
	return true;
}

/* The folder holds only what the simulator wrote: remove its files, then it. */
static void remove_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char path[PATH_MAX];

	if (dp) {
		while ((de = readdir(dp)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) < (int)sizeof path)
				unlink(path);
		}
		closedir(dp);
	}
	rmdir(dir);
}

void demo_stop(struct demo *d)
{
	if (d->pid > 0) {
		int status;

		kill(d->pid, SIGTERM);
		while (waitpid(d->pid, &status, 0) < 0 && errno == EINTR)
			;
		d->pid = -1;
	}
	if (d->dir[0]) {
		remove_dir(d->dir);
		d->dir[0] = '\0';
	}
	explicit_bzero(d->token, sizeof d->token);
}
