#!/bin/sh
# The command line's table: --help, the man page's synopsis and the check
# for misplaced flags all come from it. No server is needed.
. "$top_srcdir/tests/lib.sh"

expect_run "--help" 0 --help
for syn in "wrun [OPTION]... workers" "wrun [OPTION]... history [WORKER]" \
           "wrun [OPTION]... rerun WORKER HISTORY_ENTRY_ID" "wrun [OPTION]... rerun --failed [WORKER]" \
           "wrun --demo [SUBCOMMAND...]" "wrun --file FILE [OPTION]..."; do
	check "--help: $syn" has "$T/out" "$syn"
done
for opt in "--since WHEN" "--until WHEN" "--status S" "--trigger TEXT" "--grep TEXT" "--limit N" \
           "--csv" "--follow" "--yes" "--refresh SECONDS" "--force-record" "--json" "--file FILE"; do
	check "--help: $opt" has "$T/out" "      $opt "
done
check "--help: which subcommands an option goes with" has "$T/out" "--yes                rerun --failed: do not ask first"
check "--help: --csv goes with history" has "$T/out" "--csv                history: CSV"
check "--help: no line over 79 columns" sh -c "! awk 'length > 79' '$T/out' | grep -q ."
check "--help: the hidden ones are hidden" lacks "$T/out" "synopsis-man"

expect_run "--synopsis-man" 0 --synopsis-man
check "a line for rerun --failed" grep -qxF '.B \-\-failed' "$T/out"
check "its options" has "$T/out" '.RB [ \-\-yes ]'
check "an option's value in italics" has "$T/out" '.IR when ]'
check "no server options in it" lacks "$T/out" 'url'
man=$top_builddir/man/wrun.1
if [ -f "$man" ]; then
	check "the man page has the synopsis" has "$man" '.RB [ \-\-follow ]'
	check "no placeholder left" lacks "$man" '@SYNOPSIS@'
else
	ok "# SKIP man/wrun.1 not built"
	ok "# SKIP man/wrun.1 not built"
fi

# misplaced flags, said the same way for each
expect_run "--yes with history" 2 history --yes
check "says where --yes goes" has "$T/err" "wrun: --yes goes with rerun --failed, not 'history'"
check "and where to look" has "$T/err" "Try 'wrun --help'."
expect_run "--follow without a subcommand" 2 --follow
check "says it goes with history" has "$T/err" "--follow goes with a subcommand (history)"
expect_run "--mouse with rerun --failed" 2 rerun --failed --mouse
check "names the form" has "$T/err" "--mouse goes with the interface (no subcommand), not 'rerun --failed'"
expect_run "--json without a subcommand" 2 --json
check "lists the subcommands" has "$T/err" "--json goes with a subcommand (workers, history or rerun)"
expect_run "--limit takes a number" 2 history --limit x
check "says the range" has "$T/err" "--limit takes a number from 1 to 1000000000, not 'x'"
expect_run "an unknown subcommand" 2 list
check "lists the real ones" has "$T/err" "unknown subcommand 'list' (workers, history, rerun)"
expect_run "rerun --failed takes one worker" 2 rerun --failed a b
check "says so" has "$T/err" "rerun takes at most 1 argument (--failed [WORKER]), not 'b'"

# Writing --help where there is no room.
if [ -w /dev/full ]; then
	RC=0
	"$WRUN" --help >/dev/full 2>"$T/err" || RC=$?
	is 3 "$RC" "--help > /dev/full: exit 3"
	is "wrun: write error: No space left on device" "$(cat "$T/err")" "--help > /dev/full: says so"
else
	ok "# SKIP no /dev/full"
	ok "# SKIP no /dev/full"
fi
done_testing
