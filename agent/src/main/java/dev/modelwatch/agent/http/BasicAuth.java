package dev.modelwatch.agent.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP basic authentication for every path of the agent's port ({@code /-/healthy} optionally open
 * for probes). A wrong or missing credential gets 401 with a {@code WWW-Authenticate} challenge.
 * The password is never logged or kept in plain text: a configured hash is checked with PBKDF2
 * (about 0.1 s of CPU by design).
 *
 * <p>So that this cost cannot be turned against the application:
 *
 * <ul>
 *   <li>after one success, an HMAC of the accepted {@code Authorization} header (under a key drawn
 *       at random when the endpoint starts) is remembered, and a scrape presenting the same header
 *       is let in by comparing HMACs in constant time, without PBKDF2;
 *   <li>each client address gets {@link FailedLogins#ALLOWANCE} checks, then 429 with {@code
 *       Retry-After} without any check ({@link FailedLogins});
 *   <li>one check runs at a time; a request that cannot start one within {@link #CHECK_WAIT} gets
 *       503 with {@code Retry-After}, so guesses never queue up without bound.
 * </ul>
 *
 * <p>(Credentials are decoded as UTF-8 here because the JDK's own BasicAuthenticator takes a
 * charset only from Java 14.)
 */
final class BasicAuth extends Authenticator {
  static final String REALM = "modelwatch";
  static final String HEALTHY_PATH = "/-/healthy";
  static final long CHECK_WAIT_SECONDS = 5;

  private static final String HMAC = "HmacSHA256";

  private final String username;
  private final PasswordCheck password;
  private final boolean healthyOpen;
  private final HttpRefusals refusals;
  private final FailedLogins failedLogins = new FailedLogins();
  private final Semaphore checks = new Semaphore(1);
  private final SecretKeySpec headerKey;
  private volatile byte[] accepted;

  BasicAuth(String username, PasswordCheck password, boolean healthyOpen) {
    this(username, password, healthyOpen, new HttpRefusals());
  }

  BasicAuth(String username, PasswordCheck password, boolean healthyOpen, HttpRefusals refusals) {
    this.username = username;
    this.password = password;
    this.healthyOpen = healthyOpen;
    this.refusals = refusals;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.headerKey = new SecretKeySpec(key, HMAC);
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    if (healthyOpen && HEALTHY_PATH.equals(exchange.getRequestURI().getPath())) {
      return new Success(new HttpPrincipal("", REALM));
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    String[] credentials = header == null ? null : credentials(header);
    if (credentials == null) {
      return challenge(exchange); // no credentials: nothing was checked, nothing is counted
    }
    byte[] mac = mac(header);
    byte[] known = accepted;
    if (known != null && MessageDigest.isEqual(known, mac)) {
      return new Success(new HttpPrincipal(credentials[0], REALM));
    }
    InetAddress client = exchange.getRemoteAddress().getAddress();
    long retryAfter = failedLogins.take(client);
    if (retryAfter > 0) {
      refusals.rateLimited.increment();
      exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfter));
      return new Retry(429);
    }
    boolean matches;
    try {
      if (!checks.tryAcquire(CHECK_WAIT_SECONDS, TimeUnit.SECONDS)) {
        return busy(exchange);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the request's deadline: its connection is being closed
      return busy(exchange);
    }
    try {
      matches = checkCredentials(credentials[0], credentials[1]);
    } finally {
      checks.release();
    }
    if (matches) {
      accepted = mac;
      failedLogins.succeeded(client);
      return new Success(new HttpPrincipal(credentials[0], REALM));
    }
    refusals.authFailed.increment();
    return challenge(exchange);
  }

  private Result busy(HttpExchange exchange) {
    refusals.busy.increment();
    exchange.getResponseHeaders().set("Retry-After", "1");
    return new Retry(503);
  }

  private static Result challenge(HttpExchange exchange) {
    exchange
        .getResponseHeaders()
        .set("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
    return new Retry(401);
  }

  /** User and password of a basic {@code Authorization} header, or null when it is not one. */
  static String[] credentials(String header) {
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? null
        : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  /** PBKDF2 (or the configured check) of both parts; no caching, no limits. */
  boolean checkCredentials(String user, String given) {
    if (user == null || given == null) {
      return false;
    }
    // Both checks always run so the response time does not tell which one failed.
    boolean userMatches = MessageDigest.isEqual(sha256(username), sha256(user));
    boolean passwordMatches = password.matches(given);
    return userMatches && passwordMatches;
  }

  private byte[] mac(String header) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(headerKey);
      return mac.doFinal(header.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }
}
