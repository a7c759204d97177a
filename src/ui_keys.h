/* ui_keys.h - the action table: one row per action gives its key bindings,
 * its line in the help screen and its entry in the man page.
 *
 * X(ID, HINT, HELP, KEYS...): ID names the action (UI_ACT_ID), HINT is the
 * short word of the key hint line (NULL: not in the hint line), HELP its
 * sentence for the help screen and the man page, KEYS the curses key codes
 * that trigger it (the first is shown in the hint line).
 *
 * UI_ACTIONS are the keys of the panes; UI_LOG_ACTIONS those of the
 * full-screen log viewer, where the same key may mean something else (w
 * wraps there, and writes a list elsewhere). The viewer's movement keys are
 * the panes' (Up, PgDn, Home...). */
#ifndef WRUN_UI_KEYS_H
#define WRUN_UI_KEYS_H

#include <stddef.h>
#include <stdio.h>

#define UI_CTRL(c) ((c) & 0x1f)
#define UI_KEY_ESC 27

#define UI_ACTIONS(X) \
	X(UP, NULL, "Move the selection up; in the detail pane, scroll up", \
	  KEY_UP, 'k') \
	X(DOWN, NULL, "Move the selection down; in the detail pane, scroll down", \
	  KEY_DOWN, 'j') \
	X(PAGE_UP, NULL, "Move one page up", KEY_PPAGE, UI_CTRL('u')) \
	X(PAGE_DOWN, NULL, "Move one page down", KEY_NPAGE, UI_CTRL('d')) \
	X(FIRST, NULL, "Jump to the first row", KEY_HOME, 'g') \
	X(LAST, NULL, "Jump to the last row", KEY_END, 'G') \
	X(FOCUS_NEXT, "pane", "Move the focus to the next pane", '\t') \
	X(FOCUS_PREV, NULL, "Move the focus to the previous pane", KEY_BTAB) \
	X(FOCUS_LEFT, NULL, "Move the focus to the pane on the left (or above)", \
	  KEY_LEFT, 'h') \
	X(FOCUS_RIGHT, NULL, "Move the focus to the pane on the right (or below)", \
	  KEY_RIGHT, 'l') \
	X(OPEN, "open", \
	  "Open the selection: a worker's runs, a run's detail, a ledger entry's result", \
	  '\n', '\r', KEY_ENTER) \
	X(FAILED, "failed", \
	  "Show or leave the failed view: every run that did not succeed, of every worker, " \
	  "newest first", 'F') \
	X(FILTER, "filter", \
	  "Filter the focused list as you type: runs by worker, status, trigger, version or " \
	  "ID; workers by key or action. Enter keeps the filter, Esc clears it", '/') \
	X(NEXT_FAILED, "jump", "Move to the next run that did not succeed", ']') \
	X(PREV_FAILED, NULL, "Move to the previous run that did not succeed", '[') \
	X(SORT, "sort", "Sort the runs by the next order: start time, duration, CPU, memory, " \
	  "status", 's') \
	X(SORT_REVERSE, NULL, \
	  "Reverse the order of the runs; in the workers pane, switch servers: every server " \
	  "of wrun's config and of the JFrog CLI config, the current one marked", 'S') \
	X(TIMES, "times", "Show start times as dates or as relative times (3m ago)", 't') \
	X(ZOOM, "zoom", "Give the focused pane the whole screen, or give it back", 'z') \
	X(LOGS, "logs", \
	  "Show the logs of the selected run, or of the rerun shown, on the whole screen (Enter " \
	  "on the detail pane too)", 'L') \
	X(MARK, "mark", "Mark or unmark the selected run for a batch rerun", ' ') \
	X(COMPARE, "diff", \
	  "Compare side by side: a rerun (shown, or in the ledger) against its original, or " \
	  "the two runs marked with Space: status, metrics with their change, a diff of the " \
	  "logs", 'd') \
	X(COPY_ID, "copy", \
	  "Copy the selected run's full ID to the clipboard (OSC 52: works over SSH and in tmux)", \
	  'c') \
	X(COPY_CMD, NULL, \
	  "Copy a ready command for the selected run: wrun rerun WORKER ID, with --project " \
	  "where the run has one", 'C') \
	X(EXPORT, "write", \
	  "Write the runs the list shows (filter, failed view) to a JSON file, as history " \
	  "--json prints them; asks before overwriting", 'w') \
	X(RERUN, "rerun", "Rerun the selected run, after a confirmation", 'r') \
	X(RERUN_FORCE, "rerun+record", \
	  "Rerun the selected run with forceRecord=true (recorded in history even when it " \
	  "succeeds), after a confirmation", 'R') \
	X(BATCH, "batch", \
	  "Rerun the marked runs, or with none marked every run the list shows, one at a " \
	  "time, after a confirmation; Esc stops what is not sent yet", 'X') \
	X(LEDGER, "ledger", \
	  "Show or leave the ledger: every rerun of this session and its outcome", 'v') \
	X(AUTO_REFRESH, "auto", "Turn auto-refresh on or off (--refresh sets its period)", 'a') \
	X(REFRESH, "refresh", "Reload the workers and the run history", \
	  UI_CTRL('r'), KEY_F(5)) \
	X(HELP, "help", "Show or hide this help", '?') \
	X(CANCEL, "cancel", \
	  "Step back: close a dialog or the help; stop the requests (a rerun already sent " \
	  "runs on the server); then leave a rerun result, the zoom, the ledger, the " \
	  "filter, the failed view, one at a time", UI_KEY_ESC) \
	X(QUIT, "quit", "Quit (asks first while reruns are in flight; the terminal is restored)", \
	  'q')

