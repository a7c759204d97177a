/* ui_term.c - curses set-up and restore, colours, signals, crash handler.
 *
 * Signals: SIGINT, SIGTERM, SIGHUP and every other signal whose default
 * action ends the process without a crash (SIGQUIT, SIGPIPE, SIGUSR1,
 * SIGUSR2, SIGALRM, the real-time signals...) only set a flag and write a
 * byte to a pipe (the self-pipe trick): the loop then restores the terminal
 * and exits 128+N. The crash signals restore the terminal in the handler
 * and re-raise. SIGWINCH is passed on to curses' own
 * handler (which makes getch() return KEY_RESIZE) and also writes a byte.
 * On Linux the pipe and the terminal are put in one epoll set whose
 * descriptor is the "extra fd" of curl_multi_poll(), so a signal that lands
 * between the loop's checks and its wait still wakes it: no lost resize,
 * no hang on SIGTERM. Elsewhere the terminal itself is the extra fd and
 * signals wake the wait through EINTR.
 */
#include "config.h"

#include "ui_term.h"
#include "fmt.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/epoll.h>
#endif

static SCREEN *term_screen;
static bool term_color;
static int style_attrs[UI_S_COUNT];
static int sig_pipe[2] = { -1, -1 };
static int epoll_fd = -1;
static volatile sig_atomic_t quit_signal;

/* Always caught, even when inherited as ignored. */
static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP };
/* The other signals whose default action ends the process, without a
 * core (those with one, below, are crashes): caught unless inherited as
 * ignored, so that kill -USR1 or a stray alarm does not leave the
 * alternate screen on and the cursor hidden. */
static const int more_quit_signals[] = {
	SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ,
#ifdef SIGIO
	SIGIO,
#endif
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
};
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS, SIGTRAP };
#define N_QUIT (sizeof quit_signals / sizeof quit_signals[0])
#define N_MORE_QUIT (sizeof more_quit_signals / sizeof more_quit_signals[0])
#define N_CRASH (sizeof crash_signals / sizeof crash_signals[0])
/* The dispositions found, by signal number, for those we replaced. */
static struct sigaction old_action[NSIG], old_winch, curses_winch;
static bool replaced[NSIG];
static bool handlers_set, winch_set;

static void poke(void)
{
	int saved = errno;

	if (sig_pipe[1] >= 0) {
		ssize_t w = write(sig_pipe[1], "s", 1);
		(void)w; /* a full pipe already holds a wake-up */
	}
	errno = saved;
}

static void on_quit_signal(int sig)
{
	quit_signal = sig;
	poke();
}

static void on_winch(int sig)
{
	if (curses_winch.sa_handler != SIG_DFL && curses_winch.sa_handler != SIG_IGN &&
	    curses_winch.sa_handler)
		curses_winch.sa_handler(sig);
	poke();
}

/* A crash: give the user their terminal back, then let the signal do what
 * it did before us (the default action, or a sanitizer's report). */
static void on_crash(int sig)
{
	ui_term_restore();
	if (sig > 0 && sig < NSIG && replaced[sig])
		sigaction(sig, &old_action[sig], NULL);
	raise(sig);
}

void ui_term_restore(void)
{
	if (term_screen && !isendwin())
		endwin();
}

static void make_pipe(void)
{
	if (pipe(sig_pipe) != 0) {
		sig_pipe[0] = sig_pipe[1] = -1;
		return;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
#ifdef __linux__
	epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (epoll_fd >= 0) {
		struct epoll_event ev = { .events = EPOLLIN };

		ev.data.fd = sig_pipe[0];
		if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, sig_pipe[0], &ev) != 0)
			goto no_epoll;
		ev.data.fd = STDIN_FILENO;
		/* Fails for a regular file or /dev/null: then the wait uses
		 * the terminal directly. */
		if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, STDIN_FILENO, &ev) != 0)
			goto no_epoll;
	}
	return;
no_epoll:
	close(epoll_fd);
	epoll_fd = -1;
#endif
}

/* Installs handler for sig, keeping what was there; when only_default, not
 * over a disposition other than the default (an inherited SIG_IGN stays). */
static void catch_signal(int sig, const struct sigaction *sa, bool only_default)
{
	struct sigaction old;

	if (sig <= 0 || sig >= NSIG || replaced[sig] || sigaction(sig, NULL, &old) != 0)
		return;
	if (only_default && old.sa_handler != SIG_DFL)
		return;
	if (sigaction(sig, sa, &old_action[sig]) == 0)
		replaced[sig] = true;
}

static void set_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal should also interrupt the wait. */
	sa.sa_handler = on_quit_signal;
	for (size_t i = 0; i < N_QUIT; i++)
		catch_signal(quit_signals[i], &sa, false);
	for (size_t i = 0; i < N_MORE_QUIT; i++)
		catch_signal(more_quit_signals[i], &sa, true);
