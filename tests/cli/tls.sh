#!/bin/sh
# HTTPS with a certificate the test makes: refused without --cacert, trusted
# with it, --insecure works and always warns.
. "$top_srcdir/tests/lib.sh"
make_cert || { echo "1..0 # SKIP openssl cannot make a certificate"; exit 0; }
sim_start --scenario "$SCENARIOS/basic.json" --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"

expect_run "untrusted certificate" 3 workers
check "says it is a certificate problem" has "$T/err" "certificate"
check "hints at --cacert" has "$T/err" "--cacert"

expect_run "trusted with --cacert" 0 workers --cacert "$T/cert.pem"
expect_run "history over HTTPS" 0 history --json --cacert "$T/cert.pem"
check "history parsed" test "$(jq_py "$T/out" 'len(d)')" -gt 0

expect_run "--insecure" 0 workers --insecure
check "--insecure warns" has "$T/err" "warning: --insecure"

expect_run "a missing CA file" 2 workers --cacert "$T/no-such.pem"
check "names the problem" has "$T/err" "wrun: "

is https "$(printf %s "$SIM_URL" | cut -d: -f1)" "the simulator served HTTPS"
done_testing
