package dev.modelwatch.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedLoginsTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final FailedLogins logins = new FailedLogins(now::get);

  @Test
  void fiveChecksThenWaitUntilOneMoreIsEarned() throws Exception {
    InetAddress client = InetAddress.getByName("192.0.2.7");
    for (int i = 0; i < FailedLogins.ALLOWANCE; i++) {
      assertEquals(0, logins.take(client));
    }
    assertEquals(30, logins.take(client));
    advance(29_500);
    assertEquals(1, logins.take(client));
    advance(500);
    assertEquals(0, logins.take(client));
    assertEquals(30, logins.take(client));
    assertEquals(
        0,
        logins.take(InetAddress.getByName("192.0.2.8")),
        "another address has its own allowance");
  }

  @Test
  void successStartsTheAddressAfresh() throws Exception {
    InetAddress client = InetAddress.getByName("192.0.2.7");
    for (int i = 0; i < FailedLogins.ALLOWANCE; i++) {
      logins.take(client);
    }
    logins.succeeded(client);
    assertEquals(0, logins.size());
    assertEquals(0, logins.take(client));
  }

  @Test
  void ipv6CountsPerSlash64() throws Exception {
    for (int i = 0; i < FailedLogins.ALLOWANCE; i++) {
      assertEquals(0, logins.take(InetAddress.getByName("2001:db8:1:2::" + (i + 1))));
    }
    assertEquals(30, logins.take(InetAddress.getByName("2001:db8:1:2:ffff::9")));
    assertEquals(0, logins.take(InetAddress.getByName("2001:db8:1:3::1")));
  }

  @Test
  void addressesAreBoundedAndRefilledOnesForgotten() throws Exception {
    for (int i = 0; i < FailedLogins.MAX_ADDRESSES + 100; i++) {
      logins.take(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}));
    }
    assertEquals(FailedLogins.MAX_ADDRESSES, logins.size());
    advance(TimeUnit.SECONDS.toMillis(30));
    logins.take(InetAddress.getByName("192.0.2.1"));
    assertEquals(1, logins.size(), "every other address had earned its check back");
  }

  private void advance(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }
}
