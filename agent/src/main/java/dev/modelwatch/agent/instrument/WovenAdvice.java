package dev.modelwatch.agent.instrument;

/** One kind of advice for one site, as woven into one method by {@link AdviceMethodVisitor}. */
final class WovenAdvice {
  enum Kind {
    /** A predict method returning an object, a boolean, a char or nothing: enter and exit. */
    PREDICT(true, true),
    /** A predict method returning a primitive number, widened to double instead of boxed. */
    NUMBER(true, true),
    /** A constructor whose new object is reported when it completes normally. */
    CREATED(false, false),
    /** A method whose returned object is reported when it returns normally. */
    RETURNED(false, false),
    /** A library's internal method: predict calls inside it are not recorded. */
    INTERNAL(true, true),
    /** The application's outcome method: id and label handed over on entry. */
    OUTCOME(false, false);

    /** Whether the advice keeps a call state from entry to exit. */
    final boolean state;

    /** Whether the advice also runs when the method throws. */
    final boolean onThrow;

    Kind(boolean state, boolean onThrow) {
      this.state = state;
      this.onThrow = onThrow;
    }

    boolean hasExit() {
      return this != OUTCOME;
    }
  }

  final Kind kind;
  final int site;
  final int hook;

  /** The argument handed over as input or source (or the outcome's id). */
  final int argument;

  /** The outcome's label argument; unused by the other kinds. */
  final int label;

  WovenAdvice(Kind kind, int site, int hook, int argument, int label) {
    this.kind = kind;
    this.site = site;
    this.hook = hook;
    this.argument = argument;
    this.label = label;
  }
}
