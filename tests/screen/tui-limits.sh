#!/bin/sh
# Limits that persist: the limits a rerun reports are saved per server
# under $XDG_CACHE_HOME/wrun and used at the next start, labelled with the
# date they were seen; flags override them field by field; a corrupt file
# is ignored with a warning on the status line (the sample is used), and
# the next rerun replaces it; a file that cannot be written is a warning.
. "$top_srcdir/tests/screen/tui-lib.sh"
XDG_CACHE_HOME=$T/cache
export XDG_CACHE_HOME
F=$T/cache/wrun/limits.json
tui_start

# The first start: nothing saved, the sample. A rerun reports the
# scenario's limits (2000 ms, 256 MiB, 10 s); quitting keeps them.
vt 40 160 <<VT
wait "History: all workers (6 runs)"
wait "limits: documented sample"
wait "1.20 s / 1.00 s     120% OVER"
key r
wait "y: rerun"
key y
wait "limits: reported by this rerun"
wait "rerun of 11111111: STATUS_FAIL"
wait "History: all workers (7 runs)"
key Esc
wait_gone "Rerun of 11111111"
wait "limits: reported by a rerun, 2026-01-15"
wait "1.20 s / 2.00 s      60%"
key q
expect_exit 0
VT
check "the limits are saved in \$XDG_CACHE_HOME/wrun/limits.json" test -f "$F"
is 600 "$(stat -c %a "$F")" "the file's mode is 0600"
is 700 "$(stat -c %a "$T/cache/wrun")" "the folder's mode is 0700"
is "limits.json" "$(ls -A "$T/cache/wrun")" "no temporary file stays"
check "the file holds no token" lacks "$F" "$WRUN_SIM_TOKEN"
is "[2000, 268435456, 10000, $NOW]" \
	"$(jq_py "$F" '[d["'"$SIM_URL"'"][k] for k in ("maxCpuTimeMillis", "maxMemoryUsageBytes", "maxExecutionDurationMillis", "seenAt")]')" \
	"the reported limits under the server's URL, seen now"
cp "$F" "$T/saved.json"

# Three days later, a new start: the history run is drawn against the
# saved limits, with the date they were seen.
WRUN_NOW_MS=$((NOW + 3 * 86400000))
vt 40 160 <<VT
wait "History: all workers (7 runs)"
key Tab Down
wait "Run 11111111"
wait "limits: reported by a rerun, 2026-01-15"
wait "1.20 s / 2.00 s      60%       rerun"
wait "50.0 MiB / 256 MiB     20%       rerun"
wait "850 ms / 10.0 s       9%       rerun"
expect_not "sample"
expect_not "saved limits ignored"
key q
expect_exit 0
VT
WRUN_NOW_MS=$NOW

# A flag overrides the saved limit of its field only, and the label says so.
vt 40 160 --cpu-limit 500 <<VT
wait "History: all workers (7 runs)"
key Tab Down
wait "Run 11111111"
wait "limits: --cpu-limit; the rest: reported by a rerun, 2026-01-15"
wait "1.20 s / 500 ms"
wait "240% OVER  --cpu-limit"
wait "50.0 MiB / 256 MiB     20%       rerun"
wait "850 ms / 10.0 s       9%       rerun"
key q
expect_exit 0
VT

# Every field from a flag: only the flags are named.
vt 40 160 --cpu-limit 5000 --memory-limit 100 --duration-limit 1000 <<VT
wait "History: all workers (7 runs)"
key Tab Down
wait "Run 11111111"
wait "limits: --cpu-limit, --memory-limit, --duration-limit"
wait "1.20 s / 5.00 s      24%"
wait "50.0 MiB / 100 MiB     50%"
wait "850 ms / 1.00 s      85%"
expect_not "%       rerun"
expect_not "sample"
key q
expect_exit 0
VT
check "a flag changes nothing in the file" cmp -s "$F" "$T/saved.json"

# Another server's limits are not this one's.
cat >"$F" <<JSON
{"https://other.example.test": {"maxCpuTimeMillis": 2000, "seenAt": $NOW}}
JSON
vt 40 160 <<VT
wait "History: all workers (7 runs)"
key Tab Down
wait "Run 11111111"
wait "limits: documented sample"
wait "1.20 s / 1.00 s     120% OVER"
expect_not "saved limits ignored"
key q
expect_exit 0
VT

# A corrupt file: a warning on the status line that names it, and the
# sample; the next rerun replaces it.
printf '{"%s": {"maxCpuTimeMillis": -2000, "seenAt": 1}}\n' "$SIM_URL" >"$F"
vt 40 160 <<VT
wait "History: all workers (7 runs)"
wait "saved limits ignored: "
wait "limits.json: $SIM_URL: maxCpuTimeMillis is not a whole number"
wait "limits: documented sample"
key Tab Down
wait "Run 11111111"
wait "1.20 s / 1.00 s     120% OVER"
expect "saved limits ignored: "
key r
wait "y: rerun"
key y
wait "rerun of 11111111: STATUS_FAIL"
wait_gone "saved limits ignored"
wait "History: all workers (8 runs)"
key Esc
wait_gone "Rerun of 11111111"
wait "limits: reported by a rerun, 2026-01-15"
key q
expect_exit 0
VT
is 2000 "$(jq_py "$F" 'd["'"$SIM_URL"'"]["maxCpuTimeMillis"]')" "the next rerun replaces the corrupt file"
is 600 "$(stat -c %a "$F")" "with a file of mode 0600"

printf 'not json' >"$F"
vt 40 160 <<VT
wait "History: all workers (8 runs)"
wait "limits.json is not valid JSON"
wait "limits: documented sample"
key q
expect_exit 0
VT

# A file that cannot be written: the rerun's answer as usual, a warning
# that the limits were not saved; this session still uses them.
rm -f "$F"
mkdir "$F"
vt 40 160 <<VT
wait "History: all workers (8 runs)"
wait "limits.json is not a regular file"
key Tab End
wait "Run 66666666"
key r
wait "y: rerun"
key y
wait "Rerun of 66666666"
wait "; its limits were not saved: cannot write"
wait "History: all workers (9 runs)"
key Esc
wait_gone "Rerun of 66666666"
wait "limits: reported by a rerun, 2026-01-15"
key q
expect_exit 0
VT
is "limits.json" "$(ls -A "$T/cache/wrun")" "no temporary file stays after a failed save"
done_testing
