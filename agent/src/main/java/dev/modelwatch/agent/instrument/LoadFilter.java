package dev.modelwatch.agent.instrument;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Predicate;

/**
 * The first, cheap step of matching a class being loaded ({@link SiteTransformer}): decides from
 * names and class loaders alone that nearly every class cannot match any instrumentation, so that
 * only the few that may are matched in full. A class is left out when it is:
 *
 * <ol>
 *   <li>in the bootstrap loader, or in code that is never instrumented (the agent, the JDK, other
 *       agents: {@link InstrumentationInstaller#IGNORED_PREFIXES});
 *   <li>in packages of frameworks and libraries that never extend or implement a model library's or
 *       an application's types ({@link #FRAMEWORK_PREFIXES}: Spring, Tomcat, Jackson, logging,
 *       ...), unless a configured type is in one of them (a plain intercept of a Spring AI class
 *       keeps all of Spring examined);
 *   <li>in class loaders that see none of the configured libraries' classes (each instrumentation's
 *       {@link TypeInstrumentation#loaderCheck()}), checked once per loader and remembered weakly:
 *       a library's instrumentation is examined only in loaders where that library is present;
 *   <li>in the other loaders, none of the types the instrumentations of that loader name ({@link
 *       TypeInstrumentation#target()}) and without any of those matched with subtypes among its
 *       super types. The super types are read from class file headers ({@link ClassHeader}: super
 *       class and interfaces only, the interfaces only when a target is an interface), found
 *       through the loader, and every answer is remembered per loader by name, so a super type
 *       shared by many classes is read once, and the JDK and the framework packages above end a
 *       walk without being read.
 * </ol>
 *
 * <p>Whatever the filter cannot read or decide (an unreadable class file, a super type the loader
 * does not show as a resource, a re-entrant call while it reads one) may match: the full match
 * decides. Retransformations do not come here.
 */
final class LoadFilter {
  /**
   * Name prefixes, as in class files, of code that cannot contain a configured type's subtypes:
   * frameworks and libraries that depend on no model library and on no application. Their classes
   * are most of what a server loads: about 4,100 of the 4,700 classes from outside the JDK that the
   * Spring Boot web app of the start-up benchmark loads before it is ready.
   */
  static final String[] FRAMEWORK_PREFIXES = {
    "org/springframework/",
    "org/apache/catalina/",
    "org/apache/coyote/",
    "org/apache/tomcat/",
    "org/apache/juli/",
    "org/apache/naming/",
    "org/apache/el/",
    "org/apache/logging/",
    "org/apache/commons/logging/",
    "org/apache/http/",
    "org/apache/hc/",
    "ch/qos/logback/",
    "org/slf4j/",
    "com/fasterxml/jackson/",
    "tools/jackson/",
    "com/google/gson/",
    "com/google/common/",
    "com/google/protobuf/",
    "io/micrometer/",
    "io/netty/",
    "reactor/",
    "org/reactivestreams/",
    "io/undertow/",
    "org/eclipse/jetty/",
    "org/jboss/",
    "org/hibernate/",
    "org/glassfish/",
    "jakarta/",
    "org/yaml/snakeyaml/",
    "org/aspectj/",
    "org/aopalliance/",
    "org/objectweb/asm/",
    "kotlin/",
    "kotlinx/",
    "org/jetbrains/",
    "groovy/",
    "org/codehaus/groovy/",
    "org/apache/groovy/",
    "io/opentelemetry/",
    "io/prometheus/",
    "com/zaxxer/hikari/",
    "org/h2/",
    "org/postgresql/",
    "com/mysql/",
    "org/junit/",
    "org/opentest4j/",
    "org/apiguardian/",
  };

  /** Answers remembered per loader; past this many a loader's memory starts again. */
  private static final int MAX_REMEMBERED = 200_000;

  private final List<Part> parts;

  /**
   * {@link #FRAMEWORK_PREFIXES} but those a configured type is in; none when a part names no
   * target.
   */
  private final String[] closedPrefixes;

