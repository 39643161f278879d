#!/bin/bash
# Builds the reactor jars (no tests) and runs the PortalKit benchmarks (see BENCHMARKS.md).
#   benchmarks/run.sh                                   quick mode: sections 1, 2, audit trail, 4, 5 (9-14 minutes on 2 cores)
#   benchmarks/run.sh growth --sizes=10000,1000000      section 3 at these table sizes (default 10k and 100k)
#   benchmarks/run.sh growth --tables=logs --sizes=10000,10000000   section 3 on the log tables only, up to 10M rows
#   benchmarks/run.sh growth --tables=outbox --sizes=10000,10000000 section 3 on email_logs and the outbox calls only
#   benchmarks/run.sh --full                            every section, longer windows, section 3 up to 1M rows
#   benchmarks/run.sh overhead login                    only these sections: overhead, hibernate, audit, login, embedding, growth
#   benchmarks/run.sh audit --audit-rows=100000         the audit section verifying 100k rows (default 1M)
#   benchmarks/run.sh --class dev.portalkit.benchmarks.Probe   another main of this module
# The embedded PostgreSQL refuses to run as root: run this as another user, or as root with
# BENCH_USER naming an unprivileged user (the checkout is then handed to that user).
# Extra Maven options (say -o) go in MAVEN_ARGS. Results: printed, and written to benchmarks/target/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
main=dev.portalkit.benchmarks.Bench
if [[ "${1:-}" == "--class" ]]; then main=$2; shift 2; fi
as=()
if [[ $(id -u) == 0 ]]; then
    : "${BENCH_USER:?PostgreSQL refuses to run as root: set BENCH_USER to an unprivileged user}"
    chown -R "$BENCH_USER" .
    as=(runuser -u "$BENCH_USER" -- env HOME="$(getent passwd "$BENCH_USER" | cut -d: -f6)" PATH="$PATH")
fi
# shellcheck disable=SC2086
"${as[@]}" mvn -B -q ${MAVEN_ARGS:-} -pl benchmarks -am package dependency:build-classpath \
    -Dmdep.outputFile=target/runtime-cp.txt -DincludeScope=runtime -Dmaven.test.skip=true >/dev/null
cp="benchmarks/target/classes:$(cat benchmarks/target/runtime-cp.txt)"
"${as[@]}" java -Xmx1g -Dbench.root="$PWD" -cp "$cp" "$main" "$@" 2>&1 \
    | grep --line-buffered -v "^SLF4J" | tee benchmarks/target/results.md
