package dev.modelwatch.testapps.isolation;

/** Copied under thousands of names by {@link ExceptionClasses}: many distinct exception classes. */
public class TemplateException0000 extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TemplateException0000(String message) {
    super(message, null, false, false);
  }
}
