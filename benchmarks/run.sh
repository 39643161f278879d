#!/bin/bash
# Builds the reactor classes (no tests) and runs the PortalKit benchmarks as the unprivileged user pk.
#   benchmarks/run.sh            quick mode (under 5 minutes on 2 cores)
#   benchmarks/run.sh --full     longer measurement windows
#   benchmarks/run.sh --class dev.portalkit.benchmarks.Probe   another main in this module
# Results: printed, and written to benchmarks/target/results.txt
set -euo pipefail
cd "$(dirname "$0")/.."
main=dev.portalkit.benchmarks.Bench
if [[ "${1:-}" == "--class" ]]; then main=$2; shift 2; fi
pkmvn -B -q -o -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
cp="benchmarks/target/classes:$(cat benchmarks/target/cp.txt)"
runuser -u pk -- env HOME=/home/pk java -Xmx1g -cp "$cp" "$main" "$@" 2>&1 | tee benchmarks/target/results.txt
