#!/usr/bin/env bash
# The test command: installs what the tests need where it can, then runs `mvn -B verify`
# (extra arguments go to Maven, e.g. ./test.sh -pl agent -am). Quiet and quick when all is there.
#
# Installed with apt-get (Debian), when missing and when running as root or with sudo:
#   prometheus              promtool, for the alert-rule tests, and the Prometheus the stack tests start
#                           themselves on free ports
#   chromium                the headless browser of the page tests
#   prometheus-pushgateway  the Pushgateway of the push tests
#   openssl                 the self-signed certificate of the HTTPS push test
#   libgomp1                OpenMP, loaded by XGBoost4J's native library (the XGBoost tests)
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v prometheus-pushgateway >/dev/null 2>&1 || need+=(prometheus-pushgateway)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# grep reads the whole list (no -q), so that pipefail sees no SIGPIPE from ldconfig
if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep 'libgomp\.so\.1' >/dev/null; then
  need+=(libgomp1)
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    sudo=(none)
  fi
  if [ "${sudo[*]}" = none ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: cannot install ${need[*]} here (needs apt-get as root); the tests that use them will say so" >&2
  else
    export DEBIAN_FRONTEND=noninteractive
    echo "test.sh: installing ${need[*]}" >&2
    # the packages' own services are not started (the tests run their own on free ports, and nothing is
    # stopped by name afterwards); a policy-rc.d already there is left as it is
    made_policy=false
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
      "${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d
      made_policy=true
    fi
    "${sudo[@]}" apt-get update -q >/dev/null
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
    if [ "$made_policy" = true ]; then
      "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
    fi
  fi
fi

exec mvn -B verify "$@"
