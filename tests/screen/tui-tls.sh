#!/bin/sh
# The interface over HTTPS: --cacert works; --insecure works and the title
# bar says INSECURE for as long as it runs; an untrusted certificate is a
# status-line error, not a crash.
. "$top_srcdir/tests/screen/tui-lib.sh"
make_cert || { echo "1..0 # SKIP openssl cannot make a certificate"; exit 0; }
tui_start --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"

vt 24 100 --cacert "$T/cert.pem" <<'VT'
wait "History: all workers (6 runs)"
expect_not INSECURE
key q
expect_exit 0
VT

vt 24 100 --insecure <<'VT'
wait "History: all workers (6 runs)"
wait_attr INSECURE reverse bold
key q
expect_exit 0
expect_restored
VT
check "--insecure also warned on stderr" has "$T/vt.err" "warning: --insecure"

vt 24 100 <<'VT'
wait "certificate"
wait "--cacert"
key q
expect_exit 0
VT
done_testing
