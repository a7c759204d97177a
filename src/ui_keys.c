/* ui_keys.c - bindings, help lines, hint line and man page entries, all from
 * the one action table in ui_keys.h. */
#include "config.h"

#include "ui_keys.h"

#include <stdbool.h>

#include <curses.h>
#include <string.h>

#define UI_MAX_KEYS 4

struct binding {
	enum ui_action act;
	enum ui_key_scope scope;
	const char *hint;
	const char *help;
	int keys[UI_MAX_KEYS]; /* 0-terminated unless full */
};

static const struct binding bindings[] = {
#define UI_X_ROW(id, hint, help, ...) { UI_ACT_##id, UI_SCOPE_PANES, hint, help, { __VA_ARGS__ } },
	UI_ACTIONS(UI_X_ROW)
#undef UI_X_ROW
#define UI_X_ROW(id, hint, help, ...) { UI_ACT_##id, UI_SCOPE_LOGS, hint, help, { __VA_ARGS__ } },
	UI_LOG_ACTIONS(UI_X_ROW)
#undef UI_X_ROW
};

#define N_BINDINGS (sizeof bindings / sizeof bindings[0])

static enum ui_action find(int key, enum ui_key_scope scope)
{
	for (size_t i = 0; i < N_BINDINGS; i++) {
		if (bindings[i].scope != scope)
			continue;
		for (size_t k = 0; k < UI_MAX_KEYS && bindings[i].keys[k]; k++)
			if (bindings[i].keys[k] == key)
				return bindings[i].act;
	}
	return UI_ACT_NONE;
}

enum ui_action ui_key_action(int key)
{
	return find(key, UI_SCOPE_PANES);
}

enum ui_action ui_key_action_in(int key, enum ui_key_scope scope)
{
	enum ui_action act = find(key, scope);

	if (act != UI_ACT_NONE || scope == UI_SCOPE_PANES)
		return act;
	act = find(key, UI_SCOPE_PANES);
	switch (act) {
	case UI_ACT_UP: case UI_ACT_DOWN: case UI_ACT_PAGE_UP: case UI_ACT_PAGE_DOWN:
	case UI_ACT_FIRST: case UI_ACT_LAST: case UI_ACT_HELP:
		return act;
	default:
		return UI_ACT_NONE;
	}
}

/* The name a person types; NULL for aliases not worth listing (the Enter
 * key arrives as \n, \r or KEY_ENTER depending on the terminal). */
static const char *ui_key_name(int key, char *buf, size_t n)
{
	switch (key) {
	case KEY_UP: return "Up";
	case KEY_DOWN: return "Down";
	case KEY_LEFT: return "Left";
	case KEY_RIGHT: return "Right";
	case KEY_PPAGE: return "PgUp";
	case KEY_NPAGE: return "PgDn";
	case KEY_HOME: return "Home";
	case KEY_END: return "End";
	case KEY_BTAB: return "Shift-Tab";
	case '\t': return "Tab";
	case '\n': return "Enter";
	case '\r': return NULL;
	case KEY_ENTER: return NULL;
	case UI_KEY_ESC: return "Esc";
	case ' ': return "Space";
	default: break;
	}
	if (key >= KEY_F(1) && key <= KEY_F(12)) {
		snprintf(buf, n, "F%d", key - KEY_F0);
		return buf;
	}
	if (key > 0 && key < 0x20) {
		snprintf(buf, n, "Ctrl-%c", key + '@');
		return buf;
	}
	if (key > 0x20 && key < 0x7f) {
		snprintf(buf, n, "%c", key);
		return buf;
	}
	return NULL;
}

