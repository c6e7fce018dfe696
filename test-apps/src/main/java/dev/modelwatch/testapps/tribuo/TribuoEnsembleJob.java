package dev.modelwatch.testapps.tribuo;

import dev.modelwatch.testapps.data.WineData;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;

/**
 * A Tribuo ensemble of linear regression models, scored row by row: each call of the ensemble's
 * {@code predict} calls every member's. Arguments: the number of members and of rows. Prints {@code
 * SCORED rows=R members=M alcohol_sum=S}, then waits until standard input closes and returns.
 */
public final class TribuoEnsembleJob {
  private TribuoEnsembleJob() {}

  public static void main(String[] args) throws Exception {
    int members = Integer.parseInt(args[0]);
    int rows = Integer.parseInt(args[1]);
    List<Model<Regressor>> models = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      models.add(WineModels.trainRegression(100 + m, 300));
    }
    WeightedEnsembleModel<Regressor> ensemble =
        WeightedEnsembleModel.createEnsembleFromExistingModels(
            "wine-ensemble", models, new AveragingCombiner());
    WineData data = new WineData(7);
    double alcoholSum = 0;
    for (int i = 0; i < rows; i++) {
      float[] row = data.nextRow();
      alcoholSum += row[WineData.ALCOHOL_INDEX];
      ensemble.predict(WineModels.example(new Regressor(WineModels.QUALITY, Double.NaN), row));
    }
    System.out.println(
        "SCORED rows=" + rows + " members=" + members + " alcohol_sum=" + alcoholSum);
    System.out.flush();
    InputStream in = System.in;
    byte[] buffer = new byte[64];
    while (in.read(buffer) >= 0) {
      // until the test closes standard input
    }
  }
}
