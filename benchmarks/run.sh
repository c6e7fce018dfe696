#!/usr/bin/env bash
# Builds the agent and the benchmarks, then runs every benchmark pass and writes the results:
#   benchmarks/run.sh                      # defaults below, results in benchmarks/results/
#   benchmarks/run.sh -prof gc -i 10       # extra JMH options are passed through
#   PASSES=none,agent MODELS=Linear benchmarks/run.sh
# Needs 2+ cores and about 25 minutes with the defaults. Run one benchmark run at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
RESULTS=${RESULTS:-benchmarks/results/jmh-results.json}
PASSES=${PASSES:-none,agent,sampling-0.1,unsampled,scrape-30x50}
MODELS=${MODELS:-Linear|Mlp|Tribuo|Onnx}
JAVA=${JAVA:-java}
# ONNX Runtime must not try to reach outside hosts
export ORT_DISABLE_TELEMETRY=1 OPT_OUT_TRACKING=true

if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -o -pl benchmarks -am package -DskipTests
fi
CP="benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)"
if [[ $# -eq 0 ]]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
fi
"$JAVA" -cp "$CP" dev.modelwatch.benchmarks.BenchmarkRunner \
  --agent-jar agent/target/modelwatch-agent.jar --results "$RESULTS" \
  --passes "$PASSES" --models "$MODELS" "$@"
python3 benchmarks/results-table.py "$RESULTS"