  /**
   * Where a walk up the super types ends with "no": the agent's ignored prefixes (the JDK...) and
   * {@link #closedPrefixes}, but those a configured type is in.
   */
  private final String[] walkEnds;

  /**
   * Set while this thread reads a super type's class file: class loading it causes is let through.
   */
  private final ThreadLocal<boolean[]> reading = ThreadLocal.withInitial(() -> new boolean[1]);

  private final Map<ClassLoader, LoaderView> views = new WeakHashMap<>();

  /** The last loader seen and its view: most classes come from the loader of the class before. */
  private volatile Last last = new Last(null, null);

  private LoadFilter(List<Part> parts) {
    this.parts = parts;
    List<String> closed = new ArrayList<>(List.of(FRAMEWORK_PREFIXES));
    for (Part part : parts) {
      closed.removeIf(prefix -> part.target.internalName().startsWith(prefix));
    }
    this.closedPrefixes = closed.toArray(new String[0]);
    List<String> ends = new ArrayList<>(closed);
    for (String prefix : InstrumentationInstaller.IGNORED_PREFIXES) {
      ends.add(prefix.replace('.', '/'));
    }
    for (Part part : parts) {
      ends.removeIf(prefix -> part.target.internalName().startsWith(prefix));
    }
    this.walkEnds = ends.toArray(new String[0]);
  }

  /** The filter of these instrumentations (composites taken apart). */
  static LoadFilter of(List<TypeInstrumentation> plans) {
    List<Part> parts = new ArrayList<>();
    for (TypeInstrumentation plan : plans) {
      for (TypeInstrumentation piece : plan.parts()) {
        parts.add(new Part(piece.loaderCheck(), piece.target()));
      }
    }
    return new LoadFilter(parts);
  }

  /**
   * Whether a class being loaded (not retransformed) may match: false only when no instrumentation
   * can match it.
   *
   * @param internalName the class's name as the JVM hands it over, {@code a/b/C}; may be null
   * @param classFile the class file being loaded
   */
  boolean mayMatch(ClassLoader loader, String internalName, byte[] classFile) {
    if (loader == null) {
      return false; // no site matches there: every class loader matcher rejects the bootstrap
      // loader
    }
    if (internalName == null) {
      return true;
    }
    if (InstrumentationInstaller.ignoredInternalName(internalName)
        || inClosedPackage(internalName)) {
      return false;
    }
    boolean[] busy = reading.get();
    if (busy[0]) {
      return true; // loaded while this thread reads a class file for the filter: the full match
      // decides
    }
    busy[0] = true;
    try {
      LoaderView view = view(loader);
      if (!view.anyVisible) {
        return false;
      }
      if (view.named.contains(internalName)) {
        return true;
      }
      if (view.superTargets.isEmpty()) {
        return false;
      }
      Boolean known = view.remembered.get(internalName);
      if (known != null) {
        return known;
      }
      ClassHeader header = ClassHeader.read(classFile);
      boolean result = header == null || reachesTarget(view, loader, header, 0);
      view.remember(internalName, result);
      return result;
    } catch (Throwable t) {
      return true; // the filter never costs a match
    } finally {
      busy[0] = false;
    }
  }

