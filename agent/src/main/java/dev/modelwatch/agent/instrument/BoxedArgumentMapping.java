package dev.modelwatch.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;

/**
 * The argument at {@code position} as an Object, primitives boxed (a {@code double} label becomes a
 * Double); the constant null when the method has fewer arguments. Used only for outcome methods,
 * which are off the prediction path, so boxing there is acceptable.
 */
final class BoxedArgumentMapping implements Advice.OffsetMapping {
  private final int position;

  BoxedArgumentMapping(int position) {
    this.position = position;
  }

  @Override
  public Target resolve(
      TypeDescription instrumentedType,
      MethodDescription instrumentedMethod,
      Assigner assigner,
      Advice.ArgumentHandler argumentHandler,
      Sort sort) {
    if (position < instrumentedMethod.getParameters().size()) {
      return new ForArgument.Resolved(
              TypeDescription.Generic.OBJECT,
              true,
              Assigner.Typing.DYNAMIC,
              instrumentedMethod.getParameters().get(position))
          .resolve(instrumentedType, instrumentedMethod, assigner, argumentHandler, sort);
    }
    return new ForStackManipulation(
            NullConstant.INSTANCE,
            TypeDescription.Generic.OBJECT,
            TypeDescription.Generic.OBJECT,
            Assigner.Typing.STATIC)
        .resolve(instrumentedType, instrumentedMethod, assigner, argumentHandler, sort);
  }
}
