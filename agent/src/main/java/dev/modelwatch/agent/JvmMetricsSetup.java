package dev.modelwatch.agent;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;

/**
 * client_java's JVM metrics, the collectors of its {@code JvmMetrics} one by one. Native memory is
 * read through the platform MBean server, whose set-up initialises {@code java.util.logging}'s
 * LogManager: done before the application's {@code main} sets {@code java.util.logging.manager}
 * (Quarkus, WildFly), it would cost the application its log manager. That collector reports nothing
 * unless the JVM runs with {@code -XX:NativeMemoryTracking}, so it is registered only then, and not
 * when the application is known to bring its own log manager that the JVM could not load yet.
 */
final class JvmMetricsSetup {
  /** Log managers that applications install from their {@code main}. */
  private static final String[] KNOWN_LOG_MANAGERS = {"org/jboss/logmanager/LogManager.class"};

  private JvmMetricsSetup() {}

  static void register(PrometheusRegistry registry) {
    PrometheusProperties properties = PrometheusProperties.get();
    JvmThreadsMetrics.builder(properties).register(registry);
    JvmBufferPoolMetrics.builder(properties).register(registry);
    JvmClassLoadingMetrics.builder(properties).register(registry);
    JvmCompilationMetrics.builder(properties).register(registry);
    JvmGarbageCollectorMetrics.builder(properties).register(registry);
    JvmMemoryPoolAllocationMetrics.builder(properties).register(registry);
    JvmMemoryMetrics.builder(properties).register(registry);
    JvmRuntimeInfoMetric.builder(properties).register(registry);
    ProcessMetrics.builder(properties).register(registry);
    if (!nativeMemoryTracking()) {
      return;
    }
    String customLogManager = customLogManagerNotYetLoadable();
    if (customLogManager != null) {
      AgentLog.info(
          "JVM native memory metrics are off: reading them would set up java.util.logging before the application"
              + " installs its log manager ("
              + customLogManager
              + ")");
      return;
    }
    JvmNativeMemoryMetrics.builder(properties).register(registry);
  }

  private static boolean nativeMemoryTracking() {
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("-XX:NativeMemoryTracking=") && !argument.endsWith("=off")) {
        return true;
      }
    }
    return false;
  }

  /**
   * As the OpenTelemetry agent decides it: JBoss ({@code JBOSS_HOME}), a known log manager on the
   * class path, or {@code java.util.logging.manager} naming a class the system class loader cannot
   * load. Null when none.
   */
  private static String customLogManagerNotYetLoadable() {
    if (System.getenv("JBOSS_HOME") != null) {
      return "JBOSS_HOME is set";
    }
    String configured = System.getProperty("java.util.logging.manager");
    if (configured != null) {
      return ClassLoader.getSystemResource(configured.replace('.', '/') + ".class") == null
          ? "java.util.logging.manager=" + configured + " is not on the class path"
          : null;
    }
    for (String known : KNOWN_LOG_MANAGERS) {
      if (ClassLoader.getSystemResource(known) != null) {
        return known.replace(".class", "").replace('/', '.') + " is on the class path";
      }
    }
    return null;
  }
}
