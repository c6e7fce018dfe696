package dev.modelwatch.benchmarks.springapp;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tribuo.Model;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;

/**
 * {@code GET /score?age=&income=&tenure=&ratio=}: the model's prediction, scored by Tribuo's {@code
 * Model.predict}.
 */
@RestController
public class ScoringController {
  private final Model<Regressor> model;

  public ScoringController(Model<Regressor> model) {
    this.model = model;
  }

  @GetMapping("/score")
  public Map<String, Object> score(
      @RequestParam double age,
      @RequestParam double income,
      @RequestParam double tenure,
      @RequestParam double ratio) {
    ArrayExample<Regressor> example =
        new ArrayExample<>(
            ModelConfiguration.FACTORY.getUnknownOutput(),
            ModelConfiguration.FEATURES,
            new double[] {age, income, tenure, ratio});
    double score = model.predict(example).getOutput().getValues()[0];
    return Map.of("model", model.getName(), "score", score);
  }
}
