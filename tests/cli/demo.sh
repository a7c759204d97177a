#!/bin/sh
# wrun --demo starts the simulator, answers, and leaves nothing behind.
. "$top_srcdir/tests/lib.sh"
TMPDIR=$T; export TMPDIR
expect_run "--demo workers" 0 --demo workers --json
check "demo has workers" test "$(jq_py "$T/out" 'len(d["workers"])')" -ge 3
expect_run "--demo history" 0 --demo history --json
check "demo has runs" test "$(jq_py "$T/out" 'len(d)')" -ge 20
check "demo has failures" test "$(jq_py "$T/out" 'len([r for r in d if r.get("executionStatus") == "STATUS_FAIL"])')" -ge 1
# The demo's platform leaves project workers out of the listing of every
# worker: release-webhook's runs come from the proj1 listing.
check "demo history has the project worker's runs" \
	test "$(jq_py "$T/out" 'len([r for r in d if r.get("workerProjectKey") == "proj1"])')" -ge 5
w=$(jq_py "$T/out" '[r["workerKey"] for r in d if r.get("historyEntryId")][0]')
id=$(jq_py "$T/out" '[r["historyEntryId"] for r in d if r.get("historyEntryId")][0]')
run_wrun --demo rerun "$w" "$id"
check "--demo rerun answers (exit 0 or 1)" test "$RC" -le 1
check "--demo rerun prints an execution ID" has "$T/out" "Execution ID:"
is "" "$(ls "$T" | grep wrun-demo)" "the demo's folder is removed"
check "--demo saves no limits: its server is gone when it ends" test ! -e "$HOME/.cache/wrun"
expect_run "--demo refuses --url" 2 --demo --url http://x workers
# The simulator gets its throwaway token, never the user's secrets: a stand-in
# simulator writes down its environment (and does not start).
cat >"$T/env-sim.py" <<'PY'
import os
with open(os.environ["ENV_DUMP"], "w") as f:
    for k, v in os.environ.items():
        f.write("%s=%s\n" % (k, v))
PY
JF_ACCESS_TOKEN=real-secret-token-value JFROG_CLI_ENCRYPTION_KEY=master-key-value-0123456789abcdef \
	ENV_DUMP=$T/env.txt WRUN_SIM=$T/env-sim.py run_wrun --demo workers
check "--demo: a simulator that does not start is an error" test "$RC" -ne 0
check "--demo: the simulator's environment has its own token" has "$T/env.txt" "WRUN_SIM_TOKEN="
check "--demo: the simulator's environment lacks JF_ACCESS_TOKEN" lacks "$T/env.txt" "real-secret-token-value"
check "--demo: the simulator's environment lacks the encryption key" lacks "$T/env.txt" "master-key-value"
# A simulator that fails: its last words are shown, made safe for a terminal.
printf 'import sys\nsys.stderr.write("boom \\x1b[31mred\\n")\nsys.exit(1)\n' >"$T/bad-sim.py"
WRUN_SIM=$T/bad-sim.py run_wrun --demo workers
is 2 "$RC" "--demo: a failing simulator is exit 2"
check "--demo: says what the simulator said" has "$T/err" "boom ^[[31mred"
check "--demo: no raw ESC from the simulator's log" sh -c "! grep -q \"$(printf '\033')\" '$T/err'"
WRUN_SIM="$T/no$(printf '\033')[2Jsim.py" run_wrun --demo workers
check "--demo: a missing simulator's path is shown safely" has "$T/err" "no^[[2Jsim.py"

# Without WRUN_SIM the simulator is found next to the binary (a build tree's
# tests/sim/, an install's share/wrun/), else in pkgdatadir; never at a path
# fixed at build time. A copy of wrun with nothing beside it says what to
# install.
mkdir -p "$T/lone/bin" "$T/tree/src" "$T/tree/tests/sim" "$T/inst/bin" "$T/inst/share/wrun"
cp "$WRUN" "$T/lone/bin/wrun"
cp "$WRUN" "$T/tree/src/wrun"
cp "$WRUN_SIM" "$T/tree/tests/sim/wrun-sim.py"
cp "$WRUN" "$T/inst/bin/wrun"
cp "$WRUN_SIM" "$T/inst/share/wrun/wrun-sim.py"
# demo_at BIN NAME: BIN --demo workers --json without WRUN_SIM; sets RC.
demo_at() {
	RC=0
	env -u WRUN_SIM ${WRUN_VALGRIND:-} "$1" --demo workers --json >"$T/out" 2>"$T/err" </dev/null || RC=$?
	cat "$T/out" "$T/err" >>"$T/transcript"
}
demo_at "$T/tree/src/wrun"
is 0 "$RC" "--demo finds the simulator of the build tree it is in"
check "--demo (build tree): answers" test "$(jq_py "$T/out" 'len(d["workers"])')" -ge 3
demo_at "$T/inst/bin/wrun"
is 0 "$RC" "--demo finds the simulator in ../share/wrun/"
installed=$(strings "$WRUN" | grep '/wrun-sim\.py$' | head -n 1)
if [ -n "$installed" ] && [ -e "$installed" ]; then
	ok "# SKIP wrun is installed here ($installed): a lone copy finds it"
else
	demo_at "$T/lone/bin/wrun"
	is 2 "$RC" "--demo with no simulator near or installed: exit 2"
	check "--demo: names what to install" has "$T/err" \
		"--demo needs the Workers simulator, wrun-sim.py, which is installed with wrun"
	check "--demo: and the other way" has "$T/err" "or set WRUN_SIM to the script's path"
	check "--demo: no path of the build tree" lacks "$T/err" "$top_srcdir"
fi
check "wrun holds no path of its source tree" sh -c "! strings '$WRUN' | grep -qF '$top_srcdir/tests'"

# Stopped by SIGTERM while a request hangs: wrun stops at once, with 143,
# and still stops the simulator and removes the demo's folder.
cat >"$T/hang-sim.py" <<PY
import os, sys
os.execv(sys.executable, [sys.executable, "$WRUN_SIM"] + sys.argv[1:] + ["--fault", "history=hang"])
PY
WRUN_SIM=$T/hang-sim.py ${WRUN_VALGRIND:-} "$WRUN" --demo history --timeout 60 >"$T/out" 2>"$T/err" &
pid=$!
i=0
while [ -z "$(ls "$T"/wrun-demo.*/port 2>/dev/null)" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.5
start=$(date +%s)
kill -TERM $pid
rc=0
wait $pid || rc=$?
is 143 "$rc" "SIGTERM during a request: exit 143"
check "SIGTERM: stops within 3 s" test $(($(date +%s) - start)) -le 3
check "SIGTERM: says nothing more" test ! -s "$T/err"
is "" "$(ls "$T" | grep wrun-demo)" "SIGTERM: the demo's folder is removed"
# ([w] keeps pgrep from finding its own command line)
check "no simulator left running" sh -c "! pgrep -f '[w]run-sim.py --demo --port-file $T' >/dev/null"
done_testing