static void keys_text(const struct binding *b, char *out, size_t n, const char *sep)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t k = 0; k < UI_MAX_KEYS && b->keys[k]; k++) {
		char tmp[16];
		const char *name = ui_key_name(b->keys[k], tmp, sizeof tmp);
		int w;

		if (!name)
			continue;
		w = snprintf(out + len, n - len, "%s%s", len ? sep : "", name);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

size_t ui_key_help_count(void)
{
	return N_BINDINGS;
}

void ui_key_help_get(size_t i, struct ui_key_help *out)
{
	keys_text(&bindings[i], out->keys, sizeof out->keys, ", ");
	out->help = bindings[i].help;
	out->scope = bindings[i].scope;
}

/* One hint: an action, or two that share it ("]/[ jump": the hint of the
 * first). */
struct hint {
	enum ui_action a, b;
};

#define H1(x) { UI_ACT_##x, UI_ACT_NONE }
#define H2(x, y) { UI_ACT_##x, UI_ACT_##y }

/* Quit and help first, what a newcomer looks for; then what the focused
 * pane is for, the most used first: the line is cut at the screen's edge. */
static const struct hint hints_workers[] = {
	H1(QUIT), H1(HELP), H1(FAILED), H1(FILTER), H1(OPEN), H2(NEXT_FAILED, PREV_FAILED),
	H1(LEDGER), H1(FOCUS_NEXT), H1(ZOOM), H1(AUTO_REFRESH), H1(REFRESH), H1(CANCEL),
	{ UI_ACT_NONE, UI_ACT_NONE },
};
static const struct hint hints_runs[] = {
	H1(QUIT), H1(HELP), H1(FAILED), H1(FILTER), H1(RERUN), H1(MARK), H1(BATCH), H1(LOGS),
	H1(COMPARE),
	H2(NEXT_FAILED, PREV_FAILED), H2(SORT, SORT_REVERSE), H1(TIMES), H1(LEDGER), H1(ZOOM),
	H2(COPY_ID, COPY_CMD), H1(EXPORT), H1(RERUN_FORCE), H1(OPEN), H1(FOCUS_NEXT),
	H1(AUTO_REFRESH), H1(REFRESH), H1(CANCEL),
	{ UI_ACT_NONE, UI_ACT_NONE },
};
static const struct hint hints_ledger[] = {
	H1(QUIT), H1(HELP), H1(OPEN), H1(COMPARE), H1(RERUN), H1(LEDGER), H1(FAILED), H1(ZOOM),
	H1(FOCUS_NEXT), H1(CANCEL),
	{ UI_ACT_NONE, UI_ACT_NONE },
};
static const struct hint hints_logs[] = {
	H1(LOG_CLOSE), H1(HELP), H1(LOG_SEARCH), H1(LOG_NEXT), H1(LOG_ERROR), H1(LOG_WRAP),
	H1(LOG_PAGER), H1(LOG_SAVE),
	{ UI_ACT_NONE, UI_ACT_NONE },
};
static const struct hint hints_detail[] = {
	H1(QUIT), H1(HELP), H1(OPEN), H1(COMPARE), H1(RERUN), H1(ZOOM), H2(COPY_ID, COPY_CMD),
	H1(FAILED),
	H1(FILTER), H1(LEDGER),
	H1(FOCUS_NEXT), H1(CANCEL),
	{ UI_ACT_NONE, UI_ACT_NONE },
};

static const char *first_key_name(enum ui_action act, char *buf, size_t n)
{
	return ui_key_name(bindings[act - 1].keys[0], buf, n);
}

void ui_key_hints(char *buf, size_t n, enum ui_hint_ctx ctx)
{
	static const struct hint *const lists[] = {
		[UI_HINTS_WORKERS] = hints_workers,
		[UI_HINTS_RUNS] = hints_runs,
		[UI_HINTS_LEDGER] = hints_ledger,
		[UI_HINTS_DETAIL] = hints_detail,
		[UI_HINTS_LOGS] = hints_logs,
	};
	size_t len = 0;

	buf[0] = '\0';
	for (const struct hint *h = lists[ctx]; h->a != UI_ACT_NONE; h++) {
		const struct binding *b = &bindings[h->a - 1];
		char k1[16], k2[16];
		const char *n1 = first_key_name(h->a, k1, sizeof k1);
		const char *n2 = h->b != UI_ACT_NONE ? first_key_name(h->b, k2, sizeof k2) : NULL;
		int w;

		if (!b->hint || !n1)
			continue;
		w = snprintf(buf + len, n - len, "%s%s%s%s %s", len ? "  " : "", n1, n2 ? "/" : "",
		             n2 ? n2 : "", b->hint);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

/* roff: a backslash is an escape, a leading dot or quote a request, and a
 * plain '-' may become a hyphen; keys are typed, so they get \-. */
static void roff_put(FILE *f, const char *s, bool minus)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-' && minus)
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

void ui_print_keys_man(FILE *f)
{
	for (size_t i = 0; i < N_BINDINGS; i++) {
		char keys[64];

		if (bindings[i].scope == UI_SCOPE_LOGS &&
		    (i == 0 || bindings[i - 1].scope != UI_SCOPE_LOGS))
			fputs(".PP\nIn the log viewer\n.RB ( L ,\nor Enter on the detail pane);\n"
			      "its movement keys are the panes':\n", f);
		keys_text(&bindings[i], keys, sizeof keys, ", ");
		fputs(".TP\n.B ", f);
		roff_put(f, keys, true);
		fputc('\n', f);
		roff_put(f, bindings[i].help, false);
		fputs(".\n", f);
	}
}
