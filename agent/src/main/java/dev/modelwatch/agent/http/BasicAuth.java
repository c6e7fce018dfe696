package dev.modelwatch.agent.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * HTTP basic authentication for every path of the agent's port ({@code /-/healthy} optionally
 * open for probes). A wrong or missing credential gets 401 with a {@code WWW-Authenticate}
 * challenge. The password is never logged or kept in plain text: a configured hash is checked with
 * PBKDF2, and after one success the SHA-256 of the accepted credentials is remembered so a scrape
 * every few seconds does not pay PBKDF2's deliberate cost each time. (Credentials are decoded as
 * UTF-8 here because the JDK's own BasicAuthenticator takes a charset only from Java 14.)
 */
final class BasicAuth extends Authenticator {
  static final String REALM = "modelwatch";
  static final String HEALTHY_PATH = "/-/healthy";

  private final String username;
  private final PasswordCheck password;
  private final boolean healthyOpen;
  private volatile byte[] accepted;

  BasicAuth(String username, PasswordCheck password, boolean healthyOpen) {
    this.username = username;
    this.password = password;
    this.healthyOpen = healthyOpen;
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    if (healthyOpen && HEALTHY_PATH.equals(exchange.getRequestURI().getPath())) {
      return new Success(new HttpPrincipal("", REALM));
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = null;
      }
      int colon = decoded == null ? -1 : decoded.indexOf(':');
      if (colon >= 0) {
        String user = decoded.substring(0, colon);
        if (checkCredentials(user, decoded.substring(colon + 1))) {
          return new Success(new HttpPrincipal(user, REALM));
        }
      }
    }
    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
    return new Retry(401);
  }

  boolean checkCredentials(String user, String given) {
    if (user == null || given == null) {
      return false;
    }
    byte[] digest = sha256(user + ':' + given);
    byte[] known = accepted;
    if (known != null && MessageDigest.isEqual(known, digest)) {
      return true;
    }
    // Both checks always run so the response time does not tell which one failed.
    boolean userMatches = MessageDigest.isEqual(sha256(username), sha256(user));
    boolean passwordMatches = password.matches(given);
    if (userMatches && passwordMatches) {
      accepted = digest;
      return true;
    }
    return false;
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }
}
