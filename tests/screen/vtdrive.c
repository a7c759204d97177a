/*
 * vtdrive.c - the screen-test driver: runs a program on a pseudo-terminal,
 * emulates the terminal with libvterm, and plays a script of keys and
 * assertions against the emulated screen. Speaks TAP.
 *
 * usage: vtdrive [-r ROWS] [-c COLS] [-t TIMEOUT_S] [-f FACTOR]
 *                [-e STDERR_FILE] [-d DUMP_FILE] -s SCRIPT -- COMMAND [ARGS...]
 *
 *   -r ROWS, -c COLS  the terminal's size (default 24 x 80)
 *   -t TIMEOUT_S      bounds the whole run (default 30 s)
 *   -f FACTOR         multiplies -t and every wait's time limit, for slow
 *                     runs (under valgrind); not idle_ms and quiet_ms
 *   -e STDERR_FILE    where the child's stderr goes (default /dev/null)
 *   -d DUMP_FILE      the screen as plain text, written when the script ends
 *   -s SCRIPT         the script; - reads it from stdin
 *
 * COMMAND runs in the caller's environment (set TERM, LC_ALL... there) as
 * the leader of a new session whose controlling terminal is the pty; its
 * stdin and stdout are the pty, its stderr goes to STDERR_FILE. Everything
 * it writes is fed to a libvterm terminal of the same size (UTF-8, with an
 * alternate screen); the terminal's answers to queries go back to the pty.
 *
 * Exit status: 0 when the script ran, whatever the assertions said (a
 * failure is a "not ok" line in the TAP); 2 for a usage or script error;
 * 3 for an internal error. Both errors print a "Bail out!" line.
 *
 * THE SCRIPT: one command a line; blank lines and lines starting with # are
 * ignored. The whole script is checked before the child starts. TEXT is the
 * rest of the line taken literally, without its surrounding blanks; when it
 * begins and ends with a double quote these two are removed, so that "  x "
 * keeps its blanks (there are no escapes). TEXT never spans rows. Rows are
 * numbered from 0.
 *
 * Assertions: each one is a TAP test point, "ok N - COMMAND (line L)".
 *   wait TEXT            until TEXT is on some row
 *   wait_row ROW TEXT    until row ROW contains TEXT
 *   wait_gone TEXT       until TEXT is on no row
 *   wait_attr TEXT ATTR...
 *                        until some occurrence of TEXT has every ATTR on
 *                        each of its cells; here TEXT is one word or a
 *                        "quoted text". ATTRs: reverse noreverse bold nobold
 *                        underline nounderline italic noitalic, fg=N bg=N
 *                        (a palette index 0-255: ncurses' COLOR_RED is 1,
 *                        colours 8-15 are the bright ones, 16-255 the
 *                        xterm-256color cube and greys), fg=default
 *                        bg=default (no colour set, or SGR 39/49).
 *   expect TEXT          TEXT is on the screen now, no waiting: use it after
 *   expect_not TEXT      a wait, to check what else is (not) there
 *   expect_exit CODE     until the child exits with CODE (0-255); with
 *                        signal:NAME (signal:TERM) until it dies of NAME
 *   expect_restored      the terminal is back to normal now: the primary
 *                        screen and a visible cursor (after expect_exit:
 *                        the program cleaned up); as in xterm, only
 *                        CSI ?25 h/l and ESC c change the cursor's
 *                        visibility, not a restored cursor (ESC 8)
 *   wait_clipboard TEXT  until the last clipboard write (OSC 52, base64 as
 *                        terminals take it; also inside tmux's DCS
 *                        passthrough) decodes to exactly TEXT
 *   quiet_ms N           the child writes nothing during N ms; takes N ms
 *                        (fails at the first byte): only to assert absence
 *                        ("no redraw while idle")
 *
 * Actions: no test point when they work; a "not ok" one when they cannot be
 * done (the child has exited, the pty is closed, it does not read input).
 *   key KEY...           sends keys as xterm does, in libvterm's current
 *                        modes (application cursor keys after smkx...):
 *                        Up Down Left Right Home End PgUp PgDn Insert Delete
 *                        Enter Tab Esc Backspace Space F1..F12, a single
 *                        character (q ? A é), prefixed by any of C- (Ctrl),
 *                        M- (Alt, sent as ESC first) and S- (Shift): C-a,
 *                        S-Tab, C-Up, M-x. C-letter is the control byte;
 *                        for a character, Shift does nothing: write "A".
 *   type TEXT            sends TEXT's bytes as they are
 *   click ROW COL        a press and release of the left mouse button at the
 *                        cell, in the mouse protocol the child turned on
 *                        (nothing is sent when it turned none on)
 *   wheel ROW COL up|down  one step of the mouse wheel at the cell
 *   resize ROWS COLS     resizes the terminal and the pty, down to 1 x 1
 *                        (the child gets SIGWINCH)
 *   signal NAME          sends a signal (HUP INT QUIT KILL USR1 USR2 PIPE
 *                        ALRM TERM CONT STOP TSTP WINCH, or a number) to the
 *                        child process (not to its process group)
 *   hangup               closes the pty's master side: the child's terminal
 *                        hangs up (SIGHUP, end of input); the screen stays
 *                        as it was
 * Settings and debugging:
 *   timeout SECONDS      the time limit of each following wait (default 5;
 *                        fractions allowed; multiplied by -f)
 *   idle_ms N            keeps reading the child's output for N ms; only to
 *                        assert absence afterwards, never to wait for
 *                        something: use wait for that
 *   dump                 prints the screen as TAP comments
 *
 * Waiting never sleeps a fixed time: the driver sleeps in poll(2) on the
 * pty and on the child's exit, updates the screen with what came, and
 * checks the condition again, until it holds or the wait's time limit or
 * the global one passes. A wait fails at once when the child exits before
 * the condition holds. Keys are written without blocking, and the driver
 * keeps reading while it writes.
 *
 * For test writers: a wait proves that its text arrived, not that what the
 * program writes after it did (a mode change, the rest of a redraw): wait
 * for the last thing drawn. Send Esc alone and wait for its effect before
 * the next key, or the program may read ESC and the key as Alt-key
 * (ESCDELAY). Colours: ncurses sends colours 0-7 as SGR 30-37/40-47,
 * 8-15 as 90-97/100-107 and the others as 38;5;N/48;5;N, all seen here as
 * palette indexes; bold does not brighten; A_STANDOUT is reverse on xterm;
 * a pair's -1 (use_default_colors) is "default", COLOR_BLACK is 0.
 *
 * At the first failure, the driver prints the reason, the screen (with row
 * numbers) and the end of the child's stderr as "# " comments, and runs no
 * more commands. At the end it terminates the child's process group if it
 * still runs (SIGTERM, then SIGKILL after a grace period) and prints the
 * plan.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#define DEFAULT_ROWS 24
#define DEFAULT_COLS 80
#define DEFAULT_GLOBAL_S 30.0
#define DEFAULT_WAIT_S 5.0
#define KILL_GRACE_MS 2000
/* After the child exits, how long to wait for the rest of its output when
 * another process still holds the pty open (no end of file comes then),
 * and how long to take it in at most. */
#define EXIT_DRAIN_MS 250
#define EXIT_DRAIN_MAX_MS 1000
/* The emergency exit, this long after the global timeout. */
#define HARD_LIMIT_EXTRA_S 10
/* At most this much output is taken in at a time, so that a flood of
 * output cannot hold off the deadlines for long. */
#define READ_BUDGET (16 * 1024)
/* Test names longer than this many bytes are cut. */
#define NAME_MAX_BYTES 160
#define STDERR_TAIL 4000
/* A cell holds up to VTERM_MAX_CHARS_PER_CELL code points of 4 bytes. */
#define CELL_BYTES (VTERM_MAX_CHARS_PER_CELL * 4)

