package dev.modelwatch.config;

/** Caps on label values that come from data; beyond them values are counted as {@code __other__}. */
public final class Limits {
    public static final int DEFAULT = 20;
    public static final int MAX = 1000;

    static final Limits DEFAULTS = new Limits(DEFAULT, DEFAULT, DEFAULT);

    private final int categories;
    private final int classes;
    private final int exceptions;

    Limits(int categories, int classes, int exceptions) {
        this.categories = categories;
        this.classes = classes;
        this.exceptions = exceptions;
    }

    /** Distinct values kept per categorical feature. */
    public int categories() {
        return categories;
    }

    /** Predicted classes kept per output. */
    public int classes() {
        return classes;
    }

    /** Exception class names kept per model. */
    public int exceptions() {
        return exceptions;
    }

    @Override
    public String toString() {
        return "Limits{categories=" + categories + ", classes=" + classes + ", exceptions=" + exceptions + '}';
    }
}
