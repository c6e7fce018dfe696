package dev.modelwatch.extension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One method (or set of overloads) the agent instruments for a library, named by type and method
 * rather than by bytecode matchers, so that a support needs nothing but this API. Built with {@link
 * #predict}, {@link #created} or {@link #returned}:
 *
 * <pre>{@code
 * MethodHook.predict("com.acme.Scorer").inSubtypes().method("score").parameters(1).input(0).build();
 * MethodHook.created("ai.onnxruntime.OrtSession").parameters(4).parameter(1, "java.lang.String").argument(1).build();
 * MethodHook.created("ml.dmlc.xgboost4j.java.DMatrix").parameters(4).parameter(0, "float[]").allArguments().build();
 * MethodHook.internal("ml.dmlc.xgboost4j.java.Booster").method("evalSet").build();
 * }</pre>
 *
 * <p>Abstract, bridge and synthetic methods never match.
 */
public final class MethodHook {
  /** What the agent does at the hooked method. */
  public enum Role {
    /**
     * A prediction: the call is timed and counted, and recorded for the model {@link
     * LibrarySite#modelFor} names; its input is the argument at {@link #argument()}. Nested predict
     * calls record only the outermost that belongs to a model.
     */
    PREDICT,
    /**
     * A constructor: when it returns, {@link LibrarySite#observed} gets the new instance and the
     * argument at {@link #argument()} (the model path of a session, say). Off the prediction path.
     */
    CREATED,
    /**
     * A method (static or not) whose returned object the support wants to know, with the argument
     * at {@link #argument()}: {@code XGBoost.loadModel(String path)} returns the booster loaded
     * from that path.
     */
    RETURNED,
    /**
     * A library method that calls the library's own predict methods for a purpose of its own
     * (training, evaluation against a validation set): while it runs, predict calls on the same
     * thread are not recorded, and it is neither timed nor counted itself. Inside a recorded call
     * it changes nothing.
     */
    INTERNAL
  }

  /**
   * {@link #argument()} of a hook that hands the support every argument as one {@code Object[]}
   * (primitives boxed) rather than one of them: for a constructor or factory whose object is made
   * from several arguments (a matrix from its values, rows, columns and missing-value marker), or a
   * prediction whose input is spread over several. The array is made when the hook reports: on a
   * {@link Role#PREDICT} hook, once per recorded call, at its end.
   */
  public static final int ALL_ARGUMENTS = -1;

  private final Role role;
  private final String typeName;
  private final boolean subtypes;
  private final String methodName;
  private final int parameterCount;
  private final Map<Integer, List<String>> parameterTypes;
  private final int argument;

  private MethodHook(Builder builder) {
    this.role = builder.role;
    this.typeName = builder.typeName;
    this.subtypes = builder.subtypes;
    this.methodName = builder.methodName;
    this.parameterCount = builder.parameterCount;
    Map<Integer, List<String>> types = new TreeMap<>();
    builder.parameterTypes.forEach((index, names) -> types.put(index, List.copyOf(names)));
    this.parameterTypes = Collections.unmodifiableMap(types);
    this.argument = builder.argument;
  }

  /** Calls of {@code typeName}'s methods that are predictions. */
  public static Builder predict(String typeName) {
    return new Builder(Role.PREDICT, typeName);
  }

  /** Constructors of {@code typeName}. */
  public static Builder created(String typeName) {
    return new Builder(Role.CREATED, typeName);
  }

  /** Methods of {@code typeName} whose returned object is reported. */
  public static Builder returned(String typeName) {
    return new Builder(Role.RETURNED, typeName);
  }

  /**
   * Methods of {@code typeName} inside which predict calls are the library's own, not predictions.
   */
  public static Builder internal(String typeName) {
    return new Builder(Role.INTERNAL, typeName);
  }

  public Role role() {
    return role;
  }

  /** The fully qualified name of the type that declares (or whose subtypes declare) the method. */
  public String typeName() {
    return typeName;
  }

  /** True: the type's subclasses and implementations, not the type itself only. */
  public boolean subtypes() {
    return subtypes;
  }

  /** The method's name; null for constructors ({@link Role#CREATED}). */
  public String methodName() {
    return methodName;
  }

  /** How many parameters the method takes, or -1 for any number. */
  public int parameterCount() {
    return parameterCount;
  }

  /**
   * For each constrained parameter position, the type names one of which it must have (erasure, as
   * written).
   */
  public Map<Integer, List<String>> parameterTypes() {
    return parameterTypes;
  }

  /**
   * The argument handed to the support: the input of a prediction, or what an object was made from;
   * {@link #ALL_ARGUMENTS} for all of them in one {@code Object[]}.
   */
  public int argument() {
    return argument;
  }

  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder(role.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
    text.append(subtypes ? "subtypes of " : "")
        .append(typeName)
        .append('#')
        .append(methodName == null ? "<init>" : methodName);
    if (parameterCount >= 0 || !parameterTypes.isEmpty()) {
      List<String> shown = new ArrayList<>();
      int count =
          parameterCount >= 0
              ? parameterCount
              : parameterTypes.isEmpty() ? 0 : Collections.max(parameterTypes.keySet()) + 1;
      for (int i = 0; i < count; i++) {
        List<String> types = parameterTypes.get(i);
        shown.add(types == null ? "*" : String.join("|", types));
      }
      text.append('(')
          .append(String.join(", ", shown))
          .append(parameterCount < 0 ? ", ..." : "")
          .append(')');
    }
    return text.toString();
  }

  /** Builds a {@link MethodHook}; {@link #build} checks that what is given is complete. */
  public static final class Builder {
    private final Role role;
    private final String typeName;
    private boolean subtypes;
    private String methodName;
    private int parameterCount = -1;
    private final Map<Integer, List<String>> parameterTypes = new TreeMap<>();
    private int argument;

    private Builder(Role role, String typeName) {
      this.role = role;
      this.typeName = Objects.requireNonNull(typeName, "typeName");
    }

    /**
     * Match in the type's subclasses and implementations (an abstract {@code predict} of a base
     * class, say).
     */
    public Builder inSubtypes() {
      this.subtypes = true;
      return this;
    }

    /**
     * The method's name; required for {@link Role#PREDICT}, {@link Role#RETURNED} and {@link
     * Role#INTERNAL}, not allowed for constructors.
     */
    public Builder method(String name) {
      this.methodName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The number of parameters. */
    public Builder parameters(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("parameter count must be >= 0, found " + count);
      }
      this.parameterCount = count;
      return this;
    }

    /**
     * Parameter {@code index} must have one of these types (fully qualified; {@code float[]};
     * {@code int}).
     */
    public Builder parameter(int index, String... typeNames) {
      if (index < 0 || typeNames.length == 0) {
        throw new IllegalArgumentException(
            "a parameter needs an index >= 0 and at least one type name");
      }
      parameterTypes.put(index, List.of(typeNames));
      return this;
    }

    /** The argument handed to the support (default 0). */
    public Builder argument(int index) {
      if (index < 0) {
        throw new IllegalArgumentException("argument index must be >= 0, found " + index);
      }
      this.argument = index;
      return this;
    }

    /** Same as {@link #argument}: the argument that is the prediction's input. */
    public Builder input(int index) {
      return argument(index);
    }

    /** Hand the support every argument, in one {@code Object[]} (see {@link #ALL_ARGUMENTS}). */
    public Builder allArguments() {
      this.argument = ALL_ARGUMENTS;
      return this;
    }

    public MethodHook build() {
      if (role == Role.CREATED && methodName != null) {
        throw new IllegalStateException("a constructor hook names no method: " + typeName);
      }
      if (role != Role.CREATED && methodName == null) {
        throw new IllegalStateException("a " + role + " hook needs a method name: " + typeName);
      }
      if (role == Role.INTERNAL && argument != 0) {
        throw new IllegalStateException(
            "an internal hook hands nothing to the support: " + typeName);
      }
      if (parameterCount >= 0
          && (argument >= parameterCount
              || !parameterTypes.isEmpty()
                  && Collections.max(parameterTypes.keySet()) >= parameterCount)) {
        throw new IllegalStateException(
            "parameter positions beyond the "
                + parameterCount
                + " parameters of "
                + typeName
                + "#"
                + methodName);
      }
      return new MethodHook(this);
    }
  }
}
