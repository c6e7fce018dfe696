package dev.modelwatch.agent.instrument;

import dev.modelwatch.extension.MethodHook;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;

/**
 * Weaves one {@link WovenAdvice} into one method, the way Byte Buddy's inlined advice did, without
 * changing the class's format (no member added, so a loaded class can be retransformed):
 *
 * <ul>
 *   <li>entry: calls the bridge first thing and keeps the returned call state in a local of its
 *       own;
 *   <li>normal exit: every return instruction stores the value in a local of its own and jumps to
 *       one exit block at the end, which calls the bridge and returns the value;
 *   <li>exceptional exit (predict and internal methods): a handler for {@code Throwable} around the
 *       whole original code, placed after the method's own handlers so they keep priority, calls
 *       the bridge and rethrows the same throwable;
 *   <li>every bridge call is inside a handler of its own that drops whatever it throws, so the
 *       advice can never change what the method does (a loader that cannot see the bridge, a stack
 *       overflow inside it).
 * </ul>
 *
 * <p>The advice's locals take the slots right after the parameters; the method's own locals move up
 * by as many slots, in every instruction, local variable entry and stack map frame. The frames come
 * expanded ({@code ClassReader.EXPAND_FRAMES}), so each gets the advice's locals inserted after the
 * parameters, and the blocks the advice adds get frames of their own. The arguments the exit advice
 * hands over are copied to the advice's locals at entry, so the exit sees them as the call received
 * them, whatever the method stored in its parameters since (as Byte Buddy's default did), and the
 * exit blocks' frames say nothing about the parameters' slots: they hold whatever the method left
 * there. Only a constructor's exit reads slot 0, its new object. Class files older than Java 6 have
 * no frames and get none.
 *
 * <p>Advice for several sites on one method is woven by chaining visitors: each treats what the
 * ones before it produced as the method's own code.
 */
final class AdviceMethodVisitor extends MethodVisitor {
  private static final String BRIDGE = "dev/modelwatch/bootstrap/ModelWatchBridge";
  private static final String STATE = "dev/modelwatch/bootstrap/CallState";
  private static final String THROWABLE = "java/lang/Throwable";
  private static final String OBJECT = "java/lang/Object";

  /** Operand stack the advice needs at most: exit(site, state, input array, index, long). */
  private static final int ADVICE_STACK = 8;

  private final WovenAdvice advice;
  private final boolean isStatic;
  private final Type[] parameters;
  private final Type returnType;
  private final boolean frames;

  /** Slots of {@code this} and the parameters. */
  private final int parameterSlots;

  /** Frame entries of {@code this} (initialised) and the parameters. */
  private final Object[] initial;

  private final int stateSlot;

  /** Parameter positions copied at entry for the exit advice, and the slot of each copy. */
  private final int[] copied;

  private final int[] copySlots;
  private final int resultSlot;
  private final int resultSize;
  private final int thrownSlot;

  /** Slots the advice's locals take: the method's own locals move up by as many. */
  private final int extra;

  private final Label bodyStart = new Label();
  private final Label exit = new Label();

  AdviceMethodVisitor(
      MethodVisitor next,
      WovenAdvice advice,
      String owner,
      int access,
      String descriptor,
      boolean frames) {
    super(Opcodes.ASM9, next);
    this.advice = advice;
    this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
    this.parameters = Type.getArgumentTypes(descriptor);
    this.returnType = Type.getReturnType(descriptor);
    this.frames = frames;
    List<Object> entries = new ArrayList<>();
    int slots = 0;
    if (!isStatic) {
      entries.add(owner);
      slots++;
    }
    for (Type parameter : parameters) {
      entries.add(frameType(parameter));
      slots += parameter.getSize();
    }
    this.parameterSlots = slots;
    this.initial = entries.toArray();
    WovenAdvice.Kind kind = advice.kind;
    this.stateSlot = parameterSlots;
    this.copied = copiedPositions(kind, advice.argument, parameters);
    this.copySlots = new int[copied.length];
    int slot = stateSlot + (kind.state ? 1 : 0);
    for (int i = 0; i < copied.length; i++) {
      copySlots[i] = slot;
      slot += parameters[copied[i]].getSize();
    }
    this.resultSlot = slot;
    this.resultSize = kind.exits ? returnType.getSize() : 0;
    this.thrownSlot = resultSlot + resultSize;
    this.extra = thrownSlot + (kind.state ? 1 : 0) - parameterSlots;
  }

