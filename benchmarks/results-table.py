#!/usr/bin/env python3
"""Turns the JMH JSON written by benchmarks/run.sh into the markdown tables of README.md, Benchmarks.

usage: python3 benchmarks/results-table.py benchmarks/results/jmh-results.json [> table.md]
"""
import json
import os
import platform
import sys


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def short(name):
    return name.rsplit(".", 2)[-2] + "." + name.rsplit(".", 1)[-1]


def main(path):
    with open(path) as f:
        runs = json.load(f)
    if not runs:
        sys.exit("no results in " + path)
    # (model, variant, threads) -> (ns/op, error, bytes/op)
    calls = {}
    scrape = []
    for r in runs:
        bench = r["benchmark"].rsplit(".", 1)
        cls, method = bench[0].rsplit(".", 1)[-1], bench[1]
        agent = r["params"]["agent"]
        metric = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        if cls == "ScrapeBenchmark":
            scrape.append((method, r))
            continue
        model = "Linear, a new virtual thread per call" if cls == "VirtualThreadBenchmark" else cls.replace("Benchmark", "")
        variant = "hand-written" if method == "handWritten" else ("uninstrumented" if agent == "none" else "agent " + agent)
        calls[(model, variant, r["threads"])] = (metric["score"], metric["scoreError"], alloc)

    first = runs[0]
    out = []
    settings = "-f %s -wi %s -w %s -i %s -r %s" % (
        first["forks"], first["warmupIterations"], first["warmupTime"],
        first["measurementIterations"], first["measurementTime"])
    jdks = sorted({"%s %s" % (r["vmName"], r["jdkVersion"]) for r in runs})
    out.append("Measured with `benchmarks/run.sh` (JMH %s, `%s`), %s, %s, %d cores."
               % (first.get("jmhVersion", "?"), settings, " and ".join(jdks), cpu_model(), os.cpu_count()))
    if any(r["params"]["agent"].startswith("previous") for r in runs):
        out.append("`agent previous` is the agent built from the previous release, run in the same run"
                   " (`--previous-agent-jar`); the virtual-thread rows run on the JDK given by `--virtual-jvm`.")
    if calls:
        out.append("")
        out.append("| model | variant | threads | ns/call | ± | added ns/call | added % | calls/µs (all threads) | B/call |")
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    models = []
    for (model, _, _) in calls:
        if model not in models:
            models.append(model)
    order = ["uninstrumented", "hand-written", "agent previous sampling-1.0", "agent timing-every",
             "agent sampling-1.0",
             "agent discovered", "agent sampling-0.1", "agent unsampled", "agent capture-unsampled",
             "agent text", "agent embedding"]
    for model in models:
        for threads in (1, 2):
            base = calls.get((model, "uninstrumented", threads))
            for variant in order:
                v = calls.get((model, variant, threads))
                if v is None:
                    continue
                score, err, alloc = v
                err = float(err) if err not in (None, "NaN") else float("nan")
                added = "" if base is None or variant == "uninstrumented" else "%+.1f" % (score - base[0])
                pct = "" if base is None or variant == "uninstrumented" else "%+.1f %%" % ((score - base[0]) / base[0] * 100)
                throughput = threads * 1000.0 / score
                out.append("| %s | %s | %d | %.1f | %.1f | %s | %s | %.2f | %s |" % (
                    model, variant, threads, score, err, added, pct, throughput,
                    "" if alloc is None else "%.1f" % alloc))
    # scaling of each variant: 2-thread throughput over its own 1-thread throughput
    if calls:
        out.append("")
        out.append("| model | variant | 2-thread / 1-thread throughput |")
        out.append("|---|---|---:|")
    for model in models:
        for variant in order:
            one, two = calls.get((model, variant, 1)), calls.get((model, variant, 2))
            if one and two:
                out.append("| %s | %s | %.2fx |" % (model, variant, (2.0 / two[0]) / (1.0 / one[0])))
    if scrape:
        out.append("")
        out.append("Scrape of 30 models x 50 features (`ScrapeBenchmark`, sample time, µs):")
        out.append("")
        out.append("| agent config | measurement | p50 | p90 | p99 | max | B/op |")
        out.append("|---|---|---:|---:|---:|---:|---:|")
        labels = {"scrape": "scrape (GET /metrics) while predicting",
                  "predict": "prediction on another thread during scrapes",
                  "predictAlone": "prediction, no scrape"}
        for method, r in scrape:
            if method == "underLoad":
                # the group's primary metric mixes both threads: show each thread's own
                for name, sec in sorted(r.get("secondaryMetrics", {}).items()):
                    if name in labels:
                        out.append(percentile_row(r["params"]["agent"], labels[name], sec, None))
            else:
                alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
                out.append(percentile_row(r["params"]["agent"], labels.get(method, method), r["primaryMetric"], alloc))
    print("\n".join(out))


def percentile_row(config, label, metric, alloc):
    p = metric.get("scorePercentiles", {})
    return "| %s | %s | %s | %s | %s | %s | %s |" % (
        config, label, fmt(p.get("50.0")), fmt(p.get("90.0")), fmt(p.get("99.0")), fmt(p.get("100.0")),
        "" if alloc is None else "%.0f" % alloc)


def fmt(v):
    return "" if v is None else ("%.1f" % v if v >= 10 else "%.3f" % v)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results/jmh-results.json")
