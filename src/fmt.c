/* fmt.c - numbers and times as people read them. */
#include "config.h"

#include "fmt.h"
#include "model.h"

#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

/* epoch_ms in local time, the date and with_clock the time of day; "-"
 * when unknown. */
static void local_time(char *buf, size_t n, int64_t epoch_ms, bool with_clock)
{
	time_t t;
	struct tm tm;

	if (epoch_ms < 0 || epoch_ms / 1000 > (int64_t)253402300799 /* 9999-12-31 */) {
		snprintf(buf, n, "-");
		return;
	}
	t = (time_t)(epoch_ms / 1000);
	if (!localtime_r(&t, &tm) ||
	    (with_clock ? strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm)
	                : strftime(buf, n, "%Y-%m-%d", &tm)) == 0)
		snprintf(buf, n, "-");
}

void fmt_time(char *buf, size_t n, int64_t epoch_ms)
{
	local_time(buf, n, epoch_ms, true);
}

void fmt_date(char *buf, size_t n, int64_t epoch_ms)
{
	local_time(buf, n, epoch_ms, false);
}

void fmt_duration(char *buf, size_t n, int64_t ms)
{
	if (ms < 0)
		snprintf(buf, n, "-");
	else if (ms < 1000)
		snprintf(buf, n, "%" PRId64 " ms", ms);
	else if (ms < 10000)
		snprintf(buf, n, "%" PRId64 ".%02" PRId64 " s", ms / 1000, ms % 1000 / 10);
	else if (ms < 60000)
		snprintf(buf, n, "%" PRId64 ".%" PRId64 " s", ms / 1000, ms % 1000 / 100);
	else if (ms < 3600000)
		snprintf(buf, n, "%" PRId64 "m %02" PRId64 "s", ms / 60000, ms / 1000 % 60);
	else
		snprintf(buf, n, "%" PRId64 "h %02" PRId64 "m", ms / 3600000, ms / 60000 % 60);
}

void fmt_bytes(char *buf, size_t n, int64_t bytes)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v;
	int u = -1;

	if (bytes < 0) {
		snprintf(buf, n, "-");
		return;
	}
	if (bytes < 1024) {
		snprintf(buf, n, "%" PRId64 " B", bytes);
		return;
	}
	v = (double)bytes;
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, n, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, unit[u]);
}

void fmt_ago(char *buf, size_t n, int64_t epoch_ms, int64_t now_ms)
{
	int64_t s;

	if (epoch_ms < 0 || now_ms < 0) {
		snprintf(buf, n, "-");
		return;
	}
	s = (now_ms - epoch_ms) / 1000;
	if (s < 0)
		snprintf(buf, n, "in future");
	else if (s < 60)
		snprintf(buf, n, "%" PRId64 "s ago", s);
	else if (s < 3600)
		snprintf(buf, n, "%" PRId64 "m ago", s / 60);
	else if (s < 86400)
		snprintf(buf, n, "%" PRId64 "h ago", s / 3600);
	else
		snprintf(buf, n, "%" PRId64 "d ago", s / 86400);
}

int fmt_percent(int64_t value, int64_t limit)
{
	double p;

	if (value < 0 || limit <= 0)
		return -1;
	p = (double)value * 100.0 / (double)limit + 0.5;
	return p > 1e9 ? 1000000000 : (int)p;
}

