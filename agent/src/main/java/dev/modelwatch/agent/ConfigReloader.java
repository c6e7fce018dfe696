package dev.modelwatch.agent;

import dev.modelwatch.agent.metrics.ConfigReloadCounts;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.bootstrap.ModelWatchBridge;
import dev.modelwatch.config.AgentArguments;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigException;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Re-reads the config when it or a baseline file it names changes, on the agent's scheduler thread
 * every {@code reload_interval}. A change is acted on once the files read the same at two checks
 * in a row (a file being written is not loaded half-way). A valid config replaces the generation
 * in force: the new advice is installed, the bridge switches to the new recorder (one volatile
 * write), then the old advice is removed and its timed work stopped. An invalid config is logged
 * with every problem and the previous config stays in force. Both are counted in
 * {@code modelwatch_agent_config_reloads_total{result}}.
 */
final class ConfigReloader {
  private final Path configFile;
  private final AgentArguments arguments;
  private final AgentConfig started;
  private final Instrumentation instrumentation;
  private final ScheduledExecutorService scheduler;
  private final AgentErrors errors;
  private final ConfigReloadCounts counts;
  private final AtomicReference<AgentRuntime> current;
  // the fields below are only used on the scheduler thread
  private int nextSiteId;
  private List<Path> watched;
  /** The files as last applied or rejected: no action until they differ from it. */
  private WatchedFiles.Fingerprint settled;
  /** The files at the previous check. */
  private WatchedFiles.Fingerprint lastSeen;

  /**
   * @param nextSiteId the first site id no generation has used yet
   * @param loaded the watched files as they were when {@code started} was read
   */
  ConfigReloader(
      AgentArguments arguments,
      AgentConfig started,
      Instrumentation instrumentation,
      ScheduledExecutorService scheduler,
      AgentErrors errors,
      ConfigReloadCounts counts,
      AtomicReference<AgentRuntime> current,
      int nextSiteId,
      WatchedFiles.Fingerprint loaded) {
    this.configFile = arguments.configPath();
    this.arguments = arguments;
    this.started = started;
    this.instrumentation = instrumentation;
    this.scheduler = scheduler;
    this.errors = errors;
    this.counts = counts;
    this.current = current;
    this.nextSiteId = nextSiteId;
    this.watched = loaded.files();
    this.settled = loaded;
    this.lastSeen = loaded;
  }

  /** Starts watching, unless {@code reload_interval} is off. */
  void start() {
    schedule(started.reloadInterval());
  }

  private void schedule(Duration interval) {
    if (!interval.isZero()) {
      scheduler.schedule(this::tick, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    try {
      check();
      counts.countCheck();
    } catch (Throwable t) {
      errors.record("install", t); // a failed check must not end the watching
    } finally {
      schedule(current.get().config().reloadInterval());
    }
  }

  /** One check; public to the package so tests can drive it without waiting. */
  void check() {
    WatchedFiles.Fingerprint now = WatchedFiles.fingerprint(watched);
    if (now.equals(settled) || !now.equals(lastSeen)) {
      lastSeen = now; // unchanged, or still changing: look again at the next check
      return;
    }
    reload(now);
  }

  private void reload(WatchedFiles.Fingerprint seen) {
    AgentConfig next;
    try {
      next = ConfigLoader.load(configFile).withServerOverrides(arguments.port(), arguments.host());
    } catch (ConfigException | RuntimeException e) {
      settled = seen; // said once; read again when the files change again
      AgentLog.error(
          "the changed config is invalid; the previous config stays in force (fix the file: it is read again"
              + " when it changes):\n"
              + e.getMessage(),
          null);
      counts.countRejected();
      return;
    }
    List<Path> files = WatchedFiles.of(configFile, next);
    WatchedFiles.Fingerprint applied = WatchedFiles.fingerprint(files);
    AgentRuntime old = current.get();
    AgentRuntime fresh;
    try {
      fresh = AgentRuntime.build(next, nextSiteId, errors);
    } catch (RuntimeException e) {
      settled = seen;
      errors.record("install", e);
      AgentLog.error("the changed config could not be set up; the previous config stays in force", e);
      counts.countRejected();
      return;
    }
    nextSiteId += fresh.sites().size();
    // swap: new advice in, dispatch switched atomically, old advice out; calls meanwhile may go unrecorded
    fresh.instrument(instrumentation);
    current.set(fresh);
    ModelWatchBridge.install(fresh.recorder());
    old.stop(instrumentation);
    fresh.start(scheduler, "the config reload");
    watched = files;
    settled = applied;
    lastSeen = applied;
    AgentLog.info(describe(old.config(), next));
    List<String> serverChanges = ServerSettingsChange.between(started.server(), next.server());
    if (!serverChanges.isEmpty()) {
      AgentLog.warn(
          "the reloaded config changes " + String.join(", ", serverChanges) + ": server settings take effect only"
              + " when the application restarts; the endpoint keeps running as started");
    }
    if (next.reloadInterval().isZero()) {
      AgentLog.info(
          "reload_interval is off in the reloaded config: the files are no longer watched; restart the application"
              + " to watch them again");
    }
    counts.countApplied(); // last: once counted, the reload is complete and said
  }

  /** One line: which models were added, removed or changed. */
  private String describe(AgentConfig before, AgentConfig after) {
    Map<String, ModelConfig> old = byName(before);
    Map<String, ModelConfig> next = byName(after);
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (Map.Entry<String, ModelConfig> model : next.entrySet()) {
      ModelConfig was = old.get(model.getKey());
      if (was == null) {
        added.add(model.getKey());
      } else if (!was.toString().equals(model.getValue().toString())) {
        changed.add(model.getKey());
      } else {
        unchanged.add(model.getKey());
      }
    }
    List<String> removed = new ArrayList<>();
    for (String name : old.keySet()) {
      if (!next.containsKey(name)) {
        removed.add(name);
      }
    }
    int monitored = current.get().models().size();
    return "config reloaded from " + configFile + ": watching " + monitored + " model(s); added " + names(added)
        + ", removed " + names(removed) + ", changed " + names(changed) + ", unchanged " + names(unchanged)
        + "; every model's metrics start again from 0";
  }

  private static Map<String, ModelConfig> byName(AgentConfig config) {
    Map<String, ModelConfig> models = new LinkedHashMap<>();
    for (ModelConfig model : config.models()) {
      models.put(model.name(), model);
    }
    return models;
  }

  private static String names(List<String> names) {
    return names.isEmpty() ? "none" : "'" + String.join("', '", names) + "'";
  }
}
