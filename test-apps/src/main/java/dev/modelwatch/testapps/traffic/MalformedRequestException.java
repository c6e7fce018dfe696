package dev.modelwatch.testapps.traffic;

/** A request the server refuses before calling the model (answered 400). */
public final class MalformedRequestException extends Exception {

  public MalformedRequestException(String message) {
    super(message);
  }
}
