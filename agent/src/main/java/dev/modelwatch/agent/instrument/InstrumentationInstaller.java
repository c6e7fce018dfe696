package dev.modelwatch.agent.instrument;

import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.Site;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Installs the advice of every site ({@link SiteTransformer}). Retransformation instruments classes
 * loaded before the agent (attach at run time); class formats are never changed, so
 * retransformation is always allowed.
 */
public final class InstrumentationInstaller {
  private InstrumentationInstaller() {}

  /** Name prefixes of code that is never instrumented: the agent, the JDK, and other agents. */
  static final String[] IGNORED_PREFIXES = {
    "dev.modelwatch.agent.",
    "dev.modelwatch.bootstrap.",
    "dev.modelwatch.config.",
    "dev.modelwatch.extension.",
    "dev.modelwatch.shaded.",
    "java.",
    "javax.",
    "jdk.",
    "sun.",
    "com.sun.",
    "net.bytebuddy.",
    "io.opentelemetry.javaagent.",
    "co.elastic.apm.agent.",
    "com.newrelic.",
    "datadog.trace.",
  };

  /** The same prefixes as the JVM names classes to transformers: {@code java/}. */
  private static final String[] IGNORED_INTERNAL_PREFIXES = new String[IGNORED_PREFIXES.length];

  static {
    for (int i = 0; i < IGNORED_PREFIXES.length; i++) {
      IGNORED_INTERNAL_PREFIXES[i] = IGNORED_PREFIXES[i].replace('.', '/');
    }
  }

  /**
   * Whether a class named as in class files ({@code a/b/C}) is in code that is never instrumented.
   */
  static boolean ignoredInternalName(String internalName) {
    for (String prefix : IGNORED_INTERNAL_PREFIXES) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Registers the transformer; with {@code retransform}, also instruments the matching classes
   * already loaded (attach at run time, config reload, tests). At JVM start nothing needs it: no
   * class that may match can have been loaded before premain.
   */
  public static SiteTransformer install(
      Instrumentation instrumentation,
      List<Site> sites,
      List<TypeInstrumentation> plans,
      AgentErrors errors,
      boolean retransform) {
    SiteTransformer transformer = new SiteTransformer(sites, plans, errors);
    transformer.install(instrumentation, retransform);
    return transformer;
  }
}
