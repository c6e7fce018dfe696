#!/usr/bin/env bash
# ModelWatch demo: builds what is missing, makes a training baseline, starts a model server with the
# agent attached, sends traffic in phases (normal, data drift, prior drift, normal again) and prints
# where to look. Stops cleanly on Ctrl-C and leaves no process behind.
#
# Settings (environment): APP_PORT (8080), AGENT_PORT (9464), PROM_PORT (9090, or the next free
# port), PHASE_SECONDS (60), RATE (rows per second, 200), DRIFT_WINDOW (the agent's drift window,
# 1m; 6 slices), NO_PROMETHEUS=1 to skip Prometheus, KEEP_DEMO_FILES=1 to keep the work directory
# (logs, baseline, Prometheus data).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

APP_PORT=${APP_PORT:-8080}
AGENT_PORT=${AGENT_PORT:-9464}
PHASE_SECONDS=${PHASE_SECONDS:-60}
RATE=${RATE:-200}
DRIFT_WINDOW=${DRIFT_WINDOW:-1m}
JAR=agent/target/modelwatch-agent.jar
CP_FILE=test-apps/target/app-classpath.txt
SCORER=test-apps/target/classes/dev/modelwatch/testapps/plain/ScoredTrainingData.class

fail() { echo "demo: $*" >&2; exit 1; }
command -v java >/dev/null 2>&1 || fail "java is not on the PATH; install a JDK 11 or newer (e.g. apt-get install -y openjdk-17-jdk) and run ./demo.sh again"
command -v curl >/dev/null 2>&1 || fail "curl is not on the PATH; install it (apt-get install -y curl) and run ./demo.sh again"
for port in "$APP_PORT" "$AGENT_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is taken; stop what listens there or choose others, e.g. APP_PORT=18080 AGENT_PORT=19464 ./demo.sh"
  fi
done

if [ ! -f "$JAR" ] || [ ! -f "$CP_FILE" ] || [ ! -f "$SCORER" ]; then
  command -v mvn >/dev/null 2>&1 || fail "$JAR or the test apps are not built and mvn is not on the PATH; install Maven 3.9+ and run ./demo.sh again"
  echo "== building the agent and the test apps (mvn -B -q package -DskipTests; a minute or two the first time) =="
  mvn -B -q package -DskipTests || fail "the build failed (see above); fix it, or build by hand with mvn -B package -DskipTests"
fi
CP="test-apps/target/classes:$(cat "$CP_FILE")"
export ORT_DISABLE_TELEMETRY=1 OPT_OUT_TRACKING=true

WORK=$(mktemp -d -t modelwatch-demo-XXXXXX)
cleanup() {
  trap - EXIT INT TERM
  echo
  echo "== stopping =="
  local pids
  pids=$(jobs -p)
  if [ -n "$pids" ]; then
    kill $pids 2>/dev/null || true
    for _ in $(seq 1 50); do
      local alive=
      for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ -n "$alive" ] || break
      sleep 0.1
    done
    kill -9 $pids 2>/dev/null || true
    wait 2>/dev/null || true
  fi
  if [ "${KEEP_DEMO_FILES:-}" = 1 ]; then
    echo "kept the demo's files in $WORK"
  else
    rm -rf "$WORK"
  fi
  echo "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# sleeps in the background so that Ctrl-C is handled at once
pause() { sleep "$1" & wait $!; }

echo "== making the training baseline (20000 scored training rows; work directory $WORK) =="
sed -E "s/window: 1m,/window: $DRIFT_WINDOW,/" deploy/demo/modelwatch.yaml >"$WORK/modelwatch.yaml"
java -cp "$CP" dev.modelwatch.testapps.plain.ScoredTrainingData --out "$WORK/wine-train.csv" --rows 20000
java -jar "$JAR" baseline --data "$WORK/wine-train.csv" --config "$WORK/modelwatch.yaml" --model wine \
  --out "$WORK/wine-baseline.yaml"

LOG=$WORK/server.log
echo
echo "== starting the model server on :$APP_PORT with the agent on :$AGENT_PORT (log: $LOG) =="
java -javaagent:"$JAR"=config="$WORK/modelwatch.yaml",port="$AGENT_PORT" -Dsun.net.httpserver.nodelay=true \
  -cp "$CP" dev.modelwatch.testapps.plain.PlainModelServer --port "$APP_PORT" >"$LOG" 2>&1 &
SERVER=$!
for _ in $(seq 1 150); do
  grep -q '^LISTENING' "$LOG" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG"; fail "the model server did not start (its log is above)"; }
  pause 0.2
done
grep -q '^LISTENING' "$LOG" || { cat "$LOG"; fail "the model server did not answer within 30 s (its log is above)"; }
grep '\[modelwatch\]' "$LOG" || true

