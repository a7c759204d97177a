# tests/lib.sh - shared by the integration and screen tests (sourced, POSIX sh).
#
# Gives each test a private temporary folder and HOME, a deterministic
# environment, TAP output helpers, and the Workers simulator on a free
# loopback port. The token is made per test and lives only in the
# environment and the temporary folder.

set -u

: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
: "${WRUN:=$top_builddir/src/wrun}"
: "${WRUN_SIM:=$top_srcdir/tests/sim/wrun-sim.py}"
: "${PYTHON3:=python3}"
SCENARIOS="$top_srcdir/tests/sim/scenarios"

T=$(mktemp -d "${TMPDIR:-/tmp}/wrun-test.XXXXXX") || exit 99
HOME="$T/home"; mkdir -p "$HOME"
export HOME
unset LINES COLUMNS http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy NO_PROXY no_proxy
unset JF_URL JF_ACCESS_TOKEN JFROG_CLI_HOME_DIR NO_COLOR TMUX STY PAGER XDG_CACHE_HOME
TERM=xterm-256color LC_ALL=C.UTF-8 TZ=UTC ESCDELAY=25
export TERM LC_ALL TZ ESCDELAY
# A fixed "now" for relative times: 2026-01-15 12:00:00 UTC.
WRUN_NOW_MS=1768478400000
export WRUN_NOW_MS

SIM_PID=
cleanup() {
	if [ -n "$SIM_PID" ]; then
		kill "$SIM_PID" 2>/dev/null
		wait "$SIM_PID" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- TAP ------------------------------------------------------------------
TAP_N=0
TAP_FAILED=0
ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $*"; }
diag() { sed 's/^/# /'; }
done_testing() { echo "1..$TAP_N"; exit 0; }

# check NAME COMMAND...: one test point, passing when COMMAND succeeds.
check() {
	_name=$1; shift
	if "$@"; then ok "$_name"; else not_ok "$_name"; fi
}

# ---- running wrun ---------------------------------------------------------
# run_wrun ARGS...: runs wrun with stdout in $T/out, stderr in $T/err and the
# exit code in $RC. Under make check-valgrind, wrun runs under valgrind.
run_wrun() {
	RC=0
	${WRUN_VALGRIND:-} "$WRUN" "$@" >"$T/out" 2>"$T/err" </dev/null || RC=$?
	cat "$T/out" "$T/err" >>"$T/transcript"
}

# expect_run NAME CODE ARGS...: runs wrun and checks its exit code.
expect_run() {
	_name=$1; _code=$2; shift 2
	run_wrun "$@"
	if [ "$RC" -eq "$_code" ]; then
		ok "$_name (exit $_code)"
	else
		not_ok "$_name: exit $RC, expected $_code"
		{ echo "stdout:"; head -c 2000 "$T/out"; echo "stderr:"; head -c 2000 "$T/err"; } | diag
	fi
}

# has FILE TEXT: FILE contains TEXT (fixed string).
has() { grep -qF -- "$2" "$1"; }
# lacks FILE TEXT
lacks() { ! grep -qF -- "$2" "$1"; }

# ---- the simulator --------------------------------------------------------
# sim_start [SIM ARGS...]: starts the simulator on a free port; sets SIM_URL,
# SIM_LOG (its JSON-lines request log) and exports JF_URL and JF_ACCESS_TOKEN.
sim_start() {
	WRUN_SIM_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	export WRUN_SIM_TOKEN
	SIM_LOG="$T/requests.jsonl"
	rm -f "$T/port"
	_scheme=http
	case " $* " in *" --tls-cert "*) _scheme=https ;; esac
	"$PYTHON3" "$WRUN_SIM" --port-file "$T/port" --request-log "$SIM_LOG" \
		--exit-after 600 "$@" 2>"$T/sim.err" &
	SIM_PID=$!
	_i=0
	while [ ! -s "$T/port" ]; do
		_i=$((_i + 1))
		if [ $_i -gt 200 ] || ! kill -0 "$SIM_PID" 2>/dev/null; then
			echo "Bail out! simulator did not start"; cat "$T/sim.err" | diag; exit 1
		fi
		sleep 0.05
	done
	SIM_PORT=$(cat "$T/port")
	SIM_URL="$_scheme://127.0.0.1:$SIM_PORT"
	JF_URL=$SIM_URL
	JF_ACCESS_TOKEN=$WRUN_SIM_TOKEN
	export JF_URL JF_ACCESS_TOKEN
}

sim_stop() {
	if [ -n "$SIM_PID" ]; then
		kill "$SIM_PID" 2>/dev/null
		wait "$SIM_PID" 2>/dev/null
		SIM_PID=
	fi
}

# sim_fault SPEC: adds a fault to the running simulator (see wrun-sim.py --help).
sim_fault() {
	"$PYTHON3" - "$SIM_URL" "$1" <<'PY'
import json, os, sys, urllib.request, ssl
url, spec = sys.argv[1], sys.argv[2]
req = urllib.request.Request(url + "/__sim/fault", data=json.dumps({"spec": spec}).encode(),
    headers={"Authorization": "Bearer " + os.environ["WRUN_SIM_TOKEN"], "Content-Type": "application/json"})
urllib.request.urlopen(req, context=ssl._create_unverified_context()).read()
PY
}

# sim_requests: the request log's lines, one JSON object a line.
sim_requests() { cat "$SIM_LOG" 2>/dev/null; }

# make_cert: a throwaway self-signed certificate for 127.0.0.1 in $T/cert.pem
# and $T/key.pem (never committed).
make_cert() {
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
		-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
		-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1
}

# ---- JSON assertions (Python's standard library) ---------------------------
# jq_py FILE EXPR: prints the value of the Python expression EXPR, where d is
# the JSON document in FILE (strings as they are, other values as JSON).
jq_py() {
	"$PYTHON3" - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    d = json.load(f)
v = eval(sys.argv[2], {"d": d})
print(v if isinstance(v, str) else json.dumps(v))
PY
}

# req_py EXPR: the same over the simulator's request log, as the list reqs
# (one dict a request, in order).
req_py() {
	"$PYTHON3" - "$SIM_LOG" "$1" <<'PY'
import json, sys
reqs = []
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        reqs = [json.loads(line) for line in f if line.strip()]
except FileNotFoundError:
    pass
v = eval(sys.argv[2], {"reqs": reqs})
print(v if isinstance(v, str) else json.dumps(v))
PY
}

# is EXPECTED ACTUAL NAME: one test point comparing two strings.
is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		printf 'expected: %s\n     got: %s\n' "$1" "$2" | diag
	fi
}
