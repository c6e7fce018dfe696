package dev.modelwatch.config;

import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Walks a model's {@code intercept}: either class + method (+ parameters), or a library with its own selector. */
final class InterceptReader {
    static final List<String> KEYS = NodeReader.keys("class", "method", "parameters", "library", "model_path",
            "model_name", "model_class");
    static final List<String> LIBRARIES = List.of("onnxruntime", "djl", "tribuo");
    /** Each library's selector key; a selector is valid only with its own library. */
    static final Map<String, String> SELECTORS =
            Map.of("model_path", "onnxruntime", "model_name", "djl", "model_class", "tribuo");
    private static final List<String> SELECTOR_ORDER = List.of("model_path", "model_name", "model_class");

    private final NodeReader reader;

    InterceptReader(NodeReader reader) {
        this.reader = reader;
    }

    /** The intercept, or null when absent or invalid (the problems are recorded). */
    InterceptConfig read(MappingReader model) {
        if (!model.has("intercept")) {
            model.problem("intercept", "required: give class + method, or library (onnxruntime, djl or tribuo)");
            return null;
        }
        MappingReader intercept = model.mapping("intercept", KEYS);
        if (intercept == null) {
            return null;
        }
        boolean hasClass = intercept.has("class");
        boolean hasLibrary = intercept.has("library");
        if (hasClass && hasLibrary) {
            intercept.problem("give either class + method or library, not both");
            return null;
        }
        if (hasLibrary) {
            return library(intercept);
        }
        if (hasClass || intercept.has("method")) {
            return method(intercept);
        }
        intercept.problem("required: class + method, or library (onnxruntime, djl or tribuo)");
        return null;
    }

    private InterceptConfig method(MappingReader intercept) {
        int before = problemCount();
        String className = intercept.requiredString("class");
        if (className != null && !JavaNames.isDottedName(className)) {
            intercept.problem("class", "'" + className + "' is not a Java class name; write it fully qualified,"
                    + " e.g. org.tribuo.Model (nested classes with $: com.acme.Outer$Inner)");
        }
        String method = intercept.requiredString("method");
        if (method != null && !JavaNames.isIdentifier(method)) {
            intercept.problem("method", "'" + method + "' is not a Java method name");
        }
        List<String> parameters = parameters(intercept);
        for (String selector : SELECTOR_ORDER) {
            if (intercept.has(selector)) {
                intercept.problem(selector, "applies only to library: " + SELECTORS.get(selector)
                        + ", not to class + method interception; remove it");
            }
        }
        return problemCount() == before ? InterceptConfig.method(className, method, parameters) : null;
    }

    private List<String> parameters(MappingReader intercept) {
        List<Node> items = intercept.list("parameters", "[float[], String]");
        if (items == null) {
            return null;
        }
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = intercept.path("parameters") + "[" + i + "]";
            String text = reader.nonEmptyString(items.get(i), path);
            if (text == null) {
                continue;
            }
            String type = JavaNames.parameterType(text);
            if (type == null) {
                reader.problem(items.get(i), path, "'" + text + "' is not a Java type name: use a primitive (float),"
                        + " an array (float[], float[][]), a qualified class name (org.tribuo.Example) or a"
                        + " java.lang simple name (String)");
                continue;
            }
            parameters.add(type);
        }
        return parameters;
    }

    private InterceptConfig library(MappingReader intercept) {
        int before = problemCount();
        String library = intercept.choice("library", "library", LIBRARIES, null);
        for (String methodKey : List.of("method", "parameters")) {
            if (intercept.has(methodKey)) {
                intercept.problem(methodKey, "belongs to class + method interception, not to library; remove it,"
                        + " or replace library with class");
            }
        }
        if (library != null) {
            for (String selector : SELECTOR_ORDER) {
                if (intercept.has(selector) && !SELECTORS.get(selector).equals(library)) {
                    intercept.problem(selector, "applies only to library: " + SELECTORS.get(selector)
                            + ", not to " + library + selectorHint(library));
                }
            }
        }
        String modelPath = "onnxruntime".equals(library) ? glob(intercept) : null;
        String modelName = "djl".equals(library) ? intercept.string("model_name") : null;
        String modelClass = "tribuo".equals(library) ? modelClass(intercept) : null;
        if (library == null || problemCount() != before) {
            return null;
        }
        switch (library) {
            case "onnxruntime":
                return InterceptConfig.onnxRuntime(modelPath);
            case "djl":
                return InterceptConfig.djl(modelName);
            default:
                return InterceptConfig.tribuo(modelClass);
        }
    }

    private static String selectorHint(String library) {
        for (Map.Entry<String, String> selector : SELECTORS.entrySet()) {
            if (selector.getValue().equals(library)) {
                return " (" + library + " models are selected with " + selector.getKey() + ")";
            }
        }
        return "";
    }

    private static String glob(MappingReader intercept) {
        String glob = intercept.string("model_path");
        if (glob == null) {
            return null;
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
            return glob;
        } catch (IllegalArgumentException e) { // PatternSyntaxException is one
            intercept.problem("model_path", "'" + glob + "' is not a valid glob: " + e.getMessage()
                    .replace(System.lineSeparator(), " "));
            return null;
        }
    }

    private static String modelClass(MappingReader intercept) {
        String modelClass = intercept.string("model_class");
        if (modelClass != null && !JavaNames.isDottedName(modelClass)) {
            intercept.problem("model_class", "'" + modelClass + "' is not a Java class name; write it fully"
                    + " qualified, e.g. org.tribuo.regression.sgd.linear.LinearSGDModel");
            return null;
        }
        return modelClass;
    }

    private int problemCount() {
        return reader.problems().size();
    }
}
