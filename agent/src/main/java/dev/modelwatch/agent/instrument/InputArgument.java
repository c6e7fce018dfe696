package dev.modelwatch.agent.instrument;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the argument that holds the model input (by position, from config) into advice, or null
 * when the method has no such reference-typed argument; see {@link InputArgumentMapping}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface InputArgument {}
