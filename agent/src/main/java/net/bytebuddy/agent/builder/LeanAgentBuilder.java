package net.bytebuddy.agent.builder;

import java.util.Collections;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Byte Buddy's default agent builder without the one default the agent never uses. {@code new
 * AgentBuilder.Default()} creates a self-injecting initialization strategy whose set-up injects
 * Byte Buddy's {@code Nexus} class into the system class loader, and for that generates and loads a
 * few hundred classes: about half of the agent's start-up time. The agent's advice is inlined and
 * class formats are never changed ({@link AgentBuilder#disableClassFormatChanges()} replaces that
 * strategy by the no-op one anyway), so this builder starts with the no-op strategy; every other
 * setting is the one {@code new AgentBuilder.Default()} sets.
 *
 * <p>In Byte Buddy's package because the constructor that takes the strategies names a type Byte
 * Buddy keeps package-private; shading moves it with Byte Buddy.
 */
public final class LeanAgentBuilder {
  /** One lock for every builder, as Byte Buddy's default builders share one. */
  private static final AgentBuilder.CircularityLock LOCK =
      new AgentBuilder.CircularityLock.Default();

  private LeanAgentBuilder() {}

  public static AgentBuilder create() {
    return new AgentBuilder.Default(
        new ByteBuddy(),
        AgentBuilder.Listener.NoOp.INSTANCE,
        LOCK,
        AgentBuilder.PoolStrategy.Default.FAST,
        AgentBuilder.TypeStrategy.Default.REBASE,
        AgentBuilder.LocationStrategy.ForClassLoader.STRONG,
        ClassFileLocator.NoOp.INSTANCE,
        AgentBuilder.Default.NativeMethodStrategy.Disabled.INSTANCE,
        AgentBuilder.Default.WarmupStrategy.NoOp.INSTANCE,
        AgentBuilder.TransformerDecorator.NoOp.INSTANCE,
        AgentBuilder.InitializationStrategy.NoOp.INSTANCE,
        AgentBuilder.RedefinitionStrategy.DISABLED,
        AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE,
        AgentBuilder.RedefinitionStrategy.BatchAllocator.ForTotal.INSTANCE,
        AgentBuilder.RedefinitionStrategy.Listener.NoOp.INSTANCE,
        AgentBuilder.RedefinitionStrategy.ResubmissionStrategy.Disabled.INSTANCE,
        AgentBuilder.InjectionStrategy.UsingReflection.INSTANCE,
        AgentBuilder.LambdaInstrumentationStrategy.DISABLED,
        AgentBuilder.DescriptionStrategy.Default.HYBRID,
        AgentBuilder.FallbackStrategy.ByThrowableType.ofOptionalTypes(),
        AgentBuilder.ClassFileBufferStrategy.Default.RETAINING,
        AgentBuilder.InstallationListener.NoOp.INSTANCE,
        // replaced by the agent's own ignore matcher before use
        new AgentBuilder.RawMatcher.ForElementMatchers(ElementMatchers.any()),
        Collections.<AgentBuilder.Default.Transformation>emptyList());
  }
}
