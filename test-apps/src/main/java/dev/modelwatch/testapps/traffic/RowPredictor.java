package dev.modelwatch.testapps.traffic;

import java.util.List;

/**
 * One model behind {@link ModelHttpServer}: turns the rows of one request into one output line per
 * row. Implementations call the library's batch API when {@code rows.size() > 1}.
 */
@FunctionalInterface
public interface RowPredictor {

  /**
   * @param rows the request's rows, already split into fields; every field is empty (missing) or
   *     parses as a float ({@code NaN} included)
   * @return one line per row: a regression value, or {@code label,confidence}
   * @throws MalformedRequestException when the rows cannot be given to the model at all (answered
   *     400, the model is not called)
   * @throws Exception anything the model throws (answered 500)
   */
  List<String> predict(List<String[]> rows) throws Exception;
}
