#!/bin/sh
# S in the workers pane lists every server of wrun's config (and of the
# JFrog CLI config), the current one marked, and switches: the old
# session's state goes whole, the new server's runs load. In the runs, S
# still reverses the order.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start
port=${SIM_URL##*:}
printf '%s\n' "$JF_ACCESS_TOKEN" >"$T/token"
chmod 600 "$T/token"
cat >"$T/config" <<EOF
default-server = one

[server one]
url = http://127.0.0.1:$port
token-file = $T/token

[server two]
url = http://localhost:$port
token-file = $T/token
EOF
unset JF_URL JF_ACCESS_TOKEN

vt 40 160 --config "$T/config" <<VT
wait "wrun  http://127.0.0.1:$port"
wait "History: all workers (6 runs) 1/6"
key Tab Space
wait "1 marked"
key S
wait "by start (reversed)"
key S-Tab S
wait " Switch to a server "
wait "* one              http://127.0.0.1:$port  (wrun config, default)"
wait "two              http://localhost:$port  (wrun config)"
key Down Enter
wait "switched to two"
wait "wrun  http://localhost:$port"
wait "History: all workers (6 runs) 1/6"
# nothing of the old session: no marks, the default order
wait_gone "marked"
wait_gone "reversed"
key S
wait "* two"
key Esc
wait_gone " Switch to a server "
key S Enter
wait "already on two"
key q
expect_exit 0
VT
done_testing
