#!/usr/bin/env bash
# ModelWatch demo: builds what is missing, starts a model server with the agent attached, sends
# traffic, and prints where to look. Stops cleanly on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")"

APP_PORT=${APP_PORT:-8080}
AGENT_PORT=${AGENT_PORT:-9464}
JAR=agent/target/modelwatch-agent.jar
CP_FILE=test-apps/target/app-classpath.txt

if [ ! -f "$JAR" ] || [ ! -f "$CP_FILE" ] || [ ! -d test-apps/target/classes ]; then
  echo "== building (mvn -B -q package -DskipTests) =="
  mvn -B -q package -DskipTests
fi
CP="test-apps/target/classes:$(cat "$CP_FILE")"
export ORT_DISABLE_TELEMETRY=1 OPT_OUT_TRACKING=true

pids=()
cleanup() {
  echo
  echo "== stopping =="
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

LOG=$(mktemp -t modelwatch-demo-XXXX.log)
echo "== starting the model server on :$APP_PORT with the agent on :$AGENT_PORT (log: $LOG) =="
java -javaagent:"$JAR"=config=deploy/demo/modelwatch.yaml,port="$AGENT_PORT" -Dsun.net.httpserver.nodelay=true \
  -cp "$CP" dev.modelwatch.testapps.plain.PlainModelServer --port "$APP_PORT" >"$LOG" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  grep -q '^LISTENING' "$LOG" && break
  if ! kill -0 "${pids[0]}" 2>/dev/null; then cat "$LOG"; echo "the server did not start (see above)"; exit 1; fi
  sleep 0.2
done
grep '\[modelwatch\]' "$LOG" || true

echo
echo "Look at:  http://localhost:$AGENT_PORT/metrics      (curl -s localhost:$AGENT_PORT/metrics | grep '^model_')"
echo "          http://localhost:$AGENT_PORT/-/healthy"
echo

phase() {
  echo "== phase: $1 =="
  shift
  java -cp "$CP" dev.modelwatch.testapps.traffic.TrafficGenerator --url "http://127.0.0.1:$APP_PORT/predict" "$@" | grep --line-buffered -E '^(PROGRESS|SUMMARY)' || true
  curl -s "localhost:$AGENT_PORT/metrics" | grep -E '^model_predictions_total|^model_prediction_errors_total|^model_feature_missing_total\{model="wine",feature="alcohol"\}' || true
}

phase "normal traffic (2000 rows)" --mode normal --rows 2000 --rate 400 --seed 1
phase "data drift on alcohol and pH (2000 rows)" --mode data-drift --drift-features alcohol,pH --shift 2 --rows 2000 --rate 400 --seed 2
phase "corrupt rows: NaN, empty fields, short rows (500 rows)" --mode corrupt --corrupt-share 0.3 --rows 500 --rate 200 --seed 3

echo
echo "The server keeps running: look at the URLs above. Press Ctrl-C to stop."
wait "${pids[0]}"
