package dev.modelwatch.agent.library;

import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.config.AgentConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's site of the first library of a config, made as the agent makes it (the built-in
 * supports found with ServiceLoader, their sites bound to monitors), with its monitors, for tests
 * of attribution.
 */
public final class LibrarySites {
  public final Site site;
  public final List<ModelMonitor> monitors;

  private LibrarySites(Site site, List<ModelMonitor> monitors) {
    this.site = site;
    this.monitors = monitors;
  }

  public static LibrarySites of(AgentConfig config) {
    LibraryModels prepared =
        LibraryModels.prepare(
            config.models(), config.limits(), LibrarySupports.builtIn(), new AgentErrors());
    List<ModelMonitor> monitors = new ArrayList<>();
    for (int i = 0; i < config.models().size(); i++) {
      ModelMonitor monitor =
          new ModelMonitor(
              i,
              prepared.monitored(i),
              config.limits(),
              NumericSpec.Source.CONFIG_ONLY,
              prepared.input(i),
              prepared.output(i));
      prepared.bind(i, monitor);
      monitors.add(monitor);
    }
    return new LibrarySites(prepared.libraries().get(0).site(0), monitors);
  }
}
