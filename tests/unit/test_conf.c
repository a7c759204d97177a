/* test_conf.c - where the URL, the token and the options come from:
 * precedence, token files, the JFrog CLI config and its failures, URL
 * normalization and number validation. The environment is injected and the
 * config files live in a temporary folder; the token is a fake.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "url.h"
#include "jf_encrypt.h"

#define FAKE_TOKEN "fake-token-0123456789"
#define OTHER_TOKEN "fake-other-token-abcdef"

static char tmp_root[256];
static int tmp_seq;

/* ---- the injected environment -------------------------------------------- */

static struct {
	const char *name;
	const char *value;
} fake_env[8];

static void env_reset(void)
{
	memset(fake_env, 0, sizeof fake_env);
}

static void env_set(const char *name, const char *value)
{
	for (size_t i = 0; i < sizeof fake_env / sizeof fake_env[0]; i++) {
		if (!fake_env[i].name || strcmp(fake_env[i].name, name) == 0) {
			fake_env[i].name = name;
			fake_env[i].value = value;
			return;
		}
	}
	fail_msg("fake environment full");
}

static const char *fake_getenv(const char *name)
{
	for (size_t i = 0; i < sizeof fake_env / sizeof fake_env[0]; i++)
		if (fake_env[i].name && strcmp(fake_env[i].name, name) == 0)
			return fake_env[i].value;
	return NULL;
}

/* ---- files in the temporary folder ---------------------------------------- */

/* A fresh folder for one test; its path in buf. */
static void new_dir(char *buf, size_t n)
{
	int w = snprintf(buf, n, "%s/t%d", tmp_root, ++tmp_seq);

	assert_true(w > 0 && (size_t)w < n);
	assert_int_equal(mkdir(buf, 0700), 0);
}

/* Writes a file with mode 0600 (a token file must be private). */
static void write_file(const char *dir, const char *name, const char *content)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fchmod(fileno(f), 0600), 0);
	assert_int_equal(fputs(content, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static const char CLI_TWO_SERVERS[] =
	"{\n"
	"  \"servers\": [\n"
	"    {\"serverId\": \"main\", \"url\": \"https://main.example.test/\",\n"
	"     \"accessToken\": \"" FAKE_TOKEN "\", \"isDefault\": true},\n"
	"    {\"serverId\": \"other\", \"url\": \"http://other.example.test:8082\",\n"
	"     \"accessToken\": \"" OTHER_TOKEN "\", \"user\": \"admin\"}\n"
	"  ],\n"
	"  \"version\": \"6\"\n"
	"}\n";

/* A folder with a JFrog CLI config, named by JFROG_CLI_HOME_DIR. */
static void cli_home(char *dir, size_t n, const char *config)
{
	new_dir(dir, n);
	if (config)
		write_file(dir, "jfrog-cli.conf.v6", config);
	env_set("JFROG_CLI_HOME_DIR", dir);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int group_setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(tmp_root, sizeof tmp_root, "%s/wrun-test-conf.XXXXXX",
	         base && *base ? base : "/tmp");
	return mkdtemp(tmp_root) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return nftw(tmp_root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int test_setup(void **state)
{
	(void)state;
	env_reset();
	return 0;
}

/* Resolution that must succeed. */
static void resolve_ok(const struct conf_flags *f, struct wr_server *s)
{
	struct wr_error err;

	wr_error_clear(&err);
	if (!conf_resolve(f, fake_getenv, s, &err))
		fail_msg("conf_resolve failed: %s", err.msg);
	assert_int_equal(err.kind, WR_OK);
}

/* Resolution that must fail; the message must never hold a token. */
static void resolve_fail(const struct conf_flags *f, struct wr_error *err)
{
	struct wr_server s;

	wr_error_clear(err);
	assert_false(conf_resolve(f, fake_getenv, &s, err));
	assert_null(s.url);
	assert_null(s.token);
	assert_true(err->kind != WR_OK);
	assert_null(strstr(err->msg, "fake-"));
	assert_null(strchr(err->msg, '\n'));
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

/* ---- precedence ------------------------------------------------------------ */

static void test_url_flag_beats_env_and_config(void **state)
{
	struct conf_flags f = { .url = "https://flag.example.test/" };
	struct wr_server s;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir, CLI_TWO_SERVERS);
	env_set("JF_URL", "https://env.example.test");
	env_set("JF_ACCESS_TOKEN", FAKE_TOKEN);
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "https://flag.example.test");
	assert_string_equal(s.url_from, "--url");
	assert_string_equal(s.token, FAKE_TOKEN);
	assert_string_equal(s.token_from, "JF_ACCESS_TOKEN");
	assert_null(s.server_id); /* the config was not needed */
	conf_server_free(&s);
}

static void test_url_env_beats_config(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_server s;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir, CLI_TWO_SERVERS);
	env_set("JF_URL", " https://env.example.test/// ");
	env_set("JF_ACCESS_TOKEN", FAKE_TOKEN);
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "https://env.example.test");
	assert_string_equal(s.url_from, "JF_URL");
	conf_server_free(&s);
}

static void test_config_default_server(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_server s;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir, CLI_TWO_SERVERS);
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "https://main.example.test");
	assert_string_equal(s.url_from, "JFrog CLI config");
	assert_string_equal(s.token, FAKE_TOKEN);
	assert_string_equal(s.token_from, "JFrog CLI config");
	assert_string_equal(s.server_id, "main");
	assert_int_equal(s.timeout_s, CONF_DEFAULT_TIMEOUT_S);
	assert_true(s.max_body == (size_t)CONF_DEFAULT_MAX_BODY_MIB * 1024 * 1024);
	assert_false(s.insecure);
	assert_null(s.project);
	assert_null(s.cacert);
	conf_server_free(&s);
}

static void test_config_server_id(void **state)
{
	struct conf_flags f = { .server_id = "other" };
	struct wr_server s;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir, CLI_TWO_SERVERS);
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "http://other.example.test:8082");
	assert_string_equal(s.token, OTHER_TOKEN);
	assert_string_equal(s.server_id, "other");
	conf_server_free(&s);
}

static void test_config_under_home(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_server s;
	char dir[300], jf[400];

	(void)state;
	new_dir(dir, sizeof dir);
	snprintf(jf, sizeof jf, "%s/.jfrog", dir);
	assert_int_equal(mkdir(jf, 0700), 0);
	write_file(jf, "jfrog-cli.conf.v6", CLI_TWO_SERVERS);
	env_set("HOME", dir);
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "https://main.example.test");
	conf_server_free(&s);
}