enum { EXIT_RAN = 0, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

/* ---- the script ---------------------------------------------------------- */

enum op {
	OP_WAIT, OP_WAIT_ROW, OP_WAIT_GONE, OP_WAIT_ATTR, OP_WAIT_CLIPBOARD, OP_EXPECT, OP_EXPECT_NOT,
	OP_EXPECT_EXIT, OP_EXPECT_RESTORED, OP_QUIET_MS,
	OP_KEY, OP_TYPE, OP_CLICK, OP_WHEEL, OP_RESIZE, OP_SIGNAL, OP_HANGUP,
	OP_TIMEOUT, OP_IDLE_MS, OP_DUMP,
};

enum colour_kind { COLOUR_ANY, COLOUR_DEFAULT, COLOUR_INDEX };

struct colour_want {
	enum colour_kind kind;
	int index;
};

enum attr_flag { FLAG_REVERSE, FLAG_BOLD, FLAG_UNDERLINE, FLAG_ITALIC, FLAG_COUNT };

/* The attributes wait_attr wants: for each flag 1, 0, or -1 for either. */
struct attr_want {
	int flag[FLAG_COUNT];
	struct colour_want fg, bg;
};

enum key_kind { KEY_NAMED, KEY_CHAR, KEY_BYTE };

struct key {
	enum key_kind kind;
	VTermKey named;
	uint32_t ch;		/* KEY_CHAR: a code point; KEY_BYTE: the byte */
	VTermModifier mod;
};

struct cmd {
	enum op op;
	int line;
	char *src;		/* the line as written, for the test's name */
	char *text;
	size_t text_len;
	long n1, n2;		/* row; rows and cols; signal; exit code; ms */
	bool by_signal;		/* expect_exit signal:NAME */
	double secs;
	struct attr_want want;
	struct key *keys;
	size_t nkeys;
};

struct script {
	struct cmd *cmds;
	size_t n, cap;
};

/* ---- the driver's state ---------------------------------------------------- */

struct buf {
	char *data;
	size_t len, cap;
};

struct drv {
	VTerm *vt;
	VTermScreen *screen;
	int rows, cols;
	bool altscreen;		/* tracked from libvterm's termprops */
	/* The cursor's visibility as xterm keeps it: set by DECTCEM (CSI ?25
	 * h/l) and a reset (ESC c) only. libvterm also saves it with the
	 * cursor (ESC 7, CSI ?1049h) and restores it with the cursor (ESC 8,
	 * CSI ?1049l); xterm does not, and curses relies on that: it shows
	 * the cursor before it leaves the alternate screen, and may save the
	 * cursor there around a scroll. So the driver reads DECTCEM itself. */
	bool cursor_visible;
	int tcem_state;		/* an OUT_* state: where the output stands */
	char tcem_params[32];	/* the CSI's parameter bytes so far */
	size_t tcem_len;
	int utf8_left;		/* continuation bytes still to come */
	/* A resize resets the scrolling region, as xterm does; libvterm 0.1
	 * keeps it, and then scrolls past the end of its smaller screen (a
	 * negative memmove) when the child's output, written for the old
	 * size, scrolls. Done between two sequences of that output. */
	bool margins_pending;
	/* OSC strings as they come, and what the last OSC 52 put on the
	 * clipboard (decoded). */
	struct buf osc;
	bool in_osc;
	struct buf clip;
	bool have_clip;

	pid_t pid;
	int master;		/* -1 after hangup */
	bool master_eof;	/* EOF or EIO: nobody holds the pty's slave side */
	bool reaped;
	int status;		/* waitpid's status, once reaped */
	const char *stderr_path;

	struct buf input;	/* bytes for the child: keys, libvterm's answers */
	size_t input_off;
	int input_errno;	/* why writing to the pty failed, or 0 */
	uint64_t bytes_in;	/* bytes read from the child so far */

	int64_t global_deadline;
	double global_s, wait_s;	/* already multiplied by factor */
	double factor;

	char *rowbuf;		/* one rendered row */
	int *colmap;		/* rowbuf byte -> screen column */
	size_t rowcap;

	char why[512];		/* a check's explanation of its last "no" */
	int tap_n;
	bool failed;		/* an assertion failed: stop the script */
	bool broken;		/* an internal error: bail out */
};

static int sigchld_pipe[2] = { -1, -1 };
static volatile sig_atomic_t hard_limit_pid;

/* ---- small helpers --------------------------------------------------------- */

static void bail_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void bail_out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("Bail out! vtdrive: ", stdout);
	vfprintf(stdout, fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
	va_start(ap, fmt);
	fputs("vtdrive: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		bail_out("out of memory");
		exit(EXIT_INTERNAL);
	}
	return q;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0) {
		bail_out("clock_gettime: %s", strerror(errno));
		exit(EXIT_INTERNAL);
	}
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static bool to_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool to_secs(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0 && v <= 86400))
		return false;
	*out = v;
	return true;
}

/* The next blank-separated word of *p, NUL-terminated in place. */
static char *next_word(char **p)
{
	char *s = *p, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && strchr(" \t\r\n", s[n - 1]))
		s[--n] = '\0';
	return s;
}

static size_t utf8_encode(uint32_t c, char *out)
{
	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Decodes the one UTF-8 character that must make up S. */
static bool utf8_single(const char *s, uint32_t *out)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t n, i;

	if (u[0] < 0x80) {
		c = u[0];
		n = 1;
	} else if ((u[0] & 0xe0) == 0xc0) {
		c = u[0] & 0x1f;
		n = 2;
	} else if ((u[0] & 0xf0) == 0xe0) {
		c = u[0] & 0x0f;
		n = 3;
	} else if ((u[0] & 0xf8) == 0xf0) {
		c = u[0] & 0x07;
		n = 4;
	} else {
		return false;
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return false;
		c = c << 6 | (u[i] & 0x3f);
	}
	if (u[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return false;
	*out = c;
	return true;
}

/* ---- signals by name ------------------------------------------------------- */

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "ABRT", SIGABRT }, { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "SEGV", SIGSEGV }, { "BUS", SIGBUS },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "CHLD", SIGCHLD },
	{ "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
	{ "TTIN", SIGTTIN }, { "TTOU", SIGTTOU }, { "WINCH", SIGWINCH },
};

static bool signal_by_name(const char *s, long *out)
{
	size_t i;

	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < sizeof signals / sizeof signals[0]; i++) {
		if (strcasecmp(s, signals[i].name) == 0) {
			*out = signals[i].sig;
			return true;
		}
	}
	return to_long(s, 1, 64, out);
}

static const char *signal_name(int sig)
{
	static char num[16];
	size_t i;

	for (i = 0; i < sizeof signals / sizeof signals[0]; i++)
		if (signals[i].sig == sig)
			return signals[i].name;
	snprintf(num, sizeof num, "%d", sig);
	return num;
}

