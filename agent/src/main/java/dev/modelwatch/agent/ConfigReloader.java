package dev.modelwatch.agent;

import dev.modelwatch.agent.library.LibrarySupports;
import dev.modelwatch.agent.metrics.ConfigReloadCounts;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
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
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Re-reads the config when it or a baseline file it names changes, checking the files every {@code
 * reload_interval} on a thread of its own ({@link FileCheckThread}), never the scheduler thread
 * that rotates drift windows. A changed file is loaded once it has stayed unchanged across two
 * checks after the one that first saw it, so a file written in parts is not loaded half-way (unless
 * the parts are further apart than that; a file moved into place is always whole). Files back as
 * they were when the config in force was loaded change nothing. A valid config replaces the
 * generation in force: the new advice is installed, the bridge switches to the new recorder (one
 * volatile write), then the old advice is removed and its timed work stopped. An invalid config, or
 * one whose baseline cannot be used, is logged with every problem and the previous config stays in
 * force. Both are counted in {@code modelwatch_agent_config_reloads_total{result}}.
 */
final class ConfigReloader {
  /** Checks that must see a changed file the same: the first sight, then two unchanged. */
  static final int SIGHTINGS = 3;

  /** A check that has not returned after this long (or five intervals, if longer) is reported. */
  static final Duration STUCK_AFTER = Duration.ofSeconds(10);

  private final Path configFile;
  private final AgentArguments arguments;
  private final AgentConfig started;
  private final Instrumentation instrumentation;
  private final ScheduledExecutorService scheduler;
  private final AgentErrors errors;
  private final ConfigReloadCounts counts;
  private final AtomicReference<AgentRuntime> current;
  // the fields below are guarded by this; no file is read while holding it
  private int nextSiteId;

  /** The watched files; read without the lock for the message about a stuck check. */
  private volatile List<Path> watched;

  /** The files as the config in force was loaded: seeing them again changes nothing. */
  private WatchedFiles.Fingerprint inForce;

  /**
   * The files as last applied, rejected or found back as in force: no action until they differ from
   * it.
   */
  private WatchedFiles.Fingerprint settled;

  /**
   * The files at the previous check; also where an unchanged file's state is taken from, unread.
   */
  private WatchedFiles.Fingerprint lastSeen;

  /**
   * How many checks in a row have seen the files as {@link #lastSeen}, when they differ from {@link
   * #settled}.
   */
  private int sightings;

  /**
   * @param nextSiteId the first site id no generation has used yet
   * @param loaded the watched files as they were when {@code started} was read
   */
  private final LibrarySupports libraries;

  ConfigReloader(
      AgentArguments arguments,
      AgentConfig started,
      Instrumentation instrumentation,
      ScheduledExecutorService scheduler,
      AgentErrors errors,
      ConfigReloadCounts counts,
      AtomicReference<AgentRuntime> current,
      int nextSiteId,
      WatchedFiles.Fingerprint loaded,
      LibrarySupports libraries) {
    this.libraries = libraries;
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
    this.inForce = loaded;
    this.settled = loaded;
    this.lastSeen = loaded;
  }

  /** Starts watching, unless {@code reload_interval} is off. */
  void start() {
    Duration interval = started.reloadInterval();
    if (interval.isZero()) {
      return;
    }
    Duration stuckAfter =
        interval.multipliedBy(5).compareTo(STUCK_AFTER) > 0
            ? interval.multipliedBy(5)
            : STUCK_AFTER;
    new FileCheckThread(
            scheduler,
            this::check,
            () -> current.get().config().reloadInterval(),
            stuckAfter,
            () -> String.join(", ", watched.stream().map(Path::toString).toArray(String[]::new)),
            errors,
            AgentLog::warn)
        .start();
  }

  /**
   * One check, on the file-check thread; its results are dropped if {@code run} was given up as
   * stuck.
   */
  void check(FileCheckThread.Run run) {
    try {
      checkFiles(run);
    } finally {
      if (run.current()) {
        counts.countCheck(); // last: a test that sees the count sees what the check did
      }
    }
  }

