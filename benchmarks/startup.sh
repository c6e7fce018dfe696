#!/usr/bin/env bash
# Start-up cost of the agent, in fresh JVMs, alternating with and without it:
#   1. a Spring Boot 4 web app with one Tribuo model (benchmarks/spring-app), N cold starts per variant:
#      Spring's "process running for", its ratio, and the agent's premain-to-ready time
#   2. a JVM loading 20,000 generated classes that match nothing: microseconds per class
#   benchmarks/startup.sh                                     # the agent jar of this tree, 7 runs each
#   RUNS=11 benchmarks/startup.sh
#   AGENTS="before=/tmp/old.jar after=agent/target/modelwatch-agent.jar" benchmarks/startup.sh   # compare builds
#   SKIP_BUILD=1 ONLY=classes benchmarks/startup.sh           # ONLY=spring or ONLY=classes
# Writes benchmarks/results/startup-spring-boot.md and startup-class-load.md. About 5 minutes with the
# defaults on 2 cores; run one benchmark at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
RUNS=${RUNS:-7}
RESULTS=${RESULTS:-benchmarks/results}
AGENTS=${AGENTS:-agent=agent/target/modelwatch-agent.jar}
export ORT_DISABLE_TELEMETRY=1 OPT_OUT_TRACKING=true

if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -o install -pl agent-extension-api,agent-config,agent -DskipTests
  mvn -B -q -o package -pl benchmarks,benchmarks/spring-app -DskipTests
fi
CP="benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)"
AGENT_ARGS=()
for agent in $AGENTS; do
  AGENT_ARGS+=(--agent "$agent")
done

if [[ "${ONLY:-spring}" == spring || -z "${ONLY:-}" ]]; then
  "$JAVA" -cp "$CP" dev.modelwatch.benchmarks.footprint.SpringBootStartup \
    --app-classpath "benchmarks/spring-app/target/classes:$(cat benchmarks/spring-app/target/app-classpath.txt)" \
    "${AGENT_ARGS[@]}" --runs "$RUNS" --out "$RESULTS/startup-spring-boot.md"
fi
if [[ "${ONLY:-classes}" == classes || -z "${ONLY:-}" ]]; then
  # Tribuo on the class path: the class loader sees the configured library, as in a model server
  TRIBUO=$(tr ':' '\n' < benchmarks/target/benchmark-classpath.txt | grep '/org/tribuo/' | paste -sd: -)
  "$JAVA" -cp "$CP" dev.modelwatch.benchmarks.footprint.ClassLoadCost --library-classpath "$TRIBUO" \
    "${AGENT_ARGS[@]}" --runs "$RUNS" --classes "${CLASSES:-20000}" --out "$RESULTS/startup-class-load.md"
fi
