package dev.modelwatch.agent.instrument;

import dev.modelwatch.extension.MethodHook;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;

/**
 * Resolves {@link InputArgument} per transformed method: the argument at {@code position} when it
 * is a reference type, otherwise the constant null. Primitive arguments are never boxed, so the
 * advice allocates nothing. For {@link MethodHook#ALL_ARGUMENTS}, every argument in a new {@code
 * Object[]} (primitives boxed), made where exit advice reads it and never in enter advice, which
 * gets null: the array is made only when the call's end is reported.
 */
final class InputArgumentMapping implements Advice.OffsetMapping {
  private final int position;

  InputArgumentMapping(int position) {
    this.position = position;
  }

  @Override
  public Target resolve(
      TypeDescription instrumentedType,
      MethodDescription instrumentedMethod,
      Assigner assigner,
      Advice.ArgumentHandler argumentHandler,
      Sort sort) {
    if (position == MethodHook.ALL_ARGUMENTS && sort == Sort.EXIT) {
      return new ForAllArguments(
              TypeDescription.Generic.OBJECT, true, Assigner.Typing.DYNAMIC, false, false)
          .resolve(instrumentedType, instrumentedMethod, assigner, argumentHandler, sort);
    }
    if (position >= 0 && position < instrumentedMethod.getParameters().size()) {
      ParameterDescription parameter = instrumentedMethod.getParameters().get(position);
      if (!parameter.getType().isPrimitive()) {
        return new ForArgument.Resolved(
                TypeDescription.Generic.OBJECT, true, Assigner.Typing.DYNAMIC, parameter)
            .resolve(instrumentedType, instrumentedMethod, assigner, argumentHandler, sort);
      }
    }
    return new ForStackManipulation(
            NullConstant.INSTANCE,
            TypeDescription.Generic.OBJECT,
            TypeDescription.Generic.OBJECT,
            Assigner.Typing.STATIC)
        .resolve(instrumentedType, instrumentedMethod, assigner, argumentHandler, sort);
  }
}
