/* ui_view.c - what all views share: generic moves, scrolling, the position
 * in a heading, focus, and list times. */
#include "config.h"

#include "ui_view.h"
#include "fmt.h"

#include <stdio.h>
#include <string.h>

void view_scroll_to_sel(struct view *v, size_t n)
{
	size_t h = v->h > 0 ? (size_t)v->h : 1;

	if (v->ops->list) {
		if (v->sel < v->top)
			v->top = v->sel;
		else if (v->sel >= v->top + h)
			v->top = v->sel - h + 1;
	}
	/* After a grow, scroll back: no rows hidden above while blank rows
	 * sit below. */
	if (v->top + h > n)
		v->top = n > h ? n - h : 0;
}

unsigned view_move(struct ui *ui, struct view *v, enum ui_action act)
{
	size_t n = v->ops->rows(ui, v);
	size_t h = v->h > 0 ? (size_t)v->h : 1;
	size_t page = h > 1 ? h - 1 : 1;
	size_t *pos = v->ops->list ? &v->sel : &v->top;
	size_t last = v->ops->list ? (n ? n - 1 : 0) : (n > h ? n - h : 0);
	size_t old = *pos;

	switch (act) {
	case UI_ACT_UP:
		*pos = *pos ? *pos - 1 : 0;
		break;
	case UI_ACT_DOWN:
		*pos = *pos < last ? *pos + 1 : last;
		break;
	case UI_ACT_PAGE_UP:
		*pos = *pos > page ? *pos - page : 0;
		break;
	case UI_ACT_PAGE_DOWN:
		*pos = *pos + page < last ? *pos + page : last;
		break;
	case UI_ACT_FIRST:
		*pos = 0;
		break;
	case UI_ACT_LAST:
		*pos = last;
		break;
	default:
		return 0;
	}
	if (*pos > last)
		*pos = last;
	if (v->ops->list) {
		view_scroll_to_sel(v, n);
		if (*pos != old && v->ops->select)
			v->ops->select(ui, v);
	}
	return UI_EV_HANDLED | (*pos != old ? UI_EV_REDRAW : 0);
}

void view_position(const struct view *v, size_t n, char *buf, size_t len)
{
	if (n)
		snprintf(buf, len, " %zu/%zu", (v->sel < n ? v->sel : n - 1) + 1, n);
	else
		buf[0] = '\0';
}

void ui_focus(struct ui *ui, enum ui_view_id id)
{
	if (id == UI_VIEW_HISTORY || id == UI_VIEW_LEDGER)
		ui->lower = id;
	ui->focus = id;
}

void ui_notify(struct ui *ui, enum ui_event ev, const void *arg)
{
	for (int i = 0; i < UI_VIEW_COUNT; i++) {
		struct view *v = &ui->views[i];

		if (v->ops && v->ops->event)
			v->ops->event(ui, v, ev, arg);
	}
}

void ui_list_time(struct ui *ui, int64_t ms, bool narrow, char *buf, size_t n)
{
	if (ui->relative_times) {
		fmt_ago(buf, n, ms, fmt_now_ms());
		return;
	}
	fmt_time(buf, n, ms);
	if (narrow && strlen(buf) >= 16) {
		/* "MM-DD HH:MM" out of "YYYY-MM-DD HH:MM:SS". */
		memmove(buf, buf + 5, 11);
		buf[11] = '\0';
	}
}