PROM_URL=
if [ "${NO_PROMETHEUS:-}" != 1 ] && command -v prometheus >/dev/null 2>&1; then
  PROM_PORT=${PROM_PORT:-9090}
  while (exec 3<>"/dev/tcp/127.0.0.1/$PROM_PORT") 2>/dev/null; do PROM_PORT=$((PROM_PORT + 1)); done
  mkdir -p "$WORK/rules"
  # the shipped rules, with every "for:" shortened to 1m so that alerts fire during the demo, and the
  # fleet drift rules' 1-hour window set to the agent's drift window, so that Prometheus' fleet drift
  # describes the same rows as the agent's page (and leaves with them)
  for rules in alerts/*.rules.yml; do
    sed -E -e 's/^( +for: ).*/\11m/' -e "s/\\[1h\\]/[$DRIFT_WINDOW]/g" "$rules" >"$WORK/rules/$(basename "$rules")"
  done
  cat >"$WORK/prometheus.yml" <<YAML
global: {scrape_interval: 5s, evaluation_interval: 5s}
rule_files: ['$WORK/rules/*.rules.yml']
scrape_configs:
  - job_name: modelwatch-demo
    static_configs: [{targets: ['127.0.0.1:$AGENT_PORT']}]
YAML
  prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prometheus-data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
  PROM_URL="http://localhost:$PROM_PORT"
  echo "== Prometheus on :$PROM_PORT with the shipped rules (for: shortened to 1m, fleet drift over $DRIFT_WINDOW), scraping the agent every 5 s (log: $WORK/prometheus.log) =="
fi

echo
look() { printf '%-10s%-40s %s\n' "$1" "$2" "$3"; }
look "Look at:" "http://localhost:$AGENT_PORT/" "the agent's drift page (reloads every 5 s)"
look "" "http://localhost:$AGENT_PORT/metrics" "the metrics: curl -s localhost:$AGENT_PORT/metrics | grep '^model_'"
look "" "http://localhost:$AGENT_PORT/api/models" "the page's data as JSON"
if [ -n "$PROM_URL" ]; then
  look "" "$PROM_URL/alerts" "the shipped alerts going pending, then firing"
else
  echo "          (install Prometheus, e.g. apt-get install -y prometheus, to see the shipped alerts fire as well)"
fi
echo "The drift window is $DRIFT_WINDOW: a change shows within seconds and is gone $DRIFT_WINDOW after it ends."
echo

# Prints the agent's verdict on every feature and output, from /metrics: the columns whose
# model_feature_drift_status / model_output_drift_status is 2 (drift) or 1 (warning), as the page and
# /api/models show them (the same rule: the test rejects and an effect size reaches its threshold).
status() {
  curl -s "localhost:$AGENT_PORT/metrics" | awk -v prefix="${1:-}" '
    /^model_drift_window_samples\{/ { samples = $NF }
    /^model_(feature|output)_drift_status\{/ {
      match($0, /(feature|output)="[^"]*"/)
      name = substr($0, RSTART, RLENGTH)
      sub(/^[a-z]*="/, "", name); sub(/"$/, "", name)
      if ($0 ~ /^model_output/) name = name " (output)"
      if ($NF + 0 == 2) drift[++nd] = name
      else if ($NF + 0 == 1) warn[++nw] = name
    }
    function sorted(list, n,    i, j, t, text) {
      # sorted, so that consecutive lines read alike
      for (i = 2; i <= n; i++) {
        for (j = i; j > 1 && list[j - 1] > list[j]; j--) { t = list[j]; list[j] = list[j - 1]; list[j - 1] = t }
      }
      text = ""
      for (i = 1; i <= n; i++) text = text (i > 1 ? ", " : "") list[i]
      return n == 0 ? "none" : text
    }
    END {
      printf "   %s%d values in the window; drift: %s; warning: %s\n", prefix, samples, sorted(drift, nd), sorted(warn, nw)
    }' || true
}

phase() {
  local name=$1 seed=$2
  shift 2
  echo "== phase: $name ($PHASE_SECONDS s at $RATE rows/s) =="
  java -cp "$CP" dev.modelwatch.testapps.traffic.TrafficGenerator --url "http://127.0.0.1:$APP_PORT/predict" \
    --rows $((PHASE_SECONDS * RATE)) --rate "$RATE" --threads 2 --seed "$seed" "$@" >"$WORK/traffic.log" 2>&1 &
  local traffic=$!
  local waited=0
  while kill -0 "$traffic" 2>/dev/null; do
    pause 1
    waited=$((waited + 1))
    if [ $((waited % 10)) = 0 ]; then status; fi
  done
  wait "$traffic" || { cat "$WORK/traffic.log"; fail "the traffic generator failed (its output is above)"; }
  grep '^SUMMARY' "$WORK/traffic.log" | awk '{ print "   sent:", $2, $3, $4, $5 }' || true
  status "end of phase ${name%% *}: "
}

phase "1/4 normal traffic, like the training data" 1 --mode normal
phase "2/4 data drift: alcohol and pH shifted by 2 standard deviations" 2 --mode data-drift --drift-features alcohol,pH --shift 2
phase "3/4 prior drift: 80% of the wines are of high quality (the output, and alcohol and volatile acidity that make a wine good)" 3 --mode prior-drift --high-share 0.8
phase "4/4 back to normal: drift leaves the $DRIFT_WINDOW window" 4 --mode normal

echo
echo "Done sending. The server keeps running: look at the URLs above. Press Ctrl-C to stop."
while kill -0 "$SERVER" 2>/dev/null; do pause 5; done
echo "the model server stopped (its log: $LOG)"
