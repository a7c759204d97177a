/* url.c - a platform URL as wrun keeps it (see url.h). */
#include "config.h"

#include "url.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool url_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *url_normalize(const char *url, struct wr_error *err)
{
	const char *start, *end, *host, *p;
	size_t scheme_len, host_len;
	char *out;

	if (!url) {
		wr_error_set(err, WR_ERR_USAGE, 0, "no URL given");
		return NULL;
	}
	start = url;
	while (url_is_space(*start))
		start++;
	end = start + strlen(start);
	while (end > start && url_is_space(end[-1]))
		end--;
	if (end == start) {
		wr_error_set(err, WR_ERR_USAGE, 0, "the URL is empty");
		return NULL;
	}
	for (p = start; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c == 0x7f) {
			wr_error_set(err, WR_ERR_USAGE, 0,
			             "the URL contains a space or a control character");
			return NULL;
		}
	}
	if ((size_t)(end - start) >= 7 && strncasecmp(start, "http://", 7) == 0) {
		scheme_len = 7;
	} else if ((size_t)(end - start) >= 8 && strncasecmp(start, "https://", 8) == 0) {
		scheme_len = 8;
	} else {
		wr_error_set(err, WR_ERR_USAGE, 0,
		             "the URL must start with http:// or https:// (e.g. https://acme.jfrog.io)");
		return NULL;
	}
	while (end > start + scheme_len && end[-1] == '/')
		end--;
	host = start + scheme_len;
	host_len = 0;
	while (host + host_len < end && host[host_len] != '/')
		host_len++;
	if (host_len == 0) {
		wr_error_set(err, WR_ERR_USAGE, 0, "the URL has no host name");
		return NULL;
	}
	if (memchr(host, '@', host_len)) {
		wr_error_set(err, WR_ERR_USAGE, 0,
		             "the URL must not hold a user name or password (the token is sent as a header)");
		return NULL;
	}
	{
		/* A port, when given: 1 to 65535 in digits (after a closing
		 * bracket for an IPv6 address). */
		const char *close = memchr(host, ']', host_len);
		const char *from = close ? close + 1 : host;
		const char *colon = memchr(from, ':', host_len - (size_t)(from - host));

		if (colon) {
			const char *d = colon + 1, *stop = host + host_len;
			long port = 0;

			if (d == stop)
				port = -1;
			for (; d < stop && port >= 0; d++)
				port = *d >= '0' && *d <= '9' && port <= 65535 ? port * 10 + (*d - '0') : -1;
			if (port < 1 || port > 65535) {
				wr_error_set(err, WR_ERR_USAGE, 0,
				             "the URL's port must be a number from 1 to 65535");
				return NULL;
			}
		}
	}
	if (memchr(start, '?', (size_t)(end - start)) || memchr(start, '#', (size_t)(end - start))) {
		wr_error_set(err, WR_ERR_USAGE, 0,
		             "the URL must be the platform root, without a query or fragment");
		return NULL;
	}
	out = malloc((size_t)(end - start) + 1);
	if (!out) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return NULL;
	}
	memcpy(out, start, (size_t)(end - start));
	out[end - start] = '\0';
	/* The scheme in lower case, the rest verbatim. */
	for (size_t i = 0; i < scheme_len; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	return out;
}
