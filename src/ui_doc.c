/* ui_doc.c - the detail pane's lines (see ui_doc.h). */
#include "config.h"

#include "ui_doc.h"
#include "fmt.h"
#include "parse.h"
#include "sanitize.h"
#include "stats.h"
#include "ui_term.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ui_doc_free(struct ui_doc *d)
{
	free(d->buf);
	free(d->lines);
	for (int m = 0; m < UI_M_COUNT; m++)
		free(d->spark[m].v);
	memset(d, 0, sizeof *d);
}

static void doc_clear(struct ui_doc *d)
{
	d->len = 0;
	d->n = 0;
	d->metrics = model_metrics_none();
	d->limits = model_limits_none();
	for (int m = 0; m < UI_M_COUNT; m++)
		d->spark[m].n = 0;
	d->label_w = 0;
}

/* Appends bytes to the buffer; returns their offset. */
static uint32_t put_bytes(struct ui_doc *d, const char *s, size_t n)
{
	size_t off = d->len;

	/* Offsets are 32-bit: a detail document over 4 GiB is cut. */
	if (off + n >= UINT32_MAX)
		n = off < UINT32_MAX - 1 ? UINT32_MAX - 1 - off : 0;
	if (d->len + n + 1 > d->cap) {
		size_t cap = d->cap ? d->cap : 4096;

		while (cap < d->len + n + 1)
			cap *= 2;
		d->buf = wr_xrealloc(d->buf, cap, 1);
		d->cap = cap;
	}
	memcpy(d->buf + d->len, s, n);
	d->len += n;
	d->buf[d->len] = '\0';
	return (uint32_t)off;
}

static struct ui_doc_line *add_line(struct ui_doc *d)
{
	struct ui_doc_line *l;

	if (d->n == d->cap_lines) {
		d->cap_lines = d->cap_lines ? d->cap_lines * 2 : 64;
		d->lines = wr_xrealloc(d->lines, d->cap_lines, sizeof *d->lines);
	}
	l = &d->lines[d->n++];
	memset(l, 0, sizeof *l);
	l->off = (uint32_t)d->len;
	return l;
}

/* A "Label      value" line; value is sanitized here. */
static void field(struct ui_doc *d, const char *label, const char *raw, unsigned san,
                  enum ui_style style)
{
	struct ui_doc_line *l = add_line(d);
	char pad[32];
	char *clean;

	snprintf(pad, sizeof pad, "%-*s", d->label_w ? d->label_w : UI_DOC_LABEL_W, label);
	l->off = put_bytes(d, pad, strlen(pad));
	l->label_len = (uint16_t)strlen(pad);
	l->style = (uint8_t)style;
	if (!raw)
		raw = "-";
	clean = sanitize_dup(raw, strlen(raw), san);
	if (!clean)
		wr_die_nomem();
	put_bytes(d, clean, strlen(clean));
	free(clean);
	l->len = (uint32_t)(d->len - l->off);
}

/* A field from our own text (already safe). */
static void fieldf(struct ui_doc *d, const char *label, enum ui_style style, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fieldf(struct ui_doc *d, const char *label, enum ui_style style, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	field(d, label, buf, 0, style);
}

static void text(struct ui_doc *d, const char *s, enum ui_style style)
{
	struct ui_doc_line *l = add_line(d);

	l->off = put_bytes(d, s, strlen(s));
	l->len = (uint32_t)strlen(s);
	l->style = (uint8_t)style;
}

static void heading(struct ui_doc *d, const char *s)
{
	if (d->n)
		text(d, "", UI_S_NORMAL);
	text(d, s, UI_S_LABEL);
}

/* Multi-line server text, sanitized, one doc line per line, indented. */
static size_t block(struct ui_doc *d, const char *raw, size_t n, unsigned san, enum ui_style style)
{
	char *clean = sanitize_dup(raw, n, san | SAN_KEEP_NEWLINE | SAN_TAB_TO_SPACE);
	size_t lines = 0;
	const char *p, *end;

	if (!clean)
		wr_die_nomem();
	p = clean;
	end = clean + strlen(clean);
	/* A trailing newline does not make an empty last line. */
	if (end > p && end[-1] == '\n')
		end--;
	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct ui_doc_line *l = add_line(d);

		l->off = put_bytes(d, "  ", 2);
		put_bytes(d, p, len);
		l->len = (uint32_t)(d->len - l->off);
		l->style = (uint8_t)style;
		lines++;
		if (!nl)
			break;
		p = nl + 1;
	}
	free(clean);
	return lines;
}

