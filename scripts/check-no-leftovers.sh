#!/usr/bin/env bash
# Fails when a process the test suite started is still alive: the surefire/failsafe forks carry
# WASSETTE_TAPE_TEST_RUN=1 (pom.xml) and every child the harness starts WASSETTE_TAPE_CHILD=1;
# both are inherited by whatever those start. Waits up to 10 s for stragglers to finish exiting.
set -uo pipefail
leftovers() {
  for env in /proc/[0-9]*/environ; do
    pid=${env#/proc/}; pid=${pid%/environ}
    [ "$pid" = "$$" ] && continue
    if { tr '\0' '\n' < "$env"; } 2>/dev/null | grep -qxE 'WASSETTE_TAPE_(TEST_RUN|CHILD)=1'; then
      printf '%s %s\n' "$pid" "$({ tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-200)"
    fi
  done
}
for _ in $(seq 1 20); do
  found=$(leftovers)
  [ -z "$found" ] && { echo "no process of the test run is left"; exit 0; }
  sleep 0.5
done
echo "processes started by the test run are still alive:" >&2
echo "$found" >&2
exit 1
