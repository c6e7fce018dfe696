package dev.modelwatch.testapps.isolation;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A model whose {@code score} accepts anything and fails in several ways on purpose: at its first
 * instruction, after its work, with a checked exception it does not declare, with an Error, and
 * inside a nested call of itself. Remembers the last exception it threw so the caller can check
 * that exactly that object arrived.
 */
public class FaultyModel {
  private static final ThreadLocal<Throwable> LAST_THROWN = new ThreadLocal<>();

  public Object score(Object input) {
    if (input instanceof String && ((String) input).startsWith("early")) {
      throw remember(new IllegalStateException("failed at entry: " + input));
    }
    long work = weight(input);
    if (input instanceof String) {
      String text = (String) input;
      if (text.startsWith("late")) {
        throw remember(new IllegalArgumentException("failed after work " + work));
      }
      if (text.startsWith("checked")) {
        throw FaultyModel.<RuntimeException>sneaky(
            remember(new IOException("undeclared checked " + work)));
      }
      if (text.startsWith("error")) {
        throw remember(new AssertionError("an Error, not an Exception: " + work));
      }
      if (text.startsWith("nested")) {
        // the inner call fails; the outer one catches that and returns: only the outer call is
        // recorded
        try {
          score("late" + text);
        } catch (IllegalArgumentException expected) {
          return "nested:" + expected.getMessage();
        }
      }
    }
    return work;
  }

  private static long weight(Object input) {
    if (input == null) {
      return -1;
    }
    if (input instanceof float[]) {
      float[] row = (float[]) input;
      return row.length == 0 ? 0 : row.length + (long) row[row.length - 1];
    }
    if (input instanceof Object[]) {
      return ((Object[]) input).length;
    }
    if (input instanceof List) {
      return ((List<?>) input).size() * 3L;
    }
    if (input instanceof Map) {
      return ((Map<?, ?>) input).size() * 7L;
    }
    if (input instanceof Number) {
      return ((Number) input).longValue() * 2;
    }
    if (input instanceof CharSequence) {
      return ((CharSequence) input).length();
    }
    return input.getClass().getName().length();
  }

  private static <T extends Throwable> T remember(T thrown) {
    LAST_THROWN.set(thrown);
    return thrown;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /** The last throwable {@code score} threw on this thread. */
  public static Throwable lastThrown() {
    return LAST_THROWN.get();
  }
}
