package dev.modelwatch.agent.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Password checks allowed per client address: {@link #ALLOWANCE} at once, then one more every
 * {@link #REFILL}; a success clears the address. Each check costs a deliberately slow password
 * hash, so this is what keeps a loop of wrong passwords from burning the application's CPU. IPv6
 * clients count per /64, the block one host usually has. At most {@link #MAX_ADDRESSES} addresses
 * are kept, least recently seen dropped first, and an address whose allowance has refilled is
 * forgotten when the map is next changed.
 */
final class FailedLogins {
  static final int ALLOWANCE = 5;
  static final Duration REFILL = Duration.ofSeconds(30);
  static final int MAX_ADDRESSES = 4096;

  private final LongSupplier nanoTime;
  private final long refillNanos = REFILL.toNanos();
  private final Map<InetAddress, Allowance> byAddress = new LinkedHashMap<>(64, 0.75f, true);

  FailedLogins() {
    this(System::nanoTime);
  }

  FailedLogins(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Takes one check for {@code address}: 0 when it may go ahead, else the seconds until it may (for
   * {@code Retry-After}).
   */
  synchronized long take(InetAddress address) {
    long now = nanoTime.getAsLong();
    InetAddress key = key(address);
    Allowance allowance = byAddress.get(key);
    if (allowance == null) {
      forgetRefilled(now);
      if (byAddress.size() >= MAX_ADDRESSES) {
        Iterator<Allowance> eldest = byAddress.values().iterator();
        eldest.next();
        eldest.remove();
      }
      allowance = new Allowance(now);
      byAddress.put(key, allowance);
    }
    allowance.refill(now, refillNanos);
    if (allowance.left > 0) {
      allowance.left--;
      return 0;
    }
    long waitNanos = allowance.refilledAt + refillNanos - now;
    return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
  }

  /** The check succeeded: the address starts afresh. */
  synchronized void succeeded(InetAddress address) {
    byAddress.remove(key(address));
  }

  synchronized int size() {
    return byAddress.size();
  }

  private void forgetRefilled(long now) {
    Iterator<Allowance> eldest = byAddress.values().iterator();
    while (eldest.hasNext()) {
      Allowance allowance = eldest.next();
      allowance.refill(now, refillNanos);
      if (allowance.left < ALLOWANCE) {
        break; // least recently seen first: the rest were seen later
      }
      eldest.remove();
    }
  }

  static InetAddress key(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] bytes = address.getAddress();
    for (int i = 8; i < bytes.length; i++) {
      bytes[i] = 0;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return address; // 16 bytes are always a valid address
    }
  }

  private static final class Allowance {
    int left = ALLOWANCE;
    long refilledAt;

    Allowance(long now) {
      refilledAt = now;
    }

    void refill(long now, long refillNanos) {
      if (left >= ALLOWANCE) {
        refilledAt = now;
        return;
      }
      long earned = (now - refilledAt) / refillNanos;
      if (earned > 0) {
        left = (int) Math.min(ALLOWANCE, left + earned);
        refilledAt = left >= ALLOWANCE ? now : refilledAt + earned * refillNanos;
      }
    }
  }
}