#if defined(SIGRTMIN) && defined(SIGRTMAX)
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		catch_signal(sig, &sa, true);
#endif
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < N_CRASH; i++)
		catch_signal(crash_signals[i], &sa, false);
	handlers_set = true;
}

/* After curses started: wrap its SIGWINCH handler. */
static void set_winch(void)
{
	struct sigaction sa;

	if (sigaction(SIGWINCH, NULL, &curses_winch) != 0)
		return;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_winch;
	sa.sa_flags = curses_winch.sa_flags & SA_RESTART;
	if (sigaction(SIGWINCH, &sa, &old_winch) == 0)
		winch_set = true;
}

static void unset_handlers(void)
{
	if (winch_set)
		sigaction(SIGWINCH, &old_winch, NULL);
	winch_set = false;
	if (!handlers_set)
		return;
	for (int sig = 1; sig < NSIG; sig++) {
		if (replaced[sig])
			sigaction(sig, &old_action[sig], NULL);
		replaced[sig] = false;
	}
	handlers_set = false;
}

static void set_styles(void)
{
	const char *no_color = getenv("NO_COLOR");

	/* NO_COLOR of any value, even empty: the user asked, honour it. */
	term_color = !no_color && has_colors() && start_color() == OK;
	if (term_color) {
		short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;

		init_pair(1, COLOR_GREEN, bg);
		init_pair(2, COLOR_RED, bg);
		init_pair(3, COLOR_YELLOW, bg);
		style_attrs[UI_S_OK] = COLOR_PAIR(1);
		style_attrs[UI_S_FAIL] = COLOR_PAIR(2) | A_BOLD;
		style_attrs[UI_S_OTHER] = COLOR_PAIR(3);
		style_attrs[UI_S_ERROR] = COLOR_PAIR(2) | A_BOLD;
		style_attrs[UI_S_BAR_LOW] = COLOR_PAIR(1);
		style_attrs[UI_S_BAR_HIGH] = COLOR_PAIR(3);
		style_attrs[UI_S_BAR_OVER] = COLOR_PAIR(2) | A_BOLD;
	} else {
		/* Attributes only; failures and errors must still stand out. */
		style_attrs[UI_S_OK] = A_NORMAL;
		style_attrs[UI_S_FAIL] = A_BOLD;
		style_attrs[UI_S_OTHER] = A_UNDERLINE;
		style_attrs[UI_S_ERROR] = A_BOLD;
		style_attrs[UI_S_BAR_LOW] = A_NORMAL;
		style_attrs[UI_S_BAR_HIGH] = A_NORMAL;
		style_attrs[UI_S_BAR_OVER] = A_BOLD;
	}
	style_attrs[UI_S_NORMAL] = A_NORMAL;
	style_attrs[UI_S_DIM] = A_DIM;
	style_attrs[UI_S_LABEL] = A_BOLD;
	style_attrs[UI_S_TITLE] = A_REVERSE | A_BOLD;
}

/* A full-screen interface needs cursor addressing: TERM=dumb and the like
 * would only scroll garbage. */
static bool can_address_cursor(void)
{
	char *cup = tigetstr("cup");

	return cup != NULL && cup != (char *)-1 && *cup != '\0';
}

bool ui_term_open(struct wr_error *err)
{
	quit_signal = 0;
	make_pipe();
	set_handlers();
	term_screen = newterm(NULL, stdout, stdin);
	if (!term_screen) {
		const char *t = getenv("TERM");

		unset_handlers();
		wr_error_set(err, WR_ERR_SYSTEM, 0, "cannot use the terminal (TERM=%s)",
		             t ? t : "unset");
		ui_term_close();
		return false;
	}
	set_term(term_screen);
	if (!can_address_cursor()) {
		const char *t = getenv("TERM");

		wr_error_set(err, WR_ERR_SYSTEM, 0,
		             "the terminal (TERM=%s) cannot move the cursor: set TERM to your "
		             "terminal's type (e.g. xterm-256color), or use a subcommand", t ? t : "unset");
		ui_term_close();
		return false;
	}
	/* ncurses (6.4) sends what it has at every cursor move, one write
	 * each, until the screen has once been left and come back to: a key
	 * that changed thirty rows made some ninety writes to the terminal.
	 * Leaving and coming back now, before any mode is set or anything
	 * drawn, makes it write once a refresh, as it does after a pager. */
	endwin();
	refresh();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	/* No look for keys in the middle of a refresh (a poll of the terminal
	 * per changed row): the loop reads every waiting key before it paints,
	 * so keys held down already make one paint. */
	typeahead(-1);
	/* The cursor is hidden: no move to put it back after each refresh. */
	leaveok(stdscr, TRUE);
	curs_set(0);
	/* Esc closes and cancels: curses' default wait of a second for the
	 * rest of an escape sequence would make it feel broken. ESCDELAY in
	 * the environment still wins. */
	if (!getenv("ESCDELAY"))
		set_escdelay(50);
	set_styles();
	set_winch();
	return true;
}

