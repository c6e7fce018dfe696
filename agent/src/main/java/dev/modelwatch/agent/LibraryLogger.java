package dev.modelwatch.agent;

import java.util.logging.Level;

/**
 * Stands in for {@code java.util.logging.Logger} in the libraries shaded into the agent jar
 * (SnakeYAML, protobuf in client_java): the shade step rewrites their references to this class, as
 * the OpenTelemetry agent does with its {@code PatchLogger}. A real JUL logger would initialise
 * {@code java.util.logging.LogManager} in premain, before an application such as Quarkus sets
 * {@code java.util.logging.manager} in its {@code main}, and the application's log manager would be
 * lost. Warnings and errors go to the agent's log (standard error); finer levels are dropped.
 *
 * <p>Holds the methods those libraries call ({@code AgentJarContentsTest} checks that none is
 * missing) and a few more of the usual ones.
 */
public final class LibraryLogger {
  private final String name;

  private LibraryLogger(String name) {
    this.name = name;
  }

  public static LibraryLogger getLogger(String name) {
    return new LibraryLogger(name);
  }

  public static LibraryLogger getLogger(String name, String resourceBundleName) {
    return new LibraryLogger(name);
  }

  public String getName() {
    return name;
  }

  public boolean isLoggable(Level level) {
    return level.intValue() >= Level.WARNING.intValue();
  }

  public void log(Level level, String message) {
    log(level, message, (Throwable) null);
  }

  public void log(Level level, String message, Object parameter) {
    log(level, message, (Throwable) null);
  }

  public void log(Level level, String message, Object[] parameters) {
    log(level, message, (Throwable) null);
  }

  public void log(Level level, String message, Throwable error) {
    if (!isLoggable(level)) {
      return;
    }
    if (level.intValue() >= Level.SEVERE.intValue()) {
      AgentLog.error(name + ": " + message, error);
    } else {
      AgentLog.warnRateLimited(name + ": " + message, name + ": " + message, error);
    }
  }

  public void severe(String message) {
    log(Level.SEVERE, message);
  }

  public void warning(String message) {
    log(Level.WARNING, message);
  }

  public void info(String message) {}

  public void config(String message) {}

  public void fine(String message) {}

  public void finer(String message) {}

  public void finest(String message) {}
}
