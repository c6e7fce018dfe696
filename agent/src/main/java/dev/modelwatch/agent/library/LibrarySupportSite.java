package dev.modelwatch.agent.library;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.record.IdentityLookup;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.agent.record.UnmatchedCalls;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.LibrarySupport;
import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.extension.SiteContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one instrumentation site of every configured model of a library: asks the support's {@link
 * LibrarySite} which model a library instance belongs to, once per instance (remembered by
 * identity, without keeping the instance alive; lock-free afterwards). The first call of a model's
 * first instance binds what the instance tells ({@link TrainingStatistics}) and, for a model
 * configured without features, the features it has ({@link FeatureDiscovery}). Helper hooks reach
 * the support's site through {@link #created}.
 */
public final class LibrarySupportSite extends Site {
  private final LibrarySupport support;
  private final LibrarySite site;
  private final List<MethodHook> hooks;

  /** Copy on write: a model is replaced once when its features are discovered. */
  private volatile ModelMonitor[] models;

  /** Per model, until its first instance's first call; guarded by the lookup's lock. */
  private final boolean[] firstCallDone;

  /** Per model configured without features whose support discovers them; null once done. */
  private final FeatureDiscovery[] discoveries;

  private final IdentityLookup<ModelMonitor> byInstance = new IdentityLookup<>(this::resolve);

  LibrarySupportSite(
      int id,
      LibrarySupport support,
      LibrarySite site,
      List<MethodHook> hooks,
      List<ModelMonitor> models,
      FeatureDiscovery[] discoveries) {
    super(
        id,
        support.library() + ": " + predictHooks(hooks) + " (" + models.size() + " model(s))",
        null);
    this.support = support;
    this.site = site;
    this.hooks = List.copyOf(hooks);
    this.models = models.toArray(new ModelMonitor[0]);
    this.firstCallDone = new boolean[this.models.length];
    this.discoveries = discoveries.clone();
  }

  @Override
  public String library() {
    return support.library();
  }

  @Override
  public ModelMonitor modelFor(Object self) {
    return modelFor(self, null);
  }

  @Override
  public ModelMonitor modelFor(Object self, Object input) {
    ModelMonitor model = self == null ? resolveStatic() : byInstance.get(self, input);
    if (model == null) {
      countUnmatched();
    }
    return model;
  }

  @Override
  public void created(int hook, Object instance, Object source) {
    if (hook >= 0 && hook < hooks.size() && instance != null) {
      site.observed(hooks.get(hook), instance, source);
    }
  }

  /** A static predict method: asked at every call, nothing to remember it by. */
  private ModelMonitor resolveStatic() {
    int index = site.modelFor(null);
    ModelMonitor[] current = models;
    return index >= 0 && index < current.length ? current[index] : null;
  }

  /** The first call of an instance, under the lookup's lock: one instance at a time. */
  private ModelMonitor resolve(Object instance, Object input) {
    int index = site.modelFor(instance);
    if (index < 0 || index >= models.length) {
      return null;
    }
    if (firstCallDone[index]) {
      return models[index];
    }
    firstCallDone[index] = true;
    ModelMonitor model = models[index];
    TrainingStatistics told = new TrainingStatistics(model.name(), support.displayName());
    try {
      site.firstCall(index, instance, told);
    } catch (RuntimeException | LinkageError e) {
      told.unreadable(ExtractionException.typeName(instance.getClass()), e);
    }
    FeatureDiscovery discovery = discoveries[index];
    if (discovery != null) {
      discoveries[index] = null;
      ModelMonitor discovered =
          discovery.discover(
              site, index, instance, input, told, model, next -> relearned(index, next));
      if (discovered != null) {
        ModelMonitor[] next = models.clone();
        next[index] = discovered;
        models = next;
        model = discovered;
      }
    }
    told.apply(model);
    return model;
  }

  /**
   * A model whose bucket bounds were learned from its first values replaces the learning one, for
   * instances known and new; on the prediction thread that learned them.
   */
  private void relearned(int index, ModelMonitor next) {
    ModelMonitor learning;
    synchronized (byInstance) {
      learning = models[index];
      ModelMonitor[] replaced = models.clone();
      replaced[index] = next;
      models = replaced;
    }
    byInstance.remap(learning, next);
  }

  private static String predictHooks(List<MethodHook> hooks) {
    StringBuilder text = new StringBuilder();
    for (MethodHook hook : hooks) {
      if (hook.role() == MethodHook.Role.PREDICT) {
        text.append(text.length() == 0 ? "" : ", ")
            .append(hook.typeName())
            .append('#')
            .append(hook.methodName());
      }
    }
    return text.toString();
  }

  private static final int MAX_WARNED = 1000;
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  /** The agent's side of a support's site: its log, and the one line per unmatched instance. */
  static SiteContext context(String library) {
    return new SiteContext() {
      @Override
      public void warnOnce(String key, String message) {
        if (WARNED.size() < MAX_WARNED && WARNED.add(library + ":" + key)) {
          AgentLog.warn(message);
        }
      }

      @Override
      public void info(String message) {
        AgentLog.info(message);
      }

      @Override
      public void unmatched(String instance) {
        UnmatchedCalls.logOnce(library, instance);
      }
    };
  }
}
