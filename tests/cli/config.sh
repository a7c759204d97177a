#!/bin/sh
# Where the server and the token come from, and what is refused.
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"
url=$JF_URL
token=$JF_ACCESS_TOKEN

unset JF_URL JF_ACCESS_TOKEN
expect_run "no URL anywhere" 2 workers
check "says where it looked" has "$T/err" "JF_URL"

JF_URL=$url; export JF_URL
expect_run "no token anywhere" 2 workers
check "says how to give one" has "$T/err" "JF_ACCESS_TOKEN"

# --token-file (a file in the test's private folder)
printf '%s\n' "$token" >"$T/token"
chmod 600 "$T/token"
expect_run "--token-file" 0 workers --token-file "$T/token"
expect_run "--token-file missing" 2 workers --token-file "$T/nope"
JF_ACCESS_TOKEN=wrong-env-token; export JF_ACCESS_TOKEN
expect_run "--token-file wins over JF_ACCESS_TOKEN" 0 workers --token-file "$T/token"
expect_run "... and is not silently ignored" 2 workers --token-file "$T/nope"
unset JF_ACCESS_TOKEN
: >"$T/empty"
expect_run "--token-file empty" 2 workers --token-file "$T/empty"

# a token on the command line is refused and not repeated
expect_run "--token refused" 2 workers --token "$token"
check "explains why" has "$T/err" "visible to"
check "does not repeat it" lacks "$T/err" "$token"
expect_run "--token= refused" 2 workers "--token=$token"
check "does not repeat it (=)" lacks "$T/err" "$token"
# getopt would take these abbreviations for --token-file and echo the token
# back as a file name: they are refused the same way.
for opt in --to --tok --toke --access-tok; do
	expect_run "$opt= refused" 2 workers "$opt=$token"
	check "$opt=: explains why" has "$T/err" "visible to"
	check "$opt=: does not repeat it" lacks "$T/err" "$token"
	expect_run "$opt refused" 2 workers "$opt" "$token"
	check "$opt: does not repeat it" lacks "$T/err" "$token"
done
# An unknown option is named without its value.
expect_run "unknown --opt=value" 2 workers "--no-such-option=$token"
check "names the option" has "$T/err" "--no-such-option"
check "not its value" lacks "$T/err" "$token"
expect_run "unknown short option" 2 workers -x=3
check "names the short option" has "$T/err" "unknown option '-x'"

# the JFrog CLI config: default server, --server-id
unset JF_URL
mkdir -p "$HOME/.jfrog"
cat >"$HOME/.jfrog/jfrog-cli.conf.v6" <<JSON
{"servers":[{"serverId":"other","url":"http://127.0.0.1:9/","accessToken":"x"},
 {"serverId":"sim","url":"$url/","accessToken":"$token","isDefault":true}],"version":"6"}
JSON
chmod 600 "$HOME/.jfrog/jfrog-cli.conf.v6"
expect_run "JFrog CLI config default server" 0 workers
expect_run "--server-id other (nothing listens)" 3 workers --server-id other
expect_run "--server-id unknown" 2 workers --server-id nope
check "lists the IDs" has "$T/err" "sim"
JFROG_CLI_HOME_DIR=$T/jf; export JFROG_CLI_HOME_DIR
mkdir -p "$T/jf"
printf '{"servers":[{"serverId":"a","url":"%s","accessToken":"AAAA","isDefault":true}],"version":"6","enc":true}\n' "$url" >"$T/jf/jfrog-cli.conf.v6"
nreq=$(wc -l <"$SIM_LOG")
expect_run "encrypted config without a key" 2 workers
check "says it is encrypted" has "$T/err" "jfrog-cli.conf.v6 is encrypted"
check "says where the key is looked for" has "$T/err" "JFROG_CLI_ENCRYPTION_KEY"
is "$nreq" "$(wc -l <"$SIM_LOG")" "never sends the ciphertext as a token"
printf '{"servers":[' >"$T/jf/jfrog-cli.conf.v6"
expect_run "malformed config" 2 workers
check "names the file" has "$T/err" "jfrog-cli.conf.v6"
unset JFROG_CLI_HOME_DIR

# flags beat the environment
JF_URL=http://127.0.0.1:9; export JF_URL
JF_ACCESS_TOKEN=$token; export JF_ACCESS_TOKEN
expect_run "--url beats JF_URL" 0 workers --url "$url"
expect_run "a URL without a scheme" 2 workers --url "127.0.0.1:1"
expect_run "a URL with a trailing slash" 0 workers --url "$url/"
is /worker/api/v1/workers "$(req_py 'reqs[-1]["path"]')" "no double slash"

# bad flags
expect_run "unknown option" 2 workers --frobnicate
check "names it" has "$T/err" "--frobnicate"
expect_run "bad --timeout" 2 workers --timeout 0
expect_run "bad --timeout text" 2 workers --timeout ten
expect_run "bad --max-body" 2 workers --max-body -1
expect_run "bad --cpu-limit" 2 --cpu-limit x workers
expect_run "unknown subcommand" 2 frobnicate
expect_run "--json without a subcommand" 2 --json
expect_run "the interface without a terminal" 2
check "says to use a subcommand" has "$T/err" "subcommand: workers, history or rerun"
expect_run "--help" 0 --help
check "--help lists the subcommands" has "$T/out" "rerun WORKER HISTORY_ENTRY_ID"
expect_run "--version" 0 --version
check "--version names wrun" has "$T/out" "wrun"

check "the token appears in no output" lacks "$T/transcript" "$token"
done_testing