static void test_empty_env_is_unset(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_server s;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir, CLI_TWO_SERVERS);
	env_set("JF_URL", "");
	env_set("JF_ACCESS_TOKEN", "");
	resolve_ok(&f, &s);
	assert_string_equal(s.url_from, "JFrog CLI config");
	assert_string_equal(s.token_from, "JFrog CLI config");
	conf_server_free(&s);
}

/* ---- token sources ----------------------------------------------------------- */

static void test_token_env_beats_config(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_server s;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir, CLI_TWO_SERVERS);
	env_set("JF_ACCESS_TOKEN", "  fake-env-token\n");
	resolve_ok(&f, &s);
	assert_string_equal(s.token, "fake-env-token");
	assert_string_equal(s.token_from, "JF_ACCESS_TOKEN");
	assert_string_equal(s.url_from, "JFrog CLI config");
	conf_server_free(&s);
}

/* The flag given on purpose wins over the environment (the man page's
 * "Default: JF_ACCESS_TOKEN"), as --url wins over JF_URL. */
static void test_token_file_beats_env(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_server s;
	char dir[300], file[400];

	(void)state;
	cli_home(dir, sizeof dir, CLI_TWO_SERVERS);
	write_file(dir, "tok", "fake-file-token\n");
	snprintf(file, sizeof file, "%s/tok", dir);
	f.token_file = file;
	env_set("JF_ACCESS_TOKEN", "fake-env-token");
	resolve_ok(&f, &s);
	assert_string_equal(s.token, "fake-file-token");
	assert_string_equal(s.token_from, "--token-file");
	conf_server_free(&s);
}

static void test_token_file_beats_config(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_server s;
	char dir[300], file[400];

	(void)state;
	cli_home(dir, sizeof dir, CLI_TWO_SERVERS);
	write_file(dir, "tok", "  fake-file-token \r\nsecond line\n");
	snprintf(file, sizeof file, "%s/tok", dir);
	f.token_file = file;
	resolve_ok(&f, &s);
	assert_string_equal(s.token, "fake-file-token");
	assert_string_equal(s.token_from, "--token-file");
	assert_string_equal(s.server_id, "main"); /* the URL came from it */
	conf_server_free(&s);
}

static void test_token_file_no_newline(void **state)
{
	struct conf_flags f = { .url = "https://x.example.test" };
	struct wr_server s;
	char dir[300], file[400];

	(void)state;
	new_dir(dir, sizeof dir);
	write_file(dir, "tok", "fake-bare-token");
	snprintf(file, sizeof file, "%s/tok", dir);
	f.token_file = file;
	resolve_ok(&f, &s);
	assert_string_equal(s.token, "fake-bare-token");
	assert_null(s.server_id);
	conf_server_free(&s);
}

static void test_token_file_missing(void **state)
{
	struct conf_flags f = { .url = "https://x.example.test" };
	struct wr_error err;
	char dir[300], file[400];

	(void)state;
	new_dir(dir, sizeof dir);
	snprintf(file, sizeof file, "%s/absent", dir);
	f.token_file = file;
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_contains(err.msg, "--token-file");
	assert_contains(err.msg, file);
	assert_contains(err.msg, "No such file");
}

static void test_token_file_empty(void **state)
{
	static const char *const bodies[] = { "", "\n", "   \r\n", "\nfake-second-line\n" };
	struct conf_flags f = { .url = "https://x.example.test" };
	struct wr_error err;
	char dir[300], file[400];

	(void)state;
	new_dir(dir, sizeof dir);
	snprintf(file, sizeof file, "%s/tok", dir);
	f.token_file = file;
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		write_file(dir, "tok", bodies[i]);
		resolve_fail(&f, &err);
		assert_int_equal(err.kind, WR_ERR_CONFIG);
		assert_contains(err.msg, "is empty");
		assert_contains(err.msg, file);
	}
}

static void test_token_file_odd_files(void **state)
{
	struct conf_flags f = { .url = "https://x.example.test" };
	struct wr_server s;
	struct wr_error err;
	char dir[300], file[400];
	char *big;
	FILE *fp;

	(void)state;
	new_dir(dir, sizeof dir);

	/* A folder. */
	f.token_file = dir;
	resolve_fail(&f, &err);
	assert_contains(err.msg, "--token-file");
	assert_contains(err.msg, "directory");

	/* A first line of 100 KiB: not a token. */
	big = malloc(100 * 1024 + 1);
	assert_non_null(big);
	memset(big, 'k', 100 * 1024);
	big[100 * 1024] = '\0';
	write_file(dir, "big", big);
	snprintf(file, sizeof file, "%s/big", dir);
	f.token_file = file;
	resolve_fail(&f, &err);
	assert_contains(err.msg, "too large");

	/* A short first line, then a lot: only the line is read. */
	snprintf(file, sizeof file, "%s/long", dir);
	fp = fopen(file, "w");
	assert_non_null(fp);
	assert_int_equal(fchmod(fileno(fp), 0600), 0);
	fputs("fake-line-token\n", fp);
	fputs(big, fp);
	assert_int_equal(fclose(fp), 0);
	free(big);
	resolve_ok(&f, &s);
	assert_string_equal(s.token, "fake-line-token");
	conf_server_free(&s);

	/* A NUL inside the token. */
	snprintf(file, sizeof file, "%s/nul", dir);
	fp = fopen(file, "w");
	assert_non_null(fp);
	assert_int_equal(fchmod(fileno(fp), 0600), 0);
	fwrite("fake-a\0b\n", 1, 9, fp);
	assert_int_equal(fclose(fp), 0);
	resolve_fail(&f, &err);
	assert_contains(err.msg, "NUL");
}

static void test_token_with_space_refused(void **state)
{
	struct conf_flags f = { .url = "https://x.example.test" };
	struct wr_error err;
	char dir[300], file[400];

	(void)state;
	new_dir(dir, sizeof dir);
	write_file(dir, "tok", "fake-half one\n");
	snprintf(file, sizeof file, "%s/tok", dir);
	f.token_file = file;
	resolve_fail(&f, &err);
	assert_contains(err.msg, "control character");
	assert_null(strstr(err.msg, "half"));

	/* A header injection attempt through the environment. */
	f.token_file = NULL;
	env_set("JF_ACCESS_TOKEN", "fake-a\r\nX-Evil: 1");
	resolve_fail(&f, &err);
	assert_contains(err.msg, "JF_ACCESS_TOKEN");
	assert_null(strstr(err.msg, "Evil"));
}

