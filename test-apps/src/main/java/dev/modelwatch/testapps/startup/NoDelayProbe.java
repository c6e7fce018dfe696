package dev.modelwatch.testapps.startup;

import java.lang.reflect.Method;

/**
 * Prints, once a JDK HTTP server runs in this JVM (the agent's, started beside {@code main}),
 * whether that server sets {@code TCP_NODELAY} on its connections and what the system property
 * {@code sun.net.httpserver.nodelay} reads: {@code NODELAY true PROPERTY null}. Needs {@code
 * --add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED} to read the server's setting.
 */
public final class NoDelayProbe {
  private NoDelayProbe() {}

  public static void main(String[] args) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!serverRunning()) {
      if (System.nanoTime() > deadline) {
        System.out.println("NO SERVER");
        return;
      }
      Thread.onSpinWait();
      Thread.yield();
    }
    Class<?> config = Class.forName("sun.net.httpserver.ServerConfig");
    Method noDelay = config.getDeclaredMethod("noDelay");
    noDelay.setAccessible(true);
    System.out.println(
        "NODELAY "
            + noDelay.invoke(null)
            + " PROPERTY "
            + System.getProperty("sun.net.httpserver.nodelay"));
  }

  /** The JDK server's dispatcher thread exists once a server has started. */
  private static boolean serverRunning() {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals("HTTP-Dispatcher")) {
        return true;
      }
    }
    return false;
  }
}