void ui_term_close(void)
{
	ui_term_restore();
	unset_handlers();
	if (term_screen) {
		delscreen(term_screen);
		term_screen = NULL;
	}
	if (epoll_fd >= 0)
		close(epoll_fd);
	epoll_fd = -1;
	for (int i = 0; i < 2; i++) {
		if (sig_pipe[i] >= 0)
			close(sig_pipe[i]);
		sig_pipe[i] = -1;
	}
}

int ui_term_attr(enum ui_style s)
{
	return s < UI_S_COUNT ? style_attrs[s] : (int)A_NORMAL;
}

bool ui_term_has_color(void)
{
	return term_color;
}

int ui_term_wake_fd(void)
{
	return epoll_fd >= 0 ? epoll_fd : STDIN_FILENO;
}

int ui_term_take_signal(void)
{
	char buf[64];

	if (sig_pipe[0] >= 0)
		while (read(sig_pipe[0], buf, sizeof buf) > 0)
			;
	return quit_signal;
}

bool ui_term_input_ready(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	if (poll(&p, 1, 0) < 0)
		return false;
	return p.revents != 0;
}

bool ui_term_input_ended(void)
{
	int avail = 0;

	/* Readable with nothing to read is end of file; a hung-up terminal
	 * fails the ioctl. */
	if (ioctl(STDIN_FILENO, FIONREAD, &avail) != 0)
		return true;
	return avail == 0;
}

/* ---- handing the terminal to another program ------------------------------- */

bool ui_term_run(const char *cmd, const char *input, size_t len, struct wr_error *err)
{
	static const int held[] = { SIGINT, SIGQUIT, SIGPIPE };
	struct sigaction ign, old[sizeof held / sizeof held[0]];
	int fds[2], status = 0;
	bool ok = true;
	pid_t pid;

	if (pipe(fds) != 0) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "pipe: %s", strerror(errno));
		return false;
	}
	def_prog_mode();
	endwin();
	/* Ctrl-C and Ctrl-\ are the program's while it has the terminal, as
	 * system(3) does; a reader that stops early must not end wrun. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	for (size_t i = 0; i < sizeof held / sizeof held[0]; i++)
		sigaction(held[i], &ign, &old[i]);
	pid = fork();
	if (pid == 0) {
		struct sigaction dfl;

		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		sigemptyset(&dfl.sa_mask);
		for (size_t i = 0; i < sizeof held / sizeof held[0]; i++)
			sigaction(held[i], &dfl, NULL);
		/* What wrun found at its start, not its own handlers. */
		for (int sig = 1; sig < NSIG; sig++)
			if (replaced[sig])
				sigaction(sig, &old_action[sig], NULL);
		sigaction(SIGWINCH, &dfl, NULL);
		close(fds[1]);
		if (dup2(fds[0], STDIN_FILENO) < 0)
			_exit(127);
		close(fds[0]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	if (pid < 0) {
		wr_error_set(err, WR_ERR_SYSTEM, 0, "fork: %s", strerror(errno));
		ok = false;
	} else {
		size_t off = 0;

		while (off < len) {
			ssize_t w = write(fds[1], input + off, len - off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break; /* the reader quit early: fine */
			off += (size_t)w;
		}
		close(fds[1]);
		fds[1] = -1;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
			wr_error_set(err, WR_ERR_SYSTEM, 0, "could not run: %s", cmd);
			ok = false;
		}
	}
	if (fds[1] >= 0)
		close(fds[1]);
	for (size_t i = 0; i < sizeof held / sizeof held[0]; i++)
		sigaction(held[i], &old[i], NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	return ok;
}

bool ui_term_clipboard(const char *text, size_t len)
{
	char *b64 = fmt_base64(text, len);
	bool tmux = getenv("TMUX") && *getenv("TMUX");
	FILE *out = stdout;

	if (!b64)
		return false;
	/* tmux passes an OSC on to the terminal inside its DCS passthrough
	 * (ESCs doubled); the terminal puts it on the clipboard, also over
	 * SSH. */
	fprintf(out, "%s\033]52;c;%s\a%s", tmux ? "\033Ptmux;\033" : "", b64, tmux ? "\033\\" : "");
	free(b64);
	return fflush(out) == 0;
}

bool ui_term_mouse(void)
{
	mmask_t want = BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	               | BUTTON5_PRESSED
#endif
	               ;

	/* Presses as they come: no wait to tell a click from a drag. */
	mouseinterval(0);
	return mousemask(want, NULL) != 0;
}

bool ui_term_mouse_event(struct ui_term_mouse *m)
{
	MEVENT ev;

	memset(m, 0, sizeof *m);
	if (getmouse(&ev) != OK)
		return false;
	m->y = ev.y;
	m->x = ev.x;
	m->click = (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0;
	m->wheel_up = (ev.bstate & BUTTON4_PRESSED) != 0;
#ifdef BUTTON5_PRESSED
	m->wheel_down = (ev.bstate & BUTTON5_PRESSED) != 0;
#endif
	return m->click || m->wheel_up || m->wheel_down;
}
