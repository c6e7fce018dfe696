package dev.modelwatch.testapps.traffic;

import dev.modelwatch.testapps.data.WineData;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact counts of what {@link TrafficGenerator} sent and what the server answered, so tests can
 * compare them with what a monitor reports. Counts are kept per {@link Outcome} of the request a
 * row travelled in: a monitor sees the rows of {@link Outcome#OK} and {@link Outcome#FAILED}
 * requests (the model ran), never those of {@link Outcome#REJECTED} ones.
 */
public final class TrafficResult {

  /** How the server answered a request. */
  public enum Outcome {
    /** 200: the model returned. */
    OK,
    /** 500: the model threw. */
    FAILED,
    /** 400: the server refused the body; the model did not run. */
    REJECTED,
    /** Any other status, or no answer at all. */
    OTHER;

    static Outcome of(int status) {
      switch (status) {
        case 200:
          return OK;
        case 500:
          return FAILED;
        case 400:
          return REJECTED;
        default:
          return OTHER;
      }
    }
  }

  /**
   * One request and its answer, kept when {@link TrafficGenerator.Options#recordExchanges} is on.
   */
  public static final class Exchange {
    public final String model;
    public final long firstRowId;
    public final String body;
    public final int status;
    public final String response;

    Exchange(String model, long firstRowId, String body, int status, String response) {
      this.model = model;
      this.firstRowId = firstRowId;
      this.body = body;
      this.status = status;
      this.response = response;
    }
  }

  /** Mutable counters behind a result; one per model plus one total. */
  static final class Tally {
    final EnumMap<Outcome, long[]> requests = new EnumMap<>(Outcome.class);
    final EnumMap<Outcome, long[]> rows = new EnumMap<>(Outcome.class);
    final EnumMap<Outcome, long[]> missing = new EnumMap<>(Outcome.class);
    final EnumMap<Outcome, long[]> invalid = new EnumMap<>(Outcome.class);
    final EnumMap<Corruption, long[]> corrupted = new EnumMap<>(Corruption.class);

    Tally() {
      for (Outcome o : Outcome.values()) {
        requests.put(o, new long[1]);
        rows.put(o, new long[1]);
        missing.put(o, new long[WineData.COLUMNS]);
        invalid.put(o, new long[WineData.COLUMNS]);
      }
      for (Corruption c : Corruption.values()) {
        corrupted.put(c, new long[1]);
      }
    }

    synchronized void add(
        Outcome o,
        int rowCount,
        long[] missingPerFeature,
        long[] invalidPerFeature,
        long[] corruptedByKind) {
      requests.get(o)[0]++;
      rows.get(o)[0] += rowCount;
      for (int i = 0; i < WineData.COLUMNS; i++) {
        missing.get(o)[i] += missingPerFeature[i];
        invalid.get(o)[i] += invalidPerFeature[i];
      }
      for (Corruption c : Corruption.values()) {
        corrupted.get(c)[0] += corruptedByKind[c.ordinal()];
      }
    }

    synchronized long requests(Outcome o) {
      return requests.get(o)[0];
    }

    synchronized long rows(Outcome o) {
      return rows.get(o)[0];
    }

    synchronized long missing(Outcome o, int feature) {
      return missing.get(o)[feature];
    }

    synchronized long invalid(Outcome o, int feature) {
      return invalid.get(o)[feature];
    }

    synchronized long corrupted(Corruption c) {
      return corrupted.get(c)[0];
    }
  }

  private final Tally total;
  private final Map<String, Tally> perModel;
  private final List<Exchange> exchanges;
  private final long labels;

  TrafficResult(Tally total, Map<String, Tally> perModel, List<Exchange> exchanges, long labels) {
    this.total = total;
    this.perModel = Collections.unmodifiableMap(new LinkedHashMap<>(perModel));
    this.exchanges = Collections.unmodifiableList(exchanges);
    this.labels = labels;
  }

  /**
   * The counts of the requests sent to one model ({@code ?model=NAME}); empty if none went there.
   */
  public TrafficResult forModel(String model) {
    Tally t = perModel.get(model);
    if (t == null) {
      t = new Tally();
    }
    return new TrafficResult(t, Collections.emptyMap(), Collections.emptyList(), 0);
  }

  public long rowsSent() {
    long n = 0;
    for (Outcome o : Outcome.values()) {
      n += total.rows(o);
    }
    return n;
  }

  public long requestsSent() {
    long n = 0;
    for (Outcome o : Outcome.values()) {
      n += total.requests(o);
    }
    return n;
  }

  public long requests(Outcome o) {
    return total.requests(o);
  }

  public long rows(Outcome o) {
    return total.rows(o);
  }

  /** Requests answered 200. */
  public long ok() {
    return total.requests(Outcome.OK);
  }

  /** Requests answered 500 (the model threw). */
  public long failed() {
    return total.requests(Outcome.FAILED);
  }

  /** Requests answered 400 (refused before the model). */
  public long rejected() {
    return total.requests(Outcome.REJECTED);
  }

  /** Requests that reached the model: answered 200 or 500. */
  public long modelCalls() {
    return ok() + failed();
  }

  /**
   * Rows whose value of {@code feature} was empty, {@code NaN} or cut off, in all requests sent.
   */
  public long missing(int feature) {
    long n = 0;
    for (Outcome o : Outcome.values()) {
      n += total.missing(o, feature);
    }
    return n;
  }

  /** Like {@link #missing(int)}, for the rows of requests with the given outcome. */
  public long missing(int feature, Outcome o) {
    return total.missing(o, feature);
  }

  /** Rows whose value of {@code feature} was not a number, in all requests sent. */
  public long invalid(int feature) {
    long n = 0;
    for (Outcome o : Outcome.values()) {
      n += total.invalid(o, feature);
    }
    return n;
  }

  /** Rows damaged in the given way (corrupt mode). */
  public long corrupted(Corruption c) {
    return total.corrupted(c);
  }

  /** Labels handed to the label sink. */
  public long labels() {
    return labels;
  }

  public List<Exchange> exchanges() {
    return exchanges;
  }

  public Map<String, TrafficResult> perModel() {
    Map<String, TrafficResult> out = new LinkedHashMap<>();
    for (String m : perModel.keySet()) {
      out.put(m, forModel(m));
    }
    return out;
  }

  /** The one-line summary printed at the end of a run; key=value pairs, exact counts. */
  public String summaryLine() {
    StringBuilder sb = new StringBuilder("SUMMARY");
    sb.append(" rows_sent=").append(rowsSent());
    sb.append(" requests_sent=").append(requestsSent());
    sb.append(" status_200=").append(ok());
    sb.append(" status_500=").append(failed());
    sb.append(" status_400=").append(rejected());
    sb.append(" other=").append(requests(Outcome.OTHER));
    sb.append(" rows_200=").append(rows(Outcome.OK));
    sb.append(" rows_500=").append(rows(Outcome.FAILED));
    sb.append(" rows_400=").append(rows(Outcome.REJECTED));
    for (int i = 0; i < WineData.COLUMNS; i++) {
      sb.append(" missing_").append(WineData.FEATURE_NAMES.get(i)).append('=').append(missing(i));
    }
    for (int i = 0; i < WineData.COLUMNS; i++) {
      sb.append(" invalid_").append(WineData.FEATURE_NAMES.get(i)).append('=').append(invalid(i));
    }
    return sb.toString();
  }
}
