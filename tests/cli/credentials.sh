#!/bin/sh
# wrun's own config file, private token files and the encrypted JFrog CLI
# config, against the simulator. The token lives in the environment and in
# 0600 files of the test's temporary folder only.
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"
url=$JF_URL
token=$JF_ACCESS_TOKEN
unset JF_URL JF_ACCESS_TOKEN
umask 022
nreq() { sim_requests | wc -l | tr -d ' '; }

# ---- wrun's config: ~/.config/wrun/config --------------------------------
mkdir -p "$HOME/.config/wrun"
cfg=$HOME/.config/wrun/config
printf '%s\n' "$token" >"$HOME/.config/wrun/sim.token"
chmod 600 "$HOME/.config/wrun/sim.token"
cat >"$cfg" <<EOF2
# wrun's config
default-server = sim

[server sim]
url = $url/
token-file = sim.token
timeout = 5
refresh = 30
EOF2
expect_run "the config's default server" 0 workers
is ok "$(req_py 'reqs[-1]["auth"]')" "with the token from the config's token-file"
expect_run "--server-id sim (from wrun's config)" 0 workers --server-id sim

# A token file others can read is refused, with the fix, as ssh does.
chmod 644 "$HOME/.config/wrun/sim.token"
before=$(nreq)
expect_run "a token file others can read" 2 workers
check "names the config line" has "$T/err" "$cfg:6: token-file"
check "names the file" has "$T/err" "$HOME/.config/wrun/sim.token"
check "gives the fix" has "$T/err" "chmod 600 $HOME/.config/wrun/sim.token"
is "$before" "$(nreq)" "sends nothing"
chmod 640 "$HOME/.config/wrun/sim.token"
expect_run "a token file the group can read" 2 workers
check "mode 0640 named" has "$T/err" "mode 0640"
chmod 600 "$HOME/.config/wrun/sim.token"

# --token-file: the same rule, a BOM and white space stripped.
printf '\357\273\277  %s \r\n' "$token" >"$T/bom.token"
chmod 600 "$T/bom.token"
expect_run "--token-file with a BOM and CRLF" 0 workers --url "$url" --token-file "$T/bom.token"
chmod 604 "$T/bom.token"
expect_run "--token-file others can read" 2 workers --url "$url" --token-file "$T/bom.token"
check "--token-file: gives the fix" has "$T/err" "chmod 600 $T/bom.token"
printf 'caf\303\251-%s\n' "$token" >"$T/utf8.token"
chmod 600 "$T/utf8.token"
expect_run "--token-file with a byte not for a header" 2 workers --url "$url" \
	--token-file "$T/utf8.token"
check "says why" has "$T/err" "cannot be in an HTTP header"

# The environment beats wrun's config.
JF_URL=http://127.0.0.1:9; export JF_URL
expect_run "JF_URL for another server: the config's token is not sent there" 2 workers
check "says there is no token for it" has "$T/err" "no access token"
JF_ACCESS_TOKEN=$token; export JF_ACCESS_TOKEN
expect_run "JF_URL beats the config (nothing listens there)" 3 workers
unset JF_URL JF_ACCESS_TOKEN
JF_ACCESS_TOKEN=wrong-env-token; export JF_ACCESS_TOKEN
expect_run "JF_ACCESS_TOKEN beats the config's token-file" 3 workers
unset JF_ACCESS_TOKEN

# Errors: FILE:LINE, exit status 2, nothing sent.
before=$(nreq)
printf 'default-server = sim\n[server sim]\nurl = %s\ncolour = blue\n' "$url" >"$cfg"
expect_run "an unknown key" 2 workers
check "names FILE:LINE" has "$T/err" "$cfg:4: unknown key 'colour'"
printf '[server sim]\nurl %s\n' "$url" >"$cfg"
expect_run "a line without '='" 2 workers
check "names FILE:LINE (no '=')" has "$T/err" "$cfg:2: no '='"
printf '[server sim]\nrefresh = often\n' >"$cfg"
expect_run "a bad value" 2 workers
check "names FILE:LINE (bad value)" has "$T/err" "$cfg:2: refresh must be"
printf '[server sim]\ntoken = %s\n' "$token" >"$cfg"
expect_run "a token in the config" 2 workers
check "says to use token-file" has "$T/err" "token-file"
check "does not repeat the token" lacks "$T/err" "$token"
printf 'default-server = ghost\n' >"$cfg"
expect_run "default-server names no server" 2 workers
check "names the line and the server" has "$T/err" "$cfg:1: default-server ghost: no such server"
is "$before" "$(nreq)" "a bad config sends nothing"
rm -f "$cfg"

