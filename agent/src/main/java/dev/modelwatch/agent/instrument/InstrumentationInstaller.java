package dev.modelwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.Site;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.LeanAgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the advice of every site with Byte Buddy. Retransformation instruments classes loaded
 * before the agent (attach at run time); class formats are never changed, so retransformation is
 * always allowed.
 */
public final class InstrumentationInstaller {
  private static final ElementMatcher.Junction<MethodDescription> RETURNS_NUMBER =
      returns(
          ElementMatchers.<TypeDescription>is(float.class)
              .or(ElementMatchers.is(double.class))
              .or(ElementMatchers.is(int.class))
              .or(ElementMatchers.is(long.class))
              .or(ElementMatchers.is(short.class))
              .or(ElementMatchers.is(byte.class)));

  private InstrumentationInstaller() {}

  /**
   * Self-test of the install gate: {@code -Dmodelwatch.selftest.installDelayMillis=N} delays
   * building Byte Buddy's transformer at JVM start by N ms, so that a test can load a class that
   * must wait for it.
   */
  private static final long INSTALL_DELAY_MILLIS =
      Long.getLong("modelwatch.selftest.installDelayMillis", 0);

  /** Name prefixes of code that is never instrumented: the agent, the JDK, and other agents. */
  static final String[] IGNORED_PREFIXES = {
    "dev.modelwatch.agent.",
    "dev.modelwatch.bootstrap.",
    "dev.modelwatch.config.",
    "dev.modelwatch.extension.",
    "dev.modelwatch.shaded.",
    "java.",
    "javax.",
    "jdk.",
    "sun.",
    "com.sun.",
    "net.bytebuddy.",
    "io.opentelemetry.javaagent.",
    "co.elastic.apm.agent.",
    "com.newrelic.",
    "datadog.trace.",
  };

  /** The same prefixes as the JVM names classes to transformers: {@code java/}. */
  private static final String[] IGNORED_INTERNAL_PREFIXES = new String[IGNORED_PREFIXES.length];

  static {
    for (int i = 0; i < IGNORED_PREFIXES.length; i++) {
      IGNORED_INTERNAL_PREFIXES[i] = IGNORED_PREFIXES[i].replace('.', '/');
    }
  }