#define UI_LOG_ACTIONS(X) \
	X(LOG_WRAP, "wrap", "Wrap long lines, or cut them (a cut line ends with an ellipsis)", 'w') \
	X(LOG_RIGHT, NULL, "Scroll sideways to the rest of cut lines", KEY_RIGHT, 'l') \
	X(LOG_LEFT, NULL, "Scroll back sideways", KEY_LEFT, 'h') \
	X(LOG_SEARCH, "search", "Search the logs (any case); matches are highlighted", '/') \
	X(LOG_NEXT, "next", "Move to the next match", 'n') \
	X(LOG_PREV, NULL, "Move to the previous match", 'N') \
	X(LOG_ERROR, "error", \
	  "Jump to the first line that looks like an error: [error], ERROR, Error:, Exception, " \
	  "or a Workers limit message", 'e') \
	X(LOG_PAGER, "pager", "Open the logs, made safe, in $PAGER (default: less -R)", 'o') \
	X(LOG_SAVE, "save", \
	  "Save the logs, made safe, to a file: <worker>-<short id>.log is offered; asks " \
	  "before overwriting", 's') \
	X(LOG_CLOSE, "back", "Back to the panes", UI_KEY_ESC, 'q')

enum ui_action {
	UI_ACT_NONE = 0,
#define UI_X_ENUM(id, hint, help, ...) UI_ACT_##id,
	UI_ACTIONS(UI_X_ENUM)
	UI_LOG_ACTIONS(UI_X_ENUM)
#undef UI_X_ENUM
	UI_ACT_COUNT
};

enum ui_key_scope { UI_SCOPE_PANES, UI_SCOPE_LOGS };

/* The action bound to a curses key code in the panes, or UI_ACT_NONE. */
enum ui_action ui_key_action(int key);
/* The same in a scope: in the log viewer, its own keys first, then the
 * panes' movement keys. */
enum ui_action ui_key_action_in(int key, enum ui_key_scope scope);

/* One help-screen entry per action, i < ui_key_help_count(): its keys
 * ("Up, k") and its sentence. */
struct ui_key_help {
	char keys[64];
	const char *help;
	enum ui_key_scope scope;
};
size_t ui_key_help_count(void);
void ui_key_help_get(size_t i, struct ui_key_help *out);

/* The key table for the man page (roff .TP entries), from the same action
 * table that drives the bindings and the help screen. */
void ui_print_keys_man(FILE *f);

/* The key hint line ("q quit  ? help  ..."), into buf: for the runs, the
 * workers, the ledger or the detail pane, whichever has the focus. */
enum ui_hint_ctx {
	UI_HINTS_WORKERS, UI_HINTS_RUNS, UI_HINTS_LEDGER, UI_HINTS_DETAIL, UI_HINTS_LOGS
};
void ui_key_hints(char *buf, size_t n, enum ui_hint_ctx ctx);

#endif