/* JSON text already indented for display (or NULL: none). */
static void pretty_block(struct ui_doc *d, const char *title, const char *pretty, unsigned san)
{
	heading(d, title);
	if (!pretty)
		text(d, "  (none)", UI_S_DIM);
	else
		block(d, pretty, strlen(pretty), san, UI_S_NORMAL);
}

/* Compact JSON text, indented here (shown as it is when it does not parse). */
static void json_block(struct ui_doc *d, const char *title, const char *json, unsigned san)
{
	char *pretty = json ? parse_pretty_json(json) : NULL;

	pretty_block(d, title, pretty ? pretty : json, san);
	free(pretty);
}

static void logs_block(struct ui_doc *d, const char *logs, unsigned san)
{
	size_t n = 0, len;
	char title[64];

	if (!logs || !*logs) {
		heading(d, "Logs");
		text(d, "  (none)", UI_S_DIM);
		return;
	}
	len = strlen(logs);
	for (size_t i = 0; i < len; i++)
		n += logs[i] == '\n';
	if (logs[len - 1] != '\n')
		n++;
	snprintf(title, sizeof title, "Logs (%zu line%s)", n, n == 1 ? "" : "s");
	heading(d, title);
	block(d, logs, len, san, UI_S_NORMAL);
}

static void limits_heading(char *buf, size_t n, const struct wr_limits *l)
{
	char from[128];

	fmt_limits_source(from, sizeof from, l);
	snprintf(buf, n, "limits: %s", from);
}

static void bars(struct ui_doc *d, const struct wr_metrics *m, const struct wr_limits *l,
                 const char *label)
{
	d->metrics = *m;
	d->limits = *l;
	heading(d, label);
	for (int i = 0; i < UI_M_COUNT; i++) {
		struct ui_doc_line *bl = add_line(d);

		bl->kind = UI_DOC_BAR;
		bl->metric = (uint8_t)i;
	}
}

static enum ui_style status_style(enum wr_status_kind k)
{
	return k == WR_STATUS_SUCCESS ? UI_S_OK : k == WR_STATUS_FAIL ? UI_S_FAIL : UI_S_OTHER;
}

void ui_doc_message(struct ui_doc *d, const char *s)
{
	doc_clear(d);
	text(d, s, UI_S_DIM);
}

