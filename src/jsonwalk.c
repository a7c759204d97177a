/* jsonwalk.c - a fast reader of JSON text that knows when it is unsure. */
#include "config.h"

#include "jsonwalk.h"

#include "bytes.h"

#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ------------------------------------------------------------- */

void jw_init(struct jw *w, const char *p, size_t n)
{
	*w = (struct jw){ .p = p, .n = n };
}

static bool unsure(struct jw *w)
{
	w->unsure = true;
	return false;
}

static inline void skip_ws(struct jw *w)
{
	/* Most often there is none. */
	if (w->i < w->n && (unsigned char)w->p[w->i] > ' ')
		return;
	while (w->i < w->n) {
		char c = w->p[w->i];

		if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
			return;
		w->i++;
	}
}

enum jw_type jw_peek(struct jw *w)
{
	if (w->unsure)
		return JW_NONE;
	skip_ws(w);
	if (w->i >= w->n)
		return JW_NONE;
	switch (w->p[w->i]) {
	case '{': return JW_OBJECT;
	case '[': return JW_ARRAY;
	case '"': return JW_STRING;
	case 't': return JW_TRUE;
	case 'f': return JW_FALSE;
	case 'n': return JW_NULL;
	case '-':
	case '0' ... '9': return JW_NUMBER;
	default: return JW_NONE;
	}
}

bool jw_eat(struct jw *w, char c)
{
	if (w->unsure)
		return false;
	skip_ws(w);
	if (w->i < w->n && w->p[w->i] == c) {
		w->i++;
		return true;
	}
	return false;
}