static void test_token_from_config_only_for_its_url(void **state)
{
	struct conf_flags f = { .url = "https://elsewhere.example.test" };
	struct wr_server s;
	struct wr_error err;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir, CLI_TWO_SERVERS);
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_contains(err.msg, "--server-id main");

	/* The same URL as the default server's: its token is used. */
	f.url = "https://main.example.test/";
	resolve_ok(&f, &s);
	assert_string_equal(s.token, FAKE_TOKEN);
	assert_string_equal(s.url_from, "--url");
	assert_string_equal(s.server_id, "main");
	conf_server_free(&s);

	/* An explicit --server-id takes that server's token for any URL. */
	f.url = "https://elsewhere.example.test";
	f.server_id = "other";
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "https://elsewhere.example.test");
	assert_string_equal(s.token, OTHER_TOKEN);
	conf_server_free(&s);
}

/* ---- config failures ------------------------------------------------------------ */

/* An encrypted config without any key: a clear message, never the
 * ciphertext as a token. */
static void test_config_encrypted_no_key(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_error err;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir,
	         "{\"servers\":[{\"serverId\":\"s\",\"url\":\"https://e.example.test\","
	         "\"accessToken\":\"fake-ciphertext\",\"isDefault\":true}],"
	         "\"version\":\"6\",\"enc\":true}");
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_contains(err.msg, dir);
	assert_contains(err.msg, "jfrog-cli.conf.v6 is encrypted");
	assert_contains(err.msg, "JFROG_CLI_ENCRYPTION_KEY");
	assert_contains(err.msg, "security/security.yaml");

	/* Not consulted when the flags and environment say everything. */
	{
		struct wr_server s;

		env_set("JF_URL", "https://e.example.test");
		env_set("JF_ACCESS_TOKEN", FAKE_TOKEN);
		resolve_ok(&f, &s);
		conf_server_free(&s);
	}
}

static void test_config_malformed(void **state)
{
	static const char *const bodies[] = {
		"{\"servers\": [",                       /* cut short */
		"{\"servers\": []} trailing",            /* bytes after the document */
		"not json at all",
		"[1, 2, 3]",                             /* not an object */
		"{\"servers\": {\"serverId\": \"x\"}}", /* servers not an array */
		"",
	};
	struct conf_flags f = { 0 };
	struct wr_error err;
	char dir[300];

	(void)state;
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		cli_home(dir, sizeof dir, bodies[i]);
		resolve_fail(&f, &err);
		assert_int_equal(err.kind, WR_ERR_CONFIG);
		assert_contains(err.msg, dir);
		assert_contains(err.msg, "jfrog-cli.conf.v6");
	}
}

static void test_config_odd_types_tolerated(void **state)
{
	/* Servers that are not objects and fields of the wrong type are skipped. */
	struct conf_flags f = { 0 };
	struct wr_error err;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir,
	         "{\"servers\":[42, null, {\"serverId\":7,\"url\":[],\"isDefault\":true}]}");
	resolve_fail(&f, &err);
	assert_contains(err.msg, "no platform URL");
}

static void test_server_id_not_found_lists_ids(void **state)
{
	struct conf_flags f = { .server_id = "prod" };
	struct wr_error err;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir, CLI_TWO_SERVERS);
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_contains(err.msg, "--server-id prod");
	assert_contains(err.msg, "its servers: main, other");

	cli_home(dir, sizeof dir, "{\"servers\":[]}");
	resolve_fail(&f, &err);
	assert_contains(err.msg, "has no servers");

	/* IDs with escape sequences are shown, not obeyed. */
	cli_home(dir, sizeof dir, "{\"servers\":[{\"serverId\":\"ev\\u001b[2Jil\\n\"}]}");
	resolve_fail(&f, &err);
	assert_contains(err.msg, "ev^[[2Jil^J");
	assert_null(strchr(err.msg, '\x1b'));

	/* --server-id without any config file. */
	cli_home(dir, sizeof dir, NULL);
	resolve_fail(&f, &err);
	assert_contains(err.msg, "--server-id prod");
	assert_contains(err.msg, "does not exist");
}

static void test_no_default_server(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_error err;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir,
	         "{\"servers\":[{\"serverId\":\"a\",\"url\":\"https://a.example.test\"},"
	         "{\"serverId\":\"b\",\"url\":\"https://b.example.test\",\"isDefault\":false}]}");
	resolve_fail(&f, &err);
	assert_contains(err.msg, "no platform URL");
	assert_contains(err.msg, "no default server");
	assert_contains(err.msg, "a, b");
	assert_contains(err.msg, "--server-id");
}

static void test_missing_url_says_where(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_error err;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir, NULL);
	env_set("JF_ACCESS_TOKEN", FAKE_TOKEN);
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_contains(err.msg, "no platform URL");
	assert_contains(err.msg, "--url");
	assert_contains(err.msg, "JF_URL");
	assert_contains(err.msg, dir);
	assert_contains(err.msg, "does not exist");

	/* Only an older config format exists. */
	write_file(dir, "jfrog-cli.conf.v5", CLI_TWO_SERVERS);
	resolve_fail(&f, &err);
	assert_contains(err.msg, "jfrog-cli.conf.v5");

	/* No HOME at all. */
	env_reset();
	env_set("JF_ACCESS_TOKEN", FAKE_TOKEN);
	resolve_fail(&f, &err);
	assert_contains(err.msg, "HOME");
}

static void test_missing_token_says_where(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_error err;
	char dir[300];

	(void)state;
	cli_home(dir, sizeof dir, NULL);
	env_set("JF_URL", "https://x.example.test");
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_contains(err.msg, "no access token");
	assert_contains(err.msg, "JF_ACCESS_TOKEN");
	assert_contains(err.msg, "--token-file");
	assert_contains(err.msg, dir);

	/* The default server has no token. */
	cli_home(dir, sizeof dir,
	         "{\"servers\":[{\"serverId\":\"s\",\"url\":\"https://x.example.test\","
	         "\"user\":\"admin\",\"password\":\"fake-pw\",\"isDefault\":true}]}");
	resolve_fail(&f, &err);
	assert_contains(err.msg, "no accessToken");
	assert_null(strstr(err.msg, "fake-pw"));
}

static void test_bad_url_names_source(void **state)
{
	struct conf_flags f = { .url = "acme.example.test" };
	struct wr_error err;
	char dir[300];

	(void)state;
	env_set("JF_ACCESS_TOKEN", FAKE_TOKEN);
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_USAGE);
	assert_contains(err.msg, "--url: ");
	assert_contains(err.msg, "http://");

	f.url = NULL;
	env_set("JF_URL", "ftp://acme.example.test");
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_contains(err.msg, "JF_URL: ");

	env_set("JF_URL", NULL);
	cli_home(dir, sizeof dir,
	         "{\"servers\":[{\"serverId\":\"s\",\"url\":\"acme\",\"isDefault\":true}]}");
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_contains(err.msg, "server s");
	assert_contains(err.msg, dir);
}

/* ---- the encrypted JFrog CLI config ------------------------------------------------ */

