package dev.modelwatch.extension;

import java.util.List;

/**
 * The configured models of one library in one config: which of them a call belongs to, and how to
 * read calls. Its methods run on the application's threads; {@link #modelFor} on every predict
 * call, so it must be cheap after the first call of an instance (cache by identity).
 */
public interface LibrarySite {
  /** {@link #modelFor}'s answer for a call that belongs to no configured model. */
  int UNMATCHED = -1;

  /**
   * The index (in the site's model list) of the model that a predict call on {@code self} belongs
   * to, or {@link #UNMATCHED}: the call is then counted in {@code
   * modelwatch_agent_unmatched_calls_total} and not recorded, and predict calls it makes inside are
   * recorded if they belong to a model.
   *
   * @param self the instance the predict method runs on; null for a static method
   */
  int modelFor(Object self);

  /**
   * A helper hook ({@link MethodHook.Role#CREATED} or {@link MethodHook.Role#RETURNED}) ran: {@code
   * instance} was made, or returned, from {@code argument} (an {@code Object[]} of every argument
   * for a hook built with {@link MethodHook.Builder#allArguments()}). Off the prediction path;
   * nothing by default.
   */
  default void observed(MethodHook hook, Object instance, Object argument) {}

  /**
   * The first predict call of a model instance that belongs to model {@code model}, before its
   * input is read: what the instance knows about its training data ({@link FirstCallContext}). Once
   * per instance; nothing by default.
   */
  default void firstCall(int model, Object self, FirstCallContext context) {}

  /** Reads model {@code model}'s input into its {@link LibrarySupport#monitoredFeatures}. */
  InputExtractor inputExtractor(int model);

  /**
   * For a model configured without features, whose support declares {@link
   * LibrarySupport#featureDiscovery()}: the input features of this instance, under the library's
   * own names, in the order the extractor will write them ({@link FeatureSpec#numeric}). Called
   * once per model, at the first call of its first instance, after {@link #firstCall}, with that
   * call's input (the predict hook's argument), so a support may read the columns from the input
   * when the instance does not describe them; null or empty when they cannot be known (the model
   * then records calls, rows and outputs). The agent records at most {@code limits.features} of
   * them, the first ones.
   */
  default List<? extends FeatureSpec> discoverFeatures(int model, Object self, Object input) {
    return null;
  }

  /**
   * Reads model {@code model}'s input into {@code features}, the ones {@link #discoverFeatures}
   * found.
   */
  default InputExtractor inputExtractor(int model, List<? extends FeatureSpec> features) {
    throw new UnsupportedOperationException("this support discovers no features");
  }

  /** Reads model {@code model}'s outputs; {@link OutputExtractor#NONE} when it has none. */
  OutputExtractor outputExtractor(int model);
}
