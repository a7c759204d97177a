/* ui_view.c - what all views share: generic moves, and keeping the history
 * slice, its selection and the detail document in step with the data. */
#include "config.h"

#include "ui_view.h"
#include "ui_util.h"

#include <stdlib.h>
#include <string.h>

void view_scroll_to_sel(struct view *v)
{
	size_t h = v->h > 0 ? (size_t)v->h : 1;

	if (v->sel < v->top)
		v->top = v->sel;
	else if (v->sel >= v->top + h)
		v->top = v->sel - h + 1;
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
		view_scroll_to_sel(v);
		if (*pos != old && v->ops->select)
			v->ops->select(ui, v);
	}
	return UI_EV_HANDLED | (*pos != old ? UI_EV_REDRAW : 0);
}

const struct wr_run *ui_selected_run(const struct ui *ui)
{
	const struct view *h = &ui->views[UI_VIEW_HISTORY];

	if (!ui->hist_n || h->sel >= ui->hist_n)
		return NULL;
	return &ui->app.runs.v[ui->hist_idx[h->sel]];
}

void ui_history_selected(struct ui *ui)
{
	const struct wr_run *r = ui_selected_run(ui);

	free(ui->run_id);
	ui->run_id = ui_xstrdup(r ? r->id : NULL);
}

void ui_sync_history(struct ui *ui, bool keep_run)
{
	struct view *h = &ui->views[UI_VIEW_HISTORY];

	app_view(&ui->app, ui->worker_row, &ui->hist_idx, &ui->hist_n);
	if (!keep_run) {
		h->sel = h->top = 0;
	} else if (ui->run_id) {
		/* Once per load: find the run that was selected. */
		for (size_t i = 0; i < ui->hist_n; i++) {
			const char *id = ui->app.runs.v[ui->hist_idx[i]].id;

			if (id && strcmp(id, ui->run_id) == 0) {
				h->sel = i;
				break;
			}
		}
	}
	if (h->sel >= ui->hist_n)
		h->sel = ui->hist_n ? ui->hist_n - 1 : 0;
	view_scroll_to_sel(h);
	ui_history_selected(ui);
}

void ui_doc_sync(struct ui *ui)
{
	const struct wr_run *r = ui_selected_run(ui);
	bool result = ui->show_result && ui->app.result.rerun;
	const void *key = result ? (const void *)&ui->app.result : (const void *)r;

	if (ui->doc_valid && key == ui->doc_key && ui->doc_gen == ui->app.data_gen &&
	    ui->doc_result_gen == ui->app.result_gen)
		return;
	if (key != ui->doc_key)
		ui->views[UI_VIEW_DETAIL].top = 0;
	if (result)
		ui_doc_result(&ui->doc, &ui->app, ui->san);
	else if (r)
		ui_doc_run(&ui->doc, &ui->app, r, ui->san);
	else if (!ui->app.have_runs)
		ui_doc_message(&ui->doc, "no run loaded yet");
	else
		ui_doc_message(&ui->doc, "no run selected");
	ui->doc_key = key;
	ui->doc_gen = ui->app.data_gen;
	ui->doc_result_gen = ui->app.result_gen;
	ui->doc_valid = true;
}
