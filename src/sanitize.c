/* sanitize.c - make untrusted text safe for a terminal (see sanitize.h for the forms). */
#include "config.h"

#include "sanitize.h"

#include "bytes.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the output goes: bytes are written while whole units fit, and the
 * full length is counted either way. */
struct san_out {
	char *dst;
	size_t size; /* room in dst, with the NUL */
	size_t len;  /* length of the full result so far */
	bool full;   /* a unit did not fit: write nothing more */
};

static void out_put(struct san_out *o, const char *p, size_t n)
{
	if (!o->full && n < o->size - o->len) {
		memcpy(o->dst + o->len, p, n);
	} else {
		/* Units written so far left len < size: end the text there. */
		if (!o->full)
			o->dst[o->len] = '\0';
		o->full = true;
	}
	o->len += n;
}

/* A run of printable ASCII: each byte is a unit of its own, so a run that
 * does not fit is cut where the room ends rather than dropped whole. */
static void out_put_ascii(struct san_out *o, const char *p, size_t n)
{
	if (!o->full && n >= o->size - o->len) {
		size_t room = o->size - o->len - 1;

		memcpy(o->dst + o->len, p, room);
		o->dst[o->len + room] = '\0';
		o->full = true;
	} else if (!o->full) {
		memcpy(o->dst + o->len, p, n);
	}
	o->len += n;
}

/* Length of the valid UTF-8 sequence at p[0..n) with its code point in *cp,
 * or 0 when p[0] does not begin one (overlong, surrogate, too large, cut
 * short, or a stray continuation byte). */
static size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char c = p[0];
	uint32_t v, min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* Valid code points that must not reach a terminal as they are. */
static bool is_hidden_control(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) ||           /* C1 controls */
	       cp == 0x061C || cp == 0x200E || cp == 0x200F || /* bidi marks */
	       (cp >= 0x202A && cp <= 0x202E) ||       /* bidi embeddings, overrides */
	       cp == 0x200B ||                         /* zero-width space */
	       (cp >= 0x2060 && cp <= 0x206F) ||       /* joiners, isolates, invisible ops */
	       cp == 0x2028 || cp == 0x2029 ||         /* line and paragraph separators */
	       cp == 0xFEFF ||                         /* zero-width no-break space, BOM */
	       (cp >= 0xE0000 && cp <= 0xE007F);       /* tag characters */
}

static void put_c0(struct san_out *o, unsigned char c, unsigned flags)
{
	char caret[2] = { '^', (char)(c ^ 0x40) };

	if (c == '\n' && (flags & SAN_KEEP_NEWLINE))
		out_put(o, "\n", 1);
	else if (c == '\t' && (flags & SAN_TAB_TO_SPACE))
		out_put(o, " ", 1);
	else
		out_put(o, caret, 2);
}

static void put_code_point(struct san_out *o, uint32_t cp)
{
	char text[16];
	int n = snprintf(text, sizeof text, "<U+%04X>", (unsigned)cp);

	out_put(o, text, (size_t)n);
}

static void put_bad_byte(struct san_out *o, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char text[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

	out_put(o, text, sizeof text);
}

static void sanitize_into(struct san_out *o, const char *s, size_t n, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len;

		/* The common case: a run of printable ASCII. */
		size_t run = i;
		while (run < n && p[run] >= 0x20 && p[run] < 0x7F)
			run++;
		if (run > i) {
			out_put_ascii(o, s + i, run - i);
			i = run;
			continue;
		}
		len = utf8_decode(p + i, n - i, &cp);
		if (len == 0)
			put_bad_byte(o, p[i++]);
		else if (cp < 0x20)
			put_c0(o, p[i], flags);
		else if (cp == 0x7F)
			out_put(o, "^?", 2);
		else if (is_hidden_control(cp))
			put_code_point(o, cp);
		else if (flags & SAN_ASCII)
			out_put(o, "?", 1);
		else
			out_put(o, s + i, len);
		if (len)
			i += len;
	}
	if (!o->full)
		o->dst[o->len] = '\0';
}

size_t sanitize_buf(char *dst, size_t dstsz, const char *s, size_t n, unsigned flags)
{
	struct san_out o = { dst, dst ? dstsz : 0, 0, false };

	if (o.size == 0)
		o.full = true;
	sanitize_into(&o, s, n, flags);
	return o.len;
}

char *sanitize_dup(const char *s, size_t n, unsigned flags)
{
	size_t len;
	char *out;

	/* No unit is longer than 4 bytes per input byte (\xNN). */
	if (n > (SIZE_MAX - 1) / 4)
		return NULL;
	len = sanitize_buf(NULL, 0, s, n, flags);
	out = malloc(len + 1);
	if (!out)
		return NULL;
	sanitize_buf(out, len + 1, s, n, flags);
	return out;
}

/* ---- JSON text ---------------------------------------------------------- */

static size_t json_put(char *dst, size_t at, const char *p, size_t n)
{
	if (dst)
		memcpy(dst + at, p, n);
	return at + n;
}

static size_t json_put_u(char *dst, size_t at, uint32_t cp)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = { '\\', 'u', hex[cp >> 12 & 15], hex[cp >> 8 & 15], hex[cp >> 4 & 15],
	              hex[cp & 15] };

	return json_put(dst, at, e, sizeof e);
}

size_t sanitize_json(char *dst, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, at = 0;

	while (i < n) {
		uint32_t cp;
		size_t len, run = i;

		run += bytes_ascii_run(p + run, n - run);
		if (run > i) {
			at = json_put(dst, at, s + i, run - i);
			i = run;
			continue;
		}
		len = utf8_decode(p + i, n - i, &cp);
		if (len == 0) {
			at = json_put_u(dst, at, 0xFFFD);
			i++;
		} else if (cp == 0x7F || is_hidden_control(cp)) {
			if (cp > 0xFFFF) {
				at = json_put_u(dst, at, 0xD800 + ((cp - 0x10000) >> 10));
				at = json_put_u(dst, at, 0xDC00 + ((cp - 0x10000) & 0x3FF));
			} else {
				at = json_put_u(dst, at, cp);
			}
			i += len;
		} else {
			at = json_put(dst, at, s + i, len);
			i += len;
		}
	}
	return at;
}
