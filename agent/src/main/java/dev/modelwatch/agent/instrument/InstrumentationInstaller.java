package dev.modelwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.Site;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
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

  /** Code that is never instrumented: the agent, the JDK, and other agents. */
  static ElementMatcher.Junction<TypeDescription> ignored() {
    return nameStartsWith("dev.modelwatch.agent.")
        .or(nameStartsWith("dev.modelwatch.bootstrap."))
        .or(nameStartsWith("dev.modelwatch.config."))
        .or(nameStartsWith("dev.modelwatch.shaded."))
        .or(nameStartsWith("java."))
        .or(nameStartsWith("javax."))
        .or(nameStartsWith("jdk."))
        .or(nameStartsWith("sun."))
        .or(nameStartsWith("com.sun."))
        .or(nameStartsWith("net.bytebuddy."))
        .or(nameStartsWith("io.opentelemetry.javaagent."))
        .or(nameStartsWith("co.elastic.apm.agent."))
        .or(nameStartsWith("com.newrelic."))
        .or(nameStartsWith("datadog.trace."))
        .or(isSynthetic());
  }

  public static ResettableClassFileTransformer install(
      Instrumentation instrumentation,
      List<Site> sites,
      List<TypeInstrumentation> plans,
      AgentErrors errors) {
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new TransformListener(errors))
            .ignore(ignored());
    for (int i = 0; i < sites.size(); i++) {
      Site site = sites.get(i);
      TypeInstrumentation plan = plans.get(i);
      builder =
          builder
              .type(plan.typeMatcher(), plan.classLoaderMatcher())
              .transform(
                  plan instanceof OutcomeInstrumentation
                      ? new OutcomeTransformer(site, (OutcomeInstrumentation) plan)
                      : new SiteTransformer(site, plan));
    }
    return builder.installOn(instrumentation);
  }

  private static final class SiteTransformer implements AgentBuilder.Transformer {
    private final Site site;
    private final ElementMatcher<MethodDescription> methods;
    private final Advice objectAdvice;
    private final Advice numberAdvice;
    private final ElementMatcher<MethodDescription> constructors;
    private final Advice creationAdvice;

    SiteTransformer(Site site, TypeInstrumentation plan) {
      this.site = site;
      this.methods = plan.methodMatcher();
      this.constructors = plan.creationMatcher();
      this.creationAdvice =
          Advice.withCustomMapping()
              .bind(SiteId.class, site.id())
              .bind(InputArgument.class, new InputArgumentMapping(plan.creationArgument()))
              .to(CreationAdvice.class);
      Advice.WithCustomMapping mapping =
          Advice.withCustomMapping()
              .bind(SiteId.class, site.id())
              .bind(InputArgument.class, new InputArgumentMapping(plan.inputArgument()));
      this.objectAdvice = mapping.to(PredictAdvice.class);
      this.numberAdvice = mapping.to(NumericReturnAdvice.class);
    }

    @Override
    public DynamicType.Builder<?> transform(
        DynamicType.Builder<?> builder,
        TypeDescription type,
        ClassLoader classLoader,
        JavaModule module,
        java.security.ProtectionDomain protectionDomain) {
      noteMatches(site, type, methods);
      ElementMatcher.Junction<MethodDescription> matched = ElementMatchers.<MethodDescription>any().and(methods);
      return builder
          .visit(numberAdvice.on(matched.and(RETURNS_NUMBER)))
          .visit(objectAdvice.on(matched.and(not(RETURNS_NUMBER))))
          .visit(creationAdvice.on(ElementMatchers.<MethodDescription>isConstructor().and(constructors)));
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
          Advice.withCustomMapping()
              .bind(SiteId.class, site.id())
              .bind(OutcomeId.class, new BoxedArgumentMapping(plan.idArgument()))
              .bind(OutcomeLabel.class, new BoxedArgumentMapping(plan.labelArgument()))
              .to(OutcomeAdvice.class);
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

  /** Tells the site which type matched and which of its methods get advice (start-up check, metrics). */
  private static void noteMatches(Site site, TypeDescription type, ElementMatcher<MethodDescription> methods) {
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
      errors.count("transform");
      AgentLog.warnRateLimited(
          "transform:" + typeName,
          "could not instrument "
              + typeName
              + "; its calls are not recorded, the class itself is unchanged",
          throwable);
    }
  }
}