/* "exited with status 3", "was killed by signal TERM" */
static const char *status_text(int status)
{
	static char text[64];

	if (WIFEXITED(status))
		snprintf(text, sizeof text, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(text, sizeof text, "was killed by signal %s%s",
			 signal_name(WTERMSIG(status)), WCOREDUMP(status) ? " (core dumped)" : "");
	else
		snprintf(text, sizeof text, "ended with wait status %#x", (unsigned)status);
	return text;
}

/* ---- parsing the script ----------------------------------------------------- */

typedef const char *parse_fn(struct cmd *c, char *args);

/* TEXT: the rest of the line, with optional surrounding quotes. */
static const char *set_text(struct cmd *c, const char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	if (n == 0)
		return "TEXT is empty";
	c->text = xstrndup(s, n);
	c->text_len = n;
	return NULL;
}

static const char *parse_text(struct cmd *c, char *args)
{
	return set_text(c, args);
}

static const char *parse_row_text(struct cmd *c, char *args)
{
	char *w = next_word(&args);

	if (!w || !to_long(w, 0, 9999, &c->n1))
		return "expected ROW TEXT";
	return set_text(c, trim(args));
}

static const char *parse_colour(struct colour_want *cw, const char *s)
{
	long v;

	if (strcmp(s, "default") == 0) {
		cw->kind = COLOUR_DEFAULT;
		return NULL;
	}
	if (!to_long(s, 0, 255, &v))
		return "a colour is default or a palette index 0-255";
	cw->kind = COLOUR_INDEX;
	cw->index = (int)v;
	return NULL;
}

static const char *parse_attr_word(struct attr_want *a, const char *w)
{
	static const char *const names[FLAG_COUNT] = { "reverse", "bold", "underline", "italic" };
	bool no = strncmp(w, "no", 2) == 0;
	int i;

	if (strncmp(w, "fg=", 3) == 0)
		return parse_colour(&a->fg, w + 3);
	if (strncmp(w, "bg=", 3) == 0)
		return parse_colour(&a->bg, w + 3);
	for (i = 0; i < FLAG_COUNT; i++) {
		if (strcmp(w + (no ? 2 : 0), names[i]) == 0) {
			a->flag[i] = !no;
			return NULL;
		}
	}
	return "unknown attribute";
}

static const char *parse_attr(struct cmd *c, char *args)
{
	const char *err;
	char *w;
	int n = 0;

	c->want = (struct attr_want){ { -1, -1, -1, -1 }, { COLOUR_ANY, 0 }, { COLOUR_ANY, 0 } };
	if (*args == '"') {
		char *end = strchr(args + 1, '"');

		if (!end)
			return "unterminated quote";
		*end = '\0';
		if ((err = set_text(c, args + 1)))
			return err;
		args = end + 1;
	} else {
		w = next_word(&args);
		if (!w || (err = set_text(c, w)))
			return "expected TEXT ATTR...";
	}
	while ((w = next_word(&args))) {
		if ((err = parse_attr_word(&c->want, w)))
			return err;
		n++;
	}
	return n ? NULL : "expected at least one ATTR";
}

static const struct {
	const char *name;
	VTermKey key;
} named_keys[] = {
	{ "Up", VTERM_KEY_UP }, { "Down", VTERM_KEY_DOWN },
	{ "Left", VTERM_KEY_LEFT }, { "Right", VTERM_KEY_RIGHT },
	{ "Home", VTERM_KEY_HOME }, { "End", VTERM_KEY_END },
	{ "PgUp", VTERM_KEY_PAGEUP }, { "PgDn", VTERM_KEY_PAGEDOWN },
	{ "Insert", VTERM_KEY_INS }, { "Delete", VTERM_KEY_DEL },
	{ "Enter", VTERM_KEY_ENTER }, { "Tab", VTERM_KEY_TAB },
	{ "Esc", VTERM_KEY_ESCAPE }, { "Backspace", VTERM_KEY_BACKSPACE },
};

static bool parse_key(struct key *k, const char *s)
{
	VTermModifier mod = VTERM_MOD_NONE;
	long fn;
	size_t i;

	while (strlen(s) > 2 && s[1] == '-' && strchr("CMS", s[0])) {
		mod |= s[0] == 'C' ? VTERM_MOD_CTRL : s[0] == 'M' ? VTERM_MOD_ALT : VTERM_MOD_SHIFT;
		s += 2;
	}
	k->mod = mod;
	for (i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++) {
		if (strcasecmp(s, named_keys[i].name) == 0) {
			k->kind = KEY_NAMED;
			k->named = named_keys[i].key;
			return true;
		}
	}
	if ((s[0] == 'F' || s[0] == 'f') && to_long(s + 1, 1, 12, &fn)) {
		k->kind = KEY_NAMED;
		k->named = VTERM_KEY_FUNCTION((int)fn);
		return true;
	}
	if (strcasecmp(s, "Space") == 0) {
		k->kind = KEY_CHAR;
		k->ch = ' ';
		return true;
	}
	if (!utf8_single(s, &k->ch) || k->ch < 0x20 || k->ch == 0x7f)
		return false;
	/* Ctrl with a letter or @[\]^_ is one control byte in every terminal
	 * mode (libvterm would send C-i, C-j, C-m as CSI u sequences). */
	if ((mod & VTERM_MOD_CTRL) && k->ch < 0x80 &&
	    (isalpha((int)k->ch) || strchr("@[\\]^_", (int)k->ch))) {
		k->kind = KEY_BYTE;
		k->ch &= 0x1f;
		return true;
	}
	if ((mod & VTERM_MOD_CTRL) && k->ch == '?') {
		k->kind = KEY_BYTE;
		k->ch = 0x7f;
		return true;
	}
	k->kind = KEY_CHAR;
	return true;
}

static const char *parse_keys(struct cmd *c, char *args)
{
	char *w;

	while ((w = next_word(&args))) {
		c->keys = xrealloc(c->keys, (c->nkeys + 1) * sizeof *c->keys);
		if (!parse_key(&c->keys[c->nkeys], w))
			return "unknown key";
		c->nkeys++;
	}
	return c->nkeys ? NULL : "expected KEY...";
}

static const char *parse_resize(struct cmd *c, char *args)
{
	char *r = next_word(&args), *k = next_word(&args);

	if (!r || !k || next_word(&args) || !to_long(r, 1, 1000, &c->n1) ||
	    !to_long(k, 1, 1000, &c->n2))
		return "expected ROWS COLS (1-1000)";
	return NULL;
}

/* ROW COL, and for wheel up or down (n2: col; secs unused; by_signal: down). */
static const char *parse_pointer(struct cmd *c, char *args, bool wheel)
{
	char *r = next_word(&args), *k = next_word(&args), *dir = wheel ? next_word(&args) : NULL;

	if (!r || !k || (wheel && !dir) || next_word(&args) || !to_long(r, 0, 999, &c->n1) ||
	    !to_long(k, 0, 999, &c->n2))
		return wheel ? "expected ROW COL up|down" : "expected ROW COL";
	if (wheel) {
		if (strcmp(dir, "up") != 0 && strcmp(dir, "down") != 0)
			return "expected up or down";
		c->by_signal = strcmp(dir, "down") == 0;
	}
	return NULL;
}

static const char *parse_click(struct cmd *c, char *args)
{
	return parse_pointer(c, args, false);
}

static const char *parse_wheel(struct cmd *c, char *args)
{
	return parse_pointer(c, args, true);
}

static const char *parse_signal(struct cmd *c, char *args)
{
	return signal_by_name(args, &c->n1) ? NULL : "unknown signal";
}

static const char *parse_exit(struct cmd *c, char *args)
{
	if (strncmp(args, "signal:", 7) == 0) {
		c->by_signal = true;
		return signal_by_name(args + 7, &c->n1) ? NULL : "unknown signal";
	}
	return to_long(args, 0, 255, &c->n1) ? NULL : "expected 0-255 or signal:NAME";
}

static const char *parse_secs(struct cmd *c, char *args)
{
	return to_secs(args, &c->secs) ? NULL : "expected SECONDS (> 0)";
}

static const char *parse_ms(struct cmd *c, char *args)
{
	return to_long(args, 1, 3600000, &c->n1) ? NULL : "expected milliseconds (1-3600000)";
}

static const char *parse_none(struct cmd *c, char *args)
{
	return *args ? "takes no argument" : NULL;
}

static const struct {
	const char *name;
	enum op op;
	parse_fn *parse;
} commands[] = {
	{ "wait", OP_WAIT, parse_text },
	{ "wait_row", OP_WAIT_ROW, parse_row_text },
	{ "wait_gone", OP_WAIT_GONE, parse_text },
	{ "wait_attr", OP_WAIT_ATTR, parse_attr },
	{ "wait_clipboard", OP_WAIT_CLIPBOARD, parse_text },
	{ "expect", OP_EXPECT, parse_text },
	{ "expect_not", OP_EXPECT_NOT, parse_text },
	{ "expect_exit", OP_EXPECT_EXIT, parse_exit },
	{ "expect_restored", OP_EXPECT_RESTORED, parse_none },
	{ "quiet_ms", OP_QUIET_MS, parse_ms },
	{ "key", OP_KEY, parse_keys },
	{ "type", OP_TYPE, parse_text },
	{ "click", OP_CLICK, parse_click },
	{ "wheel", OP_WHEEL, parse_wheel },
	{ "resize", OP_RESIZE, parse_resize },
	{ "signal", OP_SIGNAL, parse_signal },
	{ "hangup", OP_HANGUP, parse_none },
	{ "timeout", OP_TIMEOUT, parse_secs },
	{ "idle_ms", OP_IDLE_MS, parse_ms },
	{ "dump", OP_DUMP, parse_none },
};

/* Parses one non-blank, non-comment line into C. */
static bool parse_line(struct cmd *c, char *line, int lineno)
{
	const char *err = "unknown command";
	char *args = line, *name;
	size_t i;

	memset(c, 0, sizeof *c);
	c->line = lineno;
	c->src = xstrndup(line, strlen(line));
	name = next_word(&args);
	args = trim(args);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(name, commands[i].name) == 0) {
			c->op = commands[i].op;
			err = commands[i].parse(c, args);
			break;
		}
	}
	if (err) {
		bail_out("script line %d: %s: %s", lineno, err, c->src);
		return false;
	}
	return true;
}