#define MASTER_KEY "0123456789abcdefghijklmnopqrstuv"
#define WRONG_KEY "vutsrqponmlkjihgfedcba9876543210"

/* A JFrog CLI home whose config is encrypted as the JFrog CLI encrypts it:
 * servers "enc1" (default) and "enc2", each secret field encrypted with
 * key; enc_value is what "enc" holds (true, "true", "TRUE"...). */
static void cli_home_encrypted(char *dir, size_t n, const char *key, const char *enc_value)
{
	char *t1 = jf_encrypt(FAKE_TOKEN, key), *t2 = jf_encrypt(OTHER_TOKEN, key);
	char *pw = jf_encrypt("fake-password", key), *rt = jf_encrypt("fake-refresh", key);
	char *json = NULL;

	assert_non_null(t1);
	assert_non_null(t2);
	assert_non_null(pw);
	assert_non_null(rt);
	assert_true(asprintf(&json,
	                     "{\"servers\":[{\"url\":\"https://enc.example.test/\","
	                     "\"artifactoryUrl\":\"https://enc.example.test/artifactory/\","
	                     "\"user\":\"admin\",\"password\":\"%s\",\"accessToken\":\"%s\","
	                     "\"refreshToken\":\"%s\",\"tokenRefreshInterval\":60,"
	                     "\"serverId\":\"enc1\",\"isDefault\":true},"
	                     "{\"url\":\"https://enc2.example.test\",\"accessToken\":\"%s\","
	                     "\"serverId\":\"enc2\"}],\"version\":\"6\",\"enc\":%s}\n",
	                     pw, t1, rt, t2, enc_value) > 0);
	cli_home(dir, n, json);
	free(json);
	free(t1);
	free(t2);
	free(pw);
	free(rt);
}

static void security_yaml(const char *dir, const char *content)
{
	char sec[400];

	snprintf(sec, sizeof sec, "%s/security", dir);
	mkdir(sec, 0700);
	write_file(sec, "security.yaml", content);
}

static void test_encrypted_key_from_env(void **state)
{
	static const char *const enc_values[] = { "true", "\"true\"", "\"TRUE\"", "\"True\"" };
	struct conf_flags f = { 0 };
	struct wr_server s;
	char dir[300];

	(void)state;
	for (size_t i = 0; i < sizeof enc_values / sizeof enc_values[0]; i++) {
		cli_home_encrypted(dir, sizeof dir, MASTER_KEY, enc_values[i]);
		env_set("JFROG_CLI_ENCRYPTION_KEY", MASTER_KEY);
		resolve_ok(&f, &s);
		assert_string_equal(s.url, "https://enc.example.test");
		assert_string_equal(s.token, FAKE_TOKEN);
		assert_string_equal(s.token_from, "JFrog CLI config");
		assert_string_equal(s.server_id, "enc1");
		conf_server_free(&s);
	}
	f.server_id = "enc2";
	resolve_ok(&f, &s);
	assert_string_equal(s.token, OTHER_TOKEN);
	conf_server_free(&s);
}

static void test_encrypted_key_from_security_yaml(void **state)
{
	static const char *const yamls[] = {
		"version: 1\nmasterKey: " MASTER_KEY "\n",
		"version: 1\nmasterKey: \"" MASTER_KEY "\"\n",
		"masterKey: '" MASTER_KEY "'   # set by jf config\r\nversion: 1\r\n",
	};
	struct conf_flags f = { 0 };
	struct wr_server s;
	char dir[300];

	(void)state;
	for (size_t i = 0; i < sizeof yamls / sizeof yamls[0]; i++) {
		cli_home_encrypted(dir, sizeof dir, MASTER_KEY, "true");
		security_yaml(dir, yamls[i]);
		resolve_ok(&f, &s);
		assert_string_equal(s.token, FAKE_TOKEN);
		conf_server_free(&s);
	}
	/* The environment wins over security.yaml. */
	security_yaml(dir, "masterKey: " WRONG_KEY "\n");
	env_set("JFROG_CLI_ENCRYPTION_KEY", MASTER_KEY);
	resolve_ok(&f, &s);
	assert_string_equal(s.token, FAKE_TOKEN);
	conf_server_free(&s);
}

static void test_encrypted_key_file(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_server s;
	struct wr_error err;
	char dir[300], keyfile[400];

	(void)state;
	cli_home_encrypted(dir, sizeof dir, MASTER_KEY, "true");
	write_file(dir, "master.key", "\n  " MASTER_KEY "  \n");
	snprintf(keyfile, sizeof keyfile, "%s/master.key", dir);
	env_set("JFROG_CLI_ENCRYPTION_KEY", keyfile);
	resolve_ok(&f, &s);
	assert_string_equal(s.token, FAKE_TOKEN);
	conf_server_free(&s);

	snprintf(keyfile, sizeof keyfile, "%s/absent.key", dir);
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_contains(err.msg, "absent.key");
	assert_contains(err.msg, "No such file");
}

/* A wrong key, an altered field, a short key, no key: a config error that
 * names the file; the ciphertext is never taken for a token. */
static void test_encrypted_failures(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_error err;
	char dir[300], cfg[400];

	(void)state;
	cli_home_encrypted(dir, sizeof dir, MASTER_KEY, "true");
	snprintf(cfg, sizeof cfg, "%s/jfrog-cli.conf.v6", dir);

	env_set("JFROG_CLI_ENCRYPTION_KEY", WRONG_KEY);
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_int_equal(wr_error_exit_code(&err), 2);
	assert_contains(err.msg, cfg);
	assert_contains(err.msg, "accessToken cannot be decrypted");
	assert_contains(err.msg, "wrong key");
	assert_contains(err.msg, "JFROG_CLI_ENCRYPTION_KEY");
	assert_null(strstr(err.msg, WRONG_KEY));

	env_set("JFROG_CLI_ENCRYPTION_KEY", "too-short-key");
	resolve_fail(&f, &err);
	assert_contains(err.msg, cfg);
	assert_contains(err.msg, "13 bytes long where the JFrog CLI's are 32");
	assert_null(strstr(err.msg, "too-short-key"));

	/* The wrong key in security.yaml. */
	env_set("JFROG_CLI_ENCRYPTION_KEY", NULL);
	security_yaml(dir, "masterKey: " WRONG_KEY "\n");
	resolve_fail(&f, &err);
	assert_contains(err.msg, cfg);
	assert_contains(err.msg, "security.yaml");
	security_yaml(dir, "version: 1\n");
	resolve_fail(&f, &err);
	assert_contains(err.msg, "has no masterKey");

	/* A field that is not what the JFrog CLI writes: a plain token in an
	 * encrypted config is refused, never sent. */
	cli_home(dir, sizeof dir,
	         "{\"servers\":[{\"serverId\":\"s\",\"url\":\"https://e.example.test\","
	         "\"accessToken\":\"" FAKE_TOKEN "\",\"isDefault\":true}],\"enc\":true}");
	env_set("JFROG_CLI_ENCRYPTION_KEY", MASTER_KEY);
	resolve_fail(&f, &err);
	assert_contains(err.msg, "not base64");

	/* An altered field: one character of its ciphertext changed. */
	{
		char *t = jf_encrypt(FAKE_TOKEN, MASTER_KEY), *json = NULL;

		assert_non_null(t);
		t[20] = t[20] == 'A' ? 'B' : 'A';
		assert_true(asprintf(&json, "{\"servers\":[{\"serverId\":\"s\",\"url\":"
		                     "\"https://e.example.test\",\"accessToken\":\"%s\","
		                     "\"isDefault\":true}],\"enc\":\"true\"}", t) > 0);
		cli_home(dir, sizeof dir, json);
		resolve_fail(&f, &err);
		assert_contains(err.msg, "cannot be decrypted");
		assert_null(strstr(err.msg, t));
		free(json);
		free(t);
	}
}

