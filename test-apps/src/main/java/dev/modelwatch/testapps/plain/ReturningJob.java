package dev.modelwatch.testapps.plain;

/**
 * A batch job's {@code main} that calls no model and returns at once, as a scoring job with a
 * misconfigured intercept would: the JVM ends long before any delayed check could speak.
 */
public final class ReturningJob {
  private ReturningJob() {}

  public static void main(String[] args) {
    System.out.println("JOB DONE " + summarize(args));
  }

  /** The job's own method; configured as an intercept, it is instrumented as the class loads. */
  static int summarize(String[] args) {
    return args.length;
  }
}