static void cmd_free(struct cmd *c)
{
	free(c->src);
	free(c->text);
	free(c->keys);
}

static void script_free(struct script *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		cmd_free(&s->cmds[i]);
	free(s->cmds);
}

static bool script_read(struct script *s, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *line = NULL, *t;
	size_t cap = 0;
	int lineno = 0;
	bool ok = true;

	if (!f) {
		bail_out("cannot open %s: %s", path, strerror(errno));
		return false;
	}
	while (ok && getline(&line, &cap, f) >= 0) {
		lineno++;
		t = trim(line);
		if (!*t || *t == '#')
			continue;
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 32;
			s->cmds = xrealloc(s->cmds, s->cap * sizeof *s->cmds);
		}
		/* The line goes into the array first, so that it is freed. */
		ok = parse_line(&s->cmds[s->n], t, lineno);
		s->n++;
	}
	if (ok && ferror(f)) {
		bail_out("cannot read %s: %s", path, strerror(errno));
		ok = false;
	}
	free(line);
	if (f != stdin && fclose(f) != 0 && ok) {
		bail_out("cannot read %s: %s", path, strerror(errno));
		ok = false;
	}
	return ok;
}

/* ---- the terminal ------------------------------------------------------------ */

static int on_settermprop(VTermProp prop, VTermValue *val, void *user)
{
	struct drv *d = user;

	if (prop == VTERM_PROP_ALTSCREEN)
		d->altscreen = val->boolean;
	return 1;
}

/* A CSI ends: "?25h" shows the cursor, "?25l" hides it (25 may be one of
 * several parameters: "?12;25h"). */
static void tcem_csi(struct drv *d, char final)
{
	char *p, *save = NULL;

	if ((final != 'h' && final != 'l') || d->tcem_len == 0 || d->tcem_params[0] != '?')
		return;
	d->tcem_params[d->tcem_len] = '\0';
	for (p = strtok_r(d->tcem_params + 1, ";", &save); p; p = strtok_r(NULL, ";", &save))
		if (strcmp(p, "25") == 0)
			d->cursor_visible = final == 'h';
}

enum {
	OUT_TEXT, OUT_ESC, OUT_CSI, OUT_CSI_SKIP,
	OUT_ESC_INTER,	/* ESC ( B and the like */
	OUT_STRING,	/* OSC, DCS...: up to BEL or ESC \ */
};

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* An OSC string ended: "52;SEL;BASE64" sets the clipboard. */
static void osc_end(struct drv *d)
{
	const char *s = d->osc.data, *p;
	size_t n = d->osc.len;
	unsigned acc = 0;
	int bits = 0;

	d->in_osc = false;
	if (n < 3 || memcmp(s, "52;", 3) != 0 || !(p = memchr(s + 3, ';', n - 3)))
		return;
	d->clip.len = 0;
	for (p++; p < s + n; p++) {
		int v = b64_value((unsigned char)*p);

		if (v < 0)
			continue; /* padding */
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			char ch = (char)((acc >> (bits - 8)) & 0xff);

			buf_add(&d->clip, &ch, 1);
			bits -= 8;
		}
	}
	d->have_clip = true;
}

/* One byte of the child's output: follows the cursor's visibility (see
 * cursor_visible) and whether a sequence is under way, across reads. */
static void out_byte(struct drv *d, unsigned char c)
{
	if (c >= 0x80 && c < 0xc0) {
		if (d->utf8_left)
			d->utf8_left--;
	} else {
		d->utf8_left = c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 :
			       c >= 0xc0 && c < 0xe0 ? 1 : 0;
	}
	if (c == 0x1b) {
		/* ESC \ ends a string; inside tmux's passthrough the OSC is
		 * itself a string whose ESCs come doubled: either way ESC ]
		 * starts it anew. */
		if (d->in_osc && d->tcem_state == OUT_STRING)
			osc_end(d);
		d->tcem_state = OUT_ESC;
		return;
	}
	switch (d->tcem_state) {
	case OUT_ESC:
		if (c == '[') {
			d->tcem_state = OUT_CSI;
			d->tcem_len = 0;
		} else if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X') {
			d->tcem_state = OUT_STRING;
			d->in_osc = c == ']';
			d->osc.len = 0;
		} else if (c >= 0x20 && c <= 0x2f) {
			d->tcem_state = OUT_ESC_INTER;
		} else {
			if (c == 'c')
				d->cursor_visible = true;
			d->tcem_state = OUT_TEXT;
		}
		break;
	case OUT_ESC_INTER:
		if (c >= 0x30 && c <= 0x7e)
			d->tcem_state = OUT_TEXT;
		break;
	case OUT_STRING:
		if (c == 0x07) {
			if (d->in_osc)
				osc_end(d);
			d->tcem_state = OUT_TEXT;
		} else if (d->in_osc && d->osc.len < (1u << 20)) {
			char ch = (char)c;

			buf_add(&d->osc, &ch, 1);
		}
		break;
	case OUT_CSI:
	case OUT_CSI_SKIP:
		if (c >= 0x40 && c <= 0x7e) {
			if (d->tcem_state == OUT_CSI)
				tcem_csi(d, (char)c);
			d->tcem_state = OUT_TEXT;
		} else if (c >= 0x30 && c <= 0x3f) {
			if (d->tcem_len + 1 < sizeof d->tcem_params)
				d->tcem_params[d->tcem_len++] = (char)c;
			else
				d->tcem_state = OUT_CSI_SKIP;
		} else if (c >= 0x20 && c <= 0x2f) {
			d->tcem_state = OUT_CSI_SKIP;	/* an intermediate: not DECTCEM */
		} else if (c == 0x18 || c == 0x1a) {
			d->tcem_state = OUT_TEXT;	/* CAN and SUB end it */
		}
		break;
	default:
		break;
	}
}

/* The scrolling region back to the whole screen, the cursor where it is. */
static void reset_margins(struct drv *d)
{
	VTermPos pos;
	char seq[48];
	int n;

	vterm_state_get_cursorpos(vterm_obtain_state(d->vt), &pos);
	n = snprintf(seq, sizeof seq, "\033[r\033[%d;%dH", pos.row + 1, pos.col + 1);
	vterm_input_write(d->vt, seq, (size_t)n);
	d->margins_pending = false;
}

/* The child's output into the terminal, with a pending reset of the
 * scrolling region slipped in between two sequences. */
static void feed(struct drv *d, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		if (d->margins_pending && d->tcem_state == OUT_TEXT && !d->utf8_left) {
			vterm_input_write(d->vt, s + start, i - start);
			start = i;
			reset_margins(d);
		}
		out_byte(d, (unsigned char)s[i]);
	}
	vterm_input_write(d->vt, s + start, n - start);
}

/* libvterm's output: key sequences and answers to queries, for the child. */
static void on_output(const char *s, size_t len, void *user)
{
	struct drv *d = user;

	buf_add(&d->input, s, len);
}

static const VTermScreenCallbacks screen_callbacks = {
	.settermprop = on_settermprop,
};

static void rowbuf_fit(struct drv *d)
{
	size_t need = (size_t)d->cols * CELL_BYTES + 1;

	if (need > d->rowcap) {
		d->rowbuf = xrealloc(d->rowbuf, need);
		d->colmap = xrealloc(d->colmap, need * sizeof *d->colmap);
		d->rowcap = need;
	}
}

static bool term_open(struct drv *d, int rows, int cols)
{
	d->rows = rows;
	d->cols = cols;
	d->vt = vterm_new(rows, cols);
	if (!d->vt) {
		bail_out("vterm_new failed");
		return false;
	}
	vterm_set_utf8(d->vt, 1);
	vterm_output_set_callback(d->vt, on_output, d);
	d->screen = vterm_obtain_screen(d->vt);
	vterm_screen_set_callbacks(d->screen, &screen_callbacks, d);
	vterm_screen_enable_altscreen(d->screen, 1);
	d->cursor_visible = true;
	vterm_screen_reset(d->screen, 1);
	rowbuf_fit(d);
	return true;
}

