#!/bin/bash
# Builds the reactor jars (no tests) and runs the PortalKit benchmarks as the unprivileged user pk.
#   benchmarks/run.sh                 quick mode, every section (under 5 minutes on 2 cores)
#   benchmarks/run.sh --full          longer measurement windows
#   benchmarks/run.sh overhead login  only these sections (overhead, login, embedding, growth, hibernate)
#   benchmarks/run.sh --class dev.portalkit.benchmarks.Probe   another main of this module
# Results: printed, and written to benchmarks/target/results.md
set -euo pipefail
cd "$(dirname "$0")/.."
main=dev.portalkit.benchmarks.Bench
if [[ "${1:-}" == "--class" ]]; then main=$2; shift 2; fi
pkmvn -B -q -o -pl benchmarks -am package dependency:build-classpath \
    -Dmdep.outputFile=target/runtime-cp.txt -DincludeScope=runtime -Dmaven.test.skip=true >/dev/null
cp="benchmarks/target/classes:$(cat benchmarks/target/runtime-cp.txt)"
runuser -u pk -- env HOME=/home/pk java -Xmx1g -Dbench.root="$PWD" -cp "$cp" "$main" "$@" 2>&1 \
    | grep --line-buffered -v "^SLF4J" | tee benchmarks/target/results.md
