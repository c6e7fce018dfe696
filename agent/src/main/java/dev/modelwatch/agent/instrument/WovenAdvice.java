package dev.modelwatch.agent.instrument;

/** One kind of advice for one site, as woven into one method by {@link AdviceMethodVisitor}. */
final class WovenAdvice {
  enum Kind {
    /** A predict method returning an object, a boolean, a char or nothing: enter and exit. */
    PREDICT(true, true, true, true),
    /** A predict method returning a primitive number, widened to double instead of boxed. */
    NUMBER(true, true, true, true),
    /** A constructor whose new object is reported when it completes normally. */
    CREATED(false, true, false, false),
    /** A method whose returned object is reported when it returns normally. */
    RETURNED(false, true, false, false),
    /** A library's internal method: predict calls inside it are not recorded. */
    INTERNAL(true, true, true, false),
    /** The application's outcome method: id and label handed over on entry. */
    OUTCOME(true, false, false, false);

    /** Whether the advice calls the bridge at entry. */
    final boolean enters;

    /** Whether the advice calls the bridge when the method returns. */
    final boolean exits;

    /**
     * Whether the advice keeps the call state from entry to exit and also runs when the method
     * throws.
     */
    final boolean state;

    /**
     * A predict call: its exit is skipped when its entry returned no state (a call not recorded),
     * so that no input is made for it.
     */
    final boolean recordsCall;

    Kind(boolean enters, boolean exits, boolean state, boolean recordsCall) {
      this.enters = enters;
      this.exits = exits;
      this.state = state;
      this.recordsCall = recordsCall;
    }

    /** Whether the exit hands over the input or source argument, copied at entry. */
    boolean readsInputAtExit() {
      return exits && this != INTERNAL;
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