static bool get_cell(const struct drv *d, int row, int col, VTermScreenCell *cell)
{
	VTermPos pos = { .row = row, .col = col };

	memset(cell, 0, sizeof *cell);
	return vterm_screen_get_cell(d->screen, pos, cell) != 0;
}

/* The right half of a wide character. */
static bool is_continuation(const VTermScreenCell *cell)
{
	return cell->chars[0] == (uint32_t)-1;
}

/* Renders ROW into d->rowbuf as UTF-8 (empty cells are spaces) and maps
 * each byte to its column in d->colmap. Returns the length. */
static size_t render_row(struct drv *d, int row)
{
	VTermScreenCell cell;
	size_t len = 0, start, i;
	int col;

	for (col = 0; col < d->cols; col++) {
		start = len;
		if (!get_cell(d, row, col, &cell) || !cell.chars[0]) {
			d->rowbuf[len++] = ' ';
		} else if (is_continuation(&cell)) {
			continue;
		} else {
			for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++)
				len += utf8_encode(cell.chars[i], d->rowbuf + len);
		}
		for (i = start; i < len; i++)
			d->colmap[i] = col;
	}
	d->rowbuf[len] = '\0';
	return len;
}

static size_t rtrim_len(const char *s, size_t len)
{
	while (len > 0 && s[len - 1] == ' ')
		len--;
	return len;
}

/* Writes the N bytes of S into F, with control characters as ^X. */
static void put_printable(FILE *f, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\t' || (ch >= 0x20 && ch != 0x7f))
			fputc(ch, f);
		else
			fprintf(f, "^%c", ch == 0x7f ? '?' : ch + 0x40);
	}
}

static void dump_comments(struct drv *d)
{
	VTermPos cur;
	int row, width = d->rows > 100 ? 3 : 2;
	size_t len;

	vterm_state_get_cursorpos(vterm_obtain_state(d->vt), &cur);
	printf("# screen %dx%d, %s screen, cursor at row %d col %d (%s):\n", d->rows, d->cols,
	       d->altscreen ? "alternate" : "primary", cur.row, cur.col,
	       d->cursor_visible ? "visible" : "hidden");
	for (row = 0; row < d->rows; row++) {
		len = rtrim_len(d->rowbuf, render_row(d, row));
		printf("# %*d|%.*s\n", width, row, (int)len, d->rowbuf);
	}
}

static bool dump_file(struct drv *d, const char *path)
{
	FILE *f = fopen(path, "w");
	int row;
	size_t len;

	if (!f) {
		bail_out("cannot write %s: %s", path, strerror(errno));
		return false;
	}
	for (row = 0; row < d->rows; row++) {
		len = rtrim_len(d->rowbuf, render_row(d, row));
		fprintf(f, "%.*s\n", (int)len, d->rowbuf);
	}
	if (ferror(f) | (fclose(f) != 0)) {
		bail_out("cannot write %s", path);
		return false;
	}
	return true;
}

/* ---- the child and the pty ---------------------------------------------------- */

static void on_sigchld(int sig)
{
	int saved = errno;
	ssize_t r = write(sigchld_pipe[1], "c", 1);

	(void)sig;
	(void)r;		/* a full pipe already has the news */
	errno = saved;
}

/* The last resort when everything else failed to end the run in time. */
static void on_hard_limit(int sig)
{
	static const char msg[] = "Bail out! vtdrive: hard time limit reached\n";
	ssize_t r;

	(void)sig;
	if (hard_limit_pid > 0) {
		kill(-hard_limit_pid, SIGKILL);
		kill(hard_limit_pid, SIGKILL);
	}
	r = write(STDOUT_FILENO, msg, sizeof msg - 1);
	(void)r;
	_exit(EXIT_INTERNAL);
}

static bool signals_setup(void)
{
	struct sigaction sa;

	if (pipe2(sigchld_pipe, O_NONBLOCK | O_CLOEXEC) < 0) {
		bail_out("pipe2: %s", strerror(errno));
		return false;
	}
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	if (sigaction(SIGCHLD, &sa, NULL) < 0)
		goto fail;
	sa.sa_handler = on_hard_limit;
	sa.sa_flags = 0;
	if (sigaction(SIGALRM, &sa, NULL) < 0)
		goto fail;
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) < 0)
		goto fail;
	return true;
fail:
	bail_out("sigaction: %s", strerror(errno));
	return false;
}