/* ---- token files ------------------------------------------------------------------- */

static void test_token_file_permissions(void **state)
{
	static const mode_t refused[] = { 0644, 0640, 0604, 0620, 0602, 0666, 0700 | 0004 };
	static const mode_t accepted[] = { 0600, 0400, 0700 };
	struct conf_flags f = { .url = "https://x.example.test" };
	struct wr_server s;
	struct wr_error err;
	char dir[300], file[400], mode[16];

	(void)state;
	new_dir(dir, sizeof dir);
	write_file(dir, "tok", FAKE_TOKEN "\n");
	snprintf(file, sizeof file, "%s/tok", dir);
	f.token_file = file;
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		assert_int_equal(chmod(file, refused[i]), 0);
		resolve_fail(&f, &err);
		assert_int_equal(err.kind, WR_ERR_CONFIG);
		assert_contains(err.msg, "--token-file");
		assert_contains(err.msg, file);
		assert_contains(err.msg, "other users");
		assert_contains(err.msg, "chmod 600 ");
		snprintf(mode, sizeof mode, "mode %04o", (unsigned)refused[i]);
		assert_contains(err.msg, mode);
	}
	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
		assert_int_equal(chmod(file, accepted[i]), 0);
		resolve_ok(&f, &s);
		assert_string_equal(s.token, FAKE_TOKEN);
		conf_server_free(&s);
	}
}

static void test_token_file_bom_and_bytes(void **state)
{
	static const char *const good[] = {
		"\xEF\xBB\xBF" FAKE_TOKEN "\n",
		"\xEF\xBB\xBF  " FAKE_TOKEN " \r\n",
		" \t\xEF\xBB\xBF" FAKE_TOKEN "\n",
	};
	static const char *const bad[] = {
		"fake-caf\xC3\xA9-token\n",          /* not ASCII */
		"fake-\xEF\xBB\xBF-token\n",         /* a BOM inside */
		"fake-\x7f-token\n",                 /* DEL */
		"fake-\x1b[31m-token\n",             /* an escape */
		"fake-a\tb\n",
		"\xEF\xBB\xBF\xEF\xBB\xBF" FAKE_TOKEN "\n",
	};
	struct conf_flags f = { .url = "https://x.example.test" };
	struct wr_server s;
	struct wr_error err;
	char dir[300], file[400];

	(void)state;
	new_dir(dir, sizeof dir);
	snprintf(file, sizeof file, "%s/tok", dir);
	f.token_file = file;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		write_file(dir, "tok", good[i]);
		resolve_ok(&f, &s);
		assert_string_equal(s.token, FAKE_TOKEN);
		conf_server_free(&s);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_file(dir, "tok", bad[i]);
		resolve_fail(&f, &err);
		assert_int_equal(err.kind, WR_ERR_CONFIG);
		assert_contains(err.msg, "cannot be in an HTTP header");
		assert_contains(err.msg, file);
	}
	write_file(dir, "tok", "\xEF\xBB\xBF \n");
	resolve_fail(&f, &err);
	assert_contains(err.msg, "is empty");
}

/* ---- wrun's config ------------------------------------------------------------------ */

/* A folder holding wrun/config, named by XDG_CONFIG_HOME. */
static void wrun_home(char *dir, size_t n, const char *config)
{
	char sub[400];

	new_dir(dir, n);
	snprintf(sub, sizeof sub, "%s/wrun", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(sub, "config", config);
	env_set("XDG_CONFIG_HOME", dir);
}

static void test_wrun_config_default_server(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_server s;
	char dir[300], cli[300], buf[2048], ca[500];

	(void)state;
	cli_home(cli, sizeof cli, CLI_TWO_SERVERS);
	new_dir(dir, sizeof dir);
	snprintf(ca, sizeof ca, "%s/wrun/ca.pem", dir);
	snprintf(buf, sizeof buf,
	         "default-server = prod\n"
	         "[server prod]\n"
	         "url = https://prod.example.test/\n"
	         "token-file = prod.token\n"
	         "project = ops\n"
	         "cacert = ca.pem\n"
	         "timeout = 42\n"
	         "cpu-limit = 1500\n"
	         "memory-limit = 256\n"
	         "duration-limit = 9000\n"
	         "refresh = 15\n"
	         "mouse = true\n"
	         "read-only = true\n");
	{
		char sub[400];

		snprintf(sub, sizeof sub, "%s/wrun", dir);
		assert_int_equal(mkdir(sub, 0700), 0);
		write_file(sub, "config", buf);
		write_file(sub, "prod.token", "fake-prod-token\n");
		write_file(sub, "ca.pem", "not checked here\n");
		env_set("XDG_CONFIG_HOME", dir);
	}
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "https://prod.example.test");
	assert_string_equal(s.url_from, "wrun config");
	assert_string_equal(s.token, "fake-prod-token");
	assert_string_equal(s.token_from, "wrun config");
	assert_string_equal(s.server_id, "prod");
	assert_string_equal(s.project, "ops");
	assert_string_equal(s.cacert, ca);
	assert_int_equal(s.timeout_s, 42);
	assert_int_equal(s.prefs.cpu_limit_ms, 1500);
	assert_int_equal(s.prefs.memory_limit_mib, 256);
	assert_int_equal(s.prefs.duration_limit_ms, 9000);
	assert_int_equal(s.prefs.refresh_s, 15);
	assert_true(s.prefs.mouse);
	assert_true(s.prefs.read_only);
	assert_non_null(s.config_path);
	assert_contains(s.config_path, "/wrun/config");
	conf_server_free(&s);

	/* Flags win: --project, --timeout, --token-file. */
	f.project = "flagproj";
	f.timeout_s = 7;
	resolve_ok(&f, &s);
	assert_string_equal(s.project, "flagproj");
	assert_int_equal(s.timeout_s, 7);
	conf_server_free(&s);

	/* --server-id names a JFrog CLI server: wrun's default is not used. */
	f.server_id = "other";
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "http://other.example.test:8082");
	assert_string_equal(s.token, OTHER_TOKEN);
	assert_string_equal(s.server_id, "other");
	assert_int_equal(s.prefs.refresh_s, 0);
	assert_false(s.prefs.read_only);
	conf_server_free(&s);
}

