package dev.modelwatch.testapps.plain;

/**
 * A class whose static initializer announces itself and stops the JVM: a tool that must only look
 * at classes (check-config) shows that it never ran it.
 */
public class LoudStaticInitializer {
  /** Printed by the static initializer, just before it exits the JVM with status 99. */
  public static final String RAN = "STATIC INITIALIZER RAN";

  static {
    System.out.println(RAN);
    System.exit(99);
  }

  public double score(double[] row) {
    return row.length;
  }
}