  private void checkFiles(FileCheckThread.Run run) {
    List<Path> files;
    WatchedFiles.Fingerprint previous;
    synchronized (this) {
      files = watched;
      previous = lastSeen;
    }
    WatchedFiles.Fingerprint now = WatchedFiles.read(files, previous).fingerprint();
    synchronized (this) {
      if (!run.current()) {
        return;
      }
      sightings = now.equals(lastSeen) ? sightings + 1 : 1;
      lastSeen = now;
      if (now.equals(settled)) {
        return;
      }
      if (now.equals(inForce)) {
        settled = now;
        AgentLog.info(
            "the watched files are again as they were when the config in force was loaded; nothing changes");
        return;
      }
      if (sightings < SIGHTINGS) {
        return; // changed, and maybe still being written: look again at the next check
      }
    }
    reload(run, now);
  }

  private void reload(FileCheckThread.Run run, WatchedFiles.Fingerprint seen) {
    AgentConfig next;
    try {
      next =
          ConfigLoader.load(configFile, libraries.catalog())
              .withServerOverrides(arguments.port(), arguments.host());
    } catch (ConfigException | RuntimeException e) {
      reject(
          run,
          seen,
          "the changed config is invalid; the previous config stays in force (fix the file: it is read again"
              + " when it changes):\n"
              + e.getMessage(),
          null);
      return;
    }
    List<Path> files = WatchedFiles.of(configFile, next);
    WatchedFiles.Fingerprint applied = WatchedFiles.read(files, seen).fingerprint();
    int firstSiteId;
    synchronized (this) {
      firstSiteId = nextSiteId;
    }
    AgentRuntime fresh;
    try {
      fresh = AgentRuntime.buildReloaded(next, firstSiteId, errors, libraries);
    } catch (AgentRuntime.UnusableBaselineException e) {
      reject(
          run,
          seen,
          "the changed config is rejected: model '"
              + e.model()
              + "': its baseline cannot be used; the previous"
              + " config and baselines stay in force (fix the file: it is read again when it changes):\n"
              + e.getMessage(),
          null);
      return;
    } catch (RuntimeException e) {
      errors.record(ErrorStage.INSTALL, e);
      reject(
          run,
          seen,
          "the changed config could not be set up; the previous config stays in force",
          e);
      return;
    }
    synchronized (this) {
      if (!run.current()) {
        return; // given up as stuck while reading: a later check has taken over
      }
      apply(next, fresh, files, applied);
    }
  }

  private void reject(
      FileCheckThread.Run run, WatchedFiles.Fingerprint seen, String message, Throwable cause) {
    synchronized (this) {
      if (!run.current()) {
        return;
      }
      settled = seen; // said once; read again when the files change again
      AgentLog.error(message, cause);
      counts.countRejected();
    }
  }

  private void apply(
      AgentConfig next, AgentRuntime fresh, List<Path> files, WatchedFiles.Fingerprint applied) {
    AgentRuntime old = current.get();
    nextSiteId += fresh.sites().size();
    // swap: new advice in, dispatch switched atomically, old advice out; calls meanwhile may go
    // unrecorded
    fresh.instrument(instrumentation);
    current.set(fresh);
    ModelWatchBridge.install(fresh.recorder());
    old.stop(instrumentation);
    fresh.start(scheduler, "the config reload");
    watched = files;
    inForce = applied;
    settled = applied;
    lastSeen = applied;
    AgentLog.info(describe(old.config(), next));
    List<String> serverChanges = ServerSettingsChange.between(started.server(), next.server());
    if (!serverChanges.isEmpty()) {
      AgentLog.warn(
          "the reloaded config changes "
              + String.join(", ", serverChanges)
              + ": server settings take effect only"
              + " when the application restarts; the endpoint keeps running as started");
    }
    if (!Objects.equals(String.valueOf(started.push()), String.valueOf(next.push()))) {
      AgentLog.warn(
          "the reloaded config changes push: push settings take effect only when the application restarts; the"
              + " agent keeps pushing as started");
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
    return "config reloaded from "
        + configFile
        + ": watching "
        + monitored
        + " model(s); added "
        + names(added)
        + ", removed "
        + names(removed)
        + ", changed "
        + names(changed)
        + ", unchanged "
        + names(unchanged)
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