# $XDG_CONFIG_HOME/wrun/config
mkdir -p "$T/xdg/wrun"
printf 'default-server = x\n[server x]\nurl = %s\ntoken-file = %s\n' "$url" \
	"$HOME/.config/wrun/sim.token" >"$T/xdg/wrun/config"
XDG_CONFIG_HOME=$T/xdg; export XDG_CONFIG_HOME
expect_run "\$XDG_CONFIG_HOME/wrun/config" 0 workers
unset XDG_CONFIG_HOME

# ---- the encrypted JFrog CLI config ----------------------------------------
# Made as the JFrog CLI makes it: base64(nonce || AES-256-GCM ciphertext ||
# tag), the master key's 32 characters as the key.
key=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
jf=$T/jf
mkdir -p "$jf/security"
JFROG_CLI_HOME_DIR=$jf; export JFROG_CLI_HOME_DIR
if "$PYTHON3" -c 'import cryptography' 2>/dev/null; then
	WRUN_TEST_KEY=$key WRUN_TEST_URL=$url "$PYTHON3" - "$jf/jfrog-cli.conf.v6" <<'PY'
import base64, json, os, sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
key = os.environ["WRUN_TEST_KEY"].encode()
def enc(s):
    nonce = os.urandom(12)
    return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, s.encode(), None)).decode()
conf = {"servers": [{"serverId": "jf", "url": os.environ["WRUN_TEST_URL"] + "/",
                     "accessToken": enc(os.environ["WRUN_SIM_TOKEN"]),
                     "password": enc("not-used"), "isDefault": True}],
        "version": "6", "enc": "True"}
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, json.dumps(conf).encode())
os.close(fd)
PY
	printf 'version: 1\nmasterKey: "%s"\n' "$key" >"$jf/security/security.yaml"
	expect_run "encrypted JFrog CLI config, key in security.yaml" 0 workers
	is ok "$(req_py 'reqs[-1]["auth"]')" "sends the decrypted token"
	JFROG_CLI_ENCRYPTION_KEY=$key; export JFROG_CLI_ENCRYPTION_KEY
	rm "$jf/security/security.yaml"
	expect_run "encrypted JFrog CLI config, key in JFROG_CLI_ENCRYPTION_KEY" 0 workers
	printf '%s\n' "$key" >"$T/master.key"
	JFROG_CLI_ENCRYPTION_KEY=$T/master.key
	expect_run "encrypted JFrog CLI config, key in a .key file" 0 workers
	before=$(nreq)
	JFROG_CLI_ENCRYPTION_KEY=$(printf '%s' "$key" | rev)
	expect_run "encrypted JFrog CLI config, a wrong key" 2 workers
	check "names the file" has "$T/err" "$jf/jfrog-cli.conf.v6"
	check "says it does not decrypt" has "$T/err" "cannot be decrypted"
	check "does not show the key" lacks "$T/err" "$JFROG_CLI_ENCRYPTION_KEY"
	is "$before" "$(nreq)" "a wrong key sends nothing"
	unset JFROG_CLI_ENCRYPTION_KEY
else
	ok "# SKIP python3-cryptography is not installed"
fi
# No key at all; and a field that is not a ciphertext is never sent.
printf '{"servers":[{"serverId":"a","url":"%s","accessToken":"%s","isDefault":true}],"enc":true}\n' \
	"$url" "$token" >"$jf/jfrog-cli.conf.v6"
rm -f "$jf/security/security.yaml"
before=$(nreq)
expect_run "encrypted config, no key" 2 workers
check "names security.yaml" has "$T/err" "$jf/security/security.yaml"
JFROG_CLI_ENCRYPTION_KEY=$key; export JFROG_CLI_ENCRYPTION_KEY
expect_run "encrypted config, a field that is not encrypted" 2 workers
check "says so" has "$T/err" "accessToken cannot be decrypted"
is "$before" "$(nreq)" "the plain field is never sent as a token"
unset JFROG_CLI_ENCRYPTION_KEY JFROG_CLI_HOME_DIR

check "the token appears in no output" lacks "$T/transcript" "$token"
done_testing