bool jw_at_end(struct jw *w)
{
	if (w->unsure)
		return false;
	skip_ws(w);
	return w->i == w->n;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The four hex digits at p, or -1. */
static long hex4(const char *p)
{
	int a = hex(p[0]), b = hex(p[1]), c = hex(p[2]), d = hex(p[3]);

	if ((a | b | c | d) < 0)
		return -1;
	return (long)a << 12 | b << 8 | c << 4 | d;
}

/* The \u escape at p[i] (the backslash) of a string ending before end:
 * its length (6, or 12 for a surrogate pair), 0 when unsure. */
static size_t u_escape(const char *p, size_t i, size_t end, long *cp)
{
	long u, lo;

	if (end - i < 6 || (u = hex4(p + i + 2)) < 0)
		return 0;
	if (u < 0xD800 || u > 0xDFFF) {
		*cp = u;
		return 6;
	}
	/* json-c turns a lone surrogate into U+FFFD; leave that to it. So too
	 * the high halves json-c 0.16 decodes wrongly (to U+FFFD): those with
	 * 0x36 in their low six bits, such as D836 (found by fuzz_walk). */
	if (u > 0xDBFF || (u & 0x3E) == 0x36 || end - i < 12 || p[i + 6] != '\\' ||
	    p[i + 7] != 'u')
		return 0;
	lo = hex4(p + i + 8);
	if (lo < 0xDC00 || lo > 0xDFFF)
		return 0;
	*cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
	return 12;
}

bool jw_string(struct jw *w, struct jw_str *out)
{
	const char *p = w->p;
	size_t i = w->i + 1, n = w->n;
	bool escaped = false;

	if (w->unsure || w->i >= n || p[w->i] != '"')
		return unsure(w);
	for (;;) {
		i += bytes_json_plain_run((const unsigned char *)p + i, n - i);
		if (i >= n)
			return unsure(w);
		if (p[i] == '"')
			break;
		if (p[i] != '\\' || i + 1 >= n)
			return unsure(w); /* a control byte, or the end */
		escaped = true;
		switch (p[i + 1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			i += 2;
			break;
		case 'u': {
			long cp;
			size_t len = u_escape(p, i, n, &cp);

			if (!len)
				return unsure(w);
			i += len;
			break;
		}
		default:
			return unsure(w);
		}
	}
	out->raw = p + w->i + 1;
	out->n = i - (w->i + 1);
	out->escaped = escaped;
	w->i = i + 1;
	return true;
}

/* Does a token end at p[i]? RFC 8259 puts whitespace or a structural byte
 * after a number or a literal; json-c decides about anything else. */
static bool token_ends(const struct jw *w, size_t i)
{
	if (i >= w->n)
		return true;
	switch (w->p[i]) {
	case ' ': case '\n': case '\r': case '\t': case ',': case ']': case '}':
		return true;
	default:
		return false;
	}
}

static size_t digits(const char *p, size_t i, size_t n)
{
	while (i < n && p[i] >= '0' && p[i] <= '9')
		i++;
	return i;
}

bool jw_number(struct jw *w, struct jw_num *out)
{
	const char *p = w->p;
	size_t n = w->n, i = w->i, int_start, int_end;
	bool neg = false;

	if (w->unsure)
		return false;
	if (i < n && p[i] == '-') {
		neg = true;
		i++;
	}
	int_start = i;
	int_end = digits(p, i, n);
	/* One digit, or no leading zero. */
	if (int_end == int_start || (p[int_start] == '0' && int_end - int_start > 1))
		return unsure(w);
	i = int_end;
	out->is_double = false;
	if (i < n && p[i] == '.') {
		size_t f = digits(p, i + 1, n);

		if (f == i + 1)
			return unsure(w);
		i = f;
		out->is_double = true;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		size_t e = i + 1;

		if (e < n && (p[e] == '+' || p[e] == '-'))
			e++;
		if (digits(p, e, n) == e)
			return unsure(w);
		i = digits(p, e, n);
		out->is_double = true;
	}
	if (!token_ends(w, i))
		return unsure(w);
	out->value = 0;
	if (!out->is_double) {
		/* json-c clamps past 64 bits, and past 63 turns unsigned. */
		if (int_end - int_start > 18)
			return unsure(w);
		for (size_t k = int_start; k < int_end; k++)
			out->value = out->value * 10 + (p[k] - '0');
		if (neg)
			out->value = -out->value;
	}
	out->raw = p + w->i;
	out->n = i - w->i;
	w->i = i;
	return true;
}

bool jw_literal(struct jw *w)
{
	static const char *const words[] = { "true", "false", "null" };

	if (w->unsure || w->i >= w->n)
		return unsure(w);
	for (size_t k = 0; k < 3; k++) {
		size_t len = strlen(words[k]);

		if (w->p[w->i] == words[k][0] && w->n - w->i >= len &&
		    memcmp(w->p + w->i, words[k], len) == 0 && token_ends(w, w->i + len)) {
			w->i += len;
			return true;
		}
	}
	return unsure(w);
}

/* Objects and arrays, a member at a time:
 *   enter(w, '{', &it); while (next(w, &it, &more) && more) { key(w, &k); value }
 * and then w->unsure tells whether it went well. next reads the ','
 * between members and the closing bracket. */
struct iter {
	char close;
	bool started;
};

static bool enter(struct jw *w, char open, struct iter *it)
{
	if (w->unsure || w->i >= w->n || w->p[w->i] != open)
		return unsure(w);
	if (++w->depth > JW_MAX_DEPTH)
		return unsure(w);
	w->i++;
	it->close = open == '{' ? '}' : ']';
	it->started = false;
	return true;
}

static bool next(struct jw *w, struct iter *it, bool *more)
{
	*more = false;
	if (w->unsure)
		return false;
	skip_ws(w);
	if (w->i >= w->n)
		return unsure(w);
	if (w->p[w->i] == it->close) {
		w->i++;
		w->depth--;
		return true;
	}
	if (it->started) {
		if (w->p[w->i] != ',')
			return unsure(w);
		w->i++;
		skip_ws(w);
		/* "[1,]" is an error: json-c words it. */
		if (w->i >= w->n || w->p[w->i] == it->close)
			return unsure(w);
	}
	it->started = true;
	*more = true;
	return true;
}

/* A member's name and the ':' after it. */
static bool key_of(struct jw *w, struct jw_str *key)
{
	skip_ws(w);
	if (!jw_string(w, key))
		return false;
	/* json-c cuts a name at a NUL: leave such names to it. (A false alarm
	 * on an escaped backslash before "u0000" only costs the fast path.) */
	if (key->escaped && memmem(key->raw, key->n, "\\u0000", 6))
		return unsure(w);
	if (!jw_eat(w, ':'))
		return unsure(w);
	skip_ws(w);
	return true;
}

bool jw_members(struct jw *w, jw_member_fn *member, void *ctx)
{
	struct iter it;
	struct jw_str key;
	bool more;

	if (jw_peek(w) != JW_OBJECT)
		return jw_skip(w);
	if (!enter(w, '{', &it))
		return false;
	while (next(w, &it, &more) && more)
		if (!key_of(w, &key) || !member(w, &key, ctx))
			return false;
	return !w->unsure;
}

static bool skip_member(struct jw *w, const struct jw_str *key, void *ctx)
{
	(void)key;
	(void)ctx;
	return jw_skip(w);
}

bool jw_skip(struct jw *w)
{
	struct iter it;
	struct jw_str s;
	struct jw_num num;
	bool more;

	switch (jw_peek(w)) {
	case JW_STRING:
		return jw_string(w, &s);
	case JW_NUMBER:
		return jw_number(w, &num);
	case JW_TRUE:
	case JW_FALSE:
	case JW_NULL:
		return jw_literal(w);
	case JW_OBJECT:
		return jw_members(w, skip_member, NULL);
	case JW_ARRAY:
		if (!enter(w, '[', &it))
			return false;
		while (next(w, &it, &more) && more)
			if (!jw_skip(w))
				return false;
		return !w->unsure;
	case JW_NONE:
		break;
	}
	return unsure(w);
}

/* ---- decoding -------------------------------------------------------------- */

/* Code point cp as UTF-8 at out; its length. */
static size_t utf8(long cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The escape at raw[i] (a backslash) of a token the reader accepted: the
 * code point it stands for, and its length in *len. */
static long escape_at(const char *raw, size_t i, size_t n, size_t *len)
{
	long cp;

	*len = 2;
	switch (raw[i + 1]) {
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'u':
		*len = u_escape(raw, i, n, &cp);
		return cp;
	default: return raw[i + 1]; /* " \ / */
	}
}

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

size_t jw_unescape(const struct jw_str *s, char *out, bool nul_to_fffd, bool *had_nul)
{
	const char *raw = s->raw;
	size_t i = 0, k = 0, n = s->n;

	if (had_nul)
		*had_nul = false;

	if (!s->escaped) {
		memcpy(out, raw, n);
		return n;
	}
	while (i < n) {
		const char *bs = memchr(raw + i, '\\', n - i);
		size_t run = bs ? (size_t)(bs - raw) - i : n - i, len;
		long cp;

		memcpy(out + k, raw + i, run);
		k += run;
		i += run;
		if (i >= n)
			break;
		cp = escape_at(raw, i, n, &len);
		i += len;
		if (cp == 0 && had_nul)
			*had_nul = true;
		if (cp == 0 && nul_to_fffd) {
			memcpy(out + k, replacement, 3);
			k += 3;
		} else {
			k += utf8(cp, out + k);
		}
	}
	return k;
}

bool jw_str_is_n(const struct jw_str *s, const char *name, size_t len)
{
	char buf[256];

	if (!s->escaped)
		return s->n == len && memcmp(s->raw, name, len) == 0;
	/* An escape takes at most six bytes for one byte of the name. */
	if (s->n > sizeof buf || s->n > 6 * len)
		return false;
	return jw_unescape(s, buf, false, NULL) == len && memcmp(buf, name, len) == 0;
}

int64_t jw_count(const struct jw_num *num)
{
	static locale_t c_locale;
	char small[64], *text = small, *end;
	double d;

	if (!num->is_double)
		return num->value < 0 ? -1 : num->value;
	/* json-c reads doubles with strtod in the C locale; wrun's may differ.
	 * One C locale, made once: no switching per call. */
	if (!c_locale && !(c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0)))
		return -1;
	if (num->n >= sizeof small && !(text = malloc(num->n + 1)))
		return -1;
	memcpy(text, num->raw, num->n);
	text[num->n] = '\0';
	d = strtod_l(text, &end, c_locale);
	if (text != small)
		free(text);
	/* Also false for NaN. 9.2e18 is just below INT64_MAX. */
	if (!(d >= 0 && d < 9.2e18))
		return -1;
	return (int64_t)(d + 0.5);
}

/* ---- writing --------------------------------------------------------------- */

void jw_buf_free(struct jw_buf *b)
{
	free(b->p);
	*b = (struct jw_buf){ 0 };
}

bool jw_reserve(struct jw_buf *b, size_t more)
{
	size_t cap;
	char *np;

	if (b->failed)
		return false;
	if (b->cap - b->n >= more)
		return true;
	cap = b->cap ? b->cap : 4096;
	while (cap - b->n < more) {
		if (cap > SIZE_MAX / 2) {
			b->failed = true;
			return false;
		}
		cap *= 2;
	}
	np = realloc(b->p, cap);
	if (!np) {
		b->failed = true;
		return false;
	}
	b->p = np;
	b->cap = cap;
	return true;
}

/* One decoded byte c as json_escape_str writes it (with
 * JSON_C_TO_STRING_NOSLASHESCAPE): named escapes, \u00xx in lower case
 * for other control bytes, anything else as it is. */
static void put_escaped_byte(struct jw_buf *b, unsigned char c)
{
	static const char hexdig[] = "0123456789abcdef";
	char u[6] = { '\\', 'u', '0', '0', hexdig[c >> 4], hexdig[c & 0xF] };

	switch (c) {
	case '\b': jw_put(b, "\\b", 2); return;
	case '\n': jw_put(b, "\\n", 2); return;
	case '\r': jw_put(b, "\\r", 2); return;
	case '\t': jw_put(b, "\\t", 2); return;
	case '\f': jw_put(b, "\\f", 2); return;
	case '"': jw_put(b, "\\\"", 2); return;
	case '\\': jw_put(b, "\\\\", 2); return;
	default:
		if (c < 0x20)
			jw_put(b, u, 6);
		else
			jw_put(b, (const char *)&c, 1);
	}
}

void jw_put_json_string(struct jw_buf *b, const char *s, size_t n)
{
	size_t i = 0;

	jw_put(b, "\"", 1);
	while (i < n) {
		size_t run = i + bytes_json_plain_run((const unsigned char *)s + i, n - i);

		jw_put(b, s + i, run - i);
		if (run < n)
			put_escaped_byte(b, (unsigned char)s[run++]);
		i = run;
	}
	jw_put(b, "\"", 1);
}

void jw_put_token(struct jw_buf *b, const struct jw_str *s, bool nul_to_fffd)
{
	const char *raw = s->raw;
	size_t i = 0, n = s->n;

	jw_put(b, "\"", 1);
	/* The token's plain bytes are printed as they are: json-c escapes
	 * none of them. */
	while (i < n) {
		const char *bs = s->escaped ? memchr(raw + i, '\\', n - i) : NULL;
		size_t run = bs ? (size_t)(bs - raw) - i : n - i, len;
		long cp;
		char u8[4];

		jw_put(b, raw + i, run);
		i += run;
		if (i >= n)
			break;
		cp = escape_at(raw, i, n, &len);
		i += len;
		if (cp == 0 && nul_to_fffd)
			jw_put(b, replacement, 3);
		else if (cp < 0x80)
			put_escaped_byte(b, (unsigned char)cp);
		else
			jw_put(b, u8, utf8(cp, u8));
	}
	jw_put(b, "\"", 1);
}

static void indent(struct jw_buf *b, int level)
{
	static const char spaces[] = "                                                                ";

	for (size_t left = 2 * (size_t)level; left > 0;) {
		size_t k = left < sizeof spaces - 1 ? left : sizeof spaces - 1;

		jw_put(b, spaces, k);
		left -= k;
	}
}

void jw_out_open(struct jw_out *o, char open)
{
	jw_put(o->b, &open, 1);
	if (o->pretty)
		jw_put(o->b, "\n", 1);
}

void jw_out_member(struct jw_out *o, int level, bool first, const char *key)
{
	if (!first)
		jw_put(o->b, o->pretty ? ",\n" : ",", o->pretty ? 2 : 1);
	if (o->pretty)
		indent(o->b, o->base + level + 1);
	if (key) {
		jw_put_json_string(o->b, key, strlen(key));
		jw_put(o->b, o->pretty ? ": " : ":", o->pretty ? 2 : 1);
	}
}

void jw_out_close(struct jw_out *o, char close, int level, bool had_members)
{
	if (o->pretty) {
		if (had_members)
			jw_put(o->b, "\n", 1);
		indent(o->b, o->base + level);
	}
	jw_put(o->b, &close, 1);
}

/* The names of one object, to find a repeated one. */
struct names {
	struct jw_str *v;
	size_t n, cap;
	struct jw_str first[16];
};

static int name_cmp(const void *a, const void *b)
{
	const struct jw_str *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->raw, y->raw, n);

	return c ? c : (x->n > y->n) - (x->n < y->n);
}

static bool names_add(struct names *ns, const struct jw_str *key)
{
	if (ns->n == ns->cap) {
		size_t cap = ns->cap * 2;
		struct jw_str *nv = ns->v == ns->first ? malloc(cap * sizeof *nv)
		                                       : realloc(ns->v, cap * sizeof *nv);

		if (!nv)
			return false;
		if (ns->v == ns->first)
			memcpy(nv, ns->first, sizeof ns->first);
		ns->v = nv;
		ns->cap = cap;
	}
	ns->v[ns->n++] = *key;
	return true;
}

/* Does a name repeat? Names with escapes never reach here. */
static bool names_repeat(struct names *ns)
{
	if (ns->n <= 16) {
		for (size_t i = 1; i < ns->n; i++)
			for (size_t j = 0; j < i; j++)
				if (name_cmp(&ns->v[i], &ns->v[j]) == 0)
					return true;
		return false;
	}
	qsort(ns->v, ns->n, sizeof *ns->v, name_cmp);
	for (size_t i = 1; i < ns->n; i++)
		if (name_cmp(&ns->v[i], &ns->v[i - 1]) == 0)
			return true;
	return false;
}

static bool copy_object(struct jw *w, struct jw_out *o, int level)
{
	struct names ns = { .cap = 16 };
	struct iter it;
	struct jw_str key;
	bool more, ok = true, first = true;

	ns.v = ns.first;
	if (!enter(w, '{', &it))
		return false;
	jw_out_open(o, '{');
	while (ok && next(w, &it, &more) && more) {
		ok = key_of(w, &key) && !key.escaped && names_add(&ns, &key);
		if (!ok)
			break;
		jw_out_member(o, level, first, NULL);
		jw_put(o->b, "\"", 1);
		jw_put(o->b, key.raw, key.n);
		jw_put(o->b, o->pretty ? "\": " : "\":", o->pretty ? 3 : 2);
		ok = jw_copy(w, o, level + 1);
		first = false;
	}
	ok = ok && !w->unsure && !names_repeat(&ns);
	if (ns.v != ns.first)
		free(ns.v);
	if (!ok)
		return unsure(w);
	jw_out_close(o, '}', level, !first);
	return true;
}

static bool copy_array(struct jw *w, struct jw_out *o, int level)
{
	struct iter it;
	bool more, first = true;

	if (!enter(w, '[', &it))
		return false;
	jw_out_open(o, '[');
	while (next(w, &it, &more) && more) {
		jw_out_member(o, level, first, NULL);
		if (!jw_copy(w, o, level + 1))
			return false;
		first = false;
	}
	if (w->unsure)
		return false;
	jw_out_close(o, ']', level, !first);
	return true;
}

bool jw_copy(struct jw *w, struct jw_out *o, int level)
{
	struct jw_str s;
	struct jw_num num;
	size_t at;

	switch (jw_peek(w)) {
	case JW_STRING:
		if (!jw_string(w, &s))
			return false;
		jw_put_token(o->b, &s, false);
		return true;
	case JW_NUMBER:
		if (!jw_number(w, &num))
			return false;
		if (num.is_double) {
			/* json-c keeps a double's own text. */
			jw_put(o->b, num.raw, num.n);
		} else {
			char text[24];

			/* "-0" is the integer 0. */
			jw_put(o->b, text, (size_t)snprintf(text, sizeof text, "%" PRId64, num.value));
		}
		return true;
	case JW_TRUE:
	case JW_FALSE:
	case JW_NULL:
		at = w->i;
		if (!jw_literal(w))
			return false;
		jw_put(o->b, w->p + at, w->i - at);
		return true;
	case JW_OBJECT:
		return copy_object(w, o, level);
	case JW_ARRAY:
		return copy_array(w, o, level);
	case JW_NONE:
		break;
	}
	return unsure(w);
}
