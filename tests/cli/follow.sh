#!/bin/sh
# wrun history --follow: the current runs, then each new one as it appears,
# until a signal ends it (SIGINT: exit 130).
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"

# follow SIGNAL WANT_NEW FAULT ARGS...: runs wrun ARGS (with SIGINT and
# SIGTERM at their defaults, as from a terminal), waits for its first
# output to settle, adds the simulator fault FAULT (or "-"), reruns
# block-snapshots' run 06 (a failure: recorded as a new run), waits until
# the output holds WANT_NEW, then sends SIGNAL. Writes the output to
# $T/fout, stderr to $T/ferr, and prints the exit code (or "timeout").
follow() {
	"$PYTHON3" - "$WRUN" "$SIM_URL" "$@" >"$T/frc" <<'PY'
import json, os, signal, subprocess, sys, time, urllib.request
wrun, url, sig, want, fault, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
T = os.environ["T"]
def default_signals():
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
out, err = open(T + "/fout", "wb"), open(T + "/ferr", "wb")
p = subprocess.Popen([wrun] + args, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                     preexec_fn=default_signals)
def text():
    with open(T + "/fout", "rb") as f:
        return f.read().decode("utf-8", "replace")
def wait_for(cond, secs):
    end = time.time() + secs
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.1)
    return False
wait_for(lambda: len(text()) > 0, 10)
time.sleep(0.5)
if fault != "-":
    req = urllib.request.Request(url + "/__sim/fault", data=json.dumps({"spec": fault}).encode(),
        headers={"Authorization": "Bearer " + os.environ["WRUN_SIM_TOKEN"], "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
subprocess.run([wrun, "rerun", "block-snapshots", "ba51c000-0000-4000-8000-000000000006"],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
found = wait_for(lambda: want in text(), 15)
time.sleep(0.3)
p.send_signal(getattr(signal, "SIG" + sig))
try:
    print(p.wait(10) if found else "not found: " + str(p.wait(10)))
except subprocess.TimeoutExpired:
    p.kill()
    print("timeout")
PY
	cat "$T/fout" "$T/ferr" >>"$T/transcript"
}
export T

# ---- --json: one object a line -------------------------------------------------
follow INT "a0000000-0000-4000-8000-000000000001" - history block-snapshots --follow --refresh 2 --json
is 130 "$(cat "$T/frc")" "SIGINT ends it: exit 130"
is 6 "$(wc -l <"$T/fout" | tr -d ' ')" "the 5 runs, then the new one: a line each"
"$PYTHON3" -c '
import json, sys
for line in open(sys.argv[1]):
    json.loads(line)
' "$T/fout" && ok "each line is a JSON object" || not_ok "each line is a JSON object"
is "05 06 03 01 02" "$(head -n 5 "$T/fout" | "$PYTHON3" -c 'import json,sys; print(" ".join(json.loads(l)["historyEntryId"][-2:] for l in sys.stdin))')" \
	"the current runs first, oldest first"
is "a0000000-0000-4000-8000-000000000001 STATUS_FAIL" \
	"$(tail -n 1 "$T/fout" | "$PYTHON3" -c 'import json,sys; d=json.loads(sys.stdin.read()); print(d["historyEntryId"], d["executionStatus"])')" \
	"then the new run"
check "nothing on stderr" test ! -s "$T/ferr"
n_hist=$(req_py 'len([r for r in reqs if r["path"] == "/worker/api/v1/execution_history"])')
check "it kept loading the history ($n_hist loads)" test "$n_hist" -ge 2

# ---- the table of every worker; a failed load is a warning --------------------------
follow TERM "a0000000-0000-4000-8000-000000000002" "history=status:500@1" history --follow --refresh 2
is 143 "$(cat "$T/frc")" "SIGTERM ends it: exit 143"
check "the table's header" sh -c "head -n 1 '$T/fout' | grep -q '^STATUS .*WORKER .*ID\$'"
check "the oldest run first (one without an ID)" sh -c "sed -n 2p '$T/fout' | grep -q ' audit-downloads  *-\$'"
check "the oldest with an ID after the two without" sh -c "sed -n 4p '$T/fout' | grep -q 'ba51c000-0000-4000-8000-000000000007'"
check "the newest of the current runs after it" sh -c "sed -n 23p '$T/fout' | grep -q 'ba51c000-0000-4000-8000-000000000021'"
check "then the new run" sh -c "tail -n 1 '$T/fout' | grep -q '^FAIL .*block-snapshots .*a0000000-0000-4000-8000-000000000002\$'"
is 1 "$(grep -c 'a0000000-0000-4000-8000-000000000001' "$T/fout")" "the earlier rerun's run once, with the current ones"
check "a failed load: a warning" has "$T/ferr" "wrun: warning: the history could not be loaded: HTTP 500"
check "... and it goes on" has "$T/ferr" "trying again in 2 s"

# ---- with filters: a new run that does not pass is not printed --------------------
follow INT "a0000000-0000-4000-8000-000000000003" - history block-snapshots --follow --refresh 2 --status fail
is 130 "$(cat "$T/frc")" "--status fail: exit 130"
is 5 "$(grep -c '^FAIL ' "$T/fout")" "the 2 old failures, the 2 recorded reruns, then the new one"
is 6 "$(wc -l <"$T/fout" | tr -d ' ')" "nothing else under the header"
check "the new one last" sh -c "tail -n 1 '$T/fout' | grep -q 'a0000000-0000-4000-8000-000000000003\$'"

# ---- usage ---------------------------------------------------------------------------
expect_run "--refresh without --follow" 2 history --refresh 5
check "says it goes with --follow" has "$T/err" "--refresh goes with the interface or history --follow"
expect_run "--refresh 1" 2 history --follow --refresh 1
check "at least 2" has "$T/err" "--refresh takes seconds from 2 to 86400"
expect_run "--follow with workers" 2 workers --follow
check "the token appears in no output" lacks "$T/transcript" "$WRUN_SIM_TOKEN"
done_testing
