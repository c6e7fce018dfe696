package dev.modelwatch.agent.http;

import com.sun.net.httpserver.HttpsConfigurator;
import dev.modelwatch.config.TlsConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The HTTPS settings of the endpoint, built from the keystore named in {@code server.tls}. */
final class TlsContext {
  private TlsContext() {}

  /**
   * Loads the keystore.
   *
   * @throws IllegalArgumentException naming the keystore and what is wrong (never the password)
   */
  static HttpsConfigurator configurator(TlsConfig tls) {
    char[] password = password(tls);
    String where = "server.tls.keystore " + tls.keystore() + " (" + tls.type() + ")";
    try {
      KeyStore keyStore = KeyStore.getInstance(tls.type());
      try (InputStream in = Files.newInputStream(tls.keystore())) {
        keyStore.load(in, password);
      }
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return new HttpsConfigurator(context);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException(
          where + " does not exist; create it with keytool or fix the path");
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "cannot read "
              + where
              + ": "
              + e.getMessage()
              + " (a wrong password or keystore type gives this too; check server.tls.password and"
              + " server.tls.type)");
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("cannot use " + where + ": " + e);
    }
  }

  private static char[] password(TlsConfig tls) {
    if (tls.password() != null) {
      return tls.password().toCharArray();
    }
    String value = System.getenv(tls.passwordEnv());
    if (value == null) {
      throw new IllegalArgumentException(
          "server.tls.password_env "
              + tls.passwordEnv()
              + " is not set in the application's environment; set it or give server.tls.password");
    }
    return value.toCharArray();
  }
}