static void test_wrun_config_precedence(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_server s;
	char dir[300], cli[300], tok[400];

	(void)state;
	cli_home(cli, sizeof cli, CLI_TWO_SERVERS);
	/* A section named as a JFrog CLI server adds to it: wrun's url wins,
	 * the token comes from the JFrog CLI config. */
	wrun_home(dir, sizeof dir,
	          "[server main]\nrefresh = 20\nread-only = true\n"
	          "[server other]\nurl = https://other-by-wrun.example.test\n");
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "https://main.example.test");
	assert_string_equal(s.token, FAKE_TOKEN);
	assert_string_equal(s.server_id, "main");
	assert_int_equal(s.prefs.refresh_s, 20);
	assert_true(s.prefs.read_only);
	conf_server_free(&s);

	f.server_id = "other";
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "https://other-by-wrun.example.test");
	assert_string_equal(s.url_from, "wrun config");
	assert_string_equal(s.token, OTHER_TOKEN);
	assert_string_equal(s.token_from, "JFrog CLI config");
	assert_false(s.prefs.read_only);
	conf_server_free(&s);

	/* The environment beats wrun's config. */
	f.server_id = NULL;
	snprintf(tok, sizeof tok, "%s/t.token", dir);
	write_file(dir, "t.token", "fake-wrun-token\n");
	wrun_home(dir, sizeof dir, "");
	{
		char buf[1000];

		snprintf(buf, sizeof buf,
		         "default-server = w\n[server w]\nurl = https://w.example.test\n"
		         "token-file = %s\nrefresh = 9\n", tok);
		snprintf(tok, sizeof tok, "%s/wrun", dir);
		write_file(tok, "config", buf);
	}
	env_set("JF_ACCESS_TOKEN", "fake-env-token");
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "https://w.example.test");
	assert_string_equal(s.token, "fake-env-token");
	assert_string_equal(s.token_from, "JF_ACCESS_TOKEN");
	assert_int_equal(s.prefs.refresh_s, 9);
	conf_server_free(&s);
	env_set("JF_ACCESS_TOKEN", NULL);
	resolve_ok(&f, &s);
	assert_string_equal(s.token, "fake-wrun-token");
	conf_server_free(&s);

	/* JF_URL for another server: wrun's default server is not used, nor its
	 * token or settings; the JFrog CLI config's default is for another URL. */
	{
		struct wr_error err;

		env_set("JF_URL", "https://elsewhere.example.test");
		resolve_fail(&f, &err);
		assert_contains(err.msg, "no access token");

		/* JF_URL for the section's URL: its token-file and settings. */
		env_set("JF_URL", "https://w.example.test/");
		resolve_ok(&f, &s);
		assert_string_equal(s.token, "fake-wrun-token");
		assert_string_equal(s.url_from, "JF_URL");
		assert_int_equal(s.prefs.refresh_s, 9);
		assert_string_equal(s.server_id, "w");
		conf_server_free(&s);
	}
}

static void test_wrun_config_paths(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_server s;
	struct wr_error err;
	char home[300], cfg[400], sub[400];

	(void)state;
	/* ~/.config/wrun/config when XDG_CONFIG_HOME is unset or relative. */
	new_dir(home, sizeof home);
	snprintf(sub, sizeof sub, "%s/.config", home);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof sub, "%s/.config/wrun", home);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(sub, "config", "default-server = h\n[server h]\nurl = https://h.example.test\n"
	                          "token-file = ~/h.token\n");
	write_file(home, "h.token", "fake-home-token\n");
	env_set("HOME", home);
	env_set("XDG_CONFIG_HOME", "relative/ignored");
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "https://h.example.test");
	assert_string_equal(s.token, "fake-home-token");
	conf_server_free(&s);

	/* --config FILE instead; it must exist. */
	write_file(home, "other.conf", "default-server = o\n[server o]\nurl = https://o.example.test\n"
	                               "token-file = h.token\n");
	snprintf(cfg, sizeof cfg, "%s/other.conf", home);
	f.config_path = cfg;
	resolve_ok(&f, &s);
	assert_string_equal(s.url, "https://o.example.test");
	assert_string_equal(s.token, "fake-home-token");
	conf_server_free(&s);

	snprintf(cfg, sizeof cfg, "%s/absent.conf", home);
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_contains(err.msg, cfg);
	assert_contains(err.msg, "No such file");
	f.config_path = "";
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_USAGE);
	assert_contains(err.msg, "--config: the file name is empty");

	/* The default path may be missing. */
	f.config_path = NULL;
	env_set("HOME", cfg);
	env_set("JF_URL", "https://x.example.test");
	env_set("JF_ACCESS_TOKEN", FAKE_TOKEN);
	resolve_ok(&f, &s);
	conf_server_free(&s);
}

