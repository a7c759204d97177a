/* cliquery.c - WHEN values and the command line's run predicates (see
 * cliquery.h). */
#include "config.h"

#include "cliquery.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "parse.h"

#define DAY_MS ((int64_t)86400000)
/* No duration or year beyond this: the arithmetic stays far from overflow. */
#define MAX_SPAN_MS (DAY_MS * 366 * 1000)

void cliquery_init(struct cliquery *cq)
{
	memset(cq, 0, sizeof *cq);
	query_init(&cq->q);
}

/* "1h30m" before now; false when s is not a duration. */
static bool parse_duration(const char *s, int64_t now_ms, int64_t *out)
{
	int64_t total = 0;

	if (!*s)
		return false;
	while (*s) {
		int64_t n = 0, unit;

		if (!isdigit((unsigned char)*s))
			return false;
		while (isdigit((unsigned char)*s)) {
			n = n * 10 + (*s++ - '0');
			if (n > MAX_SPAN_MS / 1000)
				return false;
		}
		switch (*s++) {
		case 's': unit = 1000; break;
		case 'm': unit = 60 * 1000; break;
		case 'h': unit = 3600 * 1000; break;
		case 'd': unit = DAY_MS; break;
		case 'w': unit = 7 * DAY_MS; break;
		default: return false;
		}
		total += n * unit;
		if (total > MAX_SPAN_MS)
			return false;
	}
	*out = now_ms - total;
	return true;
}

/* Exactly n digits at *p, moved past them. */
static bool digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Seconds since the epoch of a UTC calendar time, without timegm's
 * dependence on the C library (days from civil, proleptic Gregorian). */
static int64_t utc_seconds(int y, int m, int d, int hh, int mm, int ss)
{
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;

	return days * 86400 + hh * 3600 + mm * 60 + ss;
}

static bool parse_iso(const char *s, bool end_of_day, int64_t *out)
{
	int y, mo, d, hh = 0, mi = 0, ss = 0, ms = 0, off_min = 0;
	bool date_only = true, zoned = false;
	int64_t secs;

	if (!digits(&s, 4, &y) || *s++ != '-' || !digits(&s, 2, &mo) || *s++ != '-' ||
	    !digits(&s, 2, &d))
		return false;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return false;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		date_only = false;
		if (!digits(&s, 2, &hh) || *s++ != ':' || !digits(&s, 2, &mi))
			return false;
		if (*s == ':') {
			s++;
			if (!digits(&s, 2, &ss))
				return false;
			if (*s == '.' || *s == ',') {
				int scale = 100;

				s++;
				if (!isdigit((unsigned char)*s))
					return false;
				for (; isdigit((unsigned char)*s); s++, scale /= 10)
					ms += (*s - '0') * scale;
			}
		}
		if (hh > 23 || mi > 59 || ss > 59)
			return false;
		if (*s == 'Z' || *s == 'z') {
			s++;
			zoned = true;
		} else if (*s == '+' || *s == '-') {
			int sign = *s++ == '-' ? -1 : 1, oh, om;

			if (!digits(&s, 2, &oh))
				return false;
			if (*s == ':')
				s++;
			if (!digits(&s, 2, &om) || oh > 23 || om > 59)
				return false;
			off_min = sign * (oh * 60 + om);
			zoned = true;
		}
	}
	if (*s)
		return false;
	if (zoned) {
		secs = utc_seconds(y, mo, d, hh, mi, ss) - (int64_t)off_min * 60;
	} else {
		/* Local time; a date alone as --until: up to the start of the
		 * next day (mktime normalizes the 32nd and finds its DST). */
		struct tm tm = { 0 };
		time_t t;

		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d + (date_only && end_of_day);
		tm.tm_hour = hh;
		tm.tm_min = mi;
		tm.tm_sec = ss;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		if (t == (time_t)-1)
			return false;
		*out = (int64_t)t * 1000 + ms - (date_only && end_of_day);
		return true;
	}
	*out = secs * 1000 + ms;
	return true;
}

bool cliquery_parse_when(const char *s, int64_t now_ms, bool end_of_day, int64_t *out)
{
	if (!s || !*s)
		return false;
	if (isdigit((unsigned char)s[0]) && strlen(s) >= 10 && s[4] == '-')
		return parse_iso(s, end_of_day, out);
	return parse_duration(s, now_ms, out);
}

bool cliquery_add_status(struct cliquery *cq, const char *s)
{
	if (!s || !*s || cq->n_status >= CLIQUERY_MAX_STATUS)
		return false;
	cq->status[cq->n_status++] = s;
	return true;
}

static bool status_is(const struct wr_run *r, const char *want)
{
	if (strcasecmp(want, "success") == 0)
		return r->kind == WR_STATUS_SUCCESS;
	if (strcasecmp(want, "fail") == 0)
		return r->kind == WR_STATUS_FAIL;
	if (strcasecmp(want, "timeout") == 0)
		return r->status && strcmp(r->status, "STATUS_TIMEOUT") == 0;
	return r->status && strcmp(r->status, want) == 0;
}

bool cliquery_match(const struct cliquery *cq, const struct wr_run_list *l,
                    const struct wr_run *r)
{
	if (!query_match(&cq->q, r))
		return false;
	if (cq->need_id && (!r->id || !*r->id || !r->worker_key || !*r->worker_key))
		return false;
	if (cq->n_status) {
		size_t i;

		for (i = 0; i < cq->n_status && !status_is(r, cq->status[i]); i++)
			;
		if (i == cq->n_status)
			return false;
	}
	if (cq->trigger && *cq->trigger &&
	    !(r->triggered_by && strcasestr(r->triggered_by, cq->trigger)))
		return false;
	if (cq->grep && *cq->grep) {
		struct wr_run_text text;
		struct wr_error err;
		bool found;

		/* Read back from the spool, run by run, as the list goes. A run
		 * whose text cannot be read does not match. */
		if (!parse_run_text(l, r, PARSE_TEXT_LOGS, &text, &err))
			return false;
		found = text.logs && strcasestr(text.logs, cq->grep);
		parse_run_text_free(&text);
		return found;
	}
	return true;
}