  /**
   * The parameters whose values the exit advice hands over: every one for {@link
   * MethodHook#ALL_ARGUMENTS}, the one at the input's position when it is a reference, else none.
   */
  private static int[] copiedPositions(WovenAdvice.Kind kind, int argument, Type[] parameters) {
    if (!kind.readsInputAtExit()) {
      return new int[0];
    }
    if (argument == MethodHook.ALL_ARGUMENTS) {
      int[] all = new int[parameters.length];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    return argument >= 0 && argument < parameters.length && isReference(parameters[argument])
        ? new int[] {argument}
        : new int[0];
  }

  @Override
  public void visitCode() {
    super.visitCode();
    WovenAdvice.Kind kind = advice.kind;
    if (kind.state) {
      super.visitInsn(Opcodes.ACONST_NULL);
      super.visitVarInsn(Opcodes.ASTORE, stateSlot);
    }
    for (int i = 0; i < copied.length; i++) {
      Type type = parameters[copied[i]];
      super.visitVarInsn(type.getOpcode(Opcodes.ILOAD), argumentSlot(copied[i]));
      super.visitVarInsn(type.getOpcode(Opcodes.ISTORE), copySlots[i]);
    }
    if (kind.enters) {
      Label after = new Label();
      Object[] locals = bodyLocals();
      suppressed(this::enterCall, after, locals);
      super.visitLabel(after);
      frame(locals);
      // the method's own first frame, if any, needs an offset of its own
      super.visitInsn(Opcodes.NOP);
    }
    super.visitLabel(bodyStart);
  }

  private void enterCall() {
    switch (advice.kind) {
      case INTERNAL:
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC, BRIDGE, "enterInternal", "()L" + STATE + ";", false);
        super.visitVarInsn(Opcodes.ASTORE, stateSlot);
        break;
      case OUTCOME:
        push(advice.site);
        loadBoxedArgument(advice.argument);
        loadBoxedArgument(advice.label);
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC, BRIDGE, "outcome", "(IL" + OBJECT + ";L" + OBJECT + ";)V", false);
        break;
      default: // PREDICT, NUMBER
        push(advice.site);
        if (isStatic) {
          super.visitInsn(Opcodes.ACONST_NULL);
        } else {
          super.visitVarInsn(Opcodes.ALOAD, 0);
        }
        loadInput(false);
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC,
            BRIDGE,
            "enter",
            "(IL" + OBJECT + ";L" + OBJECT + ";)L" + STATE + ";",
            false);
        super.visitVarInsn(Opcodes.ASTORE, stateSlot);
    }
  }

  @Override
  public void visitInsn(int opcode) {
    if (advice.kind.exits && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
      if (resultSize > 0) {
        super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), resultSlot);
      }
      super.visitJumpInsn(Opcodes.GOTO, exit);
      return;
    }
    super.visitInsn(opcode);
  }

  @Override
  public void visitVarInsn(int opcode, int slot) {
    super.visitVarInsn(opcode, moved(slot));
  }

  @Override
  public void visitIincInsn(int slot, int increment) {
    super.visitIincInsn(moved(slot), increment);
  }

  @Override
  public void visitLocalVariable(
      String name, String descriptor, String signature, Label start, Label end, int index) {
    super.visitLocalVariable(name, descriptor, signature, start, end, moved(index));
  }

  @Override
  public org.objectweb.asm.AnnotationVisitor visitLocalVariableAnnotation(
      int typeRef,
      TypePath typePath,
      Label[] start,
      Label[] end,
      int[] index,
      String descriptor,
      boolean visible) {
    int[] moved = new int[index.length];
    for (int i = 0; i < index.length; i++) {
      moved[i] = moved(index[i]);
    }
    return super.visitLocalVariableAnnotation(
        typeRef, typePath, start, end, moved, descriptor, visible);
  }

  @Override
  public void visitFrame(
      int type, int localCount, Object[] locals, int stackCount, Object[] stack) {
    if (type != Opcodes.F_NEW || extra == 0) {
      super.visitFrame(type, localCount, locals, stackCount, stack);
      return;
    }
    List<Object> moved = new ArrayList<>(localCount + extra);
    int i = 0;
    int slots = 0;
    while (i < localCount && slots < parameterSlots) {
      moved.add(locals[i]);
      slots += size(locals[i]);
      i++;
    }
    while (slots < parameterSlots) {
      moved.add(Opcodes.TOP);
      slots++;
    }
    addAdviceLocals(moved, false);
    moved.addAll(Arrays.asList(locals).subList(i, localCount));
    super.visitFrame(Opcodes.F_NEW, moved.size(), moved.toArray(), stackCount, stack);
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    if (advice.kind.exits) {
      exitBlocks();
    }
    super.visitMaxs(Math.max(maxStack, ADVICE_STACK), maxLocals + extra);
  }

  /** The exit block every return jumps to, and the handler of the exceptional exit. */
  private void exitBlocks() {
    WovenAdvice.Kind kind = advice.kind;
    super.visitLabel(exit);
    Object[] locals = exitLocals();
    frame(locals);
    Label done = new Label();
    if (kind.recordsCall) {
      super.visitVarInsn(Opcodes.ALOAD, stateSlot);
      super.visitJumpInsn(Opcodes.IFNULL, done);
    }
    suppressed(() -> exitCall(false), done, locals);
    super.visitLabel(done);
    frame(locals);
    if (resultSize > 0) {
      super.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), resultSlot);
    }
    super.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
    if (!kind.state) {
      return;
    }
    Label handler = new Label();
    super.visitLabel(handler);
    Object[] thrownLocals = adviceLocals(weakInitial(), false);
    frame(thrownLocals, THROWABLE);
    super.visitVarInsn(Opcodes.ASTORE, thrownSlot);
    thrownLocals[thrownLocals.length - 1] = THROWABLE;
    Label rethrow = new Label();
    if (kind.recordsCall) {
      super.visitVarInsn(Opcodes.ALOAD, stateSlot);
      super.visitJumpInsn(Opcodes.IFNULL, rethrow);
    }
    suppressed(() -> exitCall(true), rethrow, thrownLocals);
    super.visitLabel(rethrow);
    frame(thrownLocals);
    super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
    super.visitInsn(Opcodes.ATHROW);
    // last in the table: the method's own handlers, visited before, keep priority
    super.visitTryCatchBlock(bodyStart, exit, handler, THROWABLE);
  }

  private void exitCall(boolean thrown) {
    switch (advice.kind) {
      case INTERNAL:
        super.visitVarInsn(Opcodes.ALOAD, stateSlot);
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC, BRIDGE, "exitInternal", "(L" + STATE + ";)V", false);
        break;
      case CREATED:
      case RETURNED:
        push(advice.site);
        push(advice.hook);
        if (advice.kind == WovenAdvice.Kind.CREATED) {
          super.visitVarInsn(Opcodes.ALOAD, 0); // the constructor's new object
        } else {
          loadResultAsObject();
        }
        loadInput(true);
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC,
            BRIDGE,
            "created",
            "(IIL" + OBJECT + ";L" + OBJECT + ";)V",
            false);
        break;
      case NUMBER:
        push(advice.site);
        super.visitVarInsn(Opcodes.ALOAD, stateSlot);
        loadInput(true);
        if (thrown) {
          super.visitInsn(Opcodes.DCONST_0);
          super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
        } else {
          super.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), resultSlot);
          widenToDouble(returnType);
          super.visitInsn(Opcodes.ACONST_NULL);
        }
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC,
            BRIDGE,
            "exitValue",
            "(IL" + STATE + ";L" + OBJECT + ";DL" + THROWABLE + ";)V",
            false);
        break;
      default: // PREDICT
        push(advice.site);
        super.visitVarInsn(Opcodes.ALOAD, stateSlot);
        loadInput(true);
        if (thrown) {
          super.visitInsn(Opcodes.ACONST_NULL);
          super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
        } else {
          loadResultAsObject();
          super.visitInsn(Opcodes.ACONST_NULL);
        }
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC,
            BRIDGE,
            "exit",
            "(IL" + STATE + ";L" + OBJECT + ";L" + OBJECT + ";L" + THROWABLE + ";)V",
            false);
    }
  }

  /**
   * A bridge call inside a handler that drops whatever it throws; both paths go on at {@code
   * after}, which the caller visits next, with these locals.
   */
  private void suppressed(Runnable call, Label after, Object[] locals) {
    Label start = new Label();
    Label end = new Label();
    Label handler = new Label();
    super.visitTryCatchBlock(start, end, handler, THROWABLE);
    super.visitLabel(start);
    call.run();
    super.visitLabel(end);
    super.visitJumpInsn(Opcodes.GOTO, after);
    super.visitLabel(handler);
    frame(locals, THROWABLE);
    super.visitInsn(Opcodes.POP);
  }

  /**
   * The input the advice hands over: the argument at its position when that is a reference, every
   * argument boxed in a new array for {@link MethodHook#ALL_ARGUMENTS} (at exit only, never at
   * entry), else null. A primitive argument is never boxed for a single position.
   */
  private void loadInput(boolean atExit) {
    int position = advice.argument;
    if (position == MethodHook.ALL_ARGUMENTS && atExit) {
      push(parameters.length);
      super.visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
      for (int i = 0; i < parameters.length; i++) {
        super.visitInsn(Opcodes.DUP);
        push(i);
        super.visitVarInsn(parameters[i].getOpcode(Opcodes.ILOAD), copySlots[i]);
        box(parameters[i]);
        super.visitInsn(Opcodes.AASTORE);
      }
      return;
    }
    if (position >= 0 && position < parameters.length && isReference(parameters[position])) {
      if (atExit) {
        super.visitVarInsn(Opcodes.ALOAD, copySlots[0]);
      } else {
        loadArgument(position);
      }
    } else {
      super.visitInsn(Opcodes.ACONST_NULL);
    }
  }

  /** The argument at this position as an object, primitives boxed; null past the parameters. */
  private void loadBoxedArgument(int position) {
    if (position >= 0 && position < parameters.length) {
      loadArgument(position);
      box(parameters[position]);
    } else {
      super.visitInsn(Opcodes.ACONST_NULL);
    }
  }

  private void loadArgument(int position) {
    super.visitVarInsn(parameters[position].getOpcode(Opcodes.ILOAD), argumentSlot(position));
  }

  private int argumentSlot(int position) {
    int slot = isStatic ? 0 : 1;
    for (int i = 0; i < position; i++) {
      slot += parameters[i].getSize();
    }
    return slot;
  }

  /** The returned value as an object: primitives boxed, null for void. */
  private void loadResultAsObject() {
    if (resultSize == 0) {
      super.visitInsn(Opcodes.ACONST_NULL);
      return;
    }
    super.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), resultSlot);
    box(returnType);
  }

  private void box(Type type) {
    String boxed;
    switch (type.getSort()) {
      case Type.BOOLEAN:
        boxed = "java/lang/Boolean";
        break;
      case Type.CHAR:
        boxed = "java/lang/Character";
        break;
      case Type.BYTE:
        boxed = "java/lang/Byte";
        break;
      case Type.SHORT:
        boxed = "java/lang/Short";
        break;
      case Type.INT:
        boxed = "java/lang/Integer";
        break;
      case Type.FLOAT:
        boxed = "java/lang/Float";
        break;
      case Type.LONG:
        boxed = "java/lang/Long";
        break;
      case Type.DOUBLE:
        boxed = "java/lang/Double";
        break;
      default:
        return;
    }
    super.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        boxed,
        "valueOf",
        "(" + type.getDescriptor() + ")L" + boxed + ";",
        false);
  }

  private void widenToDouble(Type type) {
    switch (type.getSort()) {
      case Type.LONG:
        super.visitInsn(Opcodes.L2D);
        break;
      case Type.FLOAT:
        super.visitInsn(Opcodes.F2D);
        break;
      case Type.DOUBLE:
        break;
      default: // int, short, byte
        super.visitInsn(Opcodes.I2D);
    }
  }

  private void push(int value) {
    if (value >= -1 && value <= 5) {
      super.visitInsn(Opcodes.ICONST_0 + value);
    } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
      super.visitIntInsn(Opcodes.BIPUSH, value);
    } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
      super.visitIntInsn(Opcodes.SIPUSH, value);
    } else {
      super.visitLdcInsn(value);
    }
  }

  private int moved(int slot) {
    return slot < parameterSlots ? slot : slot + extra;
  }

  /** Locals inside the method's own code: the advice's state and copies set, the rest not yet. */
  private Object[] bodyLocals() {
    return adviceLocals(initial, false);
  }

  /** Locals at the exit block: the returned value stored; nothing said of the parameters. */
  private Object[] exitLocals() {
    return adviceLocals(weakInitial(), true);
  }

  /**
   * The parameters' slots as the exit blocks see them: unknown, but for a constructor's new object.
   */
  private Object[] weakInitial() {
    Object[] weak = new Object[parameterSlots];
    Arrays.fill(weak, Opcodes.TOP);
    if (!isStatic && advice.kind == WovenAdvice.Kind.CREATED) {
      weak[0] = initial[0];
    }
    return weak;
  }

  private Object[] adviceLocals(Object[] base, boolean returned) {
    List<Object> locals = new ArrayList<>(Arrays.asList(base));
    addAdviceLocals(locals, returned);
    return locals.toArray();
  }

  private void addAdviceLocals(List<Object> locals, boolean returned) {
    if (advice.kind.state) {
      locals.add(STATE);
    }
    for (int position : copied) {
      locals.add(frameType(parameters[position]));
    }
    if (returned && resultSize > 0) {
      locals.add(frameType(returnType));
    } else {
      for (int i = 0; i < resultSize; i++) {
        locals.add(Opcodes.TOP);
      }
    }
    if (advice.kind.state) {
      locals.add(Opcodes.TOP);
    }
  }

  private void frame(Object[] locals, Object... stack) {
    if (frames) {
      super.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
    }
  }

  private static Object frameType(Type type) {
    switch (type.getSort()) {
      case Type.BOOLEAN:
      case Type.CHAR:
      case Type.BYTE:
      case Type.SHORT:
      case Type.INT:
        return Opcodes.INTEGER;
      case Type.FLOAT:
        return Opcodes.FLOAT;
      case Type.LONG:
        return Opcodes.LONG;
      case Type.DOUBLE:
        return Opcodes.DOUBLE;
      default:
        return type.getInternalName();
    }
  }

  private static int size(Object frameEntry) {
    return frameEntry == Opcodes.LONG || frameEntry == Opcodes.DOUBLE ? 2 : 1;
  }

  private static boolean isReference(Type type) {
    return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
  }
}
