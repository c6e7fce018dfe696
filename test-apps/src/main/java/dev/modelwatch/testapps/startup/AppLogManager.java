package dev.modelwatch.testapps.startup;

import java.util.logging.LogManager;

/**
 * A custom JUL log manager, as Quarkus (JBoss LogManager) and WildFly install one: chosen by the
 * {@code java.util.logging.manager} property, read once, when {@link LogManager} is first used.
 */
public final class AppLogManager extends LogManager {
  public AppLogManager() {}
}