bool ui_doc_run(struct ui_doc *d, const struct app *app, const struct wr_run *r, unsigned san)
{
	char t1[64], t2[64], ago[32], label[160];
	struct wr_limits lim = app_limits(app);
	struct wr_metrics m = r->metrics;
	const struct app_rerun *last = app_rerun_last(app, r->id);
	struct wr_run_text text;
	struct wr_error err;

	doc_clear(d);
	field(d, "Status", r->status ? r->status : "(none)", san, status_style(r->kind));
	field(d, "Worker", r->worker_key, san, UI_S_NORMAL);
	field(d, "Action", r->worker_type, san, UI_S_NORMAL);
	if (r->project_key && *r->project_key)
		field(d, "Project", r->project_key, san, UI_S_NORMAL);
	fmt_time(t1, sizeof t1, r->start_ms);
	fmt_ago(ago, sizeof ago, r->start_ms, fmt_now_ms());
	fieldf(d, "Started", UI_S_NORMAL, "%s (%s)", t1, ago);
	fmt_time(t2, sizeof t2, r->end_ms);
	field(d, "Ended", t2, 0, UI_S_NORMAL);
	m.duration_ms = model_run_duration(r);
	fmt_duration(t1, sizeof t1, m.duration_ms);
	field(d, "Duration", t1, 0, UI_S_NORMAL);
	field(d, "Trigger", r->triggered_by, san, UI_S_NORMAL);
	if (r->id && *r->id)
		field(d, "Run ID", r->id, san, UI_S_NORMAL);
	else
	{
		/* Two lines: it must fit a narrow pane whole. */
		field(d, "Run ID", "none: this server did not report a history entry ID;", 0,
		      UI_S_ERROR);
		field(d, "", "it cannot be rerun", 0, UI_S_ERROR);
	}
	field(d, "Version", r->executed_version, san, UI_S_NORMAL);
	field(d, "Test run", r->test_run == 1 ? "yes" : r->test_run == 0 ? "no" : "not reported",
	      0, UI_S_NORMAL);
	if (last)
		fieldf(d, "Reran", UI_S_DIM, "this session: %s (v: the ledger)",
		       app_rerun_state_text(last));
	limits_heading(label, sizeof label, &lim);
	bars(d, &m, &lim, label);
	/* Logs before the payload: they say why a run failed, and a payload
	 * (an HTTP body, artifact metadata) can be long. */
	/* Payload and result come indented: read once, not read then indented. */
	if (!parse_run_text(&app->runs, r, PARSE_TEXT_ALL | PARSE_TEXT_PRETTY, &text, &err)) {
		fieldf(d, "Logs", UI_S_ERROR, "%s", err.msg);
		return false;
	}
	pretty_block(d, "Result", text.result, san);
	logs_block(d, text.logs, san);
	pretty_block(d, "Payload", text.payload, san);
	parse_run_text_free(&text);
	return true;
}

void ui_doc_rerun(struct ui_doc *d, const struct app *app, const struct app_rerun *res,
                  unsigned san)
{
	const struct wr_rerun *rr = res->result;
	struct wr_limits lim;
	char label[160], t[64], ago[32];

	doc_clear(d);
	{
		char what[320], id[128], wk[128];

		sanitize_buf(id, sizeof id, res->entry_id, strlen(res->entry_id), san);
		sanitize_buf(wk, sizeof wk, res->worker_key, strlen(res->worker_key), san);
		snprintf(what, sizeof what, "%s (worker %s)", id, wk);
		field(d, "Rerun of", what, 0, UI_S_NORMAL);
	}
	field(d, "Original", res->orig_status ? res->orig_status : "(none)", san,
	      status_style(model_status_kind(res->orig_status)));
	if (res->force)
		field(d, "Record", "forceRecord=true (recorded in history even on success)", 0,
		      UI_S_NORMAL);
	if (res->sent_ms != WR_NONE) {
		fmt_time(t, sizeof t, res->sent_ms);
		fmt_ago(ago, sizeof ago, res->sent_ms, fmt_now_ms());
		fieldf(d, "Sent", UI_S_NORMAL, "%s (%s)", t, ago);
	}
	if (!rr) {
		static const char *const says[APP_RERUN_STATE_COUNT] = {
			[APP_RERUN_QUEUED] = "queued: not sent yet",
			[APP_RERUN_WAITING] = "refused by the call limit: it will be sent again",
			[APP_RERUN_SENT] = "in flight: waiting for the answer",
			[APP_RERUN_FAILED] = "the request failed",
			[APP_RERUN_ABANDONED] = "sent, then no longer awaited (Esc): it ran on the server",
			[APP_RERUN_STOPPED] = "stopped before it was sent: nothing went",
		};

		field(d, "State", says[res->state] ? says[res->state] : "-", 0,
		      res->state == APP_RERUN_FAILED ? UI_S_ERROR : UI_S_OTHER);
		if (res->state == APP_RERUN_FAILED)
			field(d, "Error", res->error, 0, UI_S_ERROR);
		return;
	}
	field(d, "Execution", rr->execution_id ? rr->execution_id : "(none reported)", san,
	      UI_S_NORMAL);
	field(d, "Status", rr->status ? rr->status : "(none reported)", san,
	      status_style(rr->kind));
	if (rr->limits.source == WR_LIMITS_RERUN) {
		lim = model_limits_effective(&rr->limits, NULL);
		snprintf(label, sizeof label, "limits: reported by this rerun");
	} else {
		lim = app_limits(app);
		limits_heading(label, sizeof label, &lim);
	}
	bars(d, &rr->metrics, &lim, label);
	json_block(d, "Result data", rr->data_json, san);
	logs_block(d, rr->logs, san);
	text(d, "", UI_S_NORMAL);
	text(d, "Esc: back to the run", UI_S_DIM);
}