static void test_wrun_config_errors(void **state)
{
	struct conf_flags f = { 0 };
	struct wr_error err;
	char dir[300], cli[300], want[1200], tokdir[400];

	(void)state;
	cli_home(cli, sizeof cli, CLI_TWO_SERVERS);
	env_set("JF_URL", "https://x.example.test");
	env_set("JF_ACCESS_TOKEN", FAKE_TOKEN);

	/* A bad line is an error even when the flags and the environment say
	 * everything. */
	wrun_home(dir, sizeof dir, "[server a]\nurl = https://a.example.test\ncolour = red\n");
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_int_equal(wr_error_exit_code(&err), 2);
	snprintf(want, sizeof want, "%s/wrun/config:3: unknown key 'colour'", dir);
	assert_contains(err.msg, want);

	wrun_home(dir, sizeof dir, "[server a]\nrefresh\n");
	resolve_fail(&f, &err);
	snprintf(want, sizeof want, "%s/wrun/config:2: no '='", dir);
	assert_contains(err.msg, want);

	wrun_home(dir, sizeof dir, "[server a]\nmouse = sometimes\n");
	resolve_fail(&f, &err);
	snprintf(want, sizeof want, "%s/wrun/config:2: mouse must be true or false", dir);
	assert_contains(err.msg, want);

	/* default-server names a server neither config has. */
	env_set("JF_URL", NULL);
	env_set("JF_ACCESS_TOKEN", NULL);
	wrun_home(dir, sizeof dir, "\ndefault-server = ghost\n[server a]\n[server b]\n");
	resolve_fail(&f, &err);
	snprintf(want, sizeof want, "%s/wrun/config:2: default-server ghost: no such server", dir);
	assert_contains(err.msg, want);
	assert_contains(err.msg, "its servers: main, other");
	assert_contains(err.msg, "has: a, b");

	/* --server-id: wrun's servers are listed too. */
	f.server_id = "ghost";
	resolve_fail(&f, &err);
	assert_contains(err.msg, "--server-id ghost");
	assert_contains(err.msg, "has: a, b");
	f.server_id = NULL;

	/* The token file of a section: readable by others, missing. */
	new_dir(tokdir, sizeof tokdir);
	write_file(tokdir, "t", FAKE_TOKEN "\n");
	{
		char buf[1200], tok[500];

		snprintf(tok, sizeof tok, "%s/t", tokdir);
		assert_int_equal(chmod(tok, 0644), 0);
		snprintf(buf, sizeof buf, "default-server = a\n[server a]\nurl = https://a.example.test\n"
		                          "token-file = %s\n", tok);
		wrun_home(dir, sizeof dir, buf);
		resolve_fail(&f, &err);
		snprintf(want, sizeof want, "%s/wrun/config:4: token-file %s: other users", dir, tok);
		assert_contains(err.msg, want);
		snprintf(want, sizeof want, "chmod 600 %s", tok);
		assert_contains(err.msg, want);

		snprintf(buf, sizeof buf, "default-server = a\n[server a]\nurl = https://a.example.test\n"
		                          "\ntoken-file = %s/absent\n", tokdir);
		wrun_home(dir, sizeof dir, buf);
		resolve_fail(&f, &err);
		snprintf(want, sizeof want, "%s/wrun/config:5: token-file %s/absent: No such file",
		         dir, tokdir);
		assert_contains(err.msg, want);

		snprintf(buf, sizeof buf, "default-server = a\n[server a]\nurl = https://a.example.test\n"
		                          "cacert = %s/absent.pem\n", tokdir);
		wrun_home(dir, sizeof dir, buf);
		env_set("JF_ACCESS_TOKEN", FAKE_TOKEN);
		resolve_fail(&f, &err);
		snprintf(want, sizeof want, "%s/wrun/config:4: cacert %s/absent.pem", dir, tokdir);
		assert_contains(err.msg, want);
	}
}

/* ---- every server, for a switcher ------------------------------------------------------ */

static const struct conf_server_entry *entry(const struct conf_server_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	fail_msg("no server %s in the list", name);
	return NULL;
}

static void test_list_servers(void **state)
{
	struct conf_flags f = { 0 };
	struct conf_server_list l;
	const struct conf_server_entry *e;
	struct wr_error err;
	char dir[300], cli[300];
	size_t current;

	(void)state;
	/* Encrypted, without a key: the list reads no secret. */
	cli_home_encrypted(cli, sizeof cli, MASTER_KEY, "true");
	wrun_home(dir, sizeof dir,
	          "[server prod]\nurl = https://prod.example.test\n"
	          "[server enc2]\nrefresh = 10\n");
	wr_error_clear(&err);
	assert_true(conf_list_servers(&f, fake_getenv, &l, &err));
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].name, "prod");
	assert_string_equal(l.v[1].name, "enc2");
	assert_string_equal(l.v[2].name, "enc1");
	e = entry(&l, "prod");
	assert_string_equal(e->url, "https://prod.example.test");
	assert_string_equal(e->source, "wrun config");
	assert_int_equal(e->sources, CONF_SRC_WRUN);
	assert_false(e->current);
	e = entry(&l, "enc2");
	assert_string_equal(e->url, "https://enc2.example.test");
	assert_string_equal(e->source, "wrun config + JFrog CLI config");
	e = entry(&l, "enc1");
	assert_string_equal(e->source, "JFrog CLI config");
	assert_true(e->is_default);
	assert_true(e->current);
	conf_server_list_free(&l);
	conf_server_list_free(&l);

	/* wrun's default-server is the default; --server-id the current one. */
	wrun_home(dir, sizeof dir, "default-server = prod\n[server prod]\nurl = https://prod.example.test\n");
	f.server_id = "enc2";
	assert_true(conf_list_servers(&f, fake_getenv, &l, &err));
	assert_true(entry(&l, "prod")->is_default);
	assert_false(entry(&l, "enc1")->is_default);
	assert_true(entry(&l, "enc2")->current);
	current = 0;
	for (size_t i = 0; i < l.n; i++)
		current += l.v[i].current;
	assert_int_equal(current, 1);
	conf_server_list_free(&l);

	/* With JF_URL, the server with that URL. */
	f.server_id = NULL;
	env_set("JF_URL", "https://enc2.example.test/");
	assert_true(conf_list_servers(&f, fake_getenv, &l, &err));
	assert_true(entry(&l, "enc2")->current);
	assert_false(entry(&l, "prod")->current);
	conf_server_list_free(&l);

	/* A bad config is an error. */
	wrun_home(dir, sizeof dir, "[server x]\nurl\n");
	assert_false(conf_list_servers(&f, fake_getenv, &l, &err));
	assert_contains(err.msg, ":2: no '='");
	assert_int_equal(l.n, 0);
	assert_null(l.v);
}

/* ---- URL normalization --------------------------------------------------------- */

static void test_normalize_url(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "https://acme.jfrog.io", "https://acme.jfrog.io" },
		{ "https://acme.jfrog.io/", "https://acme.jfrog.io" },
		{ "https://acme.jfrog.io////", "https://acme.jfrog.io" },
		{ "  https://acme.jfrog.io/ \n", "https://acme.jfrog.io" },
		{ "\thttp://127.0.0.1:8082/", "http://127.0.0.1:8082" },
		{ "HTTPS://Acme.jfrog.io/", "https://Acme.jfrog.io" },
		{ "https://host.test/prefix/path/", "https://host.test/prefix/path" },
		{ "http://[::1]:8080", "http://[::1]:8080" },
		{ "http://127.0.0.1:65535", "http://127.0.0.1:65535" },
		{ "https://acme.jfrog.io:1/x", "https://acme.jfrog.io:1/x" },
	};
	static const char *const bad[] = {
		"", "   ", "acme.jfrog.io", "ftp://acme.jfrog.io", "file:///etc/passwd",
		"https://", "https:///", "http://acme jfrog.io", "https://acme.jfrog.io/a b",
		"https://acme.jfrog.io/\x1b[31m", "https://acme.jfrog.io\r\n/x",
		"https://user:fake-pw@acme.jfrog.io", "https://acme.jfrog.io/?x=1",
		"https://acme.jfrog.io/#frag", "https//acme.jfrog.io", "http:/acme.jfrog.io",
		"http://127.0.0.1:99999", "http://127.0.0.1:0", "http://127.0.0.1:", "http://h:80x",
		"http://[::1]:70000", "http://h:999999999999999999999",
	};
	struct wr_error err;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char *u;

		wr_error_clear(&err);
		u = url_normalize(ok[i].in, &err);
		if (!u)
			fail_msg("\"%s\" refused: %s", ok[i].in, err.msg);
		assert_string_equal(u, ok[i].out);
		free(u);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *u;

		wr_error_clear(&err);
		u = url_normalize(bad[i], &err);
		if (u)
			fail_msg("\"%s\" accepted as \"%s\"", bad[i], u);
		assert_int_equal(err.kind, WR_ERR_USAGE);
		assert_true(err.msg[0] != '\0');
		assert_null(strstr(err.msg, "fake-pw"));
		for (const char *p = err.msg; *p; p++)
			assert_true((unsigned char)*p >= 0x20);
	}
	assert_null(url_normalize(NULL, &err));
}