  /**
   * Whether a class named as in class files ({@code a/b/C}) is in code that is never instrumented.
   */
  static boolean ignoredInternalName(String internalName) {
    for (String prefix : IGNORED_INTERNAL_PREFIXES) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Code that is never instrumented: the agent, the JDK, other agents, synthetic types, and all of
   * the bootstrap loader (no site matches there: {@link HasClassResource} rejects it). Checked for
   * every class loaded and, at installation, for every class already loaded, so the cheapest tests
   * come first.
   */
  static AgentBuilder.RawMatcher ignored() {
    return IgnoredTypes.INSTANCE;
  }

  private enum IgnoredTypes implements AgentBuilder.RawMatcher {
    INSTANCE;

    @Override
    public boolean matches(
        TypeDescription type,
        ClassLoader classLoader,
        JavaModule module,
        Class<?> classBeingRedefined,
        java.security.ProtectionDomain protectionDomain) {
      if (classLoader == null) {
        return true;
      }
      String name = type.getName();
      for (String prefix : IGNORED_PREFIXES) {
        if (name.startsWith(prefix)) {
          return true;
        }
      }
      return type.isSynthetic();
    }
  }

  public static ResettableClassFileTransformer install(
      Instrumentation instrumentation,
      List<Site> sites,
      List<TypeInstrumentation> plans,
      AgentErrors errors) {
    return builder(
            configured(new TransformListener(errors))
                .ignore(ignored())
                .with(LoadFilter.of(plans).decorator()),
            sites,
            plans)
        .installOn(instrumentation);
  }

  /**
   * Installs the advice at JVM start without waiting for Byte Buddy: registers an {@link
   * InstallGate} now and builds Byte Buddy's transformer on a daemon thread once {@code warmUp}
   * allows, so that premain returns while Byte Buddy starts up beside the application. Classes that
   * may match wait at the gate until the transformer is in place; nothing is retransformed (no
   * class that may match can have been loaded before the gate).
   */
  public static ResettableClassFileTransformer installBeside(
      Instrumentation instrumentation,
      List<Site> sites,
      List<TypeInstrumentation> plans,
      AgentErrors errors,
      InstrumentationWarmUp warmUp,
      long startNanos) {
    InstallGate gate = new InstallGate(LoadFilter.of(plans), errors);
    Thread thread =
        new Thread(
            () -> {
              ResettableClassFileTransformer built = null;
              try {
                warmUp.awaitInstallable();
                if (INSTALL_DELAY_MILLIS > 0) {
                  Thread.sleep(INSTALL_DELAY_MILLIS);
                }
                // Byte Buddy's raw transformer is resettable, though makeRaw() is declared with
                // the JDK's type
                built =
                    (ResettableClassFileTransformer)
                        builder(
                                configured(new TransformListener(errors)).ignore(ignored()),
                                sites,
                                plans)
                            .makeRaw();
              } catch (Throwable t) {
                errors.record(ErrorStage.INSTALL, t);
              } finally {
                gate.open(built);
              }
              AgentLog.info(
                  "instrumentation in place "
                      + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
                      + " ms after the agent started; "
                      + gate.waited()
                      + " class(es) waited for it");
            },
            "modelwatch-install");
    thread.setDaemon(true);
    gate.installer(thread);
    instrumentation.addTransformer(gate, true);
    warmUp.begin();
    thread.start();
    return gate;
  }

  /** {@code builder} with the advice of every site. */
  private static AgentBuilder builder(
      AgentBuilder builder, List<Site> sites, List<TypeInstrumentation> plans) {
    for (int i = 0; i < sites.size(); i++) {
      Site site = sites.get(i);
      TypeInstrumentation plan = plans.get(i);
      List<TypeInstrumentation> parts =
          plan instanceof CompositeInstrumentation
              ? ((CompositeInstrumentation) plan).parts()
              : List.of(plan);
      for (TypeInstrumentation part : parts) {
        builder =
            builder
                .type(part.typeMatcher(), part.classLoaderMatcher())
                .transform(
                    part instanceof OutcomeInstrumentation
                        ? new OutcomeTransformer(site, (OutcomeInstrumentation) part)
                        : new SiteTransformer(site, site.id(), part));
      }
    }
    return builder;
  }

  /** The builder settings of every installation, and of the warm-up. */
  static AgentBuilder configured(AgentBuilder.Listener listener) {
    return LeanAgentBuilder.create()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(listener);
  }

  /**
   * A transformer for the warm-up: the advice of {@code plan} under a site id no site has, noting
   * no matches.
   */
  static AgentBuilder.Transformer warmUpTransformer(TypeInstrumentation plan) {
    return new SiteTransformer(null, -1, plan);
  }

  private static final class SiteTransformer implements AgentBuilder.Transformer {
    private final Site site;
    private final ElementMatcher<MethodDescription> methods;
    private final Advice objectAdvice;
    private final Advice numberAdvice;
    private final ElementMatcher<MethodDescription> constructors;
    private final Advice creationAdvice;
    private final ElementMatcher<MethodDescription> returning;
    private final Advice returnedAdvice;
    private final ElementMatcher<MethodDescription> internal;
    private final Advice internalAdvice;

    /**
     * @param site the site to tell about matches, or null for none
     */
    SiteTransformer(Site site, int siteId, TypeInstrumentation plan) {
      this.site = site;
      this.methods = plan.methodMatcher();
      this.constructors = plan.creationMatcher();
      this.returning = plan.returnedMatcher();
      this.internal = plan.internalMatcher();
      Advice.WithCustomMapping helper =
          Advice.withCustomMapping()
              .bind(SiteId.class, siteId)
              .bind(HookIndex.class, plan.hookIndex())
              .bind(InputArgument.class, new InputArgumentMapping(plan.creationArgument()));
      this.creationAdvice = AdviceClasses.to(helper, CreationAdvice.class);
      this.returnedAdvice = AdviceClasses.to(helper, ReturnedAdvice.class);
      this.internalAdvice = AdviceClasses.to(Advice.withCustomMapping(), InternalAdvice.class);
      Advice.WithCustomMapping mapping =
          Advice.withCustomMapping()
              .bind(SiteId.class, siteId)
              .bind(InputArgument.class, new InputArgumentMapping(plan.inputArgument()));
      this.objectAdvice = AdviceClasses.to(mapping, PredictAdvice.class);
      this.numberAdvice = AdviceClasses.to(mapping, NumericReturnAdvice.class);
    }

    @Override
    public DynamicType.Builder<?> transform(
        DynamicType.Builder<?> builder,
        TypeDescription type,
        ClassLoader classLoader,
        JavaModule module,
        java.security.ProtectionDomain protectionDomain) {
      if (site != null) {
        noteMatches(site, type, methods);
      }
      ElementMatcher.Junction<MethodDescription> matched =
          ElementMatchers.<MethodDescription>any().and(methods);
      return builder
          .visit(numberAdvice.on(matched.and(RETURNS_NUMBER)))
          .visit(objectAdvice.on(matched.and(not(RETURNS_NUMBER))))
          .visit(
              creationAdvice.on(
                  ElementMatchers.<MethodDescription>isConstructor().and(constructors)))
          .visit(
              returnedAdvice.on(
                  ElementMatchers.<MethodDescription>not(isConstructor()).and(returning)))
          .visit(
              internalAdvice.on(
                  ElementMatchers.<MethodDescription>not(isConstructor()).and(internal)));
    }
  }

  /** Outcome methods of feedback.method: one enter-only advice, whatever the method returns. */
  private static final class OutcomeTransformer implements AgentBuilder.Transformer {
    private final Site site;
    private final ElementMatcher<MethodDescription> methods;
    private final Advice advice;

    OutcomeTransformer(Site site, OutcomeInstrumentation plan) {
      this.site = site;
      this.methods = plan.methodMatcher();
      this.advice =
          AdviceClasses.to(
              Advice.withCustomMapping()
                  .bind(SiteId.class, site.id())
                  .bind(OutcomeId.class, new BoxedArgumentMapping(plan.idArgument()))
                  .bind(OutcomeLabel.class, new BoxedArgumentMapping(plan.labelArgument())),
              OutcomeAdvice.class);
    }

    @Override
    public DynamicType.Builder<?> transform(
        DynamicType.Builder<?> builder,
        TypeDescription type,
        ClassLoader classLoader,
        JavaModule module,
        java.security.ProtectionDomain protectionDomain) {
      noteMatches(site, type, methods);
      return builder.visit(advice.on(methods));
    }
  }

  /**
   * Tells the site which type matched and which of its methods get advice (start-up check,
   * metrics).
   */
  private static void noteMatches(
      Site site, TypeDescription type, ElementMatcher<MethodDescription> methods) {
    site.typeMatched(type.getName());
    for (MethodDescription method : type.getDeclaredMethods().filter(methods)) {
      site.methodInstrumented(type.getName(), method.toString());
    }
  }

  /** Logs and counts transformation errors only. */
  private static final class TransformListener extends AgentBuilder.Listener.Adapter {
    private final AgentErrors errors;

    TransformListener(AgentErrors errors) {
      this.errors = errors;
    }

    @Override
    public void onError(
        String typeName,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        Throwable throwable) {
      errors.count(ErrorStage.TRANSFORM);
      AgentLog.warnRateLimited(
          "transform:" + typeName,
          "could not instrument "
              + typeName
              + "; its calls are not recorded, the class itself is unchanged",
          throwable);
    }
  }
}