/* ---- a worker ------------------------------------------------------------------ */

#define WORKER_LABEL_W 13 /* "Description" and two blanks */

/* The values of metric sm of the runs idx[0..n) (newest first) into the
 * doc's sparkline of um, oldest first. */
static void spark_fill(struct ui_doc *d, enum ui_metric um, const struct wr_run_list *l,
                       const uint32_t *idx, size_t n, enum stats_metric sm)
{
	struct ui_doc_spark *sp = &d->spark[um];

	if (n > sp->cap) {
		sp->v = wr_xrealloc(sp->v, n, sizeof *sp->v);
		sp->cap = n;
	}
	for (size_t i = 0; i < n; i++)
		sp->v[i] = stats_value(&l->v[idx[n - 1 - i]], sm);
	sp->n = n;
}

static void spark_line(struct ui_doc *d, const char *label, enum ui_metric m)
{
	struct ui_doc_line *l = add_line(d);
	char pad[32];

	snprintf(pad, sizeof pad, "%-*s", d->label_w ? d->label_w : UI_DOC_LABEL_W, label);
	l->off = put_bytes(d, pad, strlen(pad));
	l->len = (uint32_t)strlen(pad);
	l->label_len = (uint16_t)l->len;
	l->kind = UI_DOC_SPARK;
	l->metric = (uint8_t)m;
}

static void stat_value(enum stats_metric m, int64_t v, char *buf, size_t n)
{
	if (m == STATS_MEMORY)
		fmt_bytes(buf, n, v);
	else
		fmt_duration(buf, n, v);
}

/* "FAIL 2, TIMEOUT 1", the labels sanitized; "none". */
static void failures_text(const struct stats *st, unsigned san, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	if (!st->n_failures) {
		snprintf(buf, n, "none");
		return;
	}
	for (size_t i = 0; i < st->n_failures; i++) {
		const char *raw = st->failures[i].label;
		char label[80];
		int w;

		if (strcmp(raw, "-") == 0)
			snprintf(label, sizeof label, "no status");
		else
			sanitize_buf(label, sizeof label, raw, strlen(raw), san);
		/* A few dozen statuses at most fit a line: the rest counted. */
		if (len + strlen(label) + 48 > n) {
			snprintf(buf + len, n - len, ", %zu other%s", st->n_failures - i,
			         st->n_failures - i == 1 ? "" : "s");
			return;
		}
		w = snprintf(buf + len, n - len, "%s%s %zu", i ? ", " : "", label,
		             st->failures[i].count);
		if (w > 0)
			len += (size_t)w;
	}
}