/* ---- numbers and options ---------------------------------------------------------- */

static void test_timeout_and_max_body(void **state)
{
	static const long bad_timeouts[] = { -1, -100, 3601, 100000000L };
	static const long bad_bodies[] = { -1, -512, 1048577, 1L << 40 };
	struct conf_flags f = { .url = "https://x.example.test" };
	struct wr_server s;
	struct wr_error err;

	(void)state;
	env_set("JF_ACCESS_TOKEN", FAKE_TOKEN);
	f.timeout_s = 30;
	f.max_body_mib = 1;
	resolve_ok(&f, &s);
	assert_int_equal(s.timeout_s, 30);
	assert_true(s.max_body == 1024 * 1024);
	conf_server_free(&s);

	f.timeout_s = 3600;
	f.max_body_mib = 16384;
	resolve_ok(&f, &s);
	assert_true(s.max_body == (size_t)16384 * 1024 * 1024);
	conf_server_free(&s);

	f.max_body_mib = 0;
	for (size_t i = 0; i < sizeof bad_timeouts / sizeof bad_timeouts[0]; i++) {
		f.timeout_s = bad_timeouts[i];
		resolve_fail(&f, &err);
		assert_int_equal(err.kind, WR_ERR_USAGE);
		assert_contains(err.msg, "--timeout");
	}
	f.timeout_s = 0;
	for (size_t i = 0; i < sizeof bad_bodies / sizeof bad_bodies[0]; i++) {
		f.max_body_mib = bad_bodies[i];
		resolve_fail(&f, &err);
		assert_int_equal(err.kind, WR_ERR_USAGE);
		assert_contains(err.msg, "--max-body");
	}
}

static void test_options_pass_through(void **state)
{
	struct conf_flags f = { .url = "https://x.example.test", .project = "proj1",
		                .insecure = true };
	struct wr_server s;
	struct wr_error err;
	char dir[300], ca[400];

	(void)state;
	env_set("JF_ACCESS_TOKEN", FAKE_TOKEN);
	new_dir(dir, sizeof dir);
	write_file(dir, "ca.pem", "not checked here\n");
	snprintf(ca, sizeof ca, "%s/ca.pem", dir);
	f.cacert = ca;
	resolve_ok(&f, &s);
	assert_string_equal(s.project, "proj1");
	assert_string_equal(s.cacert, ca);
	assert_true(s.insecure);
	conf_server_free(&s);
	assert_null(s.token);
	assert_null(s.url);
	conf_server_free(&s); /* twice is harmless */

	snprintf(ca, sizeof ca, "%s/absent.pem", dir);
	resolve_fail(&f, &err);
	assert_int_equal(err.kind, WR_ERR_USAGE);
	assert_contains(err.msg, "--cacert");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_url_flag_beats_env_and_config, test_setup),
		cmocka_unit_test_setup(test_url_env_beats_config, test_setup),
		cmocka_unit_test_setup(test_config_default_server, test_setup),
		cmocka_unit_test_setup(test_config_server_id, test_setup),
		cmocka_unit_test_setup(test_config_under_home, test_setup),
		cmocka_unit_test_setup(test_empty_env_is_unset, test_setup),
		cmocka_unit_test_setup(test_token_env_beats_config, test_setup),
		cmocka_unit_test_setup(test_token_file_beats_env, test_setup),
		cmocka_unit_test_setup(test_token_file_beats_config, test_setup),
		cmocka_unit_test_setup(test_token_file_no_newline, test_setup),
		cmocka_unit_test_setup(test_token_file_missing, test_setup),
		cmocka_unit_test_setup(test_token_file_empty, test_setup),
		cmocka_unit_test_setup(test_token_file_odd_files, test_setup),
		cmocka_unit_test_setup(test_token_with_space_refused, test_setup),
		cmocka_unit_test_setup(test_token_from_config_only_for_its_url, test_setup),
		cmocka_unit_test_setup(test_config_encrypted_no_key, test_setup),
		cmocka_unit_test_setup(test_encrypted_key_from_env, test_setup),
		cmocka_unit_test_setup(test_encrypted_key_from_security_yaml, test_setup),
		cmocka_unit_test_setup(test_encrypted_key_file, test_setup),
		cmocka_unit_test_setup(test_encrypted_failures, test_setup),
		cmocka_unit_test_setup(test_token_file_permissions, test_setup),
		cmocka_unit_test_setup(test_token_file_bom_and_bytes, test_setup),
		cmocka_unit_test_setup(test_wrun_config_default_server, test_setup),
		cmocka_unit_test_setup(test_wrun_config_precedence, test_setup),
		cmocka_unit_test_setup(test_wrun_config_paths, test_setup),
		cmocka_unit_test_setup(test_wrun_config_errors, test_setup),
		cmocka_unit_test_setup(test_list_servers, test_setup),
		cmocka_unit_test_setup(test_config_malformed, test_setup),
		cmocka_unit_test_setup(test_config_odd_types_tolerated, test_setup),
		cmocka_unit_test_setup(test_server_id_not_found_lists_ids, test_setup),
		cmocka_unit_test_setup(test_no_default_server, test_setup),
		cmocka_unit_test_setup(test_missing_url_says_where, test_setup),
		cmocka_unit_test_setup(test_missing_token_says_where, test_setup),
		cmocka_unit_test_setup(test_bad_url_names_source, test_setup),
		cmocka_unit_test_setup(test_normalize_url, test_setup),
		cmocka_unit_test_setup(test_timeout_and_max_body, test_setup),
		cmocka_unit_test_setup(test_options_pass_through, test_setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
