package dev.modelwatch.agent.instrument;

import java.lang.instrument.IllegalClassFormatException;
import java.lang.ref.WeakReference;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Keeps classes that cannot match any instrumentation away from Byte Buddy, which otherwise describes every class
 * loaded and, for a subtype match, resolves its super types. Decided on names and class loaders only, before Byte
 * Buddy builds anything for the class:
 *
 * <ol>
 *   <li>the bootstrap loader, and the names Byte Buddy's ignore matcher rejects anyway (the agent, the JDK, other
 *       agents: {@link InstrumentationInstaller#IGNORED_PREFIXES});
 *   <li>packages of frameworks and libraries that never extend or implement a model library's or an application's
 *       types ({@link #FRAMEWORK_PREFIXES}: Spring, Tomcat, Jackson, logging, ...), unless a configured type is in
 *       one of them (a plain intercept of a Spring AI class keeps all of Spring examined);
 *   <li>class loaders that see none of the configured libraries' classes (each instrumentation's {@link
 *       TypeInstrumentation#classLoaderMatcher()}), checked once per loader and remembered weakly: a library's
 *       instrumentation is examined only in loaders where that library is present.
 * </ol>
 *
 * <p>Everything else, and every retransformation, goes to Byte Buddy's transformer unchanged, whose matchers decide
 * as before: the filter only ever leaves out classes those matchers would reject.
 */
final class LoadFilter {
  /**
   * Name prefixes, as in class files, of code that cannot contain a configured type's subtypes: frameworks and
   * libraries that depend on no model library and on no application. Their classes are most of what a server
   * loads: about 4,100 of the 4,700 classes from outside the JDK that the Spring Boot web app of the start-up
   * benchmark loads before it is ready.
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

  private final List<Part> parts;
  /** {@link #FRAMEWORK_PREFIXES} but those a configured type is in; none when a part names no target. */
  private final String[] closedPrefixes;
  private final Map<ClassLoader, LoaderView> views = new WeakHashMap<>();
  /** The last loader seen and its view: most classes come from the loader of the class before. */
  private volatile Last last = new Last(null, null);

  private LoadFilter(List<Part> parts) {
    this.parts = parts;
    List<String> closed = new ArrayList<>(List.of(FRAMEWORK_PREFIXES));
    for (Part part : parts) {
      if (part.target == null) {
        closed.clear();
        break;
      }
      closed.removeIf(prefix -> part.target.internalName().startsWith(prefix));
    }
    this.closedPrefixes = closed.toArray(new String[0]);
  }

  /** The filter of these instrumentations (composites taken apart). */
  static LoadFilter of(List<TypeInstrumentation> plans) {
    List<Part> parts = new ArrayList<>();
    for (TypeInstrumentation plan : plans) {
      List<TypeInstrumentation> pieces =
          plan instanceof CompositeInstrumentation ? ((CompositeInstrumentation) plan).parts() : List.of(plan);
      for (TypeInstrumentation piece : pieces) {
        parts.add(new Part(piece.classLoaderMatcher(), piece.target()));
      }
    }
    return new LoadFilter(parts);
  }

  /** Wraps Byte Buddy's transformer in this filter. */
  AgentBuilder.TransformerDecorator decorator() {
    return transformer -> new Filtering(transformer, this);
  }

  /**
   * Whether a class being loaded (not retransformed) may match: false only when no instrumentation can match it.
   *
   * @param internalName the class's name as the JVM hands it over, {@code a/b/C}; may be null
   */
  boolean mayMatch(ClassLoader loader, String internalName) {
    if (loader == null) {
      return false; // no site matches there: every class loader matcher rejects the bootstrap loader
    }
    if (internalName == null) {
      return true;
    }
    if (InstrumentationInstaller.ignoredInternalName(internalName) || inClosedPackage(internalName)) {
      return false;
    }
    return view(loader).anyVisible;
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
    final ElementMatcher<ClassLoader> loaders;
    final TypeTarget target;

    Part(ElementMatcher<ClassLoader> loaders, TypeTarget target) {
      this.loaders = loaders;
      this.target = target;
    }
  }

  /** What the instrumentations can match among the classes of one loader. */
  private static final class LoaderView {
    final boolean anyVisible;

    LoaderView(ClassLoader loader, List<Part> parts) {
      boolean any = false;
      for (Part part : parts) {
        if (part.loaders.matches(loader)) {
          any = true;
        }
      }
      this.anyVisible = any;
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

  /**
   * Byte Buddy's transformer behind the filter. Both {@code transform} methods are overridden (the JVM calls the
   * one with the module); reset removes this transformer, as Byte Buddy's own delegating transformers do.
   */
  private static final class Filtering extends ResettableClassFileTransformer.WithDelegation {
    private final LoadFilter filter;

    Filtering(ResettableClassFileTransformer transformer, LoadFilter filter) {
      super(transformer);
      this.filter = filter;
    }

    @Override
    public byte[] transform(
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classFile)
        throws IllegalClassFormatException {
      if (classBeingRedefined == null && !filter.mayMatch(loader, className)) {
        return null;
      }
      return classFileTransformer.transform(loader, className, classBeingRedefined, protectionDomain, classFile);
    }

    @Override
    public byte[] transform(
        Module module,
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classFile)
        throws IllegalClassFormatException {
      if (classBeingRedefined == null && !filter.mayMatch(loader, className)) {
        return null;
      }
      return classFileTransformer.transform(
          module, loader, className, classBeingRedefined, protectionDomain, classFile);
    }
  }
}
