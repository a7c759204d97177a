#!/bin/sh
# Runs one unit test binary, under $WRUN_VALGRIND when set (make check-valgrind).
exec ${WRUN_VALGRIND:-} "$@"
