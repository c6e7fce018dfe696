package dev.modelwatch.extension;

/**
 * What the agent offers a {@link LibrarySite}: its log, rate-limited, and the description of
 * unmatched calls.
 */
public interface SiteContext {
  /** Logs {@code message} once per {@code key} (for the agent's lifetime), at warning level. */
  void warnOnce(String key, String message);

  /** Logs {@code message} at info level. */
  void info(String message);

  /**
   * Says once per {@code instance} description that calls of it belong to no configured model, with
   * the selectors that would pick it ({@code org.tribuo...LinearSGDModel 'wine'}): called by a site
   * when {@link LibrarySite#modelFor} finds no model for a new instance.
   */
  void unmatched(String instance);
}
