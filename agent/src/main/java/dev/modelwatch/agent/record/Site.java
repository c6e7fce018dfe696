package dev.modelwatch.agent.record;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One instrumentation site: a configured intercept, identified by the index bound into its advice.
 * It knows which model its calls belong to and which methods it has transformed.
 */
public class Site {
  // model is null for library sites, which override modelFor
  private final int id;
  private final String description;
  private final ModelMonitor model;
  private final Set<String> instrumentedMethods = ConcurrentHashMap.newKeySet();
  private final Set<String> matchedTypes = ConcurrentHashMap.newKeySet();
  private final LongAdder unmatchedCalls = new LongAdder();

  public Site(int id, String description, ModelMonitor model) {
    this.id = id;
    this.description = description;
    this.model = model;
  }

  public int id() {
    return id;
  }

  /** What this site intercepts, for messages: {@code models[0] wine: org.tribuo.Model#predict}. */
  public String description() {
    return description;
  }

  /** The model a call on {@code self} belongs to, or null when the call is not to be recorded. */
  public ModelMonitor modelFor(Object self) {
    return model;
  }

  /**
   * As {@link #modelFor(Object)}, with the call's input: a library site may read it at an
   * instance's first call (to discover its features).
   */
  public ModelMonitor modelFor(Object self, Object input) {
    return modelFor(self);
  }

  /**
   * An object this site's calls will run on was constructed (or returned by a factory, hook {@code
   * hook} of the site) from {@code source} (a session from a model path); library sites that
   * attribute calls by it remember it. Off the prediction path.
   */
  public void created(int hook, Object instance, Object source) {}

  /**
   * The instrumented library ({@code method} for plain-method intercepts), for labels and messages.
   */
  public String library() {
    return "method";
  }

  /**
   * Counts a call that belongs to no configured model, exported as {@code
   * modelwatch_agent_unmatched_calls_total{library}}. Library sites call it from {@link #modelFor}
   * when their lookup finds no model; {@link UnmatchedCalls#logOnce} says which.
   */
  protected final void countUnmatched() {
    unmatchedCalls.increment();
  }

  public long unmatchedCalls() {
    return unmatchedCalls.sum();
  }

  public void methodInstrumented(String typeName, String methodSignature) {
    matchedTypes.add(typeName);
    instrumentedMethods.add(typeName + "#" + methodSignature);
  }

  public void typeMatched(String typeName) {
    matchedTypes.add(typeName);
  }

  public Set<String> instrumentedMethods() {
    return instrumentedMethods;
  }

  public Set<String> matchedTypes() {
    return matchedTypes;
  }
}
