package dev.modelwatch.config;

import java.util.List;

/** Which calls count as predictions of a model: a named method, or a supported library's inference call. */
public final class InterceptConfig {
    /** METHOD: class + method (+ parameters); the others: a supported library, optionally narrowed by a selector. */
    public enum Kind { METHOD, ONNXRUNTIME, DJL, TRIBUO }

    private final Kind kind;
    private final String className;
    private final String method;
    private final List<String> parameters;
    private final String modelPath;
    private final String modelName;
    private final String modelClass;

    private InterceptConfig(Kind kind, String className, String method, List<String> parameters,
            String modelPath, String modelName, String modelClass) {
        this.kind = kind;
        this.className = className;
        this.method = method;
        this.parameters = parameters == null ? null : List.copyOf(parameters);
        this.modelPath = modelPath;
        this.modelName = modelName;
        this.modelClass = modelClass;
    }

    static InterceptConfig method(String className, String method, List<String> parameters) {
        return new InterceptConfig(Kind.METHOD, className, method, parameters, null, null, null);
    }

    static InterceptConfig onnxRuntime(String modelPath) {
        return new InterceptConfig(Kind.ONNXRUNTIME, null, null, null, modelPath, null, null);
    }

    static InterceptConfig djl(String modelName) {
        return new InterceptConfig(Kind.DJL, null, null, null, null, modelName, null);
    }

    static InterceptConfig tribuo(String modelClass) {
        return new InterceptConfig(Kind.TRIBUO, null, null, null, null, null, modelClass);
    }

    public Kind kind() {
        return kind;
    }

    /** METHOD only: the class, abstract class or interface whose method (or its overrides in subtypes) is timed. */
    public String className() {
        return className;
    }

    /** METHOD only: the method name. */
    public String method() {
        return method;
    }

    /**
     * METHOD only: parameter type names, or null for any overload. Names are as Java reflection spells them:
     * primitives ({@code float}), arrays ({@code float[][]}), qualified class names with {@code $} for nested
     * classes; simple names of {@code java.lang} types are expanded ({@code String} becomes
     * {@code java.lang.String}).
     */
    public List<String> parameters() {
        return parameters;
    }

    /** ONNXRUNTIME only: glob on the path the session was created from; null = every session. */
    public String modelPath() {
        return modelPath;
    }

    /** DJL only: the DJL model name; null = every model. */
    public String modelName() {
        return modelName;
    }

    /** TRIBUO only: the model's class name; null = every model. */
    public String modelClass() {
        return modelClass;
    }

    @Override
    public String toString() {
        switch (kind) {
            case METHOD:
                return "InterceptConfig{" + className + '#' + method + (parameters == null ? "" : parameters) + '}';
            case ONNXRUNTIME:
                return "InterceptConfig{onnxruntime, modelPath=" + modelPath + '}';
            case DJL:
                return "InterceptConfig{djl, modelName=" + modelName + '}';
            default:
                return "InterceptConfig{tribuo, modelClass=" + modelClass + '}';
        }
    }
}