  /** Whether a super type of the class with this header is one of the view's subtype targets. */
  private boolean reachesTarget(
      LoaderView view, ClassLoader loader, ClassHeader header, int depth) {
    if (header.superName != null && reaches(view, loader, header.superName, depth + 1)) {
      return true;
    }
    if (view.interfacesMatter) {
      for (String name : header.interfaces) {
        if (reaches(view, loader, name, depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the type of this name is, or has among its super types, one of the view's subtype
   * targets.
   */
  private boolean reaches(LoaderView view, ClassLoader loader, String internalName, int depth) {
    if (view.superTargets.contains(internalName)) {
      return true;
    }
    if (endsWalk(internalName)) {
      return false;
    }
    Boolean known = view.remembered.get(internalName);
    if (known != null) {
      return known;
    }
    ClassHeader header = depth > 64 ? null : ClassHeader.read(classFile(loader, internalName));
    boolean result = header == null || reachesTarget(view, loader, header, depth);
    view.remember(internalName, result);
    return result;
  }

  /** Whether a walk up the super types ends at this name: no configured type is above it. */
  boolean endsWalk(String internalName) {
    for (String prefix : walkEnds) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every super class and interface of the class with this header, for the full match of a class
   * that {@link #mayMatch} let through: read from class file headers through the loader, up to
   * where no configured type can be ({@link #endsWalk}). A type whose class file the loader does
   * not show ends its branch.
   */
  Set<String> superTypes(ClassLoader loader, ClassHeader header) {
    Set<String> found = new HashSet<>();
    ArrayDeque<String> pending = new ArrayDeque<>();
    addSupers(header, pending);
    while (!pending.isEmpty() && found.size() < 1_000) {
      String name = pending.poll();
      if (!found.add(name) || endsWalk(name)) {
        continue;
      }
      ClassHeader above = ClassHeader.read(classFile(loader, name));
      if (above != null) {
        addSupers(above, pending);
      }
    }
    return found;
  }

  private static void addSupers(ClassHeader header, ArrayDeque<String> pending) {
    if (header.superName != null) {
      pending.add(header.superName);
    }
    pending.addAll(List.of(header.interfaces));
  }

  /** The class file the loader shows for this name, or an empty array. */
  static byte[] classFile(ClassLoader loader, String internalName) {
    try (java.io.InputStream in = loader.getResourceAsStream(internalName + ".class")) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (java.io.IOException | RuntimeException e) {
      return new byte[0];
    }
  }

  private boolean inClosedPackage(String internalName) {
    for (String prefix : closedPrefixes) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private LoaderView view(ClassLoader loader) {
    Last recent = last;
    if (recent.loader.get() == loader) {
      return recent.view;
    }
    LoaderView view;
    synchronized (views) {
      view = views.get(loader);
    }
    if (view == null) {
      view = new LoaderView(loader, parts); // outside the lock: it reads resources of the loader
      synchronized (views) {
        LoaderView raced = views.putIfAbsent(loader, view);
        if (raced != null) {
          view = raced;
        }
      }
    }
    last = new Last(loader, view);
    return view;
  }

  private static final class Part {
    final Predicate<ClassLoader> loaders;
    final TypeTarget target;

    Part(Predicate<ClassLoader> loaders, TypeTarget target) {
      this.loaders = loaders;
      this.target = target;
    }
  }

  /**
   * What the instrumentations can match among the classes of one loader, and the answers found so
   * far. Holds no reference to the loader, so that the weak map can let the loader go.
   */
  private static final class LoaderView {
    final boolean anyVisible;

    /**
     * Internal names of the types the instrumentations of this loader name, with or without
     * subtypes.
     */
    final java.util.Set<String> named = new java.util.HashSet<>();

    /** Those matched with their subtypes. */
    final java.util.Set<String> superTargets = new java.util.HashSet<>();

    /** A subtype target is an interface, or could not be read: interfaces are walked too. */
    final boolean interfacesMatter;

    /** Internal name: whether it is or has a subtype target among its super types. */
    final java.util.concurrent.ConcurrentHashMap<String, Boolean> remembered =
        new java.util.concurrent.ConcurrentHashMap<>();

    LoaderView(ClassLoader loader, List<Part> parts) {
      boolean any = false;
      for (Part part : parts) {
        if (part.loaders.test(loader)) {
          any = true;
          named.add(part.target.internalName());
          if (part.target.subtypes()) {
            superTargets.add(part.target.internalName());
          }
        }
      }
      boolean interfaces = false;
      for (String target : superTargets) {
        ClassHeader header = ClassHeader.read(classFile(loader, target));
        interfaces |= header == null || header.isInterface();
      }
      this.anyVisible = any;
      this.interfacesMatter = interfaces;
    }

    void remember(String internalName, boolean result) {
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.clear();
      }
      remembered.put(internalName, result);
    }
  }

  private static final class Last {
    final WeakReference<ClassLoader> loader;
    final LoaderView view;

    Last(ClassLoader loader, LoaderView view) {
      this.loader = new WeakReference<>(loader);
      this.view = view;
    }
  }
}