void ui_doc_worker(struct ui_doc *d, const struct app *app, const char *key,
                   const struct stats *st, unsigned san)
{
	static const char *const names[STATS_METRIC_COUNT] = { "Duration", "CPU", "Memory" };
	const struct wr_worker *w = app_worker(app, key);
	struct wr_limits lim = app_limits(app);
	const uint32_t *idx;
	char t[64], ago[32], by[160], buf[512];
	size_t n;

	doc_clear(d);
	d->label_w = WORKER_LABEL_W;
	d->limits = lim;
	field(d, "Worker", key, san, UI_S_NORMAL);
	if (!w) {
		field(d, "", "not among the loaded workers", 0, UI_S_DIM);
		return;
	}
	if (w->description && *w->description)
		field(d, "Description", w->description, san, UI_S_NORMAL);
	else
		field(d, "Description", "(none)", 0, UI_S_DIM);
	field(d, "Action", w->action, san, UI_S_NORMAL);
	if (w->project_key && *w->project_key)
		field(d, "Project", w->project_key, san, UI_S_NORMAL);
	else
		field(d, "Project", "none (a global worker)", 0, UI_S_DIM);
	field(d, "State", w->enabled == 1 ? "enabled" : w->enabled == 0 ? "disabled" : "not reported",
	      0, w->enabled == 1 ? UI_S_NORMAL : UI_S_DIM);
	if (w->modified_at >= 0 || (w->modified_by && *w->modified_by)) {
		by[0] = '\0';
		if (w->modified_by && *w->modified_by)
			sanitize_buf(by, sizeof by, w->modified_by, strlen(w->modified_by), san);
		if (w->modified_at >= 0) {
			fmt_time(t, sizeof t, w->modified_at);
			fmt_ago(ago, sizeof ago, w->modified_at, fmt_now_ms());
			fieldf(d, "Modified", UI_S_NORMAL, "%s%s%s (%s)", t, by[0] ? " by " : "", by, ago);
		} else {
			fieldf(d, "Modified", UI_S_NORMAL, "by %s", by);
		}
	}
	if (w->debug >= 0)
		field(d, "Debug", w->debug ? "on" : "off", 0, UI_S_NORMAL);
	if (w->shared >= 0)
		field(d, "Shared", w->shared ? "yes" : "no", 0, UI_S_NORMAL);

	text(d, "", UI_S_NORMAL);
	if (!app->have_runs) {
		field(d, "Runs", "not loaded yet", 0, UI_S_DIM);
		return;
	}
	app_view(app, app_worker_row(app, key), &idx, &n);
	if (!n || !st || st->runs != n) {
		field(d, "Runs", "none in the loaded history", 0, UI_S_DIM);
		return;
	}
	fieldf(d, "Runs", UI_S_NORMAL, "%zu loaded, %zu succeeded (%d%%)", st->runs, st->succeeded,
	       st->rate);
	failures_text(st, san, buf, sizeof buf);
	field(d, "Failures", buf, 0, st->n_failures ? UI_S_FAIL : UI_S_NORMAL);
	/* p50 and p95: a small table. */
	snprintf(buf, sizeof buf, "%-*s%-11s%s", WORKER_LABEL_W, "", "p50", "p95");
	text(d, buf, UI_S_LABEL);
	for (int m = 0; m < STATS_METRIC_COUNT; m++) {
		char p50[32], p95[32], of[64] = "";

		if (!st->known[m]) {
			field(d, names[m], "- (not reported)", 0, UI_S_DIM);
			continue;
		}
		stat_value((enum stats_metric)m, st->p50[m], p50, sizeof p50);
		stat_value((enum stats_metric)m, st->p95[m], p95, sizeof p95);
		if (st->known[m] < st->runs)
			snprintf(of, sizeof of, " (%zu of %zu runs)", st->known[m], st->runs);
		fieldf(d, names[m], UI_S_NORMAL, "%-10s %-*s%s", p50, of[0] ? 10 : 0, p95, of);
	}
	/* Sparklines over time, against the limits. */
	snprintf(buf, sizeof buf, "Over time, oldest first (limits: %s)",
	         model_limits_source_text(lim.source));
	heading(d, buf);
	if (st->known[STATS_DURATION]) {
		spark_fill(d, UI_M_DURATION, &app->runs, idx, n, STATS_DURATION);
		spark_line(d, "Duration", UI_M_DURATION);
	} else {
		field(d, "Duration", "- (not reported)", 0, UI_S_DIM);
	}
	if (st->known[STATS_MEMORY]) {
		spark_fill(d, UI_M_MEM, &app->runs, idx, n, STATS_MEMORY);
		spark_line(d, "Memory", UI_M_MEM);
	} else {
		field(d, "Memory", "- (not reported)", 0, UI_S_DIM);
	}
}
