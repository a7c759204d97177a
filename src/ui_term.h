/* ui_term.h - the terminal: curses set-up and restore, colours (or plain
 * attributes under NO_COLOR), signals, the crash handler, and the one
 * descriptor the loop waits on for keys and signals. */
#ifndef WRUN_UI_TERM_H
#define WRUN_UI_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum ui_style {
	UI_S_NORMAL,
	UI_S_OK,       /* a successful run */
	UI_S_FAIL,     /* a failed run */
	UI_S_OTHER,    /* any other status */
	UI_S_ERROR,    /* the status line's errors */
	UI_S_BAR_LOW,  /* a bar under 70% of its limit */
	UI_S_BAR_HIGH, /* 70% .. 100% */
	UI_S_BAR_OVER, /* at or over the limit */
	UI_S_DIM,      /* secondary text */
	UI_S_LABEL,    /* field names, headings */
	UI_S_TITLE,    /* the title bar */
	UI_S_COUNT
};

/* Installs the signal and crash handlers, starts curses on the terminal
 * (alternate screen, cbreak, no echo, keypad, invisible cursor) and picks
 * colours: none when NO_COLOR is set (any value) or the terminal has none.
 * False with err when the terminal cannot be used. */
bool ui_term_open(struct wr_error *err);

/* Ends curses and puts the handlers back. Safe to call more than once. */
void ui_term_close(void);

/* Leaves curses mode (endwin) if in it: for fatal paths and the crash
 * handler. Idempotent. */
void ui_term_restore(void);

/* The curses attributes of a style. */
int ui_term_attr(enum ui_style s);
bool ui_term_has_color(void);

/* The descriptor to wait on: readable when a key arrives, input ends or a
 * signal came (SIGWINCH, or one that ends the interface: SIGINT, SIGTERM,
 * SIGHUP, and every other whose default action ends the process without a
 * core dump, such as SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM). */
int ui_term_wake_fd(void);

/* After a wake: drains the signal pipe. Returns the quit signal received
 * (any of those above but SIGWINCH) or 0. */
int ui_term_take_signal(void);

/* True when the terminal has input waiting, or has ended or hung up. */
bool ui_term_input_ready(void);

/* True when the terminal's input has ended (end of file, hang-up, read
 * error): called when input looked ready but curses got no key. */
bool ui_term_input_ended(void);

/* --mouse: clicks and the wheel come as KEY_MOUSE. False when the
 * terminal has no mouse. */
bool ui_term_mouse(void);

/* The event behind a KEY_MOUSE, in screen cells. False for events wrun
 * does not use. */
struct ui_term_mouse {
	int y, x;
	bool click, wheel_up, wheel_down;
};
bool ui_term_mouse_event(struct ui_term_mouse *m);

/* Puts text on the terminal's clipboard with OSC 52 (wrapped for tmux when
 * $TMUX is set). False when it could not be written. */
bool ui_term_clipboard(const char *text, size_t len);

/* Hands the terminal to cmd (run by /bin/sh) with input on its standard
 * input, waits for it, and takes the terminal back. Ctrl-C meanwhile is
 * the program's. False with err when it could not be run. */
bool ui_term_run(const char *cmd, const char *input, size_t len, struct wr_error *err);

#endif
