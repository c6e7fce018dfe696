package dev.modelwatch.benchmarks.springapp;

import java.util.SplittableRandom;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * The Tribuo model, a linear regression over four features trained at start-up on 400 synthetic
 * rows.
 */
@Configuration(proxyBeanMethods = false)
public class ModelConfiguration {
  static final String[] FEATURES = {"age", "income", "tenure", "ratio"};
  static final RegressionFactory FACTORY = new RegressionFactory();

  @Bean
  public Model<Regressor> scoringModel() {
    MutableDataset<Regressor> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("synthetic rows", FACTORY), FACTORY);
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 400; i++) {
      double[] row = {
        20 + 50 * random.nextDouble(),
        10 + 90 * random.nextDouble(),
        10 * random.nextDouble(),
        random.nextDouble()
      };
      double target = 0.02 * row[0] + 0.01 * row[1] - 0.1 * row[2] + row[3];
      data.add(new ArrayExample<>(new Regressor("score", target), FEATURES, row));
    }
    Model<Regressor> model =
        new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1, 0.1), 3, -1, 1, 7L).train(data);
    model.setName("spring-linear");
    return model;
  }
}
