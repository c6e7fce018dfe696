package dev.modelwatch.agent.page;

import dev.modelwatch.agent.drift.StatisticHistory;
import java.util.List;
import java.util.Map;

/** The page's data as JSON, served at {@code /api/models}: the same reports, the same names. */
final class ModelsJson {
  private ModelsJson() {}

  static String write(String version, List<ModelReport> models) {
    JsonWriter json = new JsonWriter().beginObject();
    json.name("agentVersion").value(version);
    json.name("models").beginArray();
    for (ModelReport model : models) {
      json.beginObject();
      json.name("name").value(model.name);
      json.name("calls").value(model.calls);
      json.name("errors").value(model.errors);
      json.name("errorRate").value(model.errorRate());
      json.name("inFlight").value(model.inFlight);
      json.name("latencySeconds")
          .beginObject()
          .name("p50")
          .value(model.p50)
          .name("p90")
          .value(model.p90)
          .name("p99")
          .value(model.p99)
          .endObject();
      json.name("drift");
      if (model.drift == null) {
        json.value((String) null);
      } else {
        json.beginObject()
            .name("windowSeconds")
            .value(model.drift.windowSeconds)
            .name("slices")
            .value(model.drift.slices)
            .name("minSamples")
            .value(model.drift.minSamples)
            .name("windowSamples")
            .value(model.drift.windowSamples);
        numbers(json.name("thresholds"), model.drift.thresholds);
        json.endObject();
      }
      json.name("columns").beginArray();
      for (ColumnReport column : model.columns) {
        json.beginObject()
            .name("name")
            .value(column.name)
            .name("role")
            .value(column.output ? "output" : "feature")
            .name("kind")
            .value(column.categorical ? "categorical" : "numeric")
            .name("status")
            .value(column.status.text())
            .name("severity")
            .value(column.severity)
            .name("windowSamples")
            .value(column.windowSamples);
        numbers(json.name("statistics"), column.statistics);
        numbers(json.name("pvalues"), column.pvalues);
        json.name("values")
            .value(column.values)
            .name("missing")
            .value(column.missing)
            .name("missingRate")
            .value(column.missingRate())
            .name("outOfRange");
        if (column.outOfRange < 0) {
          json.value((String) null);
        } else {
          json.value(column.outOfRange);
        }
        json.name("outOfRangeRate").value(column.outOfRangeRate());
        json.name("bins").beginArray();
        for (Bin bin : column.bins) {
          json.beginObject()
              .name("label")
              .value(bin.label)
              .name("baseline")
              .value(bin.baseline)
              .name("live")
              .value(bin.live)
              .name("count");
          if (bin.count < 0) {
            json.value((String) null);
          } else {
            json.value(bin.count);
          }
          json.endObject();
        }
        json.endArray();
        json.name("edges");
        if (column.edges == null) {
          json.value((String) null);
        } else {
          json.beginArray();
          for (double edge : column.edges) {
            json.value(edge);
          }
          json.endArray();
        }
        history(json.name("history"), column.history);
        json.endObject();
      }
      json.endArray();
      json.name("evaluation").beginArray();
      for (EvaluationValue value : model.evaluation) {
        json.beginObject().name("metric").value(value.metric).name("labels").beginObject();
        for (Map.Entry<String, String> label : value.labels.entrySet()) {
          json.name(label.getKey()).value(label.getValue());
        }
        json.endObject().name("value").value(value.value).endObject();
      }
      json.endArray();
      json.endObject();
    }
    return json.endArray().endObject().toString();
  }

  private static void history(JsonWriter json, ColumnHistory history) {
    if (history == null) {
      json.value((String) null);
      return;
    }
    json.beginObject()
        .name("statistic")
        .value(history.statistic)
        .name("threshold")
        .value(history.threshold)
        .name("capacity")
        .value(history.capacity)
        .name("points")
        .beginArray();
    for (StatisticHistory.Point point : history.points) {
      json.beginObject()
          .name("time")
          .value(point.epochMillis())
          .name("value")
          .value(point.value())
          .name("status")
          .value(point.status().text())
          .endObject();
    }
    json.endArray().endObject();
  }

  private static void numbers(JsonWriter json, Map<String, Double> values) {
    json.beginObject();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      json.name(e.getKey()).value(e.getValue());
    }
    json.endObject();
  }
}
