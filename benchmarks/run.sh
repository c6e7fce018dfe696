#!/usr/bin/env bash
# Builds the agent and the benchmarks, then runs every benchmark pass and writes the results:
#   benchmarks/run.sh                      # defaults below, results in benchmarks/results/
#   benchmarks/run.sh -prof gc -i 10       # extra JMH options are passed through
#   PASSES=none,agent MODELS=Linear benchmarks/run.sh
#   STARTUP=0 CPU=0 benchmarks/run.sh      # skip start-up/heap and the CPU-time measurements
#   PREVIOUS_AGENT=/tmp/old-agent.jar VIRTUAL_JVM=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/run.sh
# About 15 minutes with the defaults on 2 cores. Run one benchmark run at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
RESULTS=${RESULTS:-benchmarks/results/jmh-results.json}
PASSES=${PASSES:-none,agent,sampling-0.1,unsampled,scrape-30x50}
MODELS=${MODELS:-Linear|Mlp|Categorical|Tribuo|Onnx}
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
# PREVIOUS_AGENT=old.jar adds the pass 'previous' (the same benchmarks with an earlier agent build);
# VIRTUAL_JVM=/path/to/jdk21+/bin/java adds the pass 'virtual' (a new virtual thread per call)
EXTRA=()
if [[ -n "${PREVIOUS_AGENT:-}" ]]; then
  EXTRA+=(--previous-agent-jar "$PREVIOUS_AGENT")
  [[ ",$PASSES," == *",previous,"* ]] || PASSES="$PASSES,previous"
fi
if [[ -n "${VIRTUAL_JVM:-}" ]]; then
  EXTRA+=(--virtual-jvm "$VIRTUAL_JVM")
  [[ ",$PASSES," == *",virtual,"* ]] || PASSES="$PASSES,virtual"
fi
"$JAVA" -cp "$CP" dev.modelwatch.benchmarks.BenchmarkRunner \
  --agent-jar agent/target/modelwatch-agent.jar --results "$RESULTS" \
  --passes "$PASSES" --models "$MODELS" "${EXTRA[@]}" "$@"
python3 benchmarks/results-table.py "$RESULTS" | tee "${RESULTS%.json}.md"

if [[ "${STARTUP:-1}" != 0 ]]; then
  # start-up time and retained heap, each in fresh JVMs with and without the agent
  "$JAVA" -cp "$CP" dev.modelwatch.benchmarks.footprint.StartupFootprint \
    --agent-jar agent/target/modelwatch-agent.jar \
    --app-classpath "test-apps/target/classes:$(cat test-apps/target/app-classpath.txt)" \
    --runs "${STARTUP_RUNS:-5}" --out "$(dirname "$RESULTS")/startup-footprint.md"
fi

if [[ "${CPU:-1}" != 0 ]]; then
  # CPU time per call of the calling thread: robust to other work on the machine
  "$JAVA" -cp "$CP" dev.modelwatch.benchmarks.footprint.CpuCost \
    --agent-jar agent/target/modelwatch-agent.jar --out "$(dirname "$RESULTS")/cpu-cost.md"
fi
