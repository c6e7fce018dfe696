package dev.modelwatch.config;

import dev.modelwatch.extension.Selector;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a valid config against the application's class path without running any of the
 * application's code: classes are loaded but never initialized ({@code Class.forName(name, false,
 * loader)}), and their methods are looked up by reflection. Reports what the agent would otherwise
 * find out only at run time, or never: a class that is not there, a method it does not have,
 * parameters that match none of its overloads, an outcome method with too few parameters for its id
 * and label arguments, and a library preset whose library is missing. Each problem names file, line
 * and path like the config's own problems, with a suggestion where one is close.
 */
public final class ClassPathCheck {
  private final ClassLoader loader;
  private final Supplier<? extends Collection<String>> classNames;
  private final LibraryCatalog libraries;
  private Collection<String> listedNames;

  /**
   * @param loader loads the application's classes; its parent should be the platform class loader,
   *     so that the checking tool's own classes are not mistaken for the application's
   * @param classNames every class name on the class path, asked for only when a suggestion is
   *     needed
   * @param libraries each library's class it always has, and its selectors
   */
  public ClassPathCheck(
      ClassLoader loader,
      Supplier<? extends Collection<String>> classNames,
      LibraryCatalog libraries) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.classNames = Objects.requireNonNull(classNames, "classNames");
    this.libraries = Objects.requireNonNull(libraries, "libraries");
  }

  /**
   * @param yaml the text {@code config} was read from, for the lines of the problems
   * @return the problems in document order, and what was found
   */
  public Result check(AgentConfig config, String yaml) {
    ProblemList problems =
        new ProblemList(config.source() == null ? "<config>" : config.source().toString());
    ConfigLines lines = ConfigLines.of(yaml);
    int methodsFound = 0;
    Set<String> librariesFound = new LinkedHashSet<>();
    for (int i = 0; i < config.models().size(); i++) {
      ModelConfig model = config.models().get(i);
      InterceptConfig intercept = model.intercept();
      String interceptPath = "models[" + i + "].intercept";
      if (intercept.kind() == InterceptConfig.Kind.METHOD) {
        if (method(
            interceptPath,
            intercept.className(),
            intercept.method(),
            intercept.parameters(),
            null,
            problems,
            lines)) {
          methodsFound++;
        }
      } else if (library(interceptPath, intercept, problems, lines)) {
        librariesFound.add(intercept.library());
      }
      FeedbackConfig feedback = model.feedback();
      if (feedback != null && feedback.method() != null) {
        FeedbackConfig.OutcomeMethod outcome = feedback.method();
        if (method(
            "models[" + i + "].feedback.method",
            outcome.className(),
            outcome.method(),
            null,
            outcome,
            problems,
            lines)) {
          methodsFound++;
        }
      }
    }
    return new Result(problems.inDocumentOrder(), methodsFound, List.copyOf(librariesFound));
  }

  /**
   * Whether the class and a method of that name (and parameters) were found; problems are added
   * otherwise.
   */
  private boolean method(
      String base,
      String className,
      String methodName,
      List<String> parameters,
      FeedbackConfig.OutcomeMethod outcome,
      ProblemList problems,
      ConfigLines lines) {
    Class<?> type = load(base + ".class", className, problems, lines);
    if (type == null) {
      return false;
    }
    List<Method> declared;
    List<Method> inherited;
    try {
      declared = named(type.getDeclaredMethods(), methodName);
      inherited = declared.isEmpty() ? inherited(type, methodName) : List.of();
    } catch (LinkageError e) {
      add(
          problems,
          lines,
          base + ".class",
          className
              + " is on the class path, but its methods use a class"
              + " that is not ("
              + e
              + "); add the library that has it");
      return false;
    }
    if (declared.isEmpty() && inherited.isEmpty()) {
      add(
          problems,
          lines,
          base + ".method",
          className
              + " has no method '"
              + methodName
              + "'"
              + Suggestions.didYouMean(methodName, methodNames(type)));
      return false;
    }
    boolean abstractType = type.isInterface() || Modifier.isAbstract(type.getModifiers());
    if (declared.isEmpty() && !abstractType) {
      // only methods declared by the class and its subtypes are instrumented, never those of its
      // supertypes
      Class<?> owner = inherited.get(0).getDeclaringClass();
      add(
          problems,
          lines,
          base + ".method",
          className
              + " does not declare '"
              + methodName
              + "'; it inherits"
              + " it from "
              + owner.getName()
              + ", whose methods are not intercepted for "
              + className
              + ": set class: "
              + owner.getName());
      return false;
    }
    List<Method> candidates = declared.isEmpty() ? inherited : declared;
    if (parameters != null && !hasParameters(candidates, parameters)) {
      add(
          problems,
          lines,
          base + ".parameters",
          className
              + " has no method "
              + signature(methodName, parameters)
              + "; it "
              + (declared.isEmpty() ? "inherits " : "declares ")
              + signatures(candidates)
              + overloadSuggestion(candidates, parameters));
      return false;
    }
    if (outcome != null) {
      return arguments(base, className + "#" + methodName, candidates, outcome, problems, lines);
    }
    return true;
  }

  /** An outcome method must have the id and label arguments the config names. */
  private static boolean arguments(
      String base,
      String method,
      List<Method> candidates,
      FeedbackConfig.OutcomeMethod outcome,
      ProblemList problems,
      ConfigLines lines) {
    int most = 0;
    for (Method candidate : candidates) {
      most = Math.max(most, candidate.getParameterCount());
    }
    int needed = Math.max(outcome.idArgument(), outcome.labelArgument());
    if (needed < most) {
      return true;
    }
    String key = outcome.labelArgument() >= outcome.idArgument() ? "label_argument" : "id_argument";
    add(
        problems,
        lines,
        base + "." + key,
        method
            + " takes at most "
            + most
            + " argument(s), so "
            + key
            + " "
            + needed
            + " (counted from 0) is beyond them");
    return false;
  }

  private boolean library(
      String base, InterceptConfig intercept, ProblemList problems, ConfigLines lines) {
    String library = intercept.library();
    String libraryClass = libraries.libraryClass(library);
    if (libraryClass == null) {
      return false; // nothing known to look for
    }
    Class<?> marker = loadQuietly(libraryClass);
    if (marker == null) {
      add(
          problems,
          lines,
          base + ".library",
          "library "
              + library
              + " not found on the class path (no class "
              + libraryClass
              + " in it)");
      return false;
    }
    boolean found = true;
    for (Map.Entry<String, String> given : intercept.selectors().entrySet()) {
      Selector selector = libraries.selector(library, given.getKey());
      if (selector == null || selector.kind() != Selector.Kind.CLASS_NAME) {
        continue;
      }
      String key = base + "." + given.getKey();
      Class<?> selected = load(key, given.getValue(), problems, lines);
      if (selected == null) {
        found = false;
      } else if (!marker.isAssignableFrom(selected)) {
        add(
            problems,
            lines,
            key,
            given.getValue()
                + " is not a "
                + library
                + " model: it is not a subtype of "
                + libraryClass);
        found = false;
      }
    }
    return found;
  }

  /**
   * The class, loaded without initializing it; null (and a problem) when it is not there or cannot
   * be loaded.
   */
  private Class<?> load(String path, String className, ProblemList problems, ConfigLines lines) {
    try {
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      String suggestion = nestedSpelling(className);
      if (suggestion == null) {
        suggestion = closestClassName(className);
      }
      add(
          problems,
          lines,
          path,
          "class '"
              + className
              + "' is not on the class path"
              + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
    } catch (LinkageError e) {
      add(
          problems,
          lines,
          path,
          "class '"
              + className
              + "' is on the class path, but cannot be loaded: "
              + e
              + "; add the library that has the missing class, or run the check on the Java version the"
              + " application runs on");
    }
    return null;
  }

  private Class<?> loadQuietly(String className) {
    try {
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /**
   * {@code com.acme.Outer$Inner} when {@code com.acme.Outer.Inner} was written and the former
   * exists.
   */
  private String nestedSpelling(String className) {
    String candidate = className;
    for (int dot = candidate.lastIndexOf('.'); dot > 0; dot = candidate.lastIndexOf('.')) {
      candidate = candidate.substring(0, dot) + '$' + candidate.substring(dot + 1);
      if (loadQuietly(candidate) != null) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * The closest name in the same package, else the class elsewhere whose simple name is closest.
   */
  private String closestClassName(String className) {
    Collection<String> names = classNames();
    String packageName = packageOf(className);
    List<String> samePackage = new ArrayList<>();
    Map<String, String> bySimpleName = new LinkedHashMap<>();
    for (String name : names) {
      if (packageOf(name).equals(packageName)) {
        samePackage.add(name);
      }
      bySimpleName.putIfAbsent(name.substring(name.lastIndexOf('.') + 1), name);
    }
    String closest = Suggestions.closest(className, samePackage);
    if (closest != null) {
      return closest;
    }
    String simpleName =
        Suggestions.closest(
            className.substring(className.lastIndexOf('.') + 1), bySimpleName.keySet());
    return simpleName == null ? null : bySimpleName.get(simpleName);
  }

  private Collection<String> classNames() {
    if (listedNames == null) {
      listedNames = classNames.get();
    }
    return listedNames;
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  /**
   * Sorted by signature: reflection lists methods in no particular order, and messages must not
   * vary.
   */
  private static List<Method> named(Method[] methods, String name) {
    List<Method> named = new ArrayList<>();
    for (Method method : methods) {
      if (method.getName().equals(name) && !method.isSynthetic() && !method.isBridge()) {
        named.add(method);
      }
    }
    named.sort(Comparator.comparing(method -> signature(method.getName(), parameterNames(method))));
    return named;
  }

  /**
   * Methods of that name declared by the supertypes (classes first, then interfaces), nearest
   * first.
   */
  private static List<Method> inherited(Class<?> type, String name) {
    List<Method> found = new ArrayList<>();
    for (Class<?> supertype : supertypes(type)) {
      found.addAll(named(supertype.getDeclaredMethods(), name));
    }
    return found;
  }

  private static List<Class<?>> supertypes(Class<?> type) {
    List<Class<?>> supertypes = new ArrayList<>();
    Set<Class<?>> seen = new HashSet<>();
    Deque<Class<?>> queue = new ArrayDeque<>();
    queue.add(type);
    while (!queue.isEmpty()) {
      Class<?> next = queue.poll();
      if (next.getSuperclass() != null && seen.add(next.getSuperclass())) {
        supertypes.add(next.getSuperclass());
        queue.add(next.getSuperclass());
      }
      for (Class<?> implemented : next.getInterfaces()) {
        if (seen.add(implemented)) {
          supertypes.add(implemented);
          queue.add(implemented);
        }
      }
    }
    return supertypes;
  }

  private static Set<String> methodNames(Class<?> type) {
    Set<String> names = new LinkedHashSet<>();
    List<Class<?>> types = new ArrayList<>();
    types.add(type);
    types.addAll(supertypes(type));
    for (Class<?> each : types) {
      for (Method method : each.getDeclaredMethods()) {
        if (!method.isSynthetic() && !method.isBridge()) {
          names.add(method.getName());
        }
      }
    }
    return names;
  }

  private static boolean hasParameters(List<Method> methods, List<String> parameters) {
    for (Method method : methods) {
      if (parameterNames(method).equals(parameters)) {
        return true;
      }
    }
    return false;
  }

  /**
   * As the config writes them: {@code float[]}, {@code java.lang.String}, {@code
   * com.acme.Outer$Inner}.
   */
  private static List<String> parameterNames(Method method) {
    List<String> names = new ArrayList<>();
    for (Class<?> type : method.getParameterTypes()) {
      names.add(type.getTypeName());
    }
    return names;
  }

  private static String signature(String name, List<String> parameters) {
    return name + "(" + String.join(", ", parameters) + ")";
  }

  private static String signatures(List<Method> methods) {
    Set<String> signatures = new LinkedHashSet<>();
    for (Method method : methods) {
      signatures.add(signature(method.getName(), parameterNames(method)));
    }
    return String.join(", ", signatures);
  }

  /** The only overload, or the one whose parameter list is closest to the configured one. */
  private static String overloadSuggestion(List<Method> methods, List<String> parameters) {
    Map<String, List<String>> byText = new LinkedHashMap<>();
    for (Method method : methods) {
      List<String> names = parameterNames(method);
      byText.putIfAbsent(String.join(", ", names), names);
    }
    String closest =
        byText.size() == 1
            ? byText.keySet().iterator().next()
            : Suggestions.closest(String.join(", ", parameters), byText.keySet());
    return closest == null ? "" : "; did you mean parameters: [" + closest + "]?";
  }

  private static void add(ProblemList problems, ConfigLines lines, String path, String message) {
    problems.add(lines.line(path), path, message);
  }

  /** The problems found, and what was found where the config said. */
  public static final class Result {
    private final List<ConfigProblem> problems;
    private final int methodsFound;
    private final List<String> librariesFound;

    Result(List<ConfigProblem> problems, int methodsFound, List<String> librariesFound) {
      this.problems = problems;
      this.methodsFound = methodsFound;
      this.librariesFound = librariesFound;
    }

    /** In document order; empty when everything was found. */
    public List<ConfigProblem> problems() {
      return problems;
    }

    /** Intercepted and outcome methods whose class and method were found. */
    public int methodsFound() {
      return methodsFound;
    }

    /** Library presets whose library is on the class path. */
    public List<String> librariesFound() {
      return librariesFound;
    }
  }
}