int64_t fmt_now_ms(void)
{
	const char *fake = getenv("WRUN_NOW_MS");
	struct timespec ts;

	if (fake && *fake) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(fake, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0)
			return (int64_t)v;
		/* "MS+": from MS on, the clock runs (tests of times that move). */
		if (errno == 0 && end[0] == '+' && end[1] == '\0' && v >= 0) {
			static int64_t mono0 = -1;

			clock_gettime(CLOCK_MONOTONIC, &ts);
			if (mono0 < 0)
				mono0 = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
			return (int64_t)v + (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 - mono0;
		}
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void fmt_short_id(char *buf, size_t n, const char *id, size_t chars)
{
	size_t len;

	if (!id) {
		snprintf(buf, n, "-");
		return;
	}
	len = strlen(id);
	if (len > chars)
		len = chars;
	snprintf(buf, n, "%.*s", (int)len, id);
}

/* One character of s[0..len): its byte length and its width (at least 0).
 * A byte that does not start a valid character is one column. */
static size_t next_char(const char *s, size_t len, int *w)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;

	if ((unsigned char)*s < 0x80) {
		/* ASCII: printable is one column (sanitized text has no
		 * controls; they count one too). */
		*w = 1;
		return 1;
	}
	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*w = 1;
		return 1;
	}
	*w = wcwidth(wc);
	if (*w < 0)
		*w = 1;
	return n;
}

int fmt_width(const char *s)
{
	int w;

	fmt_fit_n(s, strlen(s), 1 << 30, &w);
	return w;
}

size_t fmt_fit(const char *s, int cols, int *width)
{
	return fmt_fit_n(s, strlen(s), cols, width);
}

size_t fmt_fit_n(const char *s, size_t len, int cols, int *width)
{
	size_t used = 0;
	int total = 0, w;

	/* Printable ASCII, most of what is shown: a byte is a column, and no
	 * character needs decoding until the first other byte. */
	while (used < len && total < cols && (unsigned char)s[used] >= 0x20 &&
	       (unsigned char)s[used] < 0x7f) {
		used++;
		total++;
	}
	while (used < len && s[used]) {
		size_t k = next_char(s + used, len - used, &w);

		if (total + w > cols)
			break;
		total += w;
		used += k;
	}
	if (width)
		*width = total;
	return used;
}

char *fmt_base64(const char *data, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t out_n = (n + 2) / 3 * 4, k = 0;
	char *out;

	if (n > (SIZE_MAX - 1) / 4 * 3 - 2)
		return NULL;
	out = malloc(out_n + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)data[i] << 16;

		if (i + 1 < n)
			v |= (unsigned char)data[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)data[i + 2];
		out[k++] = abc[(v >> 18) & 63];
		out[k++] = abc[(v >> 12) & 63];
		out[k++] = i + 1 < n ? abc[(v >> 6) & 63] : '=';
		out[k++] = i + 2 < n ? abc[v & 63] : '=';
	}
	out[k] = '\0';
	return out;
}

void fmt_delta(char *buf, size_t n, int64_t from, int64_t to, bool bytes)
{
	char v[32];
	int64_t d;

	if (from < 0 || to < 0) {
		snprintf(buf, n, "%s", "");
		return;
	}
	d = to - from;
	if (bytes)
		fmt_bytes(v, sizeof v, d < 0 ? -d : d);
	else
		fmt_duration(v, sizeof v, d < 0 ? -d : d);
	snprintf(buf, n, "%s%s", d > 0 ? "+" : d < 0 ? "-" : "", v);
}

void fmt_limits_source(char *buf, size_t n, const struct wr_limits *l)
{
	static const unsigned fields[] = { WR_LIMIT_CPU, WR_LIMIT_MEM, WR_LIMIT_DURATION };
	char date[32] = "";
	size_t used = 0;
	int k;

	if (n == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (!(l->from_flags & fields[i]))
			continue;
		k = snprintf(buf + used, n - used, "%s%s", used ? ", " : "",
		             model_limits_flag_name(fields[i]));
		if (k < 0 || (size_t)k >= n - used)
			return; /* cut: what fits is there */
		used += (size_t)k;
	}
	if (used && l->source == WR_LIMITS_CONFIG)
		return;
	if (l->source == WR_LIMITS_RERUN && l->seen_ms >= 0) {
		fmt_date(date, sizeof date, l->seen_ms);
		if (strcmp(date, "-") == 0)
			date[0] = '\0';
	}
	snprintf(buf + used, n - used, "%s%s%s%s", used ? "; the rest: " : "",
	         model_limits_source_text(l->source), *date ? ", " : "", date);
}
