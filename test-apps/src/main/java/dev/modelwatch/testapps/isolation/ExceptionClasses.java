package dev.modelwatch.testapps.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;

/**
 * Defines {@code count} distinct exception classes at run time by renaming the class file of {@link
 * TemplateException0000} (the name has a fixed width, so only bytes change, not lengths).
 */
final class ExceptionClasses extends ClassLoader {
  private static final String TEMPLATE = "TemplateException0000";

  private ExceptionClasses() {
    super(ExceptionClasses.class.getClassLoader());
  }

  static Constructor<? extends RuntimeException>[] define(int count)
      throws IOException, ReflectiveOperationException {
    byte[] template;
    try (InputStream in = TemplateException0000.class.getResourceAsStream(TEMPLATE + ".class")) {
      template = in.readAllBytes();
    }
    ExceptionClasses loader = new ExceptionClasses();
    @SuppressWarnings("unchecked")
    Constructor<? extends RuntimeException>[] constructors = new Constructor[count];
    for (int i = 0; i < count; i++) {
      String simple = String.format("TemplateException%04d", i + 1);
      byte[] bytes =
          replaceAll(
              template,
              TEMPLATE.getBytes(StandardCharsets.US_ASCII),
              simple.getBytes(StandardCharsets.US_ASCII));
      Class<?> type =
          loader.defineClass("dev.modelwatch.testapps.isolation." + simple, bytes, 0, bytes.length);
      constructors[i] = type.asSubclass(RuntimeException.class).getConstructor(String.class);
    }
    return constructors;
  }

  private static byte[] replaceAll(byte[] data, byte[] from, byte[] to) {
    byte[] out = data.clone();
    for (int i = 0; i + from.length <= out.length; i++) {
      boolean match = true;
      for (int j = 0; j < from.length && match; j++) {
        match = out[i + j] == from[j];
      }
      if (match) {
        System.arraycopy(to, 0, out, i, to.length);
      }
    }
    return out;
  }
}
