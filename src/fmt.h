/* fmt.h - numbers and times as people read them. Pure; shared by CLI and UI. */
#ifndef WRUN_FMT_H
#define WRUN_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wr_limits;

/* "2026-11-28 14:03:07" in local time (TZ), "-" when ms is WR_NONE. */
void fmt_time(char *buf, size_t n, int64_t epoch_ms);
/* "2026-11-28", the local date (TZ); "-" when ms is WR_NONE. */
void fmt_date(char *buf, size_t n, int64_t epoch_ms);
/* "850 ms", "2.4 s", "3m 05s", "1h 02m", "-" */
void fmt_duration(char *buf, size_t n, int64_t ms);
/* "512 B", "34.2 MiB", "-" */
void fmt_bytes(char *buf, size_t n, int64_t bytes);
/* "5s ago", "3m ago", "2h ago", "4d ago", relative to now_ms */
void fmt_ago(char *buf, size_t n, int64_t epoch_ms, int64_t now_ms);
/* Percent of value against limit, rounded; -1 when either is unknown or limit <= 0. */
int fmt_percent(int64_t value, int64_t limit);
/* The current time in epoch ms; WRUN_NOW_MS in the environment overrides it
 * (tests' injectable clock): a fixed time, or with a trailing '+' a time
 * the clock starts from and runs on. */
int64_t fmt_now_ms(void);
/* First n characters of an ID (the short ID of tables), into buf. */
void fmt_short_id(char *buf, size_t n, const char *id, size_t chars);

/* Display width of UTF-8 text in terminal columns (wcwidth; invalid bytes
 * and control characters count one column: sanitize first). */
int fmt_width(const char *s);
/* How many bytes of s fit in cols columns without splitting a character;
 * *width (when not NULL) gets the columns they take. */
size_t fmt_fit(const char *s, int cols, int *width);
/* The same for s[0..len) (stops at a NUL too). */
size_t fmt_fit_n(const char *s, size_t len, int cols, int *width);

/* The change from one value to another: "+1.06 s", "-12.0 MiB" (bytes),
 * "0 ms"; "" when either is unknown (negative). */
void fmt_delta(char *buf, size_t n, int64_t from, int64_t to, bool bytes);

/* Where limits came from, as a phrase into buf: "reported by a rerun,
 * 2026-11-30" (seen_ms as a local date, when known), "documented sample",
 * "--cpu-limit, --memory-limit" (every field from flags), "--cpu-limit;
 * the rest: documented sample" (some), "configured", "none known". */
void fmt_limits_source(char *buf, size_t n, const struct wr_limits *l);

/* Standard base64 (RFC 4648, with padding) of data[0..n), as a new string;
 * NULL when out of memory. */
char *fmt_base64(const char *data, size_t n);

#endif
