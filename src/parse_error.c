/* parse_error.c - one short, sanitized line out of an error body: the
 * server's JSON messages, or the gist of a proxy's HTML page or plain text. */
#include "config.h"

#include "parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse_json.h"
#include "sanitize.h"

/* A summary of a non-JSON body is at most this many characters. */
enum { EXCERPT_CHARS = 80 };
/* Raw text gathered before sanitizing: enough for any useful line. */
enum { GATHER_MAX = 4096 };

/* ---- a small bounded string builder ------------------------------------- */

struct text {
	char buf[GATHER_MAX + 1];
	size_t len;
};

static void text_add(struct text *t, const char *p, size_t n)
{
	if (n > GATHER_MAX - t->len)
		n = GATHER_MAX - t->len;
	memcpy(t->buf + t->len, p, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

static void text_add_char(struct text *t, char c)
{
	text_add(t, &c, 1);
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Runs of white space become one space; none at either end. */
static void collapse_spaces(struct text *t)
{
	size_t i, k = 0;
	bool space = false;

	for (i = 0; i < t->len; i++) {
		if (is_space((unsigned char)t->buf[i])) {
			space = k > 0;
			continue;
		}
		if (space)
			t->buf[k++] = ' ';
		space = false;
		t->buf[k++] = t->buf[i];
	}
	t->len = k;
	t->buf[k] = '\0';
}

/* ---- JSON bodies -------------------------------------------------------- */

static void add_message(struct text *t, struct json_object *v)
{
	const char *s;
	size_t n;

	if (!json_object_is_type(v, json_type_string))
		return;
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (n == 0)
		return;
	if (t->len > 0)
		text_add(t, "; ", 2);
	text_add(t, s, n);
}

/* {"errors":[{"message"}...]}, {"message"}, {"error":"..."} or
 * {"error":{"message"}}, or a bare JSON string. */
static void json_messages(struct json_object *root, struct text *t)
{
	struct json_object *errors = parse_json_member(root, "errors", json_type_array);
	struct json_object *error;
	size_t i, n;

	if (json_object_is_type(root, json_type_string)) {
		add_message(t, root);
		return;
	}
	n = errors ? json_object_array_length(errors) : 0;
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(errors, i);

		if (json_object_is_type(e, json_type_string))
			add_message(t, e);
		else
			add_message(t, parse_json_member(e, "message", json_type_string));
	}
	if (t->len == 0)
		add_message(t, parse_json_member(root, "message", json_type_string));
	if (t->len == 0 && (error = parse_json_member(root, "error", json_type_string)))
		add_message(t, error);
	if (t->len == 0 && (error = parse_json_member(root, "error", json_type_object)))
		add_message(t, parse_json_member(error, "message", json_type_string));
}

/* True when the body is JSON with a message in it. */
static bool json_body(const char *buf, size_t n, struct text *t)
{
	struct json_tokener *tok = parse_json_tokener();
	struct json_object *root;
	struct wr_error err;

	if (!tok)
		return false;
	if (parse_json_value(tok, "error", buf, n, 0, &root, &err)) {
		json_messages(root, t);
		json_object_put(root);
	}
	json_tokener_free(tok);
	collapse_spaces(t);
	return t->len > 0;
}

/* ---- HTML bodies -------------------------------------------------------- */

/* The first case-insensitive occurrence of needle in p[0..n), or NULL. */
static const char *find_nocase(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (strncasecmp(p + i, needle, k) == 0)
			return p + i;
	return NULL;
}

static void add_utf8(struct text *t, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		text_add_char(t, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		text_add(t, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		text_add(t, u, 3);
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		text_add(t, u, 4);
	}
}

/* A numeric character reference's value ("#39", "#x27"); 0 when invalid. */
static uint32_t numeric_entity(const char *p, size_t n)
{
	uint32_t v = 0;
	size_t i = 1;
	int base = 10;

	if (n > 1 && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n || n - i > 6)
		return 0;
	for (; i < n; i++) {
		char c = p[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return 0;
		v = v * (uint32_t)base + d;
	}
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return v;
}

/* Decodes the entity at p ('&'); returns the bytes it took, 0 when it is
 * not one we know (the '&' then stays as it is). */
static size_t add_entity(struct text *t, const char *p, size_t n)
{
	static const struct {
		const char *name;
		const char *text;
	} named[] = {
		{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
		{ "apos", "'" }, { "nbsp", " " },
	};
	const char *semi = memchr(p, ';', n < 12 ? n : 12);
	size_t len, i;
	uint32_t cp;

	if (!semi)
		return 0;
	len = (size_t)(semi - p - 1);
	if (len > 0 && p[1] == '#') {
		cp = numeric_entity(p + 1, len);
		if (!cp)
			return 0;
		add_utf8(t, cp);
		return len + 2;
	}
	for (i = 0; i < sizeof named / sizeof named[0]; i++) {
		if (strlen(named[i].name) == len && strncmp(p + 1, named[i].name, len) == 0) {
			text_add(t, named[i].text, strlen(named[i].text));
			return len + 2;
		}
	}
	return 0;
}

/* Text p[0..n) with character references decoded. */
static void add_html_text(struct text *t, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && t->len < GATHER_MAX) {
		size_t took = p[i] == '&' ? add_entity(t, p + i, n - i) : 0;

		if (took) {
			i += took;
		} else {
			text_add_char(t, p[i]);
			i++;
		}
	}
}

/* The end of the element or comment that starts at p[i] ('<'). */
static size_t skip_markup(const char *p, size_t n, size_t i)
{
	static const char *const raw[] = { "script", "style" };
	const char *end;
	size_t k;

	if (n - i >= 4 && strncmp(p + i, "<!--", 4) == 0) {
		end = find_nocase(p + i + 4, n - i - 4, "-->");
		return end ? (size_t)(end - p) + 3 : n;
	}
	for (k = 0; k < sizeof raw / sizeof raw[0]; k++) {
		size_t len = strlen(raw[k]);
		char close[16] = "</";

		if (n - i - 1 < len || strncasecmp(p + i + 1, raw[k], len) != 0)
			continue;
		/* <script>...</script>: its content is not text. */
		strcat(close, raw[k]);
		end = find_nocase(p + i, n - i, close);
		if (!end)
			return n;
		i = (size_t)(end - p);
		break;
	}
	end = memchr(p + i, '>', n - i);
	return end ? (size_t)(end - p) + 1 : n;
}

/* The page's <title>, or its text with the tags stripped. */
static void html_summary(const char *buf, size_t n, struct text *t)
{
	const char *title = find_nocase(buf, n, "<title");
	size_t i = 0;

	if (title) {
		const char *start = memchr(title, '>', n - (size_t)(title - buf));
		const char *end = start ? find_nocase(start, n - (size_t)(start - buf), "</title") : NULL;

		if (end) {
			add_html_text(t, start + 1, (size_t)(end - start - 1));
			collapse_spaces(t);
			if (t->len > 0)
				return;
		}
	}
	while (i < n && t->len < GATHER_MAX) {
		const char *lt = memchr(buf + i, '<', n - i);
		size_t stop = lt ? (size_t)(lt - buf) : n;

		add_html_text(t, buf + i, stop - i);
		text_add_char(t, ' ');
		i = stop < n ? skip_markup(buf, n, stop) : n;
	}
	collapse_spaces(t);
}

/* ---- plain text --------------------------------------------------------- */

/* The first line that is not blank. */
static void first_line(const char *buf, size_t n, struct text *t)
{
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - buf) : n;

		text_add(t, buf + i, end - i);
		collapse_spaces(t);
		if (t->len > 0)
			return;
		i = end + 1;
	}
}

/* ---- the result --------------------------------------------------------- */

/* Cuts s to at most max characters, the last three being "..." when cut.
 * s is valid UTF-8 (sanitized). */
static void cut_chars(char *s, size_t max)
{
	size_t chars = 0, i, keep = 0;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (chars == max - 3)
			keep = i;
		if (++chars > max) {
			strcpy(s + keep, "...");
			return;
		}
	}
}

/* Copies s into out[0..outsz), cut at a character boundary with "..." when
 * it does not fit. */
static void copy_out(char *out, size_t outsz, const char *s)
{
	size_t len = strlen(s), keep;

	if (len < outsz) {
		memcpy(out, s, len + 1);
		return;
	}
	keep = outsz > 4 ? outsz - 4 : outsz - 1;
	while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
		keep--;
	memcpy(out, s, keep);
	if (outsz > 4)
		memcpy(out + keep, "...", 3), keep += 3;
	out[keep] = '\0';
}

static bool is_html(const char *buf, size_t n)
{
	size_t i = 0;

	while (i < n && is_space((unsigned char)buf[i]))
		i++;
	return i < n && buf[i] == '<';
}

void parse_error_body(const char *buf, size_t n, char *out, size_t outsz)
{
	struct text *t;
	bool from_json;
	char *clean;

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (!buf || n == 0)
		return;
	t = calloc(1, sizeof *t);
	if (!t)
		return;
	from_json = json_body(buf, n, t);
	if (!from_json) {
		t->len = 0;
		if (is_html(buf, n))
			html_summary(buf, n, t);
		else
			first_line(buf, n, t);
	}
	clean = sanitize_dup(t->buf, t->len, SAN_TAB_TO_SPACE);
	if (clean) {
		if (!from_json)
			cut_chars(clean, EXCERPT_CHARS);
		copy_out(out, outsz, clean);
	}
	free(clean);
	free(t);
}