/* In the child, between forkpty and exec. */
static void child_exec(int errfd, char **argv)
{
	sigset_t none;

	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(errfd, STDERR_FILENO) < 0)
		_exit(127);
	execvp(argv[0], argv);
	dprintf(STDERR_FILENO, "vtdrive: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static bool child_start(struct drv *d, char **argv)
{
	struct winsize ws = { .ws_row = (unsigned short)d->rows, .ws_col = (unsigned short)d->cols };
	int fd, errfd, flags;

	/* The file goes above 2, where forkpty puts the pty in the child. */
	fd = open(d->stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	errfd = fd < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (errfd < 0) {
		bail_out("cannot open %s: %s", d->stderr_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	if (close(fd) < 0) {
		bail_out("close: %s", strerror(errno));
		close(errfd);
		return false;
	}
	fflush(NULL);
	d->pid = forkpty(&d->master, NULL, NULL, &ws);
	if (d->pid == 0)
		child_exec(errfd, argv);
	if (close(errfd) < 0 && d->pid > 0) {
		bail_out("close: %s", strerror(errno));
		return false;
	}
	if (d->pid < 0) {
		d->master = -1;
		bail_out("forkpty: %s", strerror(errno));
		return false;
	}
	hard_limit_pid = d->pid;
	flags = fcntl(d->master, F_GETFL);
	if (flags < 0 || fcntl(d->master, F_SETFL, flags | O_NONBLOCK) < 0 ||
	    fcntl(d->master, F_SETFD, FD_CLOEXEC) < 0) {
		bail_out("fcntl: %s", strerror(errno));
		return false;
	}
	return true;
}

/* Reads what the child wrote (up to a budget) into the terminal. Returns
 * the number of bytes read, or -1 on an internal error. */
static ssize_t read_output(struct drv *d)
{
	char buf[4096];
	ssize_t n, total = 0;

	while (d->master >= 0 && !d->master_eof && total < READ_BUDGET) {
		n = read(d->master, buf, sizeof buf);
		if (n > 0) {
			feed(d, buf, (size_t)n);
			d->bytes_in += (uint64_t)n;
			total += n;
		} else if (n == 0 || errno == EIO) {
			d->master_eof = true;	/* the slave side is closed */
		} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			break;
		} else if (errno != EINTR) {
			bail_out("read from the pty: %s", strerror(errno));
			d->broken = true;
			return -1;
		}
	}
	return total;
}

/* Writes pending input without blocking. A write error is kept in
 * d->input_errno and the input dropped: the child cannot get it. */
static void write_input(struct drv *d)
{
	ssize_t n;

	while (d->input_off < d->input.len) {
		if (d->master < 0) {
			d->input_errno = EBADF;
		} else {
			n = write(d->master, d->input.data + d->input_off, d->input.len - d->input_off);
			if (n > 0) {
				d->input_off += (size_t)n;
				continue;
			}
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				return;
			d->input_errno = n < 0 ? errno : EIO;
		}
		d->input_off = d->input.len;
	}
	d->input.len = d->input_off = 0;
}

static bool input_pending(const struct drv *d)
{
	return d->input_off < d->input.len;
}

/* After the child's exit: the rest of its output. Ends at EOF on the pty,
 * or when nothing came for a while, or after a while (a descendant still
 * holds the pty). */
static void drain_after_exit(struct drv *d)
{
	int64_t stop = now_ms() + EXIT_DRAIN_MAX_MS, until;
	struct pollfd p;
	int r;

	while (d->master >= 0 && !d->master_eof && now_ms() < stop) {
		until = min64(now_ms() + EXIT_DRAIN_MS, stop);
		p = (struct pollfd){ .fd = d->master, .events = POLLIN };
		r = poll(&p, 1, (int)(until > now_ms() ? until - now_ms() : 0));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return;
		if (read_output(d) <= 0 && !d->master_eof)
			return;
	}
}

/* Collects the child's exit status if it has ended. -1 on an error. */
static int reap(struct drv *d)
{
	pid_t r;
	int status;

	if (d->reaped)
		return 0;
	do
		r = waitpid(d->pid, &status, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == d->pid) {
		d->reaped = true;
		d->status = status;
		hard_limit_pid = 0;
		drain_after_exit(d);
	} else if (r < 0) {
		bail_out("waitpid: %s", strerror(errno));
		d->broken = true;
		return -1;
	}
	return 0;
}

/* Sleeps in poll until output comes, input can be written, the child exits,
 * or DEADLINE (monotonic ms) passes; handles what came. Returns 1 when
 * something happened, 0 at the deadline, -1 on an internal error. */
static int pump(struct drv *d, int64_t deadline)
{
	struct pollfd p[2];
	nfds_t n = 0;
	int64_t now = now_ms();
	int r, mi = -1;
	char junk[64];
	ssize_t got = 0;

	p[n++] = (struct pollfd){ .fd = sigchld_pipe[0], .events = POLLIN };
	if (d->master >= 0 && !d->master_eof) {
		mi = (int)n;
		p[n++] = (struct pollfd){ .fd = d->master,
					  .events = (short)(POLLIN | (input_pending(d) ? POLLOUT : 0)) };
	}
	r = poll(p, n, (int)(deadline > now ? min64(deadline - now, INT_MAX) : 0));
	if (r < 0) {
		if (errno == EINTR)
			return 1;
		bail_out("poll: %s", strerror(errno));
		d->broken = true;
		return -1;
	}
	if (p[0].revents)
		while (read(sigchld_pipe[0], junk, sizeof junk) > 0)
			continue;
	if (mi >= 0 && (p[mi].revents & (POLLIN | POLLHUP | POLLERR)))
		got = read_output(d);
	if (got < 0)
		return -1;
	if (input_pending(d))
		write_input(d);
	if (reap(d) < 0)
		return -1;
	return r > 0;
}

/* Takes in the output that is there now, without waiting (a bounded
 * amount, should the child write without end). */
static void drain_now(struct drv *d)
{
	int i;

	for (i = 0; i < 8; i++)
		if (pump(d, 0) <= 0)
			break;
}

static void signal_child_group(struct drv *d, int sig)
{
	if (kill(-d->pid, sig) < 0)
		kill(d->pid, sig);
}

/* Ends the child if it still runs: SIGTERM to its process group, SIGKILL
 * after a grace period. */
static void child_end(struct drv *d)
{
	int64_t deadline;
	int status;
	pid_t r;

	if (d->pid <= 0)
		return;
	if (d->reaped) {
		kill(-d->pid, SIGTERM);	/* leftover descendants, if any */
		return;
	}
	printf("# the child still runs at the end: sending SIGTERM\n");
	signal_child_group(d, SIGTERM);
	deadline = now_ms() + KILL_GRACE_MS;
	while (!d->reaped && now_ms() < deadline)
		if (pump(d, deadline) < 0)
			break;
	if (!d->reaped) {
		printf("# the child did not end on SIGTERM: sending SIGKILL\n");
		signal_child_group(d, SIGKILL);
		do
			r = waitpid(d->pid, &status, 0);
		while (r < 0 && errno == EINTR);
		if (r == d->pid) {
			d->reaped = true;
			d->status = status;
		}
	}
	if (d->reaped)
		printf("# the child %s\n", status_text(d->status));
}

/* ---- TAP --------------------------------------------------------------------- */

static void tap_point(struct drv *d, const struct cmd *c, bool ok)
{
	size_t n = strlen(c->src), i;
	bool cut = n > NAME_MAX_BYTES;

	if (cut)
		for (n = NAME_MAX_BYTES; n > 0 && (c->src[n] & 0xc0) == 0x80; n--)
			continue;	/* not inside a UTF-8 character */
	d->tap_n++;
	printf("%sok %d - ", ok ? "" : "not ", d->tap_n);
	for (i = 0; i < n; i++) {
		if (c->src[i] == '#')
			putchar('\\');	/* TAP: a # would start a directive */
		putchar(c->src[i]);
	}
	printf("%s (line %d)\n", cut ? "..." : "", c->line);
}

static void pass(struct drv *d, const struct cmd *c)
{
	tap_point(d, c, true);
}

/* The end of the child's stderr, as comments. */
static void print_stderr_tail(const struct drv *d)
{
	char buf[STDERR_TAIL];
	struct stat st;
	ssize_t n;
	char *p, *nl, *end;
	int fd;

	if (strcmp(d->stderr_path, "/dev/null") == 0)
		return;
	fd = open(d->stderr_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > (off_t)sizeof buf)
		if (lseek(fd, st.st_size - (off_t)sizeof buf, SEEK_SET) < 0)
			goto out;
	n = read(fd, buf, sizeof buf);
	if (n <= 0)
		goto out;
	printf("# the child's stderr%s:\n", st.st_size > (off_t)sizeof buf ? " (its end)" : "");
	end = buf + n;
	for (p = buf; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		fputs("#   ", stdout);
		put_printable(stdout, p, (size_t)(nl - p));
		putchar('\n');
	}
out:
	close(fd);
}

static void fail(struct drv *d, const struct cmd *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct drv *d, const struct cmd *c, const char *fmt, ...)
{
	va_list ap;

	tap_point(d, c, false);
	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	drain_now(d);
	dump_comments(d);
	if (d->reaped)
		printf("# the child %s\n", status_text(d->status));
	print_stderr_tail(d);
	d->failed = true;
}

/* ---- checks of the screen ------------------------------------------------------- */

/* Whether TEXT is on a row in [FIRST, LAST]. */
static bool text_on_rows(struct drv *d, const char *text, size_t len, int first, int last)
{
	int row;

	for (row = first; row <= last && row < d->rows; row++)
		if (memmem(d->rowbuf, render_row(d, row), text, len))
			return true;
	return false;
}

static bool check_text(struct drv *d, const struct cmd *c)
{
	return text_on_rows(d, c->text, c->text_len, 0, d->rows - 1);
}

static bool check_gone(struct drv *d, const struct cmd *c)
{
	return !check_text(d, c);
}

static bool check_row(struct drv *d, const struct cmd *c)
{
	if (c->n1 >= d->rows) {
		snprintf(d->why, sizeof d->why, "row %ld is outside the %d-row screen", c->n1, d->rows);
		return false;
	}
	return text_on_rows(d, c->text, c->text_len, (int)c->n1, (int)c->n1);
}

static bool check_exited(struct drv *d, const struct cmd *c)
{
	(void)c;
	return d->reaped;
}

static bool colour_is(const VTermColor *col, const struct colour_want *w, bool fg)
{
	bool dflt = fg ? VTERM_COLOR_IS_DEFAULT_FG(col) : VTERM_COLOR_IS_DEFAULT_BG(col);

	switch (w->kind) {
	case COLOUR_ANY:
		return true;
	case COLOUR_DEFAULT:
		return dflt;
	case COLOUR_INDEX:
		return !dflt && VTERM_COLOR_IS_INDEXED(col) && col->indexed.idx == w->index;
	}
	return false;
}

static bool flag_is(int want, unsigned have)
{
	return want < 0 || want == (have != 0);
}

static bool cell_has(const VTermScreenCell *cell, const struct attr_want *w)
{
	return flag_is(w->flag[FLAG_REVERSE], cell->attrs.reverse) &&
	       flag_is(w->flag[FLAG_BOLD], cell->attrs.bold) &&
	       flag_is(w->flag[FLAG_UNDERLINE], cell->attrs.underline) &&
	       flag_is(w->flag[FLAG_ITALIC], cell->attrs.italic) &&
	       colour_is(&cell->fg, &w->fg, true) && colour_is(&cell->bg, &w->bg, false);
}

static int describe_colour(char *out, size_t n, const char *which, const VTermColor *col, bool fg)
{
	if (fg ? VTERM_COLOR_IS_DEFAULT_FG(col) : VTERM_COLOR_IS_DEFAULT_BG(col))
		return snprintf(out, n, " %s=default", which);
	if (VTERM_COLOR_IS_INDEXED(col))
		return snprintf(out, n, " %s=%d", which, col->indexed.idx);
	return snprintf(out, n, " %s=#%02x%02x%02x", which, col->rgb.red, col->rgb.green, col->rgb.blue);
}

/* "row 3 col 7: fg=1 bg=default bold reverse" into d->why */
static void describe_cell(struct drv *d, int row, int col, const VTermScreenCell *cell)
{
	char *w = d->why;
	size_t n = sizeof d->why;
	int k;

	k = snprintf(w, n, "the first cell that differs: row %d col %d:", row, col);
	k += describe_colour(w + k, n - (size_t)k, "fg", &cell->fg, true);
	k += describe_colour(w + k, n - (size_t)k, "bg", &cell->bg, false);
	snprintf(w + k, n - (size_t)k, "%s%s%s%s", cell->attrs.bold ? " bold" : "",
		 cell->attrs.underline ? " underline" : "", cell->attrs.italic ? " italic" : "",
		 cell->attrs.reverse ? " reverse" : "");
}

/* Whether the occurrence of TEXT at byte OFF of the rendered ROW has the
 * wanted attributes; the first mismatch is described in d->why. */
static bool occurrence_has(struct drv *d, const struct cmd *c, int row, size_t off, bool explain)
{
	int first = d->colmap[off], last = d->colmap[off + c->text_len - 1], col;
	VTermScreenCell cell;

	for (col = first; col <= last; col++) {
		if (!get_cell(d, row, col, &cell) || is_continuation(&cell))
			continue;
		if (!cell_has(&cell, &c->want)) {
			if (explain)
				describe_cell(d, row, col, &cell);
			return false;
		}
	}
	return true;
}

static bool check_attr(struct drv *d, const struct cmd *c)
{
	const char *p, *hit;
	size_t len;
	bool found = false;
	int row;

	snprintf(d->why, sizeof d->why, "the text is not on the screen");
	for (row = 0; row < d->rows; row++) {
		len = render_row(d, row);
		for (p = d->rowbuf; (hit = memmem(p, len - (size_t)(p - d->rowbuf), c->text, c->text_len));
		     p = hit + 1) {
			if (occurrence_has(d, c, row, (size_t)(hit - d->rowbuf), !found))
				return true;
			found = true;
		}
	}
	return false;
}

/* ---- running the commands --------------------------------------------------------- */

typedef bool check_fn(struct drv *d, const struct cmd *c);

enum wait_result { WAIT_OK, WAIT_TIMEOUT, WAIT_GLOBAL, WAIT_EXITED, WAIT_BROKEN };

static int64_t wait_deadline(const struct drv *d)
{
	return min64(now_ms() + (int64_t)(d->wait_s * 1000), d->global_deadline);
}

/* Until CHECK holds, the child exits, or the time is up. */
static enum wait_result wait_until(struct drv *d, const struct cmd *c, check_fn *check)
{
	int64_t deadline = wait_deadline(d), now;

	d->why[0] = '\0';
	for (;;) {
		if (check(d, c))
			return WAIT_OK;
		if (d->reaped)
			return WAIT_EXITED;
		now = now_ms();
		if (now >= deadline)
			return now >= d->global_deadline ? WAIT_GLOBAL : WAIT_TIMEOUT;
		if (pump(d, deadline) < 0)
			return WAIT_BROKEN;
	}
}

static void fail_wait(struct drv *d, const struct cmd *c, enum wait_result r)
{
	const char *sep = d->why[0] ? "; " : "";

	switch (r) {
	case WAIT_OK:
	case WAIT_BROKEN:
		break;
	case WAIT_TIMEOUT:
		fail(d, c, "timed out after %g s%s%s", d->wait_s, sep, d->why);
		break;
	case WAIT_GLOBAL:
		fail(d, c, "the global timeout (%g s) passed%s%s", d->global_s, sep, d->why);
		break;
	case WAIT_EXITED:
		fail(d, c, "the child ended before this held%s%s", sep, d->why);
		break;
	}
}

static bool check_clipboard(struct drv *d, const struct cmd *c)
{
	if (d->have_clip && d->clip.len == c->text_len &&
	    memcmp(d->clip.data, c->text, c->text_len) == 0)
		return true;
	snprintf(d->why, sizeof d->why, "the clipboard holds %s\"%.*s\"",
	         d->have_clip ? "" : "nothing; before: ",
	         (int)(d->clip.len < 200 ? d->clip.len : 200), d->clip.data ? d->clip.data : "");
	return false;
}

static void run_wait(struct drv *d, const struct cmd *c, check_fn *check)
{
	enum wait_result r = wait_until(d, c, check);

	if (r == WAIT_OK)
		pass(d, c);
	else
		fail_wait(d, c, r);
}

static void run_expect(struct drv *d, const struct cmd *c, bool present)
{
	drain_now(d);
	if (check_text(d, c) == present)
		pass(d, c);
	else
		fail(d, c, present ? "not on the screen" : "on the screen");
}

static void run_expect_exit(struct drv *d, const struct cmd *c)
{
	enum wait_result r = wait_until(d, c, check_exited);
	int st = d->status;

	if (r == WAIT_TIMEOUT) {
		fail(d, c, "the child still runs after %g s", d->wait_s);
	} else if (r != WAIT_OK) {
		fail_wait(d, c, r);
	} else if (c->by_signal ? WIFSIGNALED(st) && WTERMSIG(st) == c->n1
				: WIFEXITED(st) && WEXITSTATUS(st) == c->n1) {
		pass(d, c);
	} else {
		fail(d, c, "the child ended otherwise");
	}
}

static void run_expect_restored(struct drv *d, const struct cmd *c)
{
	drain_now(d);
	if (!d->altscreen && d->cursor_visible)
		pass(d, c);
	else
		fail(d, c, "the terminal is not restored:%s%s", d->altscreen ? " still on the alternate screen" : "",
		     d->cursor_visible ? "" : " the cursor is hidden");
}

/* Reads output for N ms, or until the first output when UNTIL_OUTPUT.
 * Returns false if the global timeout passed. */
static bool idle(struct drv *d, const struct cmd *c, bool until_output, uint64_t *bytes)
{
	int64_t until = now_ms() + c->n1, deadline = min64(until, d->global_deadline);
	uint64_t before = d->bytes_in;

	while (now_ms() < deadline && !(until_output && d->bytes_in != before))
		if (pump(d, deadline) < 0)
			return false;
	*bytes = d->bytes_in - before;
	if (!(until_output && *bytes) && now_ms() < until) {
		fail(d, c, "the global timeout (%g s) passed", d->global_s);
		return false;
	}
	return true;
}

static void run_quiet(struct drv *d, const struct cmd *c)
{
	uint64_t bytes;

	if (idle(d, c, true, &bytes)) {
		if (bytes == 0)
			pass(d, c);
		else
			fail(d, c, "the child wrote %" PRIu64 " bytes within %ld ms", bytes, c->n1);
	}
}

/* Delivers d->input to the child, reading its output meanwhile. */
static void send_input(struct drv *d, const struct cmd *c)
{
	int64_t deadline = wait_deadline(d);

	for (;;) {
		write_input(d);
		if (d->input_errno) {
			fail(d, c, "cannot write to the pty: %s", strerror(d->input_errno));
			return;
		}
		if (!input_pending(d))
			return;
		if (d->reaped) {
			fail(d, c, "the child ended before it read its input");
			return;
		}
		if (now_ms() >= deadline) {
			fail(d, c, "the child did not read its input within %g s", d->wait_s);
			return;
		}
		if (pump(d, deadline) < 0)
			return;
	}
}

/* Whether input can go to the child; a failure otherwise. */
static bool can_send(struct drv *d, const struct cmd *c)
{
	drain_now(d);
	if (d->master < 0) {
		fail(d, c, "the pty is closed (hangup)");
		return false;
	}
	if (d->reaped) {
		fail(d, c, "the child has ended: it cannot get input");
		return false;
	}
	d->input_errno = 0;
	return true;
}

static void run_key(struct drv *d, const struct cmd *c)
{
	const struct key *k;
	char byte;
	size_t i;

	if (!can_send(d, c))
		return;
	for (i = 0; i < c->nkeys; i++) {
		k = &c->keys[i];
		switch (k->kind) {
		case KEY_NAMED:
			vterm_keyboard_key(d->vt, k->named, k->mod);
			break;
		case KEY_CHAR:
			vterm_keyboard_unichar(d->vt, k->ch, k->mod);
			break;
		case KEY_BYTE:
			if (k->mod & VTERM_MOD_ALT)
				buf_add(&d->input, "\033", 1);
			byte = (char)k->ch;
			buf_add(&d->input, &byte, 1);
			break;
		}
	}
	send_input(d, c);
}

/* libvterm writes the events in the protocol the child asked for. */
static void run_pointer(struct drv *d, const struct cmd *c)
{
	if (!can_send(d, c))
		return;
	vterm_mouse_move(d->vt, (int)c->n1, (int)c->n2, VTERM_MOD_NONE);
	if (c->op == OP_CLICK) {
		vterm_mouse_button(d->vt, 1, true, VTERM_MOD_NONE);
		vterm_mouse_button(d->vt, 1, false, VTERM_MOD_NONE);
	} else {
		vterm_mouse_button(d->vt, c->by_signal ? 5 : 4, true, VTERM_MOD_NONE);
	}
	send_input(d, c);
}

static void run_type(struct drv *d, const struct cmd *c)
{
	if (!can_send(d, c))
		return;
	buf_add(&d->input, c->text, c->text_len);
	send_input(d, c);
}

static void run_resize(struct drv *d, const struct cmd *c)
{
	struct winsize ws = { .ws_row = (unsigned short)c->n1, .ws_col = (unsigned short)c->n2 };

	drain_now(d);
	if (d->master < 0) {
		fail(d, c, "the pty is closed (hangup)");
		return;
	}
	vterm_set_size(d->vt, (int)c->n1, (int)c->n2);
	d->margins_pending = true;
	d->rows = (int)c->n1;
	d->cols = (int)c->n2;
	rowbuf_fit(d);
	if (ioctl(d->master, TIOCSWINSZ, &ws) < 0)
		fail(d, c, "TIOCSWINSZ: %s", strerror(errno));
}

static void run_signal(struct drv *d, const struct cmd *c)
{
	drain_now(d);
	if (d->reaped)
		fail(d, c, "the child has ended: no process to signal");
	else if (kill(d->pid, (int)c->n1) < 0)
		fail(d, c, "kill: %s", strerror(errno));
}

static void run_hangup(struct drv *d, const struct cmd *c)
{
	int fd = d->master;

	drain_now(d);
	if (fd < 0) {
		fail(d, c, "the pty is already closed");
		return;
	}
	d->master = -1;
	d->master_eof = true;
	d->input.len = d->input_off = 0;
	if (close(fd) < 0 && errno != EINTR)
		fail(d, c, "close: %s", strerror(errno));
}

static void run_cmd(struct drv *d, const struct cmd *c)
{
	uint64_t bytes;

	switch (c->op) {
	case OP_WAIT:
	case OP_WAIT_ROW:
	case OP_WAIT_GONE:
	case OP_WAIT_ATTR:
		run_wait(d, c, c->op == OP_WAIT ? check_text : c->op == OP_WAIT_ROW ? check_row
			       : c->op == OP_WAIT_GONE ? check_gone : check_attr);
		break;
	case OP_WAIT_CLIPBOARD:
		run_wait(d, c, check_clipboard);
		break;
	case OP_EXPECT:
		run_expect(d, c, true);
		break;
	case OP_EXPECT_NOT:
		run_expect(d, c, false);
		break;
	case OP_EXPECT_EXIT:
		run_expect_exit(d, c);
		break;
	case OP_EXPECT_RESTORED:
		run_expect_restored(d, c);
		break;
	case OP_QUIET_MS:
		run_quiet(d, c);
		break;
	case OP_KEY:
		run_key(d, c);
		break;
	case OP_CLICK:
	case OP_WHEEL:
		run_pointer(d, c);
		break;
	case OP_TYPE:
		run_type(d, c);
		break;
	case OP_RESIZE:
		run_resize(d, c);
		break;
	case OP_SIGNAL:
		run_signal(d, c);
		break;
	case OP_HANGUP:
		run_hangup(d, c);
		break;
	case OP_TIMEOUT:
		d->wait_s = c->secs * d->factor;
		break;
	case OP_IDLE_MS:
		idle(d, c, false, &bytes);
		break;
	case OP_DUMP:
		drain_now(d);
		dump_comments(d);
		break;
	}
}

/* ---- main ------------------------------------------------------------------------ */

struct options {
	long rows, cols;
	double global_s, factor;
	const char *stderr_path, *dump_path, *script_path;
	char **argv;
};

static void usage(FILE *f)
{
	fputs("usage: vtdrive [-r ROWS] [-c COLS] [-t TIMEOUT_S] [-f FACTOR]\n"
	      "               [-e STDERR_FILE] [-d DUMP_FILE] -s SCRIPT -- COMMAND [ARGS...]\n"
	      "The script's commands are described at the top of vtdrive.c.\n", f);
}

static bool parse_options(struct options *o, int argc, char **argv)
{
	int opt;

	*o = (struct options){ .rows = DEFAULT_ROWS, .cols = DEFAULT_COLS, .global_s = DEFAULT_GLOBAL_S,
			       .factor = 1, .stderr_path = "/dev/null" };
	while ((opt = getopt(argc, argv, "+r:c:t:f:e:d:s:h")) != -1) {
		switch (opt) {
		case 'r':
			if (!to_long(optarg, 2, 1000, &o->rows))
				goto bad;
			break;
		case 'c':
			if (!to_long(optarg, 2, 1000, &o->cols))
				goto bad;
			break;
		case 't':
			if (!to_secs(optarg, &o->global_s))
				goto bad;
			break;
		case 'f':
			if (!to_secs(optarg, &o->factor) || o->factor < 1 || o->factor > 100)
				goto bad;
			break;
		case 'e':
			o->stderr_path = optarg;
			break;
		case 'd':
			o->dump_path = optarg;
			break;
		case 's':
			o->script_path = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			goto bad;
		}
	}
	if (!o->script_path || optind >= argc)
		goto bad;
	o->argv = argv + optind;
	return true;
bad:
	usage(stderr);
	bail_out("bad usage");
	return false;
}

static void drv_free(struct drv *d)
{
	if (d->master >= 0)
		close(d->master);
	if (d->vt)
		vterm_free(d->vt);
	free(d->input.data);
	free(d->osc.data);
	free(d->clip.data);
	free(d->rowbuf);
	free(d->colmap);
}

/* Runs the script; stops at the first failure. */
static void run_script(struct drv *d, const struct script *s)
{
	size_t i;

	for (i = 0; i < s->n && !d->failed && !d->broken; i++)
		run_cmd(d, &s->cmds[i]);
	if (d->failed && i < s->n)
		printf("# stopped at the first failure; %zu command%s not run\n", s->n - i,
		       s->n - i == 1 ? "" : "s");
}

int main(int argc, char **argv)
{
	struct options o;
	struct script s = { 0 };
	struct drv d = { .master = -1, .pid = -1 };
	int rc = EXIT_RAN;

	if (setvbuf(stdout, NULL, _IOLBF, 0) != 0)
		return EXIT_INTERNAL;
	if (!parse_options(&o, argc, argv))
		return EXIT_USAGE;
	if (!script_read(&s, o.script_path)) {
		script_free(&s);
		return EXIT_USAGE;
	}
	d.factor = o.factor;
	d.global_s = o.global_s * o.factor;
	d.wait_s = DEFAULT_WAIT_S * o.factor;
	d.stderr_path = o.stderr_path;
	d.global_deadline = now_ms() + (int64_t)(d.global_s * 1000);
	if (signals_setup() && term_open(&d, (int)o.rows, (int)o.cols) && child_start(&d, o.argv)) {
		alarm((unsigned)d.global_s + HARD_LIMIT_EXTRA_S);
		run_script(&d, &s);
		if (!d.broken)
			drain_now(&d);
		if (o.dump_path && !d.broken && !dump_file(&d, o.dump_path))
			d.broken = true;
	} else {
		d.broken = true;
	}
	child_end(&d);
	alarm(0);
	if (d.broken)
		rc = EXIT_INTERNAL;
	else if (printf("1..%d\n", d.tap_n) < 0 || fflush(stdout) != 0)
		rc = EXIT_INTERNAL;
	drv_free(&d);
	script_free(&s);
	return rc;
}
