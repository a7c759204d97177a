/* test_crypt.c - the JFrog CLI's field encryption, undone: round trips with
 * fields encrypted here as the JFrog CLI encrypts them, wrong keys, altered
 * fields, bad base64; and the master key read out of a security.yaml.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypt.h"
#include "jf_encrypt.h"

#define KEY "0123456789abcdefghijklmnopqrstuv"
#define OTHER_KEY "vutsrqponmlkjihgfedcba9876543210"

static enum crypt_status decrypt_with(const char *b64, const char *key, char **plain,
                                      size_t *n)
{
	unsigned char k[CRYPT_KEY_LEN];

	assert_int_equal(strlen(key), CRYPT_KEY_LEN);
	memcpy(k, key, CRYPT_KEY_LEN);
	return crypt_jfrog_decrypt(b64, k, plain, n);
}

static void test_round_trip(void **state)
{
	static const char *const secrets[] = {
		"fake-token-0123456789",
		"x",
		"eyJ2ZXIiOiIyIiwidHlwIjoiSldUIn0.fake.signature-with-a-long-tail-0123456789",
		"",
	};
	char *plain, *b64;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
		b64 = jf_encrypt(secrets[i], KEY);
		assert_non_null(b64);
		assert_int_equal(decrypt_with(b64, KEY, &plain, &n), CRYPT_OK);
		assert_non_null(plain);
		assert_int_equal(n, strlen(secrets[i]));
		assert_string_equal(plain, secrets[i]);
		crypt_wipe_free(plain, n);
		free(b64);
	}
}

static void test_wrong_key_and_altered(void **state)
{
	char *plain = (char *)"sentinel", *b64;
	size_t n = 7;

	(void)state;
	b64 = jf_encrypt("fake-token-0123456789", KEY);
	assert_non_null(b64);
	assert_int_equal(decrypt_with(b64, OTHER_KEY, &plain, &n), CRYPT_AUTH);
	assert_null(plain);
	assert_int_equal(n, 0);

	/* Each part altered: the nonce, the ciphertext, the tag. */
	for (size_t pos = 0, len = strlen(b64); pos < len && b64[pos] != '='; pos += 7) {
		char saved = b64[pos];

		b64[pos] = saved == 'A' ? 'B' : 'A';
		assert_int_equal(decrypt_with(b64, KEY, &plain, &n), CRYPT_AUTH);
		assert_null(plain);
		b64[pos] = saved;
	}
	assert_int_equal(decrypt_with(b64, KEY, &plain, &n), CRYPT_OK);
	crypt_wipe_free(plain, n);
	free(b64);
}

static void test_bad_input(void **state)
{
	char *plain;
	size_t n;

	(void)state;
	assert_int_equal(decrypt_with("", KEY, &plain, &n), CRYPT_BAD_BASE64);
	assert_int_equal(decrypt_with("fake-ciphertext", KEY, &plain, &n), CRYPT_BAD_BASE64);
	assert_int_equal(decrypt_with("not base64!!", KEY, &plain, &n), CRYPT_BAD_BASE64);
	assert_int_equal(decrypt_with("QUJD RA==", KEY, &plain, &n), CRYPT_BAD_BASE64);
	assert_int_equal(decrypt_with("QUJD", KEY, &plain, &n), CRYPT_TOO_SHORT);
	/* 27 bytes: one short of a nonce and a tag. */
	assert_int_equal(decrypt_with("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", KEY, &plain, &n),
	                 CRYPT_TOO_SHORT);
	/* 28 bytes of zeros: a nonce and a tag that does not match. */
	assert_int_equal(decrypt_with("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", KEY, &plain, &n),
	                 CRYPT_AUTH);
	assert_null(plain);
	assert_int_equal(crypt_jfrog_decrypt(NULL, (const unsigned char *)KEY, &plain, &n),
	                 CRYPT_INTERNAL);
	for (int st = CRYPT_OK; st <= CRYPT_INTERNAL; st++)
		assert_true(crypt_status_str((enum crypt_status)st)[0] != '\0');
}

static void expect_key(const char *yaml, const char *want)
{
	bool found = true;
	char *k = crypt_yaml_master_key(yaml, strlen(yaml), &found);

	if (!want) {
		assert_null(k);
		assert_false(found);
		return;
	}
	if (!k)
		fail_msg("no masterKey found in \"%s\"", yaml);
	assert_true(found);
	assert_string_equal(k, want);
	crypt_wipe_free_str(k);
}

static void test_yaml_master_key(void **state)
{
	(void)state;
	expect_key("version: 1\nmasterKey: " KEY "\n", KEY);
	expect_key("version: 1\nmasterKey: \"" KEY "\"\n", KEY);
	expect_key("masterKey: '" KEY "'\r\n", KEY);
	expect_key("\xEF\xBB\xBF" "masterKey:" KEY, KEY);
	expect_key("# a comment\n---\nmasterKey  :   " KEY "   # the key\nversion: 1\n", KEY);
	expect_key("masterKey: \"ab\\\"c\"\n", "ab\"c");
	expect_key("masterKey: 'it''s'\n", "it's");
	expect_key("masterKey: a#b\n", "a#b");
	expect_key("masterKey:\n", "");
	expect_key("version: 1\n", NULL);
	expect_key("  masterKey: nested\n", NULL);       /* not top level */
	expect_key("masterKeys: " KEY "\n", NULL);
	expect_key("# masterKey: " KEY "\n", NULL);
	expect_key("", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_wrong_key_and_altered),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_yaml_master_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
