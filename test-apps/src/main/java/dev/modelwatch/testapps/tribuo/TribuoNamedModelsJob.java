package dev.modelwatch.testapps.tribuo;

import dev.modelwatch.testapps.data.WineData;
import java.io.InputStream;
import java.util.Locale;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

/**
 * Two Tribuo models of one class in one JVM, told apart only by their names (one per market, a
 * common case): {@code eu-quality} scores {@code args[0]} rows, {@code us-quality} {@code args[1]},
 * and {@code asia-quality} {@code args[2]}. Prints what each scored, then waits until standard
 * input closes.
 */
public final class TribuoNamedModelsJob {
  private TribuoNamedModelsJob() {}

  public static void main(String[] args) throws Exception {
    String[] names = {"eu-quality", "us-quality", "asia-quality"};
    WineData data = new WineData(11);
    for (int m = 0; m < names.length; m++) {
      Model<Regressor> model = WineModels.trainRegression(200 + m, 300);
      model.setName(names[m]);
      int rows = Integer.parseInt(args[m]);
      double alcoholSum = 0;
      for (int i = 0; i < rows; i++) {
        float[] row = data.nextRow();
        alcoholSum += row[WineData.ALCOHOL_INDEX];
        model.predict(WineModels.example(new Regressor(WineModels.QUALITY, Double.NaN), row));
      }
      System.out.println(
          String.format(
              Locale.ROOT,
              "SCORED %s %s rows=%d alcohol_sum=%s",
              names[m],
              model.getClass().getName(),
              rows,
              alcoholSum));
    }
    System.out.println("DONE");
    System.out.flush();
    InputStream in = System.in;
    byte[] buffer = new byte[64];
    while (in.read(buffer) >= 0) {
      // until the test closes standard input
    }
  }
}
